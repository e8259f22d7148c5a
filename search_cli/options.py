"""Options shared by every command that talks to Elasticsearch."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.es_client import DEFAULT_ALIAS, DEFAULT_URL

EsUrl = Annotated[
    str,
    typer.Option("--es-url", envvar="XXGK_ES_URL", help="Elasticsearch URL.", show_default=True),
]
IndexName = Annotated[
    str,
    typer.Option("--index", envvar="XXGK_INDEX", help="Index alias to read or write."),
]
DEFAULTS = {"es_url": DEFAULT_URL, "index": DEFAULT_ALIAS}
