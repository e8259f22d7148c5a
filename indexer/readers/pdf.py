"""Read a report published as a PDF: running text as paragraphs, ruled tables as grids.

PDFium (pypdfium2) gives the characters with their boxes and the vector paths of each page, which
is many times faster than pdfminer. Visible rule lines become edges; pdfplumber's table geometry
(``merge_edges`` → intersections → cells → tables) turns them into tables, whose cells are laid on
a row × column grid so that merged cells expand into copies. Characters inside a table go to its
cells; the rest form lines, then paragraphs, in vertical order with the tables where they occur.
"""

from __future__ import annotations

import ctypes
import os
import re
import statistics
import subprocess
import tempfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from indexer.errors import ReportError
from indexer.readers.meta import clean_text, join_lines, report_title
from indexer.readers.model import Block, BlockKind, Document, Grid, Item, PageMeta
from indexer.readers.ocr import scan_page, tesseract_ready

_SNAP = 3.0  # points: rule lines closer than this are one line
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_SECTION_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


@dataclass(slots=True)
class _Char:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float  # font size in points
    space: bool = False  # the text layer has a space before this character


@dataclass(slots=True)
class _Line:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float


@dataclass(slots=True)
class _Page:
    """One page's content in vertical order: text lines and grids, with the page height."""

    height: float
    elements: list[tuple[float, _Line | Grid]] = field(default_factory=list)


def read_pdf(path: Path, data: bytes) -> Document:
    """Read a PDF's text layer into a Document; ReportError when encrypted, broken or scanned."""
    pdf = _open(path, data)
    try:
        pages, damaged = _read_pages(path, pdf)
        pages_named = ", ".join(map(str, damaged))
        named = f"page {pages_named} could not be loaded (damaged): its text is missing"
        if len(damaged) > 1:
            named = f"pages {pages_named} could not be loaded (damaged): their text is missing"
        warnings = [f"PDF {named}"] if damaged else []
        title = _info_title(pdf)
        if not any(page.elements for page in pages):
            items = _ocr_or_fail(path, pdf, damaged)
            warnings.append("text from OCR (tesseract chi_sim): expect misread characters")
        else:
            items = _assemble(pages)
    finally:
        pdf.close()
    return Document(path=str(path), format="pdf", items=items, meta=PageMeta(title=title), warnings=warnings)


def _read_pages(path: Path, pdf: pdfium.PdfDocument) -> tuple[list[_Page], list[int]]:
    """The pages PDFium can load, and the numbers of those it cannot (a damaged file); ReportError
    when it can load none."""
    pages: list[_Page] = []
    damaged: list[int] = []
    for number in range(len(pdf)):
        try:
            pages.append(_read_page(pdf[number]))
        except pdfium.PdfiumError:
            damaged.append(number + 1)
    if damaged and not pages:
        raise ReportError(path, "not a readable PDF: none of its pages could be loaded")
    return pages, damaged


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    """Open with PDFium; encrypted and unparseable files become ReportError with the reason."""
    if b"%PDF" not in data[:1024]:
        raise ReportError(path, "not a readable PDF: no %PDF header")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise ReportError(path, "encrypted PDF: needs a password") from exc
        raise ReportError(path, f"not a readable PDF: {exc}") from exc


def _info_title(pdf: pdfium.PdfDocument) -> str | None:
    """The info dictionary's Title when it names a report (weak evidence; dates are not taken)."""
    try:
        return report_title(pdf.get_metadata_dict().get("Title"))
    except (pdfium.PdfiumError, ValueError):  # ValueError: a damaged string (UnicodeDecodeError)
        return None


# -- one page -------------------------------------------------------------------------------------


def _read_page(page: pdfium.PdfPage) -> _Page:
    height = page.get_height()
    return _layout(_chars(page, height), _edges(page, height), height)


def _layout(chars: list[_Char], edges: list[dict[str, Any]], height: float) -> _Page:
    """A page's lines and the grids its rules draw, with the characters inside them, in order."""
    tables = _tables(edges)
    result = _Page(height)
    free: list[_Char] = []
    placed = [_TableChars(cells) for cells in tables]
    for char in chars:
        if not any(table.take(char) for table in placed):
            free.append(char)
    for table in placed:
        grid = table.grid()
        if grid is not None:
            result.elements.append((table.top, grid))
        else:
            free.extend(table.chars)
    result.elements.extend((line.top, line) for line in _lines(free))
    result.elements.sort(key=lambda element: element[0])
    return result


