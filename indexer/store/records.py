"""Reading stored records back: one report, grouped figures, and every record as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from indexer.errors import UsageError
from indexer.extract.sections import SECTION_TITLES
from indexer.readers import file_id
from indexer.store.document import SEARCH_ONLY_FIELDS
from indexer.store.filters import Filters
from indexer.store.query import build_query, parse_query


def find_report(es: Elasticsearch, index: str, ref: str) -> dict[str, Any]:
    """A stored report by id (or a unique prefix of one) or by the path of its file."""
    path = Path(ref)
    doc_id = file_id(path) if path.exists() or "/" in ref or path.suffix else ref
    try:
        return dict(es.get(index=index, id=doc_id))
    except NotFoundError:
        pass
    if len(ref) >= 4 and ref.isalnum():
        hits = es.search(index=index, query={"prefix": {"id": ref}}, size=2, source=True)["hits"]["hits"]
        if len(hits) == 1:
            return dict(hits[0])
        if len(hits) > 1:
            raise UsageError(f"{ref!r} is the start of several report ids; give more of it")
    raise UsageError(
        f"no report {ref!r} in {index} (give an id from `xxgk search` or an indexed file's path)"
    )


def marked_text(text: str, section_lines: dict[str, int]) -> str:
    """The text with a ──── marker line before each section, at the lines found at extraction."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = {line: key for key, line in section_lines.items()}
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in starts and starts[number] in SECTION_TITLES:
            out.append(f"──── {SECTION_TITLES[starts[number]]} ────")
        out.append(line)
    return "\n".join(out)


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


def run_stats(
    es: Elasticsearch, index: str, query: str | None, filters: Filters, by: GroupBy, metric: Metric
) -> tuple[list[dict[str, Any]], int, int]:
    """Rows per group, the number of matching reports, and how many have no value for the group."""
    response = es.search(index=index, **stats_body(query, filters, by, metric))
    missing = response["aggregations"]["no_group"]["doc_count"]
    return stats_rows(dict(response)), response["hits"]["total"]["value"], missing


def iter_records(
    es: Elasticsearch, index: str, query: str | None, filters: Filters, page: int = 1000
) -> Iterator[dict[str, Any]]:
    """Every matching record (no texts), streamed with a point in time and search_after."""
    es_query = build_query(parse_query(query), filters.all())
    pit = es.open_point_in_time(index=index, keep_alive="2m")["id"]
    after: list[Any] | None = None
    try:
        while True:
            body: dict[str, Any] = {
                "size": page,
                "query": es_query,
                "pit": {"id": pit, "keep_alive": "2m"},
                "sort": [{"_shard_doc": "asc"}],
                "_source": {"excludes": list(SEARCH_ONLY_FIELDS)},
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
