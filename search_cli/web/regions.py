"""The region facet keyed by division code: the children of the selected division, with counts.

The index keeps ``region.codes``, the code of each level of a report's division, so counting the
children of a division is a terms aggregation on that field restricted to the children's codes
(from the gazetteer). Districts of a municipality are children of the province, so drilling down
never meets an empty level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.extract.gazetteer import LEVELS, Division, load_gazetteer
from indexer.store.filters import Filters

AGG = "region_codes"
LEVEL_TITLES = {"province": "省", "prefecture": "地市", "county": "区县", "township": "乡镇街道"}


@dataclass
class RegionFacet:
    """The selected divisions (each with its path from the province) and the counts of their children."""

    selected: list[list[dict[str, str]]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"selected": self.selected, "values": self.values}


def _children(filters: Filters) -> list[str]:
    gaz = load_gazetteer()
    if not filters.code:
        return [d.code for d in gaz if d.level == "province"]
    return [child.code for code in filters.code for child in gaz.children(code)]


def region_agg(filters: Filters) -> dict[str, Any] | None:
    """The aggregation counting the children of the selected divisions (None when they have none)."""
    children = _children(filters)
    if not children:
        return None
    return {
        "filter": {"bool": {"filter": list(filters.by_facet().values())}},
        "aggs": {"values": {"terms": {"field": "region.codes", "include": children, "size": len(children)}}},
    }


def region_facet(filters: Filters, aggregations: dict[str, Any]) -> RegionFacet:
    """The facet from the response of a search that carried :func:`region_agg`."""
    gaz = load_gazetteer()
    facet = RegionFacet()
    for code in filters.code:
        path = gaz.path(code)
        facet.selected.append(
            [{"code": d.code, "name": d.name, "level": d.level} for d in sorted(path.values(), key=_depth)]
            or [{"code": code, "name": code, "level": ""}]
        )
    buckets = aggregations.get(AGG, {}).get("values", {}).get("buckets", [])
    for bucket in buckets:
        division = gaz.get(bucket["key"])
        facet.values.append(
            {
                "code": bucket["key"],
                "name": division.name if division else bucket["key"],
                "level": division.level if division else "",
                "count": bucket["doc_count"],
            }
        )
    return facet


def _depth(division: Division) -> int:
    return LEVELS.index(division.level) if division.level in LEVELS else len(LEVELS)


def division_names(codes: list[str]) -> dict[str, str]:
    """code → the division's path of names (山东省 › 威海市), for labels of selected codes."""
    gaz = load_gazetteer()
    out = {}
    for code in codes:
        path = sorted(gaz.path(code).values(), key=_depth)
        out[code] = " › ".join(d.name for d in path) or code
    return out