def _chars(page: pdfium.PdfPage, height: float) -> list[_Char]:
    """The page's visible characters with top-down boxes (PDFium's generated spaces dropped)."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        exact = len(text) == count
        chars: list[_Char] = []
        space = False
        for i in range(count):
            ch = text[i] if exact else chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if ch.isspace() or ch == "\x00":
                space = True
                continue
            box = _char_box(textpage, i)
            if box is None:
                continue
            left, bottom, right, top = box
            size = (right - left) if _is_cjk(ch) else 0.8 * (top - bottom)
            chars.append(_Char(left, height - top, right, height - bottom, ch, size, space))
            space = False
        return chars
    finally:
        textpage.close()


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _char_box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float, float, float] | None:
    """The loose box (font ascent to descent), or the tight box where the loose one is implausible."""
    left, bottom, right, top = textpage.get_charbox(index, loose=True)
    t_left, t_bottom, t_right, t_top = textpage.get_charbox(index)
    if right - left > 2 * (t_right - t_left) + 4 or top - bottom > 3 * (t_top - t_bottom) + 4:
        left, bottom, right, top = t_left, t_bottom, t_right, t_top
    return (left, bottom, right, top) if right > left else None


def _lines(chars: list[_Char]) -> list[_Line]:
    """Group characters into lines: vertical overlap with the line's band, then left to right."""
    lines: list[list[_Char]] = []
    band = (0.0, 0.0)
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        middle = (char.top + char.bottom) / 2
        if lines and band[0] <= middle <= band[1]:
            lines[-1].append(char)
        else:
            lines.append([char])
            band = (char.top, char.bottom)
    return [_make_line(line) for line in lines]


def _make_line(chars: list[_Char]) -> _Line:
    chars.sort(key=lambda c: c.x0)
    size = statistics.median(c.size for c in chars)
    parts = [chars[0].text]
    for prev, char in zip(chars, chars[1:], strict=False):
        if char.space or char.x0 - prev.x1 > 0.3 * size:
            parts.append(" ")
        parts.append(char.text)
    text = clean_text("".join(parts))
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    return _Line(chars[0].x0, top, max(c.x1 for c in chars), bottom, text, size)


# -- rule lines and tables --------------------------------------------------------------------------


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _visible(obj: pdfium.PdfObject) -> tuple[bool, bool]:
    """Whether the path is stroked, and filled, with a colour that shows on white paper."""
    fill_mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
    return (
        bool(stroke.value) and not _white(obj, pdfium_c.FPDFPageObj_GetStrokeColor),
        bool(fill_mode.value) and not _white(obj, pdfium_c.FPDFPageObj_GetFillColor),
    )


