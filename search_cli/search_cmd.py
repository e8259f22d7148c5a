"""`xxgk search` and `xxgk facets`: keyword search with disjunctive facets."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from indexer.errors import UsageError
from indexer.store.filters import DEFAULT_FACETS, FACET_NAMES, Filters, resolve_facets
from indexer.store.search import FACET_SIZE, Sort, facet_values, run_search, search_body
from search_cli.filter_options import with_filters
from search_cli.options import DEFAULTS, EsUrl, IndexName, ShowQuery, print_query
from search_cli.output import Format, RecordWriter
from search_cli.pager import paged
from search_cli.render import render_facet, render_table
from search_cli.session import open_index


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@with_filters
def search(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help='Words (all required), "exact phrase", -exclude (no -- needed), A OR B (or: A or B).',
            metavar="[QUERY]...",
        ),
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    facet: Annotated[
        str | None,
        typer.Option("--facet", help=f"Facets to count, comma-separated: {', '.join(FACET_NAMES)}."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="Hits per page.")] = 10,
    facet_size: Annotated[
        int, typer.Option("--facet-size", min=1, max=1000, help="Values shown per facet.")
    ] = FACET_SIZE,
    page: Annotated[int, typer.Option("--page", min=1, help="Page number.")] = 1,
    sort: Annotated[Sort, typer.Option("--sort", help="Order of hits.")] = Sort.relevance,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.table,
    show_query: ShowQuery = False,
    count: Annotated[
        bool, typer.Option("--count", help="Print only the number of matching reports.")
    ] = False,
    *,
    filters: Filters,
) -> None:
    """Search reports by keywords, with filters and facet counts."""
    if unknown := [word for word in words or [] if word.startswith("--") and len(word) > 2]:
        raise UsageError(
            f"no such option: {unknown[0]} (see `xxgk search --help`; a word to leave out is written -word)"
        )
    query = " ".join(words) if words else None
    names = (
        facet.split(",") if facet is not None else (list(DEFAULT_FACETS) if fmt is OutFormat.table else [])
    )
    if show_query:
        print_query(
            search_body(query, filters, resolve_facets(names, filters), limit, page, sort, facet_size)
        )
        return
    if count:
        names, limit = [], 1
    result = run_search(
        open_index(es_url, index), index, query, filters, names, limit, page, sort, facet_size
    )
    if count:
        typer.echo(result["total"])
        return
    if fmt is OutFormat.table:
        with paged(Console()) as console:
            render_table(result, console, limit=limit, scored=bool(query))
    elif fmt is OutFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        with RecordWriter(Format(fmt.value)) as writer:
            writer.write_all(result["hits"])


@with_filters
def facets(
    field: Annotated[str, typer.Argument(help=f"One of: {', '.join(FACET_NAMES)}.")],
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.table,
    *,
    filters: Filters,
) -> None:
    """Print one facet with all its values and counts."""
    name, values = facet_values(open_index(es_url, index), index, field, query, filters)
    if fmt is OutFormat.table:
        with paged(Console()) as console:
            render_facet(name, values, console)
    elif fmt is OutFormat.json:
        sys.stdout.write(json.dumps(values, ensure_ascii=False, indent=2) + "\n")
    else:
        with RecordWriter(Format(fmt.value)) as writer:
            writer.write_all(values)
