"""A scanned page's words and ruled lines, by OCR.

A scan has no text layer and no drawn rules, so both come from the page's image: the rules are long
runs of dark pixels, found with numpy and then erased, so that tesseract reads the table's figures
as words instead of taking the grid for noise; tesseract's TSV output gives each word with its box.
The PDF reader lays the words out and rebuilds the tables from the rules as it does for a text layer.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium

_DPI = 300
_MAX_SIDE = 3600  # pixels on a page's longer side (an A4 page at 300 dpi is 3508)
_MAX_RULE_WIDTH = 7  # pixels: a rule's thickness, blurred by the scan (a 22 pt heading's stroke is 8 or more)
_DARK = 128  # grey level below which a pixel is ink
# pixels: a horizontal rule is longer than a large heading's stroke (30 pt: about 125), and a vertical
# one, which may be only a row high, must meet a horizontal rule at one of its ends
_MIN_ACROSS = 150
_MIN_DOWN = 60
_MEET = 4  # pixels between a vertical rule's end and a horizontal rule

Word = tuple[float, float, float, float, str]  # x0, top, x1, bottom (points, top-down), text
Rule = tuple[str, float, float, float, float]  # "h" or "v", x0, top, x1, bottom (points)


def tesseract_ready() -> bool:
    """Whether tesseract and its simplified-Chinese model are installed."""
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in (langs.stdout + langs.stderr).split()


def scan_page(page: pdfium.PdfPage, folder: Path) -> tuple[list[Word], list[Rule]]:
    """The words tesseract reads on the page and the ruled lines drawn on it; OSError or
    subprocess.SubprocessError when tesseract cannot run."""
    scale = min(_DPI / 72, _MAX_SIDE / max(page.get_width(), page.get_height(), 1))  # a poster stays A4-sized
    image = page.render(scale=scale, grayscale=True).to_numpy()
    grey = image[..., 0] if image.ndim == 3 else image
    across, down = rule_masks(grey < _DARK)
    rules = _segments(across, "h", 1 / scale) + _segments(down.T, "v", 1 / scale)
    clean = grey.copy()
    clean[_grown(across, axis=0) | _grown(down, axis=1)] = 255
    path = folder / "page.pgm"
    height, width = clean.shape
    path.write_bytes(
        b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(clean, dtype=np.uint8).tobytes()
    )
    done = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return _words(done.stdout, 1 / scale), rules


def rule_masks(dark: Any) -> tuple[Any, Any]:
    """The pixels of a page image's horizontal and vertical rules (boolean masks of its shape):
    long thin runs of ink across, and thin runs down that meet one of them."""
    across = _thin(_runs(dark, _MIN_ACROSS))
    return across, _joined(_thin(_runs(dark.T, _MIN_DOWN)).T, across)


def _runs(dark: Any, length: int) -> Any:
    """The pixels of horizontal runs of at least ``length`` dark pixels (each row on its own)."""
    rows, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    kind = np.int16 if width < 32_000 else np.int32  # half the memory of the running sums
    total = np.zeros((rows, width + 1), dtype=kind)
    np.cumsum(dark, axis=1, out=total[:, 1:])
    full = (total[:, length:] - total[:, :-length]) == length  # a window of `length` starting here is all ink
    starts = np.zeros((rows, full.shape[1] + 1), dtype=kind)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    column = np.arange(width)
    low = np.clip(column - length + 1, 0, full.shape[1])
    high = np.clip(column + 1, 0, full.shape[1])
    return (starts[:, high] - starts[:, low]) > 0  # covered by a full window


def _thin(mask: Any) -> Any:
    """A run mask without its thick parts: a table's rule is a few pixels thick, the stroke of a large
    heading's character is not (rows are the runs' direction; thickness is counted across them)."""
    thick = _runs(mask.T, _MAX_RULE_WIDTH + 1).T
    return mask & ~thick


def _joined(down: Any, across: Any) -> Any:
    """The vertical runs of ``down`` that end on (or cross) a horizontal rule of ``across``."""
    near = _grown(_grown(across, axis=0, reach=_MEET), axis=1, reach=_MEET)
    kept = np.zeros_like(down)
    columns = down.T
    for x in np.flatnonzero(columns.any(axis=1)):
        padded = np.concatenate(([0], columns[x].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if near[start, x] or near[end - 1, x] or near[start:end, x].any():
                kept[start:end, x] = True
    return kept


def _grown(mask: Any, axis: int, reach: int = 2) -> Any:
    """The mask and its neighbours across the rule (the grey fringe a scan leaves beside a line)."""
    grown = mask.copy()
    for step in range(1, reach + 1):
        grown |= np.roll(mask, step, axis=axis) | np.roll(mask, -step, axis=axis)
    return grown


def _segments(mask: Any, orientation: str, to_points: float) -> list[Rule]:
    """Each row's runs of the mask as rules in points (rows are columns for vertical rules)."""
    rules: list[Rule] = []
    for row in np.flatnonzero(mask.any(axis=1)):
        padded = np.concatenate(([0], mask[row].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            a, b, at = start * to_points, end * to_points, (row + 0.5) * to_points
            rules.append((orientation, a, at, b, at) if orientation == "h" else (orientation, at, a, at, b))
    return rules


def _words(tsv: str, to_points: float) -> list[Word]:
    """Words with their boxes, in points, from tesseract's TSV output."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = (int(value) for value in fields[6:10])
        box = (left * to_points, top * to_points, (left + width) * to_points, (top + height) * to_points)
        words.append((*box, fields[11].strip()))
    return words
