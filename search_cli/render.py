"""Rendering results for a terminal: hit tables, facets, a report, grouped figures with bars."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexer.store.records import RATE_FIELDS, GroupBy, Metric, marked_text
from indexer.store.search import region_path
from search_cli.report_tables import table2, table3, table4

# terminal controls a report's text may carry (ESC sequences, OSC, bidi overrides): never printed raw
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    """Text from a report as it may be printed: control characters removed (tabs and newlines kept)."""
    return _CONTROL.sub("", str(value))


def _colour(snippet: str) -> str:
    escaped = snippet.replace("[", r"\[")
    return re.sub(r"【(.+?)】", r"[bold red]\1[/bold red]", escaped)


def showing_line(result: dict[str, Any], limit: int) -> str:
    """ "Showing 11–20 of 1,563 reports — next: --page 3" (or that there are none)."""
    total, first = result["total"], result["offset"] + 1
    if total == 0:
        return "no reports match"
    if not result["hits"]:
        return f"{total:,} reports; this page is past the last one"
    last = result["offset"] + len(result["hits"])
    line = f"Showing {first:,}–{last:,} of {total:,} reports"
    if last < total:
        line += f" — next: --page {result['offset'] // max(limit, 1) + 2}"
    return line


def render_table(result: dict[str, Any], console: Console, limit: int = 10, scored: bool = True) -> None:
    """Hits and facets as terminal tables (snippet marks in colour on a terminal, 【】 otherwise).

    The score column is shown only when there is a query to score against.
    """
    tty = console.is_terminal
    console.print(showing_line(result, limit), highlight=False)
    if result["hits"]:
        table = Table(show_lines=True)
        columns = ["#", "org / region", "year", *(["score"] if scored else []), "problems", "snippet"]
        for column in columns:
            table.add_column(column, overflow="fold")
        for i, hit in enumerate(result["hits"], start=result["offset"] + 1):
            snippet = printable(" … ".join(hit["snippets"]))
            score = [f"{hit['score']:.2f}" if hit["score"] is not None else "-"] if scored else []
            table.add_row(
                f"{i}\n{hit['id'][:8]}",  # a short id that `xxgk show` takes
                escape(printable(f"{hit['org'] or '-'}\n{hit['region']}")),
                str(hit["year"] or "-"),
                *score,
                "、".join(hit["problem_categories"]),
                _colour(snippet) if tty else snippet.replace("[", r"\["),
            )
        console.print(table)
    for name, values in result["facets"].items():
        render_facet(name, values, console, more=result.get("facets_more", {}).get(name, 0))


def render_facet(name: str, values: list[dict[str, Any]], console: Console, more: int = 0) -> None:
    """One facet's values with their counts and the option that selects each; says when it is cut off."""
    table = Table(title=f"facet: {name}", title_justify="left")
    table.add_column("value")
    table.add_column("count", justify="right")
    table.add_column("option")
    for v in values:
        table.add_row(escape(printable(v["value"])), str(v["count"]), escape(printable(v["option"])))
    console.print(table)
    if more:
        console.print(
            f"{len(values)} values shown; {more:,} more reports have other values: `xxgk facets {name}` lists all",
            highlight=False,
        )


def render_report(doc: dict[str, Any], console: Console, with_text: bool = True) -> None:
    """A stored report: its fields, problems, checks and warnings, then its text with sections marked."""
    src = doc["_source"]
    console.print(f"[bold]{escape(printable(src.get('title')))}[/bold]", highlight=False)
    fields = [
        ("id", doc["_id"]),
        ("org", f"{src.get('org') or '-'}  ({src.get('org_canonical') or '-'})"),
        ("region", f"{region_path(src) or '-'}  [{src['region'].get('code') or '-'}]"),
        ("level", f"{src.get('level') or '-'} (government level {src.get('government_level') or '-'})"),
        ("year", src.get("year") or "-"),
        ("published", src.get("publish_date") or "-"),
        ("template", src.get("template") or "-"),
        ("applications", json.dumps(src.get("applications"), ensure_ascii=False)),
        (
            "proactive",
            json.dumps(
                {k: v for k, v in src.get("proactive", {}).items() if v is not None}, ensure_ascii=False
            ),
        ),
        ("problems", "、".join(src.get("problem_categories", [])) or "-"),
        ("file", src["source"]["path"]),
    ]
    for name, value in fields:
        console.print(f"{name:>13}: {printable(value)}", highlight=False, markup=False)
    for problem in src.get("problems", []):
        console.print(
            f"{'problem':>13}: {printable(problem['text'])}  [{'、'.join(problem['categories'])}]",
            markup=False,
        )
    for check in src.get("checks", []):
        mark = {True: "ok", False: "FAILED", None: "n/a"}[check["ok"]]
        console.print(f"{'check':>13}: {check['name']}: {mark} — {printable(check['detail'])}", markup=False)
    for warning in src.get("warnings", []):
        console.print(f"{'warning':>13}: {printable(warning)}", markup=False)
    for table in report_tables(src):
        console.print(table)
    if with_text:
        console.print()
        text = marked_text(src.get("text", ""), src.get("section_lines", {}))
        console.print(printable(text), markup=False, highlight=False)


