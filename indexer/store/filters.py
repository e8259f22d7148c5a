"""Filters from command-line options, and the facets they drive.

Facet counts are disjunctive: each facet is counted under every filter but its own, so the
other values of a filtered facet stay visible. Region filters accept names with or without
their suffix (山东 = 山东省) and division codes (a prefix code selects everything below it).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indexer.errors import UsageError
from indexer.extract.checks import CHECK_NAMES
from indexer.extract.gazetteer import LEVELS, load_gazetteer
from indexer.extract.problems import OTHER, PROBLEM_CATEGORIES
from indexer.extract.script import simplified
from indexer.extract.table_schema import TEMPLATES

# facet name → (indexed field, the option that selects a value)
FACETS: dict[str, tuple[str, str]] = {
    "province": ("region.province", "--province"),
    "prefecture": ("region.prefecture", "--prefecture"),
    "county": ("region.county", "--county"),
    "township": ("region.township", "--township"),
    "year": ("year", "--year"),
    "level": ("level", "--level"),
    "template": ("template", "--template"),
    "problem": ("problem_categories", "--problem"),
    "failed_check": ("failed_checks", "--failed-check"),
}
REGION_FACET = "region"  # the level below the most specific region filter
DEFAULT_FACETS = ("region", "year", "problem")
FACET_NAMES = (*FACETS, REGION_FACET)


def region_names(level: str, value: str) -> list[str]:
    """Official names at a level for a user's value: the name, without its suffix (山东), in traditional
    characters (山東) or in pinyin (Shandong); a UsageError naming close names when none fits."""
    gaz = load_gazetteer()
    for candidate in dict.fromkeys([value.strip(), simplified(value.strip())]):
        exact = [d.name for d in gaz.by_name(candidate) if d.level == level]
        if exact:
            return sorted(set(exact))
        short = [d.name for d in gaz.by_short_name(candidate) if d.level == level]
        if short:
            return sorted(set(short))
    slug = re.sub(r"[^a-z]", "", value.lower())
    by_pinyin = [d.name for d in gaz.by_pinyin(slug) if d.level == level] if slug else []
    if by_pinyin:
        return sorted(set(by_pinyin))
    names = sorted({d.name for d in gaz if d.level == level})
    close = difflib.get_close_matches(value, names, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"--{level} {value!r}: no {level} of that name{hint}")


# what users write for a level → the level's key
LEVEL_WORDS = {
    "township": ("township", "乡镇", "乡", "镇", "街道", "苏木", "乡镇街道"),
    "county": ("county", "县", "区", "县级市", "旗", "县区", "县级"),
    "prefecture": ("prefecture", "地级市", "市", "州", "盟", "地区", "地级", "市级"),
    "province": ("province", "省", "自治区", "直辖市", "省级"),
    "department": ("department", "部门", "机关", "局"),
}
_LEVEL_BY_WORD = {word: level for level, words in LEVEL_WORDS.items() for word in words}


def level_key(value: str) -> str:
    """A level as the index stores it, from English or Chinese (乡镇 → township, 县 → county)."""
    key = _LEVEL_BY_WORD.get(value.strip().lower()) or _LEVEL_BY_WORD.get(value.strip())
    if key is None:
        raise UsageError(
            f"--level {value!r} is not a level; use township (乡镇/街道), county (县/区), "
            "prefecture (地级市/州/盟), province (省) or department (部门)"
        )
    return key


def checked(option: str, value: str, valid: tuple[str, ...]) -> str:
    """The value when it is one of `valid`; a UsageError naming the close ones otherwise."""
    if value in valid:
        return value
    close = [v for v in valid if value and value in v] or difflib.get_close_matches(
        value, valid, n=4, cutoff=0.4
    )
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UsageError(f"{option} {value!r} is not known; {hint}valid values: {', '.join(valid)}")


def code_prefix(code: str) -> str:
    """A division code as a prefix: 370000 → 37, 370600 → 3706, 370682 → 370682."""
    code = code.strip()
    if not re.fullmatch(r"\d{2,12}", code):
        raise UsageError(
            f"--code takes a division code of digits, like 37, 370600 or 370682104; got {code!r}"
        )
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


def year_clause(value: str) -> dict[str, Any]:
    """--year 2020 or --year 2019-2021."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", value)
    if not match:
        raise UsageError(f"--year takes a year or a range like 2019-2021; got {value!r}")
    start, end = match.group(1), match.group(2)
    if end is None:
        return {"term": {"year": int(start)}}
    if int(end) < int(start):
        raise UsageError(f"--year {value!r}: the range runs backwards; write {end}-{start}")
    return {"range": {"year": {"gte": int(start), "lte": int(end)}}}


