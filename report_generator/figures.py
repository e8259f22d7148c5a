"""The numbers: the tables' values, consistent by construction, and the rules they obey or break."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from indexer.extract.table_schema import (
    APPLICANT_COLUMNS,
    OTHER_PROCESSING_SUBROWS,
    TABLE2_ROWS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
)
from report_generator.options import Number


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into len(weights) non-negative parts, roughly by weight (randomised)."""
    n = len(weights)
    if total <= 0:
        return [0] * n
    if total <= 12:
        parts = [0] * n
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)
        for _ in range(total):
            x = rng.random() * acc
            for k, c in enumerate(cum):
                if x < c:
                    parts[k] += 1
                    break
        return parts
    shares = [w * (0.5 + rng.random()) for w in weights]
    s = sum(shares)
    parts = [int(total * sh / s) for sh in shares]
    parts[max(range(n), key=lambda k: shares[k])] += total - sum(parts)
    return parts


_T3_OUTCOMES_2019 = tuple(
    r.key
    for r in TABLE3_ROWS
    if r.key
    not in {"new_received", "carried_over", "outcome_total", "carried_forward", *OTHER_PROCESSING_SUBROWS}
)
_T3_OUTCOMES_2021 = tuple(k for k in _T3_OUTCOMES_2019 if k != "other_processing") + OTHER_PROCESSING_SUBROWS
_OUTCOME_WEIGHT = {
    "granted": 0.45,
    "partially_granted": 0.07,
    "withheld_state_secret": 0.005,
    "withheld_prohibited_by_law": 0.01,
    "withheld_three_safeties": 0.005,
    "withheld_third_party": 0.02,
    "withheld_internal_affairs": 0.01,
    "withheld_process_info": 0.02,
    "withheld_enforcement_files": 0.01,
    "withheld_query_matters": 0.01,
    "unavailable_not_held": 0.2,
    "unavailable_needs_creation": 0.03,
    "unavailable_unclear": 0.02,
    "not_processed_petition": 0.03,
    "not_processed_repeated": 0.02,
    "not_processed_publications": 0.005,
    "not_processed_mass_repeated": 0.005,
    "not_processed_confirmation": 0.005,
    "other_processing": 0.04,
    "other_overdue_correction": 0.02,
    "other_overdue_fee": 0.005,
    "other_misc": 0.02,
}
_APPLICANT_WEIGHT = (0.8, 0.12, 0.01, 0.02, 0.02, 0.03)
_SCALE = {"township": 8, "county": 60, "prefecture": 400, "department": 30}
_ZERO_SHARE = {"township": 0.55, "county": 0.15, "prefecture": 0.02, "department": 0.35}