def report_tables(src: dict[str, Any]) -> list[Table]:
    """Tables 二, 三 and 四 of a stored report as terminal tables, shaped as the web page shapes them."""
    titled = [("表二 主动公开政府信息情况", grid) for grid in table2(src)]
    titled += [
        ("表三 收到和处理政府信息公开申请情况", table3(src)),
        ("表四 行政复议、行政诉讼情况", table4(src)),
    ]
    tables = []
    for title, grid in titled:
        table = Table(title=title, title_justify="left")
        table.add_column("项目", overflow="fold", min_width=12)
        for column in grid.columns:
            table.add_column(column, justify="right", overflow="fold")
        for label, cells in grid.rows:
            table.add_row(label, *cells)  # a row without cells is a group heading
        tables.append(table)
    return tables


def _bar(value: float | None, top: float, width: int = 24) -> str:
    if not value or not top:
        return ""
    return "█" * max(1, round(width * value / top))


def _number(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


def render_stats(
    rows: list[dict[str, Any]],
    total: int,
    missing: int,
    by: GroupBy,
    metric: Metric,
    console: Console,
    err: Console,
) -> None:
    """Grouped figures as a table; a bar per group on a terminal only (bars do not survive a pipe)."""
    rate = metric in RATE_FIELDS
    table = Table(title=f"{metric.value} by {by.value} ({total} reports)", title_justify="left")
    columns = [by.value, "reports", "with figure"]
    if rate:
        numerator, denominator = RATE_FIELDS[metric]
        columns += [f"{numerator} (sum)", f"{denominator} (sum)", metric.value]
    else:
        columns += ["sum", "mean", "median"]
    columns.append("failed checks")
    bars = console.is_terminal
    for column in [*columns, *([""] if bars else [])]:
        table.add_column(column, justify="left" if column in (by.value, "") else "right")
    top = max((r["value"] or 0 for r in rows), default=0)
    for r in rows:
        if rate:
            shown = f"{r['value']:.1%}" if r["value"] is not None else "-"
            figures = [_number(r["numerator"]), _number(r["denominator"]), shown]
        else:
            figures = [_number(r["sum"]), _number(r["mean"]), _number(r["median"])]
        share = f"{r['failed_checks_share']:.0%}" if r["failed_checks_share"] is not None else "-"
        cells = [str(r["group"]), str(r["reports"]), str(r["reports_with_figure"]), *figures, share]
        table.add_row(*cells, *([_bar(r["value"], top)] if bars else []))
    console.print(table)
    if missing:
        err.print(f"{missing} reports have no {by.value} and are not shown", highlight=False)


def render_cross_table(
    rows: list[dict[str, Any]], total: int, by: GroupBy, then: GroupBy, metric: Metric, console: Console
) -> None:
    """One row per group of `by`, one column per group of `then`, the figure (sum or rate) in each cell."""
    columns = sorted({r["subgroup"] for r in rows}, key=str)
    cells = {(r["group"], r["subgroup"]): r["value"] for r in rows}
    rate = metric in RATE_FIELDS
    table = Table(
        title=f"{metric.value} by {by.value} and {then.value} ({total} reports)", title_justify="left"
    )
    table.add_column(by.value)
    for column in columns:
        table.add_column(str(column), justify="right")
    for group in dict.fromkeys(r["group"] for r in rows):
        values = [cells.get((group, c)) for c in columns]
        shown = [("-" if v is None else f"{v:.1%}") if rate else _number(v) for v in values]
        table.add_row(str(group), *shown)
    console.print(table)
