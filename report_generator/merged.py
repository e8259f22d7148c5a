"""A table's grid with merged cells, as Word and HTML tables have them (for the html and docx formats).

The text grid (:class:`~report_generator.tables.Table`) marks a cell merged into the one on its
left with None and leaves the cells below a tall label empty.  Here those become spans: an anchor
cell with ``rowspan``/``colspan``, and None at the positions it covers.  Table 三's label columns
are rebuilt from the template's wording (a label spread down the column by the ``vertical_headers``
noise, or split over two rows, is one merged cell in a real table); the row titles keep their noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from report_generator.tables import Table, t3_skeleton


@dataclass(slots=True)
class Cell:
    """An anchor cell: its text, its spans, and whether it holds a value (not a label)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False


def label_rows(tab: Table, template: str) -> list[list[str | None]]:
    """The table's rows with table 三's label columns in their clean, merged-cell form."""
    rows = [list(cells) for cells in tab.rows]
    if tab.name != "3":
        return rows
    data = [n for n, head in enumerate(tab.header) if not head]
    for n, (_key, head, _telling) in zip(data, t3_skeleton(template), strict=False):
        title_at = max(k for k, cell in enumerate(head) if cell is not None)
        for k, cell in enumerate(head):
            if k < len(rows[n]) and k != title_at:
                rows[n][k] = cell
    return rows


def merged_grid(tab: Table, template: str) -> list[list[Cell | None]]:
    """Rows of anchor cells (None where a merged cell covers the position), all of the same width."""
    rows = label_rows(tab, template)
    width = max(len(cells) for cells in rows)
    grid: list[list[Cell | None]] = []
    owner: list[list[Cell | None]] = []  # the anchor covering each position
    for n, cells in enumerate(rows):
        refs = tab.refs[n]
        line: list[Cell | None] = []
        owners: list[Cell | None] = []
        for k in range(width):
            text = cells[k] if k < len(cells) else ""
            if text is None and line:  # merged into the cell on its left
                left = owners[-1]
                assert left is not None
                if owners.count(left) == left.colspan:  # widen only the last anchor
                    left.colspan += 1
                line.append(None)
                owners.append(left)
                continue
            text = text or ""
            value = k < len(refs) and refs[k] is not None
            above = owner[n - 1][k] if n else None
            colspan = 1
            while k + colspan < len(cells) and cells[k + colspan] is None:
                colspan += 1
            if (
                not text
                and not value
                and k < len(cells)
                and above is not None
                and above.text
                and not above.value
                and above.colspan == colspan
                and _starts_at(owner[n - 1], above, k)
            ):
                above.rowspan += 1
                line.append(None)
                owners.append(above)
                continue
            cell = Cell(text, value=value)
            line.append(cell)
            owners.append(cell)
        anchor = owners[len(cells) - 1] if cells else None
        cut_row = tab.cut and n == len(rows) - 1
        if len(cells) < width and anchor is not None and anchor.rowspan == 1 and not cut_row:
            # a narrower block of table 二: its last cell spans the rest of the width
            for k in range(len(cells), width):
                line[k] = None
                owners[k] = anchor
            anchor.colspan += width - len(cells)
        grid.append(line)
        owner.append(owners)
    return grid


def _starts_at(owners: list[Cell | None], anchor: Cell, k: int) -> bool:
    """Whether `anchor` begins at column k in a row's owners (so a rowspan keeps its columns)."""
    return (k == 0 or owners[k - 1] is not anchor) and owners[k] is anchor
