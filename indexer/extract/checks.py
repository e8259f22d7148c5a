"""Consistency checks of a report's tables and prose. A failed check never drops a report.

Each check is ``{"name", "ok", "detail"}``; ``ok`` is None when the cells it needs are
missing, so that "not checkable" is never mistaken for "passed".
"""

from __future__ import annotations

from collections.abc import Iterable

from indexer.extract.table_schema import (
    APPLICANT_COLUMNS,
    OTHER_PROCESSING_SUBROWS,
    TABLE3_COLUMNS,
    TABLE3_OUTCOME_ROWS,
    TABLE4_RESULTS,
)

Number = int | float | None
Table = dict[str, dict[str, Number]]
CHECK_NAMES = (
    "table3_balance",
    "table3_row_totals",
    "table3_outcome_total",
    "table4_totals",
    "narrative_applications",
    "narrative_review",
)


def _sum(values: Iterable[Number]) -> Number:
    values = list(values)
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def _equalities(
    name: str, pairs: Iterable[tuple[str, Number, Number]], message: str, missing: str
) -> dict[str, object]:
    """A check over (label, left, right) pairs; a pair with a missing side is not checkable.

    `message` is formatted with label, left and right for each pair that differs.
    """
    failures, checked = [], 0
    for label, left, right in pairs:
        if left is None or right is None:
            continue
        checked += 1
        if left != right:
            failures.append(message.format(label=label, left=left, right=right))
    if checked == 0:
        return {"name": name, "ok": None, "detail": f"not checkable: {missing} missing"}
    if failures:
        return {"name": name, "ok": False, "detail": "; ".join(failures)}
    return {"name": name, "ok": True, "detail": f"{checked} checked"}


def table3_balance(t3: Table) -> dict[str, object]:
    """Per column: 一 + 二 = 三(七) + 四, the rule printed on the table itself."""
    pairs = (
        (
            col,
            _sum([t3["new_received"][col], t3["carried_over"][col]]),
            _sum([t3["outcome_total"][col], t3["carried_forward"][col]]),
        )
        for col in TABLE3_COLUMNS
    )
    return _equalities(
        "table3_balance", pairs, "{label}: 一+二={left} but 三(七)+四={right}", "rows 一, 二, (七) or 四"
    )


def table3_row_totals(t3: Table) -> dict[str, object]:
    """Per row: 总计 = the sum of the six applicant columns."""
    pairs = (
        (row, _sum(cells[col] for col in APPLICANT_COLUMNS), cells["total"]) for row, cells in t3.items()
    )
    return _equalities(
        "table3_row_totals", pairs, "{label}: columns add up to {left}, 总计 says {right}", "complete rows"
    )


def table3_outcome_total(t3: Table) -> dict[str, object]:
    """Per column: (七)总计 = the sum of the outcome rows (一)…(六)."""
    use_subrows = any(t3[key][col] is not None for key in OTHER_PROCESSING_SUBROWS for col in TABLE3_COLUMNS)
    skip = {"other_processing"} if use_subrows else set(OTHER_PROCESSING_SUBROWS)
    rows = [key for key in TABLE3_OUTCOME_ROWS if key not in skip]
    pairs = ((col, _sum(t3[key][col] for key in rows), t3["outcome_total"][col]) for col in TABLE3_COLUMNS)
    return _equalities(
        "table3_outcome_total",
        pairs,
        "{label}: outcomes add up to {left}, (七)总计 says {right}",
        "outcome rows",
    )


def table4_totals(t4: Table) -> dict[str, object]:
    """Per group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    pairs = (
        (group, _sum(cells[res] for res in TABLE4_RESULTS[:-1]), cells["total"])
        for group, cells in t4.items()
    )
    return _equalities(
        "table4_totals", pairs, "{label}: results add up to {left}, 总计 says {right}", "table 四 cells"
    )


def _narrative_vs_table(name: str, prose: Number, table: Number, what: str) -> dict[str, object]:
    if prose is None or table is None:
        return {"name": name, "ok": None, "detail": f"not checkable: {what} missing in prose or table"}
    if prose != table:
        return {"name": name, "ok": False, "detail": f"the prose says {prose}, the table says {table}"}
    return {"name": name, "ok": True, "detail": f"both say {prose}"}


def run_checks(t3: Table, t4: Table, narrative: dict[str, object]) -> list[dict[str, object]]:
    """All checks, in CHECK_NAMES order."""
    return [
        table3_balance(t3),
        table3_row_totals(t3),
        table3_outcome_total(t3),
        table4_totals(t4),
        _narrative_vs_table(
            "narrative_applications",
            narrative.get("applications"),  # type: ignore[arg-type]
            t3["new_received"]["total"],
            "applications received",
        ),
        _narrative_vs_table(
            "narrative_review",
            narrative.get("review"),  # type: ignore[arg-type]
            t4["review"]["total"],
            "administrative reviews",
        ),
    ]
