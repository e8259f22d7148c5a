"""One search page: the core's request body and hit records, plus the region facet and marked snippets.

The core marks snippet words with 【】, which reports also use as ordinary brackets; the web asks
Elasticsearch for private-use marks instead, renders them as <mark> (after escaping the text),
and gives the JSON twin the CLI's 【】 form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from indexer.store.filters import facet_results, resolve_facets
from indexer.store.search import hit_record, search_body
from search_cli.web.params import SearchParams
from search_cli.web.regions import AGG, RegionFacet, region_agg, region_facet

if TYPE_CHECKING:
    from indexer.store.reader import Searcher

FACETS = ["year", "level", "template", "problem", "failed_check"]
PRE, POST = "\ue000", "\ue001"
_JOINED = re.compile(f"{POST}(\\s*){PRE}")


@dataclass
class SearchPage:
    """The core's result ({total, offset, hits, facets}), the region facet and each hit's marked snippets."""

    result: dict[str, Any]
    regions: RegionFacet
    snippets_html: dict[str, list[Markup]]

    def as_json(self) -> dict[str, Any]:
        return {**self.result, "regions": self.regions.as_json()}


def marked(text: str, pre: str = PRE, post: str = POST) -> Markup:
    """Escaped text with the marked stretches in <mark>."""
    text = _JOINED.sub(r"\1", text)
    return Markup(str(escape(text)).replace(pre, "<mark>").replace(post, "</mark>"))


def _bracketed(text: str) -> str:
    return _JOINED.sub(r"\1", text).replace(PRE, "【").replace(POST, "】")


def run_page(es: Searcher, index: str, params: SearchParams) -> SearchPage:
    """Hits, facet counts and the region facet of one page, in one request."""
    names = resolve_facets(FACETS, params.filters)
    body = search_body(params.q, params.filters, names, params.limit, params.page, params.sort)
    if "highlight" in body:
        body["highlight"].update(pre_tags=[PRE], post_tags=[POST])
    regions = region_agg(params.filters)
    if regions is not None:
        body.setdefault("aggs", {})[AGG] = regions
    response = es.search(index=index, **body)
    aggregations = response.get("aggregations", {})
    hits = [hit_record(h) for h in response["hits"]["hits"]]
    html = {hit["id"]: [marked(s) for s in hit["snippets"]] for hit in hits}
    for hit in hits:
        hit["snippets"] = [_bracketed(s) for s in hit["snippets"]]
    result = {
        "total": response["hits"]["total"]["value"],
        "offset": body["from"],
        "hits": hits,
        "facets": facet_results(names, aggregations),
    }
    return SearchPage(result, region_facet(params.filters, aggregations), html)
