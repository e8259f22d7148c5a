"""Tables that arrive as grids (HTML, Word, PDF) turned into rows the table parser reads exactly.

A grid keeps every cell in its column, so an empty cell is known to be empty and each number is
known to sit under its header. Table 三's value columns are found from its header (自然人 … 总计),
or, without one, as the last seven columns; each data row becomes ``label \\t v1 … v7`` with an
empty cell written as a dash, which the parser reads as a missing value (None), never 0.
"""

from __future__ import annotations

import re

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
    labels = [compact(" ".join(row[: max(width - 7, 1)])) for row in grid.rows]
    if width < 8 or sum(1 for label in labels if _ROW_LABEL.search(label)) < 3:
        return None  # not table 三, nor a part of it continued on another page
    for row in grid.rows[:6]:
        keys = [compact(cell) for cell in row]
        if "自然人" in keys and "总计" in keys:
            first, last = keys.index("自然人"), len(keys) - 1 - keys[::-1].index("总计")
            if last - first == 6:
                return first, last
    return width - 7, width - 1


def table_lines(grid: Grid) -> list[str]:
    """The grid's rows as text lines, table 三's data rows as a label and exactly seven cells.

    A label wrapped onto a row of its own (a PDF draws "7.属于行" / "政执法案卷" as two rows, the
    numbers on the first) is joined back, column by column, to the row that holds the numbers;
    its own line stays, empty, so that line numbers still match :meth:`Grid.lines`.
    """
    columns = _value_columns(grid)
    if columns is None:
        return grid.lines()
    first, last = columns
    out: list[str] = []
    pending: tuple[int, list[str], list[str]] | None = None  # (line index, label cells, values)
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
        if pending is not None and not any(values) and not _ROW_LABEL.search(compact(" ".join(pending[1]))):
            at, before, kept = pending
            joined = [a + b for a, b in zip(before, labels, strict=True)]
            out[at] = _data_line(joined, kept)
            out.append("")
            pending = None
            continue
        out.append(_data_line(labels, values))
        pending = (len(out) - 1, labels, values) if any(values) else None
    return out


def _data_line(labels: list[str], values: list[str]) -> str:
    label = " ".join(dict.fromkeys(cell for cell in labels if cell))
    return "\t".join([label, *(v or _BLANK for v in values)])


def parse_text(doc: Document) -> str:
    """The document as text for the extractors: blocks as lines, grids through :func:`table_lines`.

    It has the same lines as :meth:`Document.text` (the indexed text), so line numbers agree.
    """
    parts: list[str] = []
    for item in doc.items:
        if isinstance(item, Grid):
            parts.extend(table_lines(item))
        else:
            parts.append(item.text)
    return "\n".join(parts)
