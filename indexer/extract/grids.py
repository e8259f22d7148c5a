"""Tables that arrive as grids (HTML, Word, PDF) turned into rows the table parser reads exactly.

A grid keeps every cell in its column, so an empty cell is known to be empty and each number is
known to sit under its header. Table 三's value columns are found from its header (自然人 … 总计),
or, without one, as the last seven columns; each data row becomes ``label \\t v1 … v7`` with an
empty cell written as a dash, which the parser reads as a missing value (None), never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.normalize import compact
from indexer.extract.table_schema import TABLE3_ROWS
from indexer.readers.model import Document, Grid

_NUMBER = re.compile(r"^[+\-]?[\d,]+(?:\.\d+)?(?:万元|元|件|条|个|项)?$")
_EMPTY = re.compile(r"^(?:[-—–_/\\*]+|无|/)?$")
_BLANK = "—"
_ROW_LABEL = re.compile("|".join(f"(?:{row.label})" for row in TABLE3_ROWS if row.key != "other_misc"))


def _is_value(text: str) -> bool:
    key = compact(text)
    return bool(_NUMBER.match(key) or _EMPTY.match(key))


def _value_columns(grid: Grid) -> tuple[int, int] | None:
    """(first, last) column of table 三's seven values, or None when the grid is not table 三."""
    width = max((len(row) for row in grid.rows), default=0)
    if width < 8:
        return None
    labels = [compact(" ".join(row[: max(width - 7, 1)])) for row in grid.rows]
    rows_found = sum(1 for label in labels if _ROW_LABEL.search(label))
    for row in grid.rows[:6]:  # the header names the columns (自然人 … 总计)
        keys = [compact(cell) for cell in row]
        if "自然人" in keys and "总计" in keys and rows_found:
            first, last = keys.index("自然人"), len(keys) - 1 - keys[::-1].index("总计")
            if last - first == 6:
                return first, last
    if rows_found < 3:
        return None  # not table 三, nor a part of it continued on another page
    return width - 7, width - 1


@dataclass
class _Pending:
    """The last data row written, whose label a following row may continue."""

    lines: list[str]
    at: int
    labels: list[str]
    values: list[str]


def table_lines(grid: Grid, carry: _Pending | None = None) -> tuple[list[str], _Pending | None]:
    """The grid's rows as text lines, table 三's data rows as a label and exactly seven cells.

    A label wrapped onto a row of its own (a PDF draws "7.属于行" / "政执法案卷" as two rows, the
    numbers on the first) is joined back to the row that holds the numbers, also when a page break
    put the two rows in two grids (``carry``: the previous grid's last data row); the wrapped row's
    own line stays, empty, so that line numbers still match :meth:`Grid.lines`. Returns the lines
    and the last data row, for the next grid.
    """
    columns = _value_columns(grid)
    if columns is None:
        return grid.lines(), None
    first, last = columns
    out: list[str] = []
    pending = carry
    for row, copies in zip(grid.rows, grid.spanned, strict=True):
        shown = [" ".join(cell.split()) if not copy else "" for cell, copy in zip(row, copies, strict=True)]
        if not any(shown):
            continue
        labels = shown[:first]
        values = shown[first : last + 1] + [""] * max(0, 7 - (last + 1 - first))
        if not any(labels) or not all(_is_value(v) for v in values):
            out.append("\t".join(shown).rstrip("\t"))
            pending = None
            continue
        if (
            pending is not None
            and not any(values)
            and not _ROW_LABEL.search(compact(" ".join(pending.labels)))
        ):
            pending.lines[pending.at] = _data_line(_join_labels(pending.labels, labels), pending.values)
            out.append("")
            pending = None
            continue
        out.append(_data_line(labels, values))
        pending = _Pending(out, len(out) - 1, labels, values) if any(values) else None
    return out, pending


def _join_labels(before: list[str], after: list[str]) -> list[str]:
    """A wrapped label's two parts, cell by cell when the cells pair up, else one after the other."""
    first, second = [c for c in before if c], [c for c in after if c]
    if len(first) == len(second):
        return [a + b for a, b in zip(first, second, strict=True)]
    return ["".join(first) + "".join(second)]


def _data_line(labels: list[str], values: list[str]) -> str:
    label = " ".join(dict.fromkeys(cell for cell in labels if cell))
    return "\t".join([label, *(v or _BLANK for v in values)])


def parse_text(doc: Document) -> str:
    """The document as text for the extractors: blocks as lines, grids through :func:`table_lines`.

    It has the same lines as :meth:`Document.text` (the indexed text), so line numbers agree.
    """
    parts: list[list[str]] = []
    carry: _Pending | None = None
    for item in doc.items:
        if isinstance(item, Grid):
            lines, carry = table_lines(item, carry)
            parts.append(lines)
        else:
            parts.append([item.text])
            carry = None
    return "\n".join(line for lines in parts for line in lines)
