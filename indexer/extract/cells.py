"""Flattened tables as a stream of cells, and the numbers inside cells.

Converted reports lay tables out in three ways, often mixed in one file: one row per line
with tab-separated cells; one cell per line, indented by a tab, rows separated by empty
lines; or cells separated by spaces (from PDF). All three become one list of cells.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

from indexer.extract.normalize import compact


class Kind(Enum):
    NUMBER = "number"
    BLANK = "blank"
    TEXT = "text"


class Cell(NamedTuple):
    """One table cell: its text, its whitespace-free key, its line, and what it holds."""

    text: str
    key: str
    line: int
    kind: Kind
    value: int | float | None = None
    unit: str = ""


_NUMBER = re.compile(r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项|次|场|人次)?$")
_BLANK = re.compile(r"^(?:[-—–_/\\*]+|/?|无数据|暂无)$")
_ZERO_WORDS = {"无", "零", "〇"}
_SPACED_TOKEN = r"(?:[+\-]?\d[\d,]*(?:\.\d+)?(?:\s*万元)?|[—–/]+|-)"
_TRAILING_NUMBERS = re.compile(
    rf"^(?:(?P<label>.*?[^\d\s.,+\-—–/])\s+)?(?P<nums>{_SPACED_TOKEN}(?:\s+{_SPACED_TOKEN})*)$"
)


def make_cell(text: str, line: int) -> Cell:
    """Classify one cell's text."""
    if text.isdigit() and text.isascii():  # the common case, fast
        return Cell(text, text, line, Kind.NUMBER, int(text))
    text = text.strip()
    if not text:
        return Cell(text, text, line, Kind.BLANK)
    key = compact(text)
    if not key or _BLANK.match(key):
        return Cell(text, key, line, Kind.BLANK)
    if key in _ZERO_WORDS:
        return Cell(text, key, line, Kind.NUMBER, 0)
    match = _NUMBER.match(key)
    if match:
        sign, digits, fraction, unit = match.groups()
        digits = digits.replace(",", "")
        value: int | float = float(digits + fraction) if fraction else int(digits)
        if sign == "-":
            value = -value
        return Cell(text, key, line, Kind.NUMBER, value, unit or "")
    return Cell(text, key, line, Kind.TEXT)


def _split_spaced(text: str) -> list[str]:
    """Split "规章 0 0 0" or "0 0 0" (space-separated PDF rows) into cells."""
    text = text.strip()
    if " " not in text:
        return [text]
    match = _TRAILING_NUMBERS.match(text)
    if not match:
        return [text]
    label = match.group("label")
    numbers = re.sub(r"\s+万元", "万元", match.group("nums")).split()
    if not any(ch.isdigit() for ch in match.group("nums")) or (label is None and len(numbers) < 2):
        return [text]
    return ([label] if label else []) + numbers


_CONTINUATION_MAX = 12  # a word-processor cell wrapped onto a new line is a short fragment


def cells_of(lines: list[str], start: int = 0, end: int | None = None) -> list[Cell]:
    """Flatten lines[start:end] into cells (blank cells kept, empty lines dropped).

    In the one-cell-per-line layout a cell whose text was wrapped ("商业" / "企业") continues
    on a line without the leading tab; such a fragment is joined to the text cell before it.
    """
    cells: list[Cell] = []
    add = cells.append
    stop = len(lines) if end is None else end
    last_was_single = False  # the last non-empty line was a "\tX" cell
    gap = 0  # empty lines since then
    for number in range(start, stop):
        line = lines[number]
        if "\t" in line:
            single = line[0] == "\t" and line.count("\t") == 1  # one cell per line, indented
            for part in (line[1:],) if single else line.split("\t"):
                if " " in part:
                    cells.extend(make_cell(piece, number) for piece in _split_spaced(part))
                else:
                    add(make_cell(part, number))
            last_was_single, gap = single, 0
            continue
        text = line.strip()
        if not text:
            gap += 1
            continue
        if last_was_single and gap <= 1 and cells and _continues(cells[-1], text):
            prev = cells[-1]
            cells[-1] = make_cell(prev.text + text, prev.line)
        else:
            cells.extend(make_cell(piece, number) for piece in _split_spaced(text))
            last_was_single = False
        gap = 0
    return cells


def _continues(prev: Cell, text: str) -> bool:
    """Whether a tab-less line is the wrapped tail of the text cell before it."""
    if prev.kind is not Kind.TEXT or len(compact(text)) > _CONTINUATION_MAX:
        return False
    return make_cell(text, 0).kind is Kind.TEXT and not re.match(r"^[一二三四五六][、.．]", text)
