"""Rendering results for a terminal: hit tables, facets, a report, grouped figures with bars."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexer.store.records import GroupBy, Metric, marked_text
from indexer.store.search import region_path

# terminal controls a report's text may carry (ESC sequences, OSC, bidi overrides): never printed raw
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    """Text from a report as it may be printed: control characters removed (tabs and newlines kept)."""
    return _CONTROL.sub("", str(value))


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
            snippet = printable(" … ".join(hit["snippets"]))
            table.add_row(
                f"{i}\n{hit['id'][:8]}",  # a short id that `xxgk show` takes
                escape(printable(f"{hit['org'] or '-'}\n{hit['region']}")),
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
        table.add_row(escape(printable(v["value"])), str(v["count"]), escape(printable(v["option"])))
    console.print(table)


def render_report(doc: dict[str, Any], console: Console, with_text: bool = True) -> None:
    """A stored report: its fields, problems, checks and warnings, then its text with sections marked."""
    src = doc["_source"]
    console.print(f"[bold]{escape(printable(src.get('title')))}[/bold]", highlight=False)
    fields = [
        ("id", doc["_id"]),
        ("org", f"{src.get('org')}  ({src.get('org_canonical')})"),
        ("region", f"{region_path(src)}  [{src['region'].get('code')}]"),
        ("level", f"{src.get('level')} (government level {src.get('government_level')})"),
        ("year", src.get("year")),
        ("published", src.get("publish_date")),
        ("template", src.get("template")),
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
    if with_text:
        console.print()
        text = marked_text(src.get("text", ""), src.get("section_lines", {}))
        console.print(printable(text), markup=False, highlight=False)


def _bar(value: int | None, top: int, width: int = 24) -> str:
    if not value or not top:
        return ""
    return "█" * max(1, round(width * value / top))


def render_stats(
    rows: list[dict[str, Any]],
    total: int,
    missing: int,
    by: GroupBy,
    metric: Metric,
    console: Console,
    err: Console,
) -> None:
    """Grouped figures as a table with a bar per group."""
    top = max((r["sum"] or 0 for r in rows), default=0)
    table = Table(
        title=f"{metric.value} by {by.value} ({total} reports)",
        title_justify="left",
    )
    for column in (by.value, "reports", "with figure", f"{metric.value} (sum)", "failed checks", ""):
        table.add_column(column, justify="left" if column in (by.value, "") else "right")
    for r in rows:
        share = f"{r['failed_checks_share']:.0%}" if r["failed_checks_share"] is not None else "-"
        figure = "-" if r["sum"] is None else str(r["sum"])
        table.add_row(
            str(r["group"]),
            str(r["reports"]),
            str(r["reports_with_figure"]),
            figure,
            share,
            _bar(r["sum"], top),
        )
    console.print(table)
    if missing:
        err.print(f"{missing} reports have no {by.value} and are not shown", highlight=False)
