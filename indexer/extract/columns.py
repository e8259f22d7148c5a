"""A record as flat columns, and the full, fixed list of those columns.

Every record has the same columns in the same order, whatever its template: table 二 has the
columns of both templates (a 2019 report's 2021-only cells are empty, and the other way round),
so a CSV written from many reports never drops a column that its first report lacks.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from indexer.extract.table_schema import TABLE2_COLUMNS, TABLE2_ROWS

#: record keys that are not columns: the texts (``--with-text`` adds them) and the section lines
NOT_COLUMNS = ("sections", "section_lines")
#: what the index adds to a record (``xxgk export``)
INDEX_COLUMNS = ("report_date", "indexed_at")
_BLANK_REPORT = "某县2020年政府信息公开工作年度报告\n一、总体情况\n本年度共受理依申请公开 0 件。\n"


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become dotted columns; lists of scalars are joined with '|'; others become JSON."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                out[name] = "|".join("" if v is None else str(v) for v in value)
            else:
                out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def table2_columns() -> list[str]:
    """table2.ROW.COLUMN for every row and every column either template gives it, in table order."""
    out = []
    for row in TABLE2_ROWS:
        used = {key for columns in row.columns.values() for key in columns}
        out += [f"table2.{row.key}.{column.key}" for column in TABLE2_COLUMNS if column.key in used]
    return out


@cache
def record_columns() -> tuple[str, ...]:
    """Every column of a record, in record order (the columns of ``xxgk extract --format csv``)."""
    from indexer.extract.record import extract_text  # the blank record shows every key

    blank = {k: v for k, v in extract_text(_BLANK_REPORT).items() if k not in NOT_COLUMNS}
    columns: list[str] = []
    for name in flatten(blank):
        if name.startswith("table2."):
            if not any(c.startswith("table2.") for c in columns):
                columns += table2_columns()
        else:
            columns.append(name)
    return tuple(columns)
