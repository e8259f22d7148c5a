"""The generator's options: layouts, encodings, noise kinds, consistency rules, kinds of body."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

LAYOUTS: tuple[str, ...] = ("tabs", "cells", "markdown", "spaces", "mixed")
TABLE_LAYOUTS: tuple[str, ...] = ("tabs", "cells", "markdown", "spaces")
LAYOUT_WEIGHTS = {"tabs": 0.3, "cells": 0.35, "markdown": 0.1, "spaces": 0.15, "mixed": 0.1}
# Encoding names as Python spells them; "utf-16" writes a BOM, "utf-16-le" does not.
ENCODINGS: dict[str, float] = {
    "utf-8": 0.78,
    "utf-8-sig": 0.08,
    "gb18030": 0.10,
    "utf-16": 0.03,
    "utf-16-le": 0.01,
}
NOISE_KINDS: tuple[str, ...] = (
    "fullwidth_digits",  # ０１２ in table cells
    "fullwidth_spaces",  # \u3000 around cells and before headings
    "images",  # [image: …] lines in prose and between table rows
    "bookmarks",  # [bookmark: _GoBack] before a cell's text
    "vertical_headers",  # 三、本年度办理结果 spread over the first column (理 结 果)
    "wrapped_cells",  # header and group cells wrapped onto a line without the tab (商业\n企业)
    "spaced_labels",  # spaces inside labels from PDF/Word conversion (本年 新制作 数量)
    "blank_cells",  # empty cells (truth None)
    "dash_blanks",  # cells holding — or / (truth None)
    "truncated",  # a table cut after a row (truth None for the rest)
    "missing_sections",  # a section (and possibly its table) left out
    "page_breaks",  # page footers (- 3 -) inside a table (PDF layouts)
    "crlf",  # Windows line endings
)
DEFAULT_NOISE: dict[str, float] = {
    "fullwidth_digits": 0.05,
    "fullwidth_spaces": 0.15,
    "images": 0.15,
    "bookmarks": 0.05,
    "vertical_headers": 0.15,
    "wrapped_cells": 0.35,
    "spaced_labels": 0.1,
    "blank_cells": 0.08,
    "dash_blanks": 0.03,
    "truncated": 0.05,
    "missing_sections": 0.05,
    "page_breaks": 0.03,
    "crlf": 0.05,
}
# The names of indexer.extract.checks.CHECK_NAMES (kept here so that truth never depends on the checker).
CHECK_NAMES: tuple[str, ...] = (
    "table3_balance",
    "table3_row_totals",
    "table3_outcome_total",
    "table4_totals",
    "narrative_applications",
    "narrative_review",
)
BROKEN_WEIGHTS = {
    "table3_balance": 0.2,
    "table3_row_totals": 0.2,
    "table3_outcome_total": 0.2,
    "table4_totals": 0.15,
    "narrative_applications": 0.15,
    "narrative_review": 0.1,
}
CHANNEL_KEYS: tuple[str, ...] = (
    "wechat",
    "weibo",
    "douyin",
    "kuaishou",
    "toutiao",
    "app",
    "website",
    "bulletin_board",
)
NARRATIVE_KEYS: tuple[str, ...] = (
    "applications",
    "review",
    "litigation",
    "press_conferences",
    "training_sessions",
    "npc_suggestions",
    "cppcc_proposals",
    "npc_cppcc_combined",
    "fees_yuan",
)
Number = int | float | None


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    x = rng.random() * sum(weights.values())
    for key, w in weights.items():
        x -= w
        if x < 0:
            return key
    return list(weights)[-1]


def noise_rates(noise: Mapping[str, float] | Iterable[str] | None) -> dict[str, float]:
    if noise is None:
        return {}
    rates = (
        {k: float(v) for k, v in noise.items()} if isinstance(noise, Mapping) else dict.fromkeys(noise, 1.0)
    )
    unknown = set(rates) - set(NOISE_KINDS)
    if unknown:
        raise ValueError(
            f"unknown noise kinds: {', '.join(sorted(unknown))} (known: {', '.join(NOISE_KINDS)})"
        )
    return {k: rates[k] for k in NOISE_KINDS if k in rates}


def option_weights(
    given: Mapping[str, float] | Iterable[str] | None, default: Mapping[str, float], what: str
) -> dict[str, float]:
    if given is None:
        return dict(default)
    weights = (
        {k: float(v) for k, v in given.items()}
        if isinstance(given, Mapping)
        else {k: default.get(k, 1.0) for k in given}
    )
    unknown = set(weights) - set(default)
    if unknown or not weights:
        raise ValueError(f"unknown or no {what}: {', '.join(sorted(unknown))} (known: {', '.join(default)})")
    return weights


LEVELS: dict[str, float] = {"township": 0.7, "county": 0.14, "prefecture": 0.05, "department": 0.11}


FORMATS: tuple[str, ...] = ("text", "html", "docx", "pdf")


def parse_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats named (each item may be a comma list), in order, without repeats; ValueError if unknown."""
    out: list[str] = []
    for item in formats:
        for name in item.split(","):
            name = name.strip().lower()
            if name and name not in out:
                out.append(name)
    unknown = [f for f in out if f not in FORMATS]
    if unknown or not out:
        raise ValueError(f"unknown or no formats: {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    return tuple(out)
