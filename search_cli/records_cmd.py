"""`xxgk show`, `xxgk stats` and `xxgk export`: one record, grouped figures, every record."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from elasticsearch import Elasticsearch, NotFoundError
from rich.console import Console
from rich.table import Table

from indexer.extract import report_id
from indexer.normalize import clean
from indexer.sections import SECTION_TITLES, find_sections
from search_cli.filter_options import with_filters
from search_cli.filters import Filters, UsageError
from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.output import Format, RecordWriter
from search_cli.query import build_query, parse_query
from search_cli.search_cmd import region_path
from search_cli.session import cli_errors, err, open_index

SEARCH_ONLY_FIELDS = ["text", "text_seg", "title_seg", "sections_seg", "problems_seg"]


# ---------------------------------------------------------------- show
def _find(es: Elasticsearch, index: str, ref: str) -> dict[str, Any]:
    path = Path(ref)
    doc_id = report_id(path) if path.exists() or "/" in ref or ref.endswith((".txt", ".md")) else ref
    try:
        return es.get(index=index, id=doc_id)
    except NotFoundError:
        raise UsageError(
            f"no report {ref!r} in {index} (give an id from `xxgk search` or an indexed file's path)"
        ) from None


def marked_text(text: str) -> str:
    """The original text with a ──── marker line before each section found."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = {sec.start - 1: key for key, sec in find_sections(clean(text).split("\n")).items()}
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in starts:
            out.append(f"──── {SECTION_TITLES[starts[number]]} ────")
        out.append(line)
    return "\n".join(out)


def show(
    ref: Annotated[str, typer.Argument(help="A report id (from search) or the path of an indexed file.")],
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    as_json: Annotated[bool, typer.Option("--json", help="The whole stored record as JSON.")] = False,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the report's text.")] = True,
) -> None:
    """Print one report: its structured record, then its text with the sections marked."""
    with cli_errors():
        es = open_index(es_url, index)
        doc = _find(es, index, ref)
    src = doc["_source"]
    if as_json:
        record = {"id": doc["_id"], **{k: v for k, v in src.items() if k not in SEARCH_ONLY_FIELDS}}
        if text:
            record["text"] = src.get("text")
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    console.print(f"[bold]{src.get('title')}[/bold]", highlight=False)
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
        console.print(f"{name:>13}: {value}", highlight=False, markup=False)
    for problem in src.get("problems", []):
        console.print(
            f"{'problem':>13}: {problem['text']}  [{'、'.join(problem['categories'])}]", markup=False
        )
    for check in src.get("checks", []):
        mark = {True: "ok", False: "FAILED", None: "n/a"}[check["ok"]]
        console.print(f"{'check':>13}: {check['name']}: {mark} — {check['detail']}", markup=False)
    for warning in src.get("warnings", []):
        console.print(f"{'warning':>13}: {warning}", markup=False)
    if text:
        console.print()
        console.print(marked_text(src.get("text", "")), markup=False, highlight=False)


# ---------------------------------------------------------------- stats
class GroupBy(StrEnum):
    province = "province"
    prefecture = "prefecture"
    county = "county"
    township = "township"
    year = "year"
    level = "level"


class Metric(StrEnum):
    applications = "applications"
    proactive = "proactive"
    review = "review"
    litigation = "litigation"


METRIC_FIELDS = {
    Metric.applications: "applications.received",
    Metric.proactive: "proactive.total",
    Metric.review: "review.total",
    Metric.litigation: "litigation.total",
}
GROUP_FIELDS = {g: (g.value if g in (GroupBy.year, GroupBy.level) else f"region.{g.value}") for g in GroupBy}


def stats_body(query: str | None, filters: Filters, by: GroupBy, metric: Metric) -> dict[str, Any]:
    field = METRIC_FIELDS[metric]
    order = {"_key": "asc"} if by is GroupBy.year else {"_count": "desc"}
    return {
        "size": 0,
        "track_total_hits": True,
        "query": build_query(parse_query(query), filters.all()),
        "aggs": {
            "groups": {
                "terms": {"field": GROUP_FIELDS[by], "size": 5000, "order": order},
                "aggs": {
                    "sum": {"sum": {"field": field}},
                    "known": {"value_count": {"field": field}},
                    "failed": {"filter": {"exists": {"field": "failed_checks"}}},
                },
            },
            "no_group": {"missing": {"field": GROUP_FIELDS[by]}},
        },
    }


