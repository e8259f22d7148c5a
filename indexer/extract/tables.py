"""Parsing the three statistics tables (二, 三, 四) from a stream of cells.

Rows are found by their labels, in the official order; the numbers are the value cells
that follow a label. A missing, blank or cut-off cell is None, never 0.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from indexer.extract.cells import Cell, Kind
from indexer.extract.table_schema import (
    OTHER_PROCESSING_SUBROWS,
    TABLE2_COLUMN_BY_KEY,
    TABLE2_COLUMNS,
    TABLE2_ROWS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    TEMPLATE_MARKERS,
    Row,
    Table2Row,
)

Number = int | float | None
LABEL_MAX = 45  # longer text cells are prose, not labels
_CONTINUATION_SKIP = 2  # wrapped label fragments skipped between a label and its numbers
_NOTE = re.compile(
    r"^[(（][^()（）]*[)）]$"
)  # "（区分处理的，只计这一情形，不计其他情形）" wrapped on its own
_TABLE3_MARKERS = re.compile(r"勾稽关系|申请人情况|^自然人$|本年新收")
_TABLE3_START = re.compile("|".join([_TABLE3_MARKERS.pattern] + [f"(?:{r.label})" for r in TABLE3_ROWS[2:]]))


@dataclass
class Tables:
    """The parsed tables of one report."""

    template: str | None
    table2: dict[str, dict[str, Number]]
    table3: dict[str, dict[str, Number]]
    table4: dict[str, dict[str, Number]]
    found: dict[str, bool]
    warnings: list[str] = field(default_factory=list)


def is_label(cell: Cell) -> bool:
    """A short text cell that could be a row label or a header."""
    return cell.kind is Kind.TEXT and len(cell.key) <= LABEL_MAX and "。" not in cell.key


def _values_after(cells: list[Cell], index: int, count: int) -> tuple[list[Number], list[str], int]:
    """Up to `count` values after a label; returns (values, units, next index)."""
    j = index
    skipped = 0
    while (
        j < len(cells)
        and skipped < _CONTINUATION_SKIP
        and cells[j].kind is Kind.TEXT
        and (len(cells[j].key) <= 8 or _NOTE.match(cells[j].key))
        and not _any_row_label(cells[j])
    ):
        j += 1
        skipped += 1
    values: list[Number] = []
    units: list[str] = []
    while j < len(cells) and len(values) < count and cells[j].kind is not Kind.TEXT:
        values.append(cells[j].value)
        units.append(cells[j].unit)
        j += 1
    if not values:
        j = index  # nothing taken: do not swallow the fragments either
    return values, units, j


_ANY_ROW_LABEL = re.compile(
    "|".join([f"(?:{r.label})" for r in TABLE3_ROWS] + [f"(?:^(?:{r.label})$)" for r in TABLE2_ROWS])
)


def _any_row_label(cell: Cell) -> bool:
    return _ANY_ROW_LABEL.search(cell.key) is not None


# ------------------------------------------------------------------ template
def detect_template(cells: list[Cell]) -> str | None:
    """'2019' or '2021' from the wording of the table headers; None without tables."""
    labels = "\x00".join(c.key for c in cells if c.kind is Kind.TEXT and len(c.key) <= LABEL_MAX)
    scores = {name: sum(labels.count(m) for m in markers) for name, markers in TEMPLATE_MARKERS.items()}
    if scores["2021"] > scores["2019"]:
        return "2021"
    if scores["2019"] > scores["2021"]:
        return "2019"
    return None


# ------------------------------------------------------------------ table 二
_T2_ROW_PATTERNS = [(row, re.compile(rf"^(?:\d+[.、．])?{row.label}$")) for row in TABLE2_ROWS]
_T2_HEADER_PATTERNS = [(col, re.compile(col.header)) for col in TABLE2_COLUMNS]
_T2_RESET = re.compile(r"^信息内容$|第二十条")


def _table2_row(cell: Cell) -> Table2Row | None:
    if not is_label(cell):
        return None
    for row, pattern in _T2_ROW_PATTERNS:
        if pattern.match(cell.key):
            return row
    return None


def _table2_headers(cell: Cell) -> list[str]:
    """The column headers in a cell, in order (a PDF row may hold several: "上一年项目数量 本年增/减")."""
    if not is_label(cell):
        return []
    found = sorted(
        (m.start(), col.key) for col, pattern in _T2_HEADER_PATTERNS if (m := pattern.search(cell.key))
    )
    return [key for _, key in found]


def parse_table2(
    cells: list[Cell], start: int, end: int, template: str | None, warnings: list[str]
) -> tuple[dict[str, dict[str, Number]], int, bool]:
    """Table 二 between cells[start:end]; returns (rows, index after the table, found)."""
    result: dict[str, dict[str, Number]] = {}
    headers: list[str] = []
    header_open = False
    i = start
    last = start
    found = False
    while i < end:
        cell = cells[i]
        if cell.kind is not Kind.TEXT:  # neither a row label nor a header
            i += 1
            continue
        row = _table2_row(cell)
        if row is not None and row.key not in result:
            columns = _table2_columns(row, headers, template)
            values, units, nxt = _values_after(cells, i + 1, len(columns))
            if not values and nxt == i + 1 and i + 1 < end and cells[i + 1].kind is Kind.TEXT:
                i += 1  # a label with no numbers (e.g. a header row mentioning it)
                continue
            result[row.key] = _table2_values(row.key, columns, values, units, warnings)
            found = True
            header_open = False
            i = last = max(nxt, i + 1)
            continue
        if _T2_RESET.search(cell.key):
            headers, header_open = [], True
        in_cell = _table2_headers(cell)
        if in_cell:
            if not header_open:
                headers, header_open = [], True
            headers.extend(in_cell)
        i += 1
    return result, last, found


def _table2_columns(row: Table2Row, headers: list[str], template: str | None) -> tuple[str, ...]:
    """The columns of a row: the headers above it when they fit, else the template's."""
    allowed = {c for cols in row.columns.values() for c in cols}
    if headers and all(h in allowed for h in headers):
        return tuple(headers)
    if template in row.columns:
        return row.columns[template]
    return next(iter(row.columns.values()))


