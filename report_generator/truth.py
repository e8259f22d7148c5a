"""The truth record of a report (the values a correct extractor returns) and comparing a record with it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from report_generator.options import Number
from report_generator.tables import Table


def visible_tables(
    tables: Mapping[str, Table],
    rendered: Iterable[str],
    t2: Mapping[str, Mapping[str, Number]],
    t3: Mapping[str, Mapping[str, Number]],
    t4: Mapping[str, Mapping[str, Number]],
) -> tuple[dict[str, dict[str, dict[str, Number]]], bool]:
    """The tables' truth (cells that show; None for blank, dashed, cut or unprinted ones) and
    whether any printed row's wording tells the template."""
    truth_tables: dict[str, dict[str, dict[str, Number]]] = {
        "table2": {k: dict.fromkeys(v) for k, v in t2.items()},
        "table3": {k: dict.fromkeys(v) for k, v in t3.items()},
        "table4": {k: dict.fromkeys(v) for k, v in t4.items()},
    }
    source = {"table2": t2, "table3": t3, "table4": t4}
    template_seen = False
    for name in rendered:
        tab = tables[name]
        template_seen = template_seen or any(k < len(tab.rows) for k in tab.telling)
        target, values = truth_tables["table" + name], source["table" + name]
        if not tab.hidden and not tab.cut:  # every cell of the template shows
            for row, cells in values.items():
                target[row] = dict(cells)
            continue
        for n, refs in enumerate(tab.refs):
            for k, ref in enumerate(refs):
                if ref is not None and (n, k) not in tab.hidden:
                    target[ref[1]][ref[2]] = values[ref[1]][ref[2]]
    return truth_tables, template_seen


FIELDS: tuple[str, ...] = (
    "region",
    "year",
    "template",
    "table2",
    "table3",
    "table4",
    "applications",
    "problem_categories",
    "failed_checks",
    "narrative",
    "proactive",
    "publish_date",
    "title",
    "org",
    "level",
)
Mismatch = tuple[str, Any, Any]  # (path, expected, got)


def _same(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is got
    if isinstance(expected, float) or isinstance(got, float):
        return isinstance(got, int | float) and abs(float(expected) - float(got)) < 1e-9
    return bool(expected == got)


def _table_diff(
    name: str, expected: Mapping[str, Mapping[str, Any]], got: Mapping[str, Any] | None
) -> list[Mismatch]:
    got = got or {}
    out: list[Mismatch] = []
    for row, cells in expected.items():
        got_row = got.get(row) or {}
        for col, value in cells.items():
            if not _same(value, got_row.get(col)):
                out.append((f"{name}.{row}.{col}", value, got_row.get(col)))
        for col, value in got_row.items():  # values where the text shows none
            if col not in cells and value is not None:
                out.append((f"{name}.{row}.{col}", None, value))
    for row, got_row in got.items():
        if row not in expected and any(v is not None for v in (got_row or {}).values()):
            out.append((f"{name}.{row}", None, got_row))
    return out


def compare(record: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, list[Mismatch]]:
    """Field → mismatches (path, expected, got) between an extractor record and a report's truth.

    Every name of FIELDS is a key; an empty list means the field is right.  Tables are compared
    cell by cell (None and 0 differ), categories and failed checks as sets.
    """
    out: dict[str, list[Mismatch]] = {f: [] for f in FIELDS}
    region = record.get("region") or {}
    for key, value in truth["region"].items():
        if region.get(key) != value:
            out["region"].append((f"region.{key}", value, region.get(key)))
    for key in ("year", "template", "publish_date", "title", "org", "level"):
        if not _same(truth[key], record.get(key)):
            out[key].append((key, truth[key], record.get(key)))
    for name in ("table2", "table3", "table4"):
        out[name] = _table_diff(name, truth[name], record.get(name))
    received = (record.get("applications") or {}).get("received")
    if not _same(truth["applications"]["received"], received):
        out["applications"].append(("applications.received", truth["applications"]["received"], received))
    for name in ("problem_categories", "failed_checks"):
        expected, got = set(truth[name]), set(record.get(name) or ())
        if expected != got:
            out[name].append((name, sorted(expected), sorted(got)))
    for name in ("narrative", "proactive"):
        got_group = record.get(name) or {}
        for key, value in truth[name].items():
            if not _same(value, got_group.get(key)):
                out[name].append((f"{name}.{key}", value, got_group.get(key)))
    return out


# The fields every format must get right (the tests' default): the first nine of FIELDS.
CORE: tuple[str, ...] = FIELDS[:9]


def unexplained(
    record: Mapping[str, Any] | None, truth: Mapping[str, Any], fields: Iterable[str] = CORE
) -> list[Mismatch]:
    """The mismatches of the given fields; one pseudo-mismatch when there is no record."""
    if record is None:
        return [("record", "extracted", "refused by the reader")]
    diff = compare(record, truth)
    return [m for f in fields for m in diff[f]]


def field_scores(pairs: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any]]]) -> dict[str, float]:
    """Field → share of (record, truth) pairs with the field right (a missing record gets nothing right)."""
    right = dict.fromkeys(FIELDS, 0)
    n = 0
    for record, truth in pairs:
        n += 1
        if record is None:
            continue
        for name, mismatches in compare(record, truth).items():
            right[name] += not mismatches
    return {name: right[name] / n if n else 0.0 for name in FIELDS}
