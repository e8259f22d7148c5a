"""`xxgk stats`: a figure per group (sum, mean, median) or a rate (a ratio of sums), with bars."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from indexer.errors import UsageError
from indexer.store.filters import Filters
from indexer.store.records import RATE_FIELDS, GroupBy, Metric, StatsSort, run_stats, sort_rows, stats_body
from search_cli.filter_options import with_filters
from search_cli.options import DEFAULTS, EsUrl, IndexName, ShowQuery, print_query
from search_cli.output import Format, RecordWriter
from search_cli.pager import paged
from search_cli.render import render_cross_table, render_stats
from search_cli.session import err, open_index


class StatsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def honest_rows(rows: list[dict[str, Any]], by: list[GroupBy], metric: Metric) -> list[dict[str, Any]]:
    """Rows whose keys say what they hold (province, reports_with_applications, applications_median …)."""
    m = metric.value
    names = {"group": by[0].value, "subgroup": by[-1].value, "reports_with_figure": f"reports_with_{m}"}
    if metric in RATE_FIELDS:
        numerator, denominator = RATE_FIELDS[metric]
        names |= {"numerator": f"{numerator}_sum", "denominator": f"{denominator}_sum", "value": m}
        drop = {"sum", "mean", "median"}
    else:
        names |= {"sum": f"{m}_sum", "mean": f"{m}_mean", "median": f"{m}_median"}
        drop = {"value"}
    return [{names.get(k, k): v for k, v in row.items() if k not in drop} for row in rows]


@with_filters
def stats(
    by: Annotated[
        list[GroupBy] | None,
        typer.Option("--by", help="Group by this field; twice for a cross-table (--by province --by year)."),
    ] = None,
    metric: Annotated[
        Metric, typer.Option("--metric", help="A figure (summed, mean, median) or a rate (a ratio of sums).")
    ] = Metric.applications,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    sort: Annotated[
        StatsSort | None, typer.Option("--sort", help="Order: group, reports or value (largest first).")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.table,
    show_query: ShowQuery = False,
    *,
    filters: Filters,
) -> None:
    """Figures per group: how many reports, how many state the figure, its sum, mean and median (or a
    rate as a ratio of sums), and the share failing a check; bars on a terminal."""
    groups = by or [GroupBy.province]
    if len(groups) > 2:
        raise UsageError("--by takes one field, or two for a cross-table")
    then = groups[1] if len(groups) == 2 else None
    if show_query:
        print_query(stats_body(query, filters, groups[0], metric, then))
        return
    rows, total, missing = run_stats(
        open_index(es_url, index), index, query, filters, groups[0], metric, then
    )
    if sort is not None:
        rows = sort_rows(rows, sort)
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(honest_rows(rows, groups, metric), ensure_ascii=False, indent=2) + "\n")
    elif fmt in (StatsFormat.csv, StatsFormat.tsv):
        with RecordWriter(Format(fmt.value)) as writer:
            writer.write_all(honest_rows(rows, groups, metric))
    elif then is not None:
        with paged(Console()) as console:
            render_cross_table(rows, total, groups[0], then, metric, console)
    else:
        with paged(Console()) as console:
            render_stats(rows, total, missing, groups[0], metric, console, err)