def stats_rows(response: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for b in response["aggregations"]["groups"]["buckets"]:
        known = b["known"]["value"]
        rows.append(
            {
                "group": b.get("key_as_string", b["key"]),
                "reports": b["doc_count"],
                "reports_with_figure": known,
                "sum": int(b["sum"]["value"]) if known else None,
                "failed_checks_share": round(b["failed"]["doc_count"] / b["doc_count"], 4)
                if b["doc_count"]
                else None,
            }
        )
    return rows


def _bar(value: int | None, top: int, width: int = 24) -> str:
    if not value or not top:
        return ""
    return "█" * max(1, round(width * value / top))


@with_filters
def stats(
    by: Annotated[GroupBy, typer.Option("--by", help="Group by this field.")] = GroupBy.province,
    metric: Annotated[Metric, typer.Option("--metric", help="The figure to add up.")] = Metric.applications,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    *,
    filters: Filters,
) -> None:
    """Sums and counts per group, the share of reports failing a check, and a bar chart."""
    with cli_errors():
        if fmt not in ("table", "json", "csv"):
            raise UsageError("--format takes table, json or csv")
        es = open_index(es_url, index)
        response = es.search(index=index, **stats_body(query, filters, by, metric))
    rows = stats_rows(response)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = RecordWriter(Format.csv)
        for row in rows:
            writer.write(row)
        writer.close()
        return
    top = max((r["sum"] or 0 for r in rows), default=0)
    table = Table(
        title=f"{metric.value} by {by.value} ({response['hits']['total']['value']} reports)",
        title_justify="left",
    )
    for column in (by.value, "reports", "with figure", f"{metric.value} (sum)", "failed checks", ""):
        table.add_column(column, justify="left" if column in (by.value, "") else "right")
    for r in rows:
        share = f"{r['failed_checks_share']:.0%}" if r["failed_checks_share"] is not None else "-"
        total = "-" if r["sum"] is None else str(r["sum"])
        table.add_row(
            str(r["group"]),
            str(r["reports"]),
            str(r["reports_with_figure"]),
            total,
            share,
            _bar(r["sum"], top),
        )
    missing = response["aggregations"]["no_group"]["doc_count"]
    Console().print(table)
    if missing:
        err.print(f"{missing} reports have no {by.value} and are not shown", highlight=False)


# ---------------------------------------------------------------- export
class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


def iter_records(es: Elasticsearch, index: str, query: dict[str, Any], page: int = 1000) -> Any:
    """Every matching record, streamed with a point in time and search_after."""
    pit = es.open_point_in_time(index=index, keep_alive="2m")["id"]
    after: list[Any] | None = None
    try:
        while True:
            body: dict[str, Any] = {
                "size": page,
                "query": query,
                "pit": {"id": pit, "keep_alive": "2m"},
                "sort": [{"_shard_doc": "asc"}],
                "_source": {"excludes": SEARCH_ONLY_FIELDS},
            }
            if after is not None:
                body["search_after"] = after
            response = es.search(**body)
            hits = response["hits"]["hits"]
            if not hits:
                return
            pit = response.get("pit_id", pit)
            for hit in hits:
                yield {"id": hit["_id"], **hit["_source"]}
            after = hits[-1]["sort"]
    finally:
        es.close_point_in_time(id=pit)


@with_filters
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="csv (flat columns) or jsonl.")
    ] = ExportFormat.jsonl,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    *,
    filters: Filters,
) -> None:
    """Write the structured records (no texts) to stdout, streaming in bounded memory."""
    with cli_errors():
        es = open_index(es_url, index)
        writer = RecordWriter(Format(fmt.value))
        for record in iter_records(es, index, build_query(parse_query(query), filters.all())):
            writer.write(record)
        writer.close()
    err.print(f"{writer.count} records exported", highlight=False)