def _clause(field_name: str, values: list[str], resolve: Callable[[str], list[str]]) -> dict[str, Any] | None:
    """A terms filter for the values given, and a must_not for those written -value."""
    include = sorted({n for v in values if not _excluded(v) for n in resolve(v)})
    exclude = sorted({n for v in values if _excluded(v) for n in resolve(v[1:])})
    if not include and not exclude:
        return None
    if not exclude:
        return {"terms": {field_name: include}}
    clause: dict[str, Any] = {"bool": {"must_not": [{"terms": {field_name: exclude}}]}}
    if include:
        clause["bool"]["filter"] = [{"terms": {field_name: include}}]
    return clause


def _excluded(value: str) -> bool:
    return value.startswith("-") and len(value) > 1 and not value[1:].isdigit()


@dataclass
class Filters:
    """Every filter option of the search, stats, export and facets commands."""

    province: list[str] = field(default_factory=list)
    prefecture: list[str] = field(default_factory=list)
    county: list[str] = field(default_factory=list)
    township: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    year: str | None = None
    level: list[str] = field(default_factory=list)
    template: list[str] = field(default_factory=list)
    problem: list[str] = field(default_factory=list)
    failed_check: list[str] = field(default_factory=list)
    failed_checks: bool = False

    def by_facet(self) -> dict[str, dict[str, Any]]:
        """facet name → its filter clause, for the facets that are filtered.

        A value written with a leading minus excludes (``--province -山东``: every province but 山东).
        """
        out: dict[str, dict[str, Any]] = {}
        for level in LEVELS:
            clause = _clause(FACETS[level][0], getattr(self, level), functools.partial(region_names, level))
            if clause:
                out[level] = clause
        if self.year:
            out["year"] = year_clause(self.year)
        fields: list[tuple[str, str, Callable[[str], list[str]]]] = [
            ("level", "level", lambda v: [level_key(v)]),
            ("template", "template", lambda v: [checked("--template", v, TEMPLATES)]),
            (
                "problem",
                "problem_categories",
                lambda v: [checked("--problem", v, (*PROBLEM_CATEGORIES, OTHER))],
            ),
            ("failed_check", "failed_checks", lambda v: [checked("--failed-check", v, CHECK_NAMES)]),
        ]
        for name, field_name, resolve in fields:
            clause = _clause(field_name, getattr(self, name), resolve)
            if clause:
                out[name] = clause
        if "failed_check" not in out and self.failed_checks:
            out["failed_check"] = {"exists": {"field": "failed_checks"}}
        return out

    def other(self) -> list[dict[str, Any]]:
        """Filters that are not facets (division codes)."""
        if not self.code:
            return []
        return [{"bool": {"should": [{"prefix": {"region.code": code_prefix(c)}} for c in self.code]}}]

    def all(self) -> list[dict[str, Any]]:
        return self.other() + list(self.by_facet().values())

    def drill_level(self) -> str:
        """The region level one below the most specific region filter (province when none)."""
        deepest = -1
        for i, level in enumerate(LEVELS):
            if getattr(self, level):
                deepest = i
        for code in self.code:
            prefix = code_prefix(code)
            deepest = max(deepest, {2: 0, 4: 1, 6: 2}.get(len(prefix), 3))
        return LEVELS[min(deepest + 1, len(LEVELS) - 1)]


