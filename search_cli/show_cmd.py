"""`xxgk show`: one stored report."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from indexer.store.document import public_record
from indexer.store.records import find_report
from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.pager import paged
from search_cli.render import render_report
from search_cli.session import open_index


def show(
    ref: Annotated[str, typer.Argument(help="A report id (from search) or the path of an indexed file.")],
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    as_json: Annotated[bool, typer.Option("--json", help="The whole stored record as JSON.")] = False,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the report's text.")] = True,
) -> None:
    """Print one report: its structured record, then its text with the sections marked."""
    doc = find_report(open_index(es_url, index), index, ref)
    if as_json:
        record = public_record(doc["_id"], doc["_source"], with_text=text)
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    with paged(Console(soft_wrap=True)) as console:  # the text as written, never hard-wrapped
        render_report(doc, console, with_text=text)