def _table2_values(
    row: str, columns: tuple[str, ...], values: list[Number], units: list[str], warnings: list[str]
) -> dict[str, Number]:
    out: dict[str, Number] = {}
    for pos, col in enumerate(columns):
        value = values[pos] if pos < len(values) else None
        unit = units[pos] if pos < len(units) else ""
        if TABLE2_COLUMN_BY_KEY[col].money:
            if value is not None and unit == "元":
                value = round(value / 10000, 6)
                warnings.append(f"table2.{row}.{col}: amount given in 元, converted to 万元")
            value = float(value) if value is not None else None
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out[col] = value
    if len(values) < len(columns):
        warnings.append(f"table2.{row}: {len(values)} of {len(columns)} cells present")
    return out


# ------------------------------------------------------------------ table 三
def _between(labels: list[int], start: int, end: int) -> list[int]:
    """The label indexes in [start, end) (``labels`` is sorted)."""
    return labels[bisect_left(labels, start) : bisect_left(labels, end)]


def table3_start(cells: list[Cell], labels: list[int], start: int, end: int) -> int | None:
    """Index of the first cell that belongs to table 三 (``labels``: the indexes of the label cells)."""
    return _find_label(cells, labels, start, end, _TABLE3_START)


def parse_table3(
    cells: list[Cell], labels: list[int], start: int, end: int, warnings: list[str]
) -> tuple[dict[str, dict[str, Number]], int, bool]:
    """Table 三 rows in cells[start:end]; returns (rows, index after the table, found)."""
    result: dict[str, dict[str, Number]] = {}
    pos = start
    found = False
    missed: list[tuple[Row, int]] = []  # rows not found since the last one found, and where each was sought
    for number, row in enumerate(TABLE3_ROWS):
        index = _find_label(cells, labels, pos, end, row.pattern)
        later = TABLE3_ROWS[number + 1 : number + 4]
        if index is not None and any(r.pattern.search(cells[index].key) for r in later):
            index = None  # "（六）其他处理 1.申请人…" on one line: the cell belongs to the sub-row
        if index is None:
            result[row.key] = dict.fromkeys(TABLE3_COLUMNS)
            missed.append((row, pos))
            continue
        if found and len(missed) == 1:  # one row missed between two found: its label may be misspelt
            lost, sought = missed[0]
            result[lost.key] = _row_by_place(cells, labels, lost, sought, index, warnings) or result[lost.key]
        missed = []
        found = True
        values, _units, nxt = _values_after(cells, index + 1, len(TABLE3_COLUMNS))
        if row.key == "other_processing" and not values:
            result[row.key] = dict.fromkeys(TABLE3_COLUMNS)  # 2021: a group heading only
        else:
            result[row.key] = _row_dict(values)
            if len(values) < len(TABLE3_COLUMNS):
                warnings.append(f"table3.{row.key}: {len(values)} of {len(TABLE3_COLUMNS)} cells present")
        pos = max(nxt, index + 1)
    return result, pos, found


_ORDINAL = re.compile(r"^(\d+)[.、．]")


def _row_by_place(
    cells: list[Cell], labels: list[int], row: Row, start: int, stop: int, warnings: list[str]
) -> dict[str, Number] | None:
    """A row whose label was not recognised ("2.其他法律行政止公开", an OCR slip), read by its place.

    It is read only when a single label cell lies between the rows found around it (in
    cells[start:stop]), with a full row of numbers after it, and any number the label starts
    with is the row's own.
    """
    between = _between(labels, start, stop)
    if len(between) != 1:
        return None
    label = cells[between[0]]
    number, expected = _ORDINAL.match(label.key), _ORDINAL.match(row.title)
    if number and expected and number.group(1) != expected.group(1):
        return None
    values, _units, nxt = _values_after(cells, between[0] + 1, len(TABLE3_COLUMNS))
    if len(values) < len(TABLE3_COLUMNS) or nxt > stop:
        return None
    warnings.append(f"table3.{row.key}: label {label.text!r} not recognised, read by its place")
    return _row_dict(values)