def _white(obj: pdfium.PdfObject, getter: Any) -> bool:
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not getter(obj.raw, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 245


def _edges(page: pdfium.PdfPage, height: float) -> list[dict[str, Any]]:
    """Horizontal and vertical rule lines drawn on the page (white background boxes ignored)."""
    edges: list[dict[str, Any]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=0):
        stroked, filled = _visible(obj)
        if not (stroked or filled):
            continue
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom
        if right - left < 2.5 or bottom - top < 2.5:  # a thin line or a thin filled box
            if right - left >= bottom - top:
                edges.append(_edge("h", left, (top + bottom) / 2, right, (top + bottom) / 2))
            else:
                edges.append(_edge("v", (left + right) / 2, top, (left + right) / 2, bottom))
        elif stroked:
            edges.extend(_segment_edges(obj, height))
        else:  # a coloured cell background: its outline
            edges += [_edge("h", left, top, right, top), _edge("h", left, bottom, right, bottom)]
            edges += [_edge("v", left, top, left, bottom), _edge("v", right, top, right, bottom)]
    return edges


def _segment_edges(obj: pdfium.PdfObject, height: float) -> list[dict[str, Any]]:
    """Axis-parallel straight segments of a stroked path, in top-down page coordinates."""
    matrix = obj.get_matrix()
    points: list[tuple[float, float, int, bool]] = []
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        px, py = matrix.on_point(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        points.append((px, height - py, kind, bool(pdfium_c.FPDFPathSegment_GetClose(segment))))
    edges = []
    start = prev = None
    for px, py, kind, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = (px, py)
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            edges.extend(_straight(prev, (px, py)))
        prev = (px, py)
        if close and start is not None:
            edges.extend(_straight(prev, start))
            prev = start
    return edges


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[dict[str, Any]]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= 1:
        return [_edge("h", min(ax, bx), ay, max(ax, bx), ay)]
    if abs(ax - bx) < 1 and abs(ay - by) >= 1:
        return [_edge("v", ax, min(ay, by), ax, max(ay, by))]
    return []


def _tables(edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    """Cell bboxes of each ruled table (pdfplumber's geometry on PDFium's edges)."""
    if len(edges) < 4:
        return []
    merged = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= _SNAP]
    merged += _closing_edges(merged)
    cells = intersections_to_cells(edges_to_intersections(merged, _SNAP, _SNAP))
    return [
        [(float(a), float(b), float(c), float(d)) for a, b, c, d in table] for table in cells_to_tables(cells)
    ]


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal rules where a table runs off the page: several verticals ending level, no rule there."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        for y in _cluster([e[end] for e in verticals]):
            xs = [e["x0"] for e in verticals if abs(e[end] - y) <= _SNAP]
            if len(xs) < 2:
                continue
            x0, x1 = min(xs), max(xs)
            covered = any(
                abs(h["top"] - y) <= _SNAP and h["x0"] <= x0 + _SNAP and h["x1"] >= x1 - _SNAP
                for h in horizontals
            )
            if not covered:
                added.append(_edge("h", x0, y, x1, y))
    return added


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


class _TableChars:
    """A table's cells on a row × column grid, collecting the characters that fall inside."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.xs = _cluster([v for c in cells for v in (c[0], c[2])])
        self.ys = _cluster([v for c in cells for v in (c[1], c[3])])
        self.top, self.bottom = self.ys[0], self.ys[-1]
        self.left, self.right = self.xs[0], self.xs[-1]
        self.owner: dict[tuple[int, int], int] = {}
        self.anchors: list[tuple[int, int]] = []
        for index, (x0, top, x1, bottom) in enumerate(cells):
            r0, r1 = self._index(self.ys, top), self._index(self.ys, bottom)
            c0, c1 = self._index(self.xs, x0), self._index(self.xs, x1)
            self.anchors.append((r0, c0))
            for r in range(r0, max(r1, r0 + 1)):
                for c in range(c0, max(c1, c0 + 1)):
                    self.owner.setdefault((r, c), index)
        self.cell_chars: list[list[_Char]] = [[] for _ in cells]
        self.chars: list[_Char] = []

    @staticmethod
    def _index(bounds: list[float], value: float) -> int:
        return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))

    def take(self, char: _Char) -> bool:
        """Add the character to its cell if its centre lies inside the table."""
        cx, cy = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        if not (self.left <= cx <= self.right and self.top <= cy <= self.bottom):
            return False
        self.chars.append(char)
        row, col = bisect_right(self.ys, cy) - 1, bisect_right(self.xs, cx) - 1
        index = self.owner.get((min(row, len(self.ys) - 2), min(col, len(self.xs) - 2)))
        if index is not None:
            self.cell_chars[index].append(char)
        return True

    def grid(self) -> Grid | None:
        """The table as a Grid, or None for a frame around text (fewer than 2 rows or columns)."""
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        if n_rows < 2 or n_cols < 2:
            return None
        texts = [join_lines(line.text for line in _lines(chars)) for chars in self.cell_chars]
        rows, spanned = [], []
        for r in range(n_rows):
            row, copies = [], []
            for c in range(n_cols):
                index = self.owner.get((r, c))
                row.append(texts[index] if index is not None else "")
                copies.append(index is not None and self.anchors[index] != (r, c))
            rows.append(row)
            spanned.append(copies)
        return Grid(rows, spanned)


# -- pages to blocks --------------------------------------------------------------------------------


@dataclass
class _Assembler:
    """Joins lines into paragraphs across lines and pages, and tables split over pages."""

    left: float
    right: float
    body_size: float
    items: list[Item] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)

    def add_line(self, line: _Line) -> None:
        if self.lines and self._breaks(self.lines[-1], line):
            self.flush()
        self.lines.append(line)

    def add_grid(self, grid: Grid, first_on_page: bool) -> None:
        self.flush()
        last = self.items[-1] if self.items else None
        if first_on_page and isinstance(last, Grid) and last.rows and len(last.rows[0]) == len(grid.rows[0]):
            last.rows.extend(grid.rows)
            last.spanned.extend(grid.spanned)
        else:
            self.items.append(grid)

    def _centered(self, line: _Line) -> bool:
        return line.x0 > self.left + 2 * self.body_size and line.x1 < self.right - 2 * self.body_size

    def _breaks(self, prev: _Line, line: _Line) -> bool:
        size = self.body_size
        if line.size > 1.15 * size and abs(line.size - prev.size) < 0.1 * size:
            return not (self._centered(prev) and self._centered(line))
        return (
            line.x0 > self.left + 0.8 * size
            or prev.x1 < self.right - 1.5 * size
            or abs(line.size - prev.size) > 0.2 * size
            or bool(_SECTION_HEAD.match(line.text))
        )

    def flush(self) -> None:
        if not self.lines:
            return
        text = join_lines(line.text for line in self.lines)
        large = statistics.median(line.size for line in self.lines) > 1.15 * self.body_size
        short_head = len(text) <= 40 and bool(_SECTION_HEAD.match(text))
        kind: BlockKind = "heading" if large or short_head else "paragraph"
        self.items.append(Block(text, kind))
        self.lines = []


def _is_page_number(line: _Line, height: float) -> bool:
    if _PAGE_NUMBER.match(line.text):
        return True
    in_margin = line.top > 0.9 * height or line.bottom < 0.08 * height
    return in_margin and bool(_BARE_NUMBER.match(line.text))


def _assemble(pages: list[_Page]) -> list[Item]:
    """Blocks and grids of all pages in order; page numbers dropped."""
    lines = [el for page in pages for _, el in page.elements if isinstance(el, _Line)]
    if lines:
        lefts, rights = sorted(line.x0 for line in lines), sorted(line.x1 for line in lines)
        left, right = lefts[len(lefts) // 10], rights[len(rights) * 9 // 10]
        size = statistics.median(line.size for line in lines)
    else:
        left, right, size = 0.0, 0.0, 10.0
    assembler = _Assembler(left, right, size)
    for page in pages:
        first = True
        for _, element in page.elements:
            if isinstance(element, Grid):
                assembler.add_grid(element, first)
            elif not _is_page_number(element, page.height):
                assembler.add_line(element)
            else:
                continue
            first = False
    assembler.flush()
    return assembler.items


# -- scanned PDFs -----------------------------------------------------------------------------------


def _ocr_or_fail(path: Path, pdf: pdfium.PdfDocument, damaged: list[int]) -> list[Item]:
    """OCR every page but the damaged ones (only with XXGK_OCR=1), else the scanned-PDF error; the
    words and the rules seen on each image are laid out as a text layer's would be."""
    scanned = "scanned PDF without a text layer"
    if damaged:  # or a damaged one: say which pages could not be loaded at all
        scanned += f" (pages not loaded: {', '.join(map(str, damaged))})"
    if os.environ.get("XXGK_OCR") != "1":
        raise ReportError(path, f"{scanned}: OCR it first")
    if not tesseract_ready():
        raise ReportError(path, f"{scanned}: OCR needs tesseract with chi_sim")
    pages: list[_Page] = []
    with tempfile.TemporaryDirectory(prefix="xxgk-ocr-") as tmp:
        for i in (i for i in range(len(pdf)) if i + 1 not in damaged):
            page = pdf[i]
            try:
                words, rules = scan_page(page, Path(tmp))
            except (OSError, subprocess.SubprocessError) as exc:
                raise ReportError(path, f"OCR failed on page {i + 1}: {exc}") from exc
            chars = [char for word in words for char in _word_chars(*word)]
            pages.append(_layout(chars, [_edge(*rule) for rule in rules], page.get_height()))
    items = _assemble(pages)
    if not items:
        raise ReportError(path, "scanned PDF without a text layer: OCR found no text")
    return items


def _word_chars(x0: float, top: float, x1: float, bottom: float, text: str) -> list[_Char]:
    """An OCR word as characters spread evenly over its box: a word read across a table's cells
    ("4000" over four cells of 4, 0, 0, 0) falls into each cell character by character."""
    step = (x1 - x0) / len(text)
    return [
        _Char(x0 + i * step, top, x0 + (i + 1) * step, bottom, ch, bottom - top, space=i == 0)
        for i, ch in enumerate(text)
    ]
