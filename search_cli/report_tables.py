"""A stored report's tables 二, 三 and 四 shaped as on the official form: column titles, rows under
their official titles, group headings. The web page and the terminal both render these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indexer.extract.table_schema import (
    TABLE2_COLUMN_BY_KEY,
    TABLE2_ROWS,
    TABLE3_COLUMN_TITLES,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUP_TITLES,
    TABLE4_GROUPS,
    TABLE4_RESULT_TITLES,
    TABLE4_RESULTS,
)

# Table 二's 2021 wording where it differs from the 2019 titles in the schema.
_TABLE2_TITLES_2021 = {
    "issued": "本年制发件数",
    "decisions": "本年处理决定数量",
    "amount_wan_yuan": "本年收费金额",
}


# Group headings of table 三's rows, placed before the row that opens each group.
_TABLE3_HEADS = {
    "granted": "三、本年度办理结果",
    "withheld_state_secret": "（三）不予公开",
    "unavailable_not_held": "（四）无法提供",
    "not_processed_petition": "（五）不予处理",
}
# Table 三's applicant columns under their common heading, as on the official form.
_TABLE3_BAND = [("自然人", 1), ("法人或其他组织", 5), ("总计", 1)]


@dataclass(frozen=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    """A table to render: column titles (optionally under a band of spanning headings), and rows of
    (title, cells); a row without cells is a group heading."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]
    band: list[tuple[str, int]] | None = None

    def head(self) -> list[list[HeadCell]]:
        """The header rows: one of column titles, or the band over the titles of its wide headings."""
        if not self.band:
            return [[HeadCell("项目"), *(HeadCell(c) for c in self.columns)]]
        top, below, i = [HeadCell("项目", rowspan=2)], [], 0
        for text, span in self.band:
            top.append(HeadCell(text, colspan=span, rowspan=2 if span == 1 else 1))
            if span > 1:
                below += [HeadCell(c) for c in self.columns[i : i + span]]
            i += span
        return [top, below]


def cell(value: Any) -> str:
    """A figure as shown: '–' for unknown, no trailing .0."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table2(source: dict[str, Any]) -> list[Grid]:
    """Table 二 as consecutive groups of rows that share their columns (as in the official form)."""
    data = source.get("table2") or {}
    titles = _TABLE2_TITLES_2021 if source.get("template") == "2021" else {}
    grids: list[Grid] = []
    previous: list[str] | None = None
    for row in TABLE2_ROWS:
        values = data.get(row.key)
        if not values:
            continue
        keys = list(values)
        if keys != previous:
            columns = [titles.get(k) or _column_title(k) for k in keys]
            grids.append(Grid(columns, []))
            previous = keys
        grids[-1].rows.append((row.title, [cell(values[k]) for k in keys]))
    return grids


def _column_title(key: str) -> str:
    column = TABLE2_COLUMN_BY_KEY.get(key)
    if column is None:
        return key
    return f"{column.title}（万元）" if column.money else column.title


def table3(source: dict[str, Any]) -> Grid:
    """Table 三: applicants' kinds across (总计 last), the official rows down."""
    data = source.get("table3") or {}
    template = source.get("template")
    rows: list[tuple[str, list[str]]] = []
    for row in TABLE3_ROWS:
        values = data.get(row.key)
        if not values or (template not in row.templates and all(v is None for v in values.values())):
            continue  # a row of the other template, empty here
        if row.key in _TABLE3_HEADS:
            rows.append((_TABLE3_HEADS[row.key], []))
        rows.append((row.title, [cell(values.get(c)) for c in TABLE3_COLUMNS]))
    return Grid([TABLE3_COLUMN_TITLES[c] for c in TABLE3_COLUMNS], rows, _TABLE3_BAND)


def table4(source: dict[str, Any]) -> Grid:
    """Table 四: review, direct litigation and litigation after review, each with its results and 总计."""
    data = source.get("table4") or {}
    rows = [
        (TABLE4_GROUP_TITLES[g], [cell(data[g].get(r)) for r in TABLE4_RESULTS])
        for g in TABLE4_GROUPS
        if data.get(g)
    ]
    return Grid([TABLE4_RESULT_TITLES[r] for r in TABLE4_RESULTS], rows)
