"""Tables that arrive as grids (HTML, Word, PDF) turned into rows the table parser reads exactly.

A grid keeps every cell in its column, so an empty cell is known to be empty and each number is
known to sit under its header. Table 三's value columns are found from its header (自然人 … 总计),
or, without one, as the last seven columns; each data row becomes ``label \\t v1 … v7`` with an
empty cell written as a dash, which the parser reads as a missing value (None), never 0.
"""

from __future__ import annotations

import re

from indexer.extract.normalize import compact
from indexer.readers.model import Document, Grid

_NUMBER = re.compile(r"^[+\-]?[\d,]+(?:\.\d+)?(?:万元|元|件|条|个|项)?$")
_EMPTY = re.compile(r"^(?:[-—–_/\\*]+|无|/)?$")
_BLANK = "—"


def _is_value(text: str) -> bool:
    key = compact(text)
    return bool(_NUMBER.match(key) or _EMPTY.match(key))


def _value_columns(grid: Grid) -> tuple[int, int] | None:
    """(first, last) column of table 三's seven values, or None when the grid is not table 三."""
    width = max((len(row) for row in grid.rows), default=0)
    labels = " ".join(compact(" ".join(row)) for row in grid.rows[:40])
    if width < 8 or not ("本年新收" in labels and "结转" in labels):
        return None
    for row in grid.rows[:6]:
        keys = [compact(cell) for cell in row]
        if "自然人" in keys and "总计" in keys:
            first, last = keys.index("自然人"), len(keys) - 1 - keys[::-1].index("总计")
            if last - first == 6:
                return first, last
    return width - 7, width - 1


def table_lines(grid: Grid) -> list[str]:
    """The grid's rows as text lines, table 三's data rows as a label and exactly seven cells."""
    columns = _value_columns(grid)
    if columns is None:
        return grid.lines()
    first, last = columns
    out: list[str] = []
    for row, copies in zip(grid.rows, grid.spanned, strict=True):
        shown = [cell if not copy else "" for cell, copy in zip(row, copies, strict=True)]
        if not any(" ".join(cell.split()) for cell in shown):
            continue
        label_cells = [" ".join(c.split()) for c in shown[:first] if c.strip()]
        label = " ".join(dict.fromkeys(label_cells))
        values = [" ".join(c.split()) for c in shown[first : last + 1]]
        values += [""] * (7 - len(values))
        if label and all(_is_value(v) for v in values):
            out.append("\t".join([label, *(v or _BLANK for v in values)]))
        else:
            out.append("\t".join(" ".join(c.split()) for c in shown).rstrip("\t"))
    return out


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