def table3_values(
    r: random.Random, level: str, template: str, broken: str | None
) -> dict[str, dict[str, Number]]:
    """Table 三's values: per applicant column, received and carried over = handled + carried forward."""
    zero = r.random() < _ZERO_SHARE[level] and broken is None
    outcome_keys = _T3_OUTCOMES_2019 if template == "2019" else _T3_OUTCOMES_2021
    weights = [_OUTCOME_WEIGHT[k] for k in outcome_keys]
    new_total = 0 if zero else 1 + int(_SCALE[level] * 2 * r.random() ** 2)
    new = _split(r, new_total, _APPLICANT_WEIGHT)
    cols: dict[str, dict[str, int]] = {}
    for c, col in enumerate(APPLICANT_COLUMNS):
        nr = new[c]
        co = 0 if zero or r.random() < 0.8 else r.randrange(0, 3 + nr // 5)
        handled = nr + co
        cf = 0 if handled == 0 or r.random() < 0.75 else r.randrange(0, min(handled, 4) + 1)
        values = dict(zip(outcome_keys, _split(r, handled - cf, weights), strict=True))
        values.update(new_received=nr, carried_over=co, carried_forward=cf, outcome_total=handled - cf)
        cols[col] = values
    t3: dict[str, dict[str, Number]] = {}
    per_column = [cols[col] for col in APPLICANT_COLUMNS]
    for row in TABLE3_ROWS:
        key = row.key
        if key in per_column[0]:
            a, b, c, d, e, f = [values[key] for values in per_column]
            t3[key] = {
                "natural_person": a,
                "commercial_enterprise": b,
                "research_institution": c,
                "social_welfare_org": d,
                "legal_service_org": e,
                "other_org": f,
                "total": a + b + c + d + e + f,
            }
        else:
            t3[key] = dict.fromkeys(TABLE3_COLUMNS)
    return t3


def table4_values(r: random.Random, level: str) -> dict[str, dict[str, Number]]:
    """Table 四's values: reviews and lawsuits, mostly none."""
    scale = {"township": 1, "county": 6, "prefecture": 25, "department": 3}[level]
    t4: dict[str, dict[str, Number]] = {}
    for group in TABLE4_GROUPS:
        if r.random() < (0.85 if level == "township" else 0.45):
            parts = [0, 0, 0, 0]
        else:
            parts = _split(
                r, r.randrange(0, scale + 1) // (1 if group == "review" else 2), (0.6, 0.1, 0.2, 0.1)
            )
        t4[group] = dict(zip(TABLE4_RESULTS[:-1], parts, strict=True))
        t4[group]["total"] = sum(parts)
    return t4


def table2_values(r: random.Random, level: str, template: str) -> dict[str, dict[str, Number]]:
    """Table 二's values, in the extractor's shape (rows the template lacks are all None)."""
    big = {"township": 0, "county": 1, "prefecture": 2, "department": 1}[level]

    def small(limit: int, zero: float = 0.6) -> int:
        return 0 if r.random() < zero else r.randrange(0, limit + 1)

    t2: dict[str, dict[str, Number]] = {}
    for row in TABLE2_ROWS:
        if template not in row.columns:  # the extractor's shape for rows the template lacks
            t2[row.key] = dict.fromkeys(row.columns["2019"])
            continue
        v: dict[str, Number]
        if row.key in ("regulations", "normative_documents"):
            # 规章 are made by provinces and larger cities only
            limit = (0, 0, 4)[big] if row.key == "regulations" else (3, 15, 40)[big]
            stock = (0, 0, 30)[big] if row.key == "regulations" else (20, 80, 200)[big]
            issued = small(limit)
            if template == "2019":
                published = issued if r.random() < 0.8 else small(limit)
                v = {
                    "issued": issued,
                    "published": published,
                    "total_published": published + small(stock, 0.4),
                }
            else:
                repealed = small(max(1, limit // 3), 0.7) if limit else 0
                v = {"issued": issued, "repealed": repealed, "in_force": issued + small(stock, 0.4)}
        elif row.key == "fees":
            if template == "2019":
                v = {"prev_year_items": small(5, 0.8), "change": change(r)}
            else:
                v = {"amount_wan_yuan": money(r, 0.75, 50)}
        elif row.key == "procurement":
            v = {"items": small((20, 200, 800)[big], 0.5), "amount_wan_yuan": money(r, 0.5, 5000)}
        else:
            limit = (30, 3000, 20000)[big] // (10 if row.key == "coercion" else 1)
            decisions = small(limit, 0.5)
            if template == "2019":
                prev = small((10, 200, 600)[big], 0.6)
                v = {"prev_year_items": prev, "change": change(r), "decisions": decisions}
            else:
                v = {"decisions": decisions}
        t2[row.key] = v
    return t2


def change(r: random.Random) -> int:
    """A 本年增/减 figure: mostly 0."""
    return 0 if r.random() < 0.7 else r.choice((-3, -2, -1, 1, 1, 2, 3, 5))


def money(r: random.Random, zero: float, limit: float) -> float:
    """An amount in 万元 with 2 to 6 decimals, or 0.0 with probability `zero`."""
    if r.random() < zero:
        return 0.0
    return round(r.random() * limit, r.choice((2, 2, 4, 6))) or 0.0


def break_rule(
    r: random.Random, broken: str | None, t3: dict[str, dict[str, Any]], t4: dict[str, dict[str, Any]]
) -> None:
    """Break one table rule so that only the named check fails (while its cells show)."""
    k = r.randrange(1, 4)
    col = r.choice(APPLICANT_COLUMNS[:2])
    if broken == "table3_balance":  # rows stay summed, outcomes too; 一+二 ≠ 三+四
        t3["carried_forward"][col] += k
        t3["carried_forward"]["total"] += k
    elif broken == "table3_row_totals":  # 总计 off in two rows, the balance still holds
        t3["new_received"]["total"] += k
        t3["carried_forward"]["total"] += k
    elif broken == "table3_outcome_total":  # one outcome cell (and its row total) too high
        t3["granted"][col] += k
        t3["granted"]["total"] += k
    elif broken == "table4_totals":
        t4[r.choice(TABLE4_GROUPS)]["total"] += k


def failed_checks(
    t3: Mapping[str, Mapping[str, Number]],
    t4: Mapping[str, Mapping[str, Number]],
    narrative: Mapping[str, Any],
) -> list[str]:
    """The consistency rules that the tables and prose break, in CHECK_NAMES order.

    A rule whose cells are missing is not broken (it cannot be checked).
    """
    failed: list[str] = []
    nr, co, ot, cf = t3["new_received"], t3["carried_over"], t3["outcome_total"], t3["carried_forward"]
    for c in TABLE3_COLUMNS:
        a, b, x, y = nr[c], co[c], ot[c], cf[c]
        if None not in (a, b, x, y) and a + b != x + y:  # type: ignore[operator]
            failed.append("table3_balance")
            break
    for cells in t3.values():
        row = [cells[c] for c in TABLE3_COLUMNS]
        if None not in row and sum(row[:6]) != row[6]:  # type: ignore[arg-type]
            failed.append("table3_row_totals")
            break
    subrows = any(v is not None for k in OTHER_PROCESSING_SUBROWS for v in t3[k].values())
    outcome = [t3[k] for k in (_T3_OUTCOMES_2021 if subrows else _T3_OUTCOMES_2019)]
    for c in TABLE3_COLUMNS:
        column = [cells[c] for cells in outcome]
        if None not in column and ot[c] is not None and sum(column) != ot[c]:  # type: ignore[arg-type]
            failed.append("table3_outcome_total")
            break
    for cells in t4.values():
        row = [cells[res] for res in TABLE4_RESULTS]
        if None not in row and sum(row[:-1]) != row[-1]:  # type: ignore[arg-type]
            failed.append("table4_totals")
            break
    for name, prose, table in (
        ("narrative_applications", narrative.get("applications"), nr["total"]),
        ("narrative_review", narrative.get("review"), t4["review"]["total"]),
    ):
        if prose is not None and table is not None and prose != table:
            failed.append(name)
    return failed
