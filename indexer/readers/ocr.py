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
_SCALE = 72 / _DPI  # pixels to points
_DARK = 128  # grey level below which a pixel is ink
_MIN_RULE = 72  # pixels (about 6 mm): longer than a character's stroke, shorter than a table's row

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
    image = page.render(scale=_DPI / 72, grayscale=True).to_numpy()
    grey = image[..., 0] if image.ndim == 3 else image
    dark = grey < _DARK
    across = _runs(dark, _MIN_RULE)
    down = _runs(dark.T, _MIN_RULE).T
    rules = _segments(across, "h") + _segments(down.T, "v")
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
    return _words(done.stdout), rules


def _runs(dark: Any, length: int) -> Any:
    """The pixels of horizontal runs of at least ``length`` dark pixels (each row on its own)."""
    rows, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    total = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(dark, axis=1, out=total[:, 1:])
    full = (total[:, length:] - total[:, :-length]) == length  # a window of `length` starting here is all ink
    starts = np.zeros((rows, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    column = np.arange(width)
    low = np.clip(column - length + 1, 0, full.shape[1])
    high = np.clip(column + 1, 0, full.shape[1])
    return (starts[:, high] - starts[:, low]) > 0  # covered by a full window


def _grown(mask: Any, axis: int) -> Any:
    """The mask and its neighbours across the rule (the grey fringe a scan leaves beside a line)."""
    grown = mask.copy()
    for step in (-2, -1, 1, 2):
        grown |= np.roll(mask, step, axis=axis)
    return grown


def _segments(mask: Any, orientation: str) -> list[Rule]:
    """Each row's runs of the mask as rules in points (rows are columns for vertical rules)."""
    rules: list[Rule] = []
    for row in np.flatnonzero(mask.any(axis=1)):
        padded = np.concatenate(([0], mask[row].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            a, b, at = start * _SCALE, end * _SCALE, (row + 0.5) * _SCALE
            rules.append((orientation, a, at, b, at) if orientation == "h" else (orientation, at, a, at, b))
    return rules


def _words(tsv: str) -> list[Word]:
    """Words with their boxes, in points, from tesseract's TSV output."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = (int(value) for value in fields[6:10])
        box = (left * _SCALE, top * _SCALE, (left + width) * _SCALE, (top + height) * _SCALE)
        words.append((*box, fields[11].strip()))
    return words
