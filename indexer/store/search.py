"""Keyword search with disjunctive facets: the request body, and hits as flat records."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from indexer.errors import UsageError
from indexer.extract.gazetteer import LEVELS
from indexer.store.filters import Filters, facet_aggs, facet_more, facet_results, resolve_facets
from indexer.store.query import build_query, highlight_query, parse_query

if TYPE_CHECKING:  # the client is imported by the commands that talk to a server
    from indexer.store.reader import Searcher

MAX_WINDOW = 10_000
SNIPPETS = 2  # snippets shown per hit
FACET_SIZE = 20  # values per facet in a search; `xxgk facets` lists them all
HIGHLIGHT_MAX_CHARS = 500_000  # below the index's highlight.max_analyzed_offset (1,000,000)
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
    query: str | None,
    filters: Filters,
    facets: list[str],
    limit: int,
    page: int,
    sort: Sort,
    facet_size: int = FACET_SIZE,
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
        body["aggs"] = facet_aggs(facets, filters, size=facet_size)
    highlight = highlight_query(parsed)
    if highlight is not None:
        body["highlight"] = {
            # more fragments than shown: table residue ("0 0 0 0 …") is dropped in favour of prose
            "fields": {"text": {"fragment_size": 90, "number_of_fragments": 5, "no_match_size": 0}},
            "order": "score",
            "highlight_query": highlight,
            "pre_tags": ["【"],
            "post_tags": ["】"],
            "encoder": "default",
            # a very long report is highlighted in its first part only, never refused (HTTP 400)
            "max_analyzed_offset": HIGHLIGHT_MAX_CHARS,
        }
    return body


def region_path(source: dict[str, Any]) -> str:
    region = source.get("region", {})
    return " › ".join(region[level] for level in LEVELS if region.get(level))


def hit_record(hit: dict[str, Any]) -> dict[str, Any]:
    src = hit["_source"]
    fragments = [_clean_snippet(s) for s in hit.get("highlight", {}).get("text", [])]
    snippets = [f for f in fragments if not _table_residue(f)][:SNIPPETS]
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


_TABLE_WORDS = re.compile(
    r"信息内容|本年新制作数量|本年制发件数|结果维持|结果纠正|申请人情况|商业企业|第二十条第"
)


def _table_residue(fragment: str) -> bool:
    """A fragment that is mostly table cells (numbers, separators), not prose."""
    text = fragment.replace("【", "").replace("】", "")
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if han < 0.4 * max(len(text), 1) or _TABLE_WORDS.search(text):
        return True
    return bool(re.search(r"(?<![\d.])\d+(?:\s+\d+){2,}(?![\d.])", text))  # three numbers in a row


def _clean_snippet(text: str) -> str:
    text = re.sub(r"】(\s*)【", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def run_search(
    es: Searcher,
    index: str,
    query: str | None,
    filters: Filters,
    facets: list[str],
    limit: int,
    page: int,
    sort: Sort,
    facet_size: int = FACET_SIZE,
) -> dict[str, Any]:
    """One page of hits and the facet counts: {total, offset, hits, facets, facets_more}."""
    names = resolve_facets(facets, filters)
    body = search_body(query, filters, names, limit, page, sort, facet_size)
    response = es.search(index=index, **body)
    return {
        "total": response["hits"]["total"]["value"],
        "offset": body["from"],
        "hits": [hit_record(h) for h in response["hits"]["hits"]],
        "facets": facet_results(names, response.get("aggregations", {})) if names else {},
        "facets_more": facet_more(names, response.get("aggregations", {})) if names else {},
    }


def facet_values(
    es: Searcher, index: str, field: str, query: str | None, filters: Filters
) -> tuple[str, list[dict[str, Any]]]:
    """Every value of one facet with its count, under the query and the other filters."""
    names = resolve_facets([field], filters)
    body = search_body(query, filters, [], 0, 1, Sort.relevance)
    body["aggs"] = facet_aggs(names, filters, size=65_000)
    body.pop("highlight", None)
    response = es.search(index=index, **body)
    return names[0], facet_results(names, response["aggregations"])[names[0]]