def _find_label(
    cells: list[Cell], labels: list[int], start: int, end: int, pattern: re.Pattern[str]
) -> int | None:
    """The first label cell in [start, end) that ``pattern`` finds."""
    for i in _between(labels, start, end):
        if pattern.search(cells[i].key):
            return i
    return None


def _row_dict(values: list[Number]) -> dict[str, Number]:
    return {col: (values[pos] if pos < len(values) else None) for pos, col in enumerate(TABLE3_COLUMNS)}


def has_other_subrows(table3: dict[str, dict[str, Number]]) -> bool:
    """Whether the 2021 sub-rows of (六)其他处理 carry any number."""
    return any(v is not None for key in OTHER_PROCESSING_SUBROWS for v in table3[key].values())


# ------------------------------------------------------------------ table 四
def table4_start(cells: list[Cell], labels: list[int], start: int, end: int) -> int | None:
    """Index of the 行政复议 header that opens table 四."""
    for i in _between(labels, start, end):
        if cells[i].key.startswith("行政复议"):
            nearby = [c.key for c in cells[i : i + 16] if c.kind is not Kind.BLANK][:4]
            if any("行政诉讼" in k or "结果" in k for k in nearby[1:]) or "行政诉讼" in nearby[0]:
                return i
    return None


def parse_table4(
    cells: list[Cell], start: int, end: int, warnings: list[str]
) -> tuple[dict[str, dict[str, Number]], bool]:
    """The 15 numbers of table 四 after its header block."""
    i = start
    last_header = start
    while i < end and i - start < 60:
        cell = cells[i]
        if cell.kind is Kind.TEXT:
            if not is_label(cell):
                break
            last_header = i
        elif cell.kind is Kind.NUMBER:
            break
        i += 1
    j = last_header + 1
    run: list[Cell] = []
    while j < end and cells[j].kind is not Kind.TEXT:
        run.append(cells[j])
        j += 1
    size = len(TABLE4_GROUPS) * len(TABLE4_RESULTS)
    while len(run) > size and run[0].kind is Kind.BLANK:
        run.pop(0)
    values = [c.value for c in run[:size]]
    found = any(v is not None for v in values)
    if found and len(values) < size:
        warnings.append(f"table4: {len(values)} of {size} cells present")
    result: dict[str, dict[str, Number]] = {}
    for g, group in enumerate(TABLE4_GROUPS):
        result[group] = {}
        for r, res in enumerate(TABLE4_RESULTS):
            pos = g * len(TABLE4_RESULTS) + r
            result[group][res] = values[pos] if pos < len(values) else None
    return result, found


def empty_table4() -> dict[str, dict[str, Number]]:
    return {g: dict.fromkeys(TABLE4_RESULTS) for g in TABLE4_GROUPS}


# ------------------------------------------------------------------ all three
def parse_tables(cells: list[Cell]) -> Tables:
    """Parse tables 二, 三 and 四 from the cells of a report's table region."""
    warnings: list[str] = []
    end = len(cells)
    template = detect_template(cells)
    labels = [i for i, cell in enumerate(cells) if is_label(cell)]  # where rows and headers can start
    t3 = table3_start(cells, labels, 0, end)
    table2, after2, found2 = parse_table2(cells, 0, t3 if t3 is not None else end, template, warnings)
    t3 = table3_start(cells, labels, after2, end)
    t4 = table4_start(cells, labels, t3 if t3 is not None else after2, end)
    if t3 is not None:
        table3, after3, found3 = parse_table3(cells, labels, t3, t4 if t4 is not None else end, warnings)
    else:
        table3, after3, found3 = parse_table3(cells, labels, end, end, warnings)
    if t4 is None:
        t4 = table4_start(cells, labels, after3, end)
    if t4 is not None:
        table4, found4 = parse_table4(cells, t4, end, warnings)
    else:
        table4, found4 = empty_table4(), False
    if template is None and found3 and has_other_subrows(table3):
        template = "2021"
    if template is None and (found2 or found3):
        template = _template_from_shape(table2)
    for row in TABLE2_ROWS:
        if row.key not in table2:
            cols = row.columns.get(template or "2019") or next(iter(row.columns.values()))
            table2[row.key] = dict.fromkeys(cols)
    found = {"table2": found2, "table3": found3, "table4": found4}
    for name, ok in found.items():
        if not ok:
            warnings.append(f"{name}: not found in the text")
    return Tables(template, table2, table3, table4, found, warnings)


def template_from_words(text: str) -> str | None:
    """The template whose header wording the text uses most (for tables that are not cells)."""
    compacted = "".join(text.split())
    counts = {name: sum(compacted.count(m) for m in markers) for name, markers in TEMPLATE_MARKERS.items()}
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] and list(counts.values()).count(counts[best]) == 1 else None


def _template_from_shape(table2: dict[str, dict[str, Number]]) -> str | None:
    """Without header wording: 2021 rows have one number where 2019 rows have three."""
    if "procurement" in table2 or "other_services" in table2:
        return "2019"
    licensing = table2.get("licensing")
    if licensing is not None and list(licensing) == ["decisions"]:
        return "2021"
    return "2019" if table2 else None
