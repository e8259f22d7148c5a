"""`xxgk stats`: a figure summed per group, with a bar chart."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from indexer.store.filters import Filters
from indexer.store.records import GroupBy, Metric, run_stats, stats_body
from search_cli.filter_options import with_filters
from search_cli.options import DEFAULTS, EsUrl, IndexName, ShowQuery, print_query
from search_cli.output import Format, RecordWriter
from search_cli.render import render_stats
from search_cli.session import err, open_index


class StatsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@with_filters
def stats(
    by: Annotated[GroupBy, typer.Option("--by", help="Group by this field.")] = GroupBy.province,
    metric: Annotated[Metric, typer.Option("--metric", help="The figure to add up.")] = Metric.applications,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.table,
    show_query: ShowQuery = False,
    *,
    filters: Filters,
) -> None:
    """Sums and counts per group, the share of reports failing a check, and a bar chart."""
    if show_query:
        print_query(stats_body(query, filters, by, metric))
        return
    rows, total, missing = run_stats(open_index(es_url, index), index, query, filters, by, metric)
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is StatsFormat.csv:
        with RecordWriter(Format.csv) as writer:
            writer.write_all(rows)
    else:
        render_stats(rows, total, missing, by, metric, Console(), err)
