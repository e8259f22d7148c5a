"""Reading stored records back: one report, grouped figures, and every record as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.errors import UsageError
from indexer.extract.sections import SECTION_TITLES
from indexer.readers import file_id
from indexer.store.document import SEARCH_ONLY_FIELDS
from indexer.store.filters import Filters
from indexer.store.query import build_query, parse_query

if TYPE_CHECKING:  # the client is imported by the commands that talk to a server
    from indexer.store.reader import Searcher


def find_report(es: Searcher, index: str, ref: str) -> dict[str, Any]:
    """A stored report by id (or a unique prefix of one) or by the path of its file."""
    path = Path(ref)
    doc_id = file_id(path) if path.exists() or "/" in ref or path.suffix else ref
    hits = es.search(index=index, query={"ids": {"values": [doc_id]}}, size=1, source=True)["hits"]["hits"]
    if hits:
        return dict(hits[0])
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
    grant_rate = "grant_rate"
    review_correction_rate = "review_correction_rate"


#: a figure: summed, averaged and its median taken per group
METRIC_FIELDS = {
    Metric.applications: "applications.received",
    Metric.proactive: "proactive.total",
    Metric.review: "review.total",
    Metric.litigation: "litigation.total",
}
#: a rate: the sum of its numerator over the sum of its denominator (a ratio of sums, not a mean of ratios)
RATE_FIELDS = {
    Metric.grant_rate: ("applications.granted", "applications.processed"),  # 予以公开率
    Metric.review_correction_rate: ("review.corrected", "review.total"),  # 行政复议纠错率
}
GROUP_FIELDS = {g: (g.value if g in (GroupBy.year, GroupBy.level) else f"region.{g.value}") for g in GroupBy}


class StatsSort(StrEnum):
    group = "group"
    reports = "reports"
    value = "value"


def _figure_aggs(metric: Metric) -> dict[str, Any]:
    aggs: dict[str, Any] = {"failed": {"filter": {"exists": {"field": "failed_checks"}}}}
    if metric in RATE_FIELDS:
        numerator, denominator = RATE_FIELDS[metric]
        both = {"bool": {"filter": [{"exists": {"field": numerator}}, {"exists": {"field": denominator}}]}}
        aggs["known"] = {
            "filter": both,
            "aggs": {"num": {"sum": {"field": numerator}}, "den": {"sum": {"field": denominator}}},
        }
    else:
        field = METRIC_FIELDS[metric]
        aggs["known"] = {"value_count": {"field": field}}
        aggs["sum"] = {"sum": {"field": field}}
        aggs["mean"] = {"avg": {"field": field}}
        aggs["median"] = {"percentiles": {"field": field, "percents": [50]}}
    return aggs


def stats_body(
    query: str | None, filters: Filters, by: GroupBy, metric: Metric, then: GroupBy | None = None
) -> dict[str, Any]:
    """Figures per group (and per group of `then` inside each, for a cross-table)."""

    def terms(group: GroupBy) -> dict[str, Any]:
        order = {"_key": "asc"} if group is GroupBy.year else {"_count": "desc"}
        return {"field": GROUP_FIELDS[group], "size": 5000, "order": order}

    inner = _figure_aggs(metric)
    if then is not None:
        inner = {"sub": {"terms": terms(then), "aggs": inner}, **inner}
    return {
        "size": 0,
        "track_total_hits": True,
        "query": build_query(parse_query(query), filters.all()),
        "aggs": {
            "groups": {"terms": terms(by), "aggs": inner},
            "no_group": {"missing": {"field": GROUP_FIELDS[by]}},
        },
    }


def _row(bucket: dict[str, Any], metric: Metric) -> dict[str, Any]:
    """One group's figures: counts, sum/mean/median of a figure, or a rate's parts and value."""
    reports = bucket["doc_count"]
    row: dict[str, Any] = {"reports": reports}
    if metric in RATE_FIELDS:
        known = bucket["known"]["doc_count"]
        numerator, denominator = bucket["known"]["num"]["value"], bucket["known"]["den"]["value"]
        row |= {
            "reports_with_figure": known,
            "numerator": int(numerator) if known else None,
            "denominator": int(denominator) if known else None,
            "sum": None,
            "mean": None,
            "median": None,
            "value": round(numerator / denominator, 4) if known and denominator else None,
        }
    else:
        known = bucket["known"]["value"]
        median = bucket["median"]["values"].get("50.0")
        row |= {
            "reports_with_figure": known,
            "sum": int(bucket["sum"]["value"]) if known else None,
            "mean": round(bucket["mean"]["value"], 2) if known else None,
            "median": median if known else None,
        }
        row["value"] = row["sum"]
    row["failed_checks_share"] = round(bucket["failed"]["doc_count"] / reports, 4) if reports else None
    return row


def stats_rows(response: dict[str, Any], metric: Metric = Metric.applications) -> list[dict[str, Any]]:
    """Rows of figures per group, with `subgroup` for a cross-table."""
    rows = []
    for b in response["aggregations"]["groups"]["buckets"]:
        group = b.get("key_as_string", b["key"])
        if "sub" in b:
            for sub in b["sub"]["buckets"]:
                rows.append(
                    {"group": group, "subgroup": sub.get("key_as_string", sub["key"]), **_row(sub, metric)}
                )
        else:
            rows.append({"group": group, **_row(b, metric)})
    return rows


def sort_rows(rows: list[dict[str, Any]], by: StatsSort) -> list[dict[str, Any]]:
    """Rows by their group, their number of reports, or their figure (largest first; none last)."""
    if by is StatsSort.group:
        return sorted(rows, key=lambda r: (str(r["group"]), str(r.get("subgroup", ""))))
    key = "reports" if by is StatsSort.reports else "value"
    return sorted(rows, key=lambda r: (r[key] is None, -(r[key] or 0)))


def run_stats(
    es: Searcher,
    index: str,
    query: str | None,
    filters: Filters,
    by: GroupBy,
    metric: Metric,
    then: GroupBy | None = None,
) -> tuple[list[dict[str, Any]], int, int]:
    """Rows per group, the number of matching reports, and how many have no value for the group."""
    response = es.search(index=index, **stats_body(query, filters, by, metric, then))
    missing = response["aggregations"]["no_group"]["doc_count"]
    return stats_rows(dict(response), metric), response["hits"]["total"]["value"], missing


def iter_records(
    es: Searcher, index: str, query: str | None, filters: Filters, page: int = 1000
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