def resolve_facets(names: list[str], filters: Filters) -> list[str]:
    """Expand 'region' and check names; raises UsageError listing the valid ones."""
    out: list[str] = []
    for name in names:
        name = name.strip().replace("-", "_")
        if not name:
            continue
        if name == "problems" or name == "problem_categories":
            name = "problem"
        if name in ("failed_checks", "checks"):
            name = "failed_check"
        if name == REGION_FACET:
            name = filters.drill_level()
        if name not in FACETS:
            raise UsageError(f"unknown facet {name!r}; valid facets: {', '.join(FACET_NAMES)}")
        if name not in out:
            out.append(name)
    return out


def facet_aggs(names: list[str], filters: Filters, size: int = 20) -> dict[str, Any]:
    """One aggregation per facet, each under all filters but its own."""
    clauses = filters.by_facet()
    aggs: dict[str, Any] = {}
    for name in names:
        others = [c for key, c in clauses.items() if key != name]
        terms: dict[str, Any] = {"field": FACETS[name][0], "size": size}
        values: dict[str, Any] = {"terms": terms}
        if name in LEVEL_CODE_PATTERNS:  # divisions by code: two places of one name stay two values
            terms = values["terms"] = {
                "field": "region.codes",
                "include": LEVEL_CODE_PATTERNS[name],
                "size": size,
            }
            # the division's name and its parents' come with each code (no gazetteer to load)
            values["aggs"] = {
                level: {"terms": {"field": FACETS[level][0], "size": 1}}
                for level in LEVELS[: LEVELS.index(name) + 1]
            }
        if name == "year":
            terms["order"] = {"_key": "desc"}
        aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": values}}
    return aggs


# division codes of each level as region.codes holds them (370000, 370600, 370682, 370682102)
LEVEL_CODE_PATTERNS = {
    "province": "[0-9]{2}0000",
    "prefecture": "[0-9]{2}([1-9][0-9]|0[1-9])00",
    "county": "[0-9]{4}([1-9][0-9]|0[1-9])",
    "township": "[0-9]{9}([0-9]{3})?",
}


def _division_values(level: str, buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Region facet values from division codes: the name, with its parent where names repeat."""

    def name_at(bucket: dict[str, Any], at: str) -> str:
        top = bucket.get(at, {}).get("buckets", [])
        return str(top[0]["key"]) if top else ""

    rows = []
    for bucket in buckets:
        code = str(bucket["key"])
        parents = [n for n in (name_at(bucket, at) for at in LEVELS[: LEVELS.index(level)]) if n]
        rows.append(
            (code, name_at(bucket, level) or code, parents[-1] if parents else "", bucket["doc_count"])
        )
    repeated = {name for name, n in Counter(name for _, name, _, _ in rows).items() if n > 1}
    return [
        {
            "value": f"{name} ({parent})" if name in repeated and parent else name,
            "count": count,
            "option": f"--code {code}",
            "code": code,
        }
        for code, name, parent, count in rows
    ]


def facet_more(names: list[str], aggregations: dict[str, Any]) -> dict[str, int]:
    """facet → how many reports have values beyond those returned (0 when the list is complete)."""
    return {name: aggregations[name]["values"].get("sum_other_doc_count", 0) for name in names}


def facet_results(names: list[str], aggregations: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """facet → [{value, count, option}] in count order (region levels: also the division's code)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        option = FACETS[name][1]
        buckets = aggregations[name]["values"]["buckets"]
        if name in LEVEL_CODE_PATTERNS:
            out[name] = _division_values(name, buckets)
            continue
        out[name] = [
            {
                "value": b.get("key_as_string", b["key"]),
                "count": b["doc_count"],
                "option": f"{option} {b['key']}",
            }
            for b in buckets
        ]
    return out
