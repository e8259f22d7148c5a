"""Options shared by the commands that talk to Elasticsearch."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from indexer.settings import env_name, setting

EsUrl = Annotated[
    str,
    typer.Option(
        "--es-url", envvar=env_name("es_url"), metavar="URL", help="Elasticsearch URL.", show_default=True
    ),
]
IndexName = Annotated[
    str,
    typer.Option("--index", envvar=env_name("index"), metavar="ALIAS", help="Index alias to read or write."),
]
ShowQuery = Annotated[
    bool,
    typer.Option("--show-query", metavar="", help="Print the Elasticsearch request instead of running it."),
]
DEFAULTS = {"es_url": setting("es_url") or "", "index": setting("index") or ""}


def print_query(body: dict[str, Any]) -> None:
    """The request body as JSON on stdout (for `--show-query`)."""
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


NoHeaders = Annotated[bool, typer.Option("--no-headers", metavar="", help="CSV/TSV without the header line.")]
Bom = Annotated[bool, typer.Option("--bom", metavar="", help="CSV/TSV starting with a UTF-8 BOM, for Excel.")]
Columns = Annotated[
    str | None,
    typer.Option(
        "--columns",
        "-c",
        metavar="COLUMNS",
        help="Only these dotted columns, comma-separated (title,region.county).",
    ),
]
