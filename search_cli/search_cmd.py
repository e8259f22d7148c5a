"""`xxgk search` and `xxgk facets`: keyword search with disjunctive facets."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from indexer.gazetteer import LEVELS
from search_cli.filter_options import with_filters
from search_cli.filters import (
    DEFAULT_FACETS,
    FACET_NAMES,
    Filters,
    UsageError,
    facet_aggs,
    facet_results,
    resolve_facets,
)
from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.output import Format, RecordWriter
from search_cli.query import build_query, highlight_query, parse_query
from search_cli.session import cli_errors, open_index

MAX_WINDOW = 10_000
_SOURCE = [
    "title",
    "org",
    "org_canonical",
    "level",
    "region.province",
    "region.prefecture",
    "region.county",
    "region.township",
    "region.code",
    "year",
    "problem_categories",
    "failed_checks",
    "applications.received",
    "source.path",
]


class Sort(StrEnum):
    relevance = "relevance"
    year = "year"
    applications = "applications"


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


_SORTS: dict[Sort, list[Any]] = {
    Sort.relevance: ["_score", {"year": "desc"}, {"source.path": "asc"}],
    Sort.year: [{"year": {"order": "desc", "missing": "_last"}}, "_score", {"source.path": "asc"}],
    Sort.applications: [
        {"applications.received": {"order": "desc", "missing": "_last"}},
        "_score",
        {"source.path": "asc"},
    ],
}


def search_body(
    query: str | None, filters: Filters, facets: list[str], limit: int, page: int, sort: Sort
) -> dict[str, Any]:
    """The whole _search request body (disjunctive facets: facet filters go to post_filter)."""
    parsed = parse_query(query)
    start = (page - 1) * limit
    if start + limit > MAX_WINDOW:
        raise UsageError(f"--page × --limit may reach at most {MAX_WINDOW} hits; use `xxgk export` for more")
    body: dict[str, Any] = {
        "query": build_query(parsed, filters.other()),
        "from": start,
        "size": limit,
        "sort": _SORTS[sort],
        "track_total_hits": True,
        "_source": _SOURCE,
    }
    by_facet = filters.by_facet()
    if by_facet:
        body["post_filter"] = {"bool": {"filter": list(by_facet.values())}}
    if facets:
        body["aggs"] = facet_aggs(facets, filters)
    highlight = highlight_query(parsed)
    if highlight is not None:
        body["highlight"] = {
            "fields": {"text": {"fragment_size": 90, "number_of_fragments": 2, "no_match_size": 0}},
            "order": "score",
            "highlight_query": highlight,
            "pre_tags": ["【"],
            "post_tags": ["】"],
            "encoder": "default",
        }
    return body


def region_path(source: dict[str, Any]) -> str:
    region = source.get("region", {})
    return " › ".join(region[level] for level in LEVELS if region.get(level))


def hit_record(hit: dict[str, Any]) -> dict[str, Any]:
    src = hit["_source"]
    snippets = [_clean_snippet(s) for s in hit.get("highlight", {}).get("text", [])]
    return {
        "id": hit["_id"],
        "score": round(hit["_score"], 3) if hit.get("_score") is not None else None,
        "org": src.get("org_canonical") or src.get("org"),
        "region": region_path(src),
        "code": src.get("region", {}).get("code"),
        "year": src.get("year"),
        "level": src.get("level"),
        "problem_categories": src.get("problem_categories", []),
        "failed_checks": src.get("failed_checks", []),
        "applications_received": src.get("applications", {}).get("received"),
        "title": src.get("title"),
        "path": src.get("source", {}).get("path"),
        "snippets": snippets,
    }


def _clean_snippet(text: str) -> str:
    text = re.sub(r"】(\s*)【", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _colour(snippet: str) -> str:
    escaped = snippet.replace("[", r"\[")
    return re.sub(r"【(.+?)】", r"[bold red]\1[/bold red]", escaped)


def render_table(result: dict[str, Any], console: Console) -> None:
    """Hits and facets as terminal tables (snippet marks in colour on a terminal, 【】 otherwise)."""
    tty = console.is_terminal
    console.print(f"{result['total']} reports", highlight=False)
    if result["hits"]:
        table = Table(show_lines=True)
        for column in ("#", "org / region", "year", "score", "problems", "snippet"):
            table.add_column(column, overflow="fold")
        for i, hit in enumerate(result["hits"], start=result["offset"] + 1):
            snippet = " … ".join(hit["snippets"])
            table.add_row(
                str(i),
                f"{hit['org'] or '-'}\n{hit['region']}",
                str(hit["year"] or "-"),
                f"{hit['score']:.2f}" if hit["score"] is not None else "-",
                "、".join(hit["problem_categories"]),
                _colour(snippet) if tty else snippet.replace("[", r"\["),
            )
        console.print(table)
    for name, values in result["facets"].items():
        render_facet(name, values, console)


def render_facet(name: str, values: list[dict[str, Any]], console: Console) -> None:
    table = Table(title=f"facet: {name}", title_justify="left")
    table.add_column("value")
    table.add_column("count", justify="right")
    table.add_column("option")
    for v in values:
        table.add_row(str(v["value"]), str(v["count"]), v["option"])
    console.print(table)


def run_search(
    es_url: str,
    index: str,
    query: str | None,
    filters: Filters,
    facets: list[str],
    limit: int,
    page: int,
    sort: Sort,
) -> dict[str, Any]:
    es = open_index(es_url, index)
    names = resolve_facets(facets, filters)
    body = search_body(query, filters, names, limit, page, sort)
    response = es.search(index=index, **body)
    return {
        "total": response["hits"]["total"]["value"],
        "offset": body["from"],
        "hits": [hit_record(h) for h in response["hits"]["hits"]],
        "facets": facet_results(names, response.get("aggregations", {})) if names else {},
    }


@with_filters
def search(
    query: Annotated[
        str | None, typer.Argument(help='Words (all required), "exact phrase", -exclude, A OR B.')
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    facet: Annotated[
        str | None,
        typer.Option("--facet", help=f"Facets to count, comma-separated: {', '.join(FACET_NAMES)}."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="Hits per page.")] = 10,
    page: Annotated[int, typer.Option("--page", min=1, help="Page number.")] = 1,
    sort: Annotated[Sort, typer.Option("--sort", help="Order of hits.")] = Sort.relevance,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.table,
    *,
    filters: Filters,
) -> None:
    """Search reports by keywords, with filters and facet counts."""
    facets = (
        facet.split(",") if facet is not None else (list(DEFAULT_FACETS) if fmt is OutFormat.table else [])
    )
    with cli_errors():
        result = run_search(es_url, index, query, filters, facets, limit, page, sort)
    if fmt is OutFormat.table:
        render_table(result, Console())
    elif fmt is OutFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        writer = RecordWriter(Format(fmt.value))
        for hit in result["hits"]:
            writer.write(hit)
        writer.close()


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
    with cli_errors():
        es = open_index(es_url, index)
        names = resolve_facets([field], filters)
        body = search_body(query, filters, [], 0, 1, Sort.relevance)
        body["aggs"] = facet_aggs(names, filters, size=65_000)
        body.pop("highlight", None)
        response = es.search(index=index, **body)
    values = facet_results(names, response["aggregations"])[names[0]]
    if fmt is OutFormat.table:
        render_facet(names[0], values, Console())
    elif fmt is OutFormat.json:
        sys.stdout.write(json.dumps(values, ensure_ascii=False, indent=2) + "\n")
    else:
        writer = RecordWriter(Format(fmt.value))
        for value in values:
            writer.write(value)
        writer.close()
