"""Text whose lines were lost: a body on one line, table cells glued into runs of digits.

Crawlers and converters often keep a page's text on one line and write a table row's cells
without separators (``（一）予以公开7000007`` is 7|0|0|0|0|0|7). Lines are put back before the
section headings and table 三's rows, and a run of digits is split into cells only when the
table's own rule admits exactly one split: the 总计 column equals the six applicant columns
(table 三), each group's 总计 equals its four results (table 四). Otherwise the cells stay
empty (None) and a warning says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from indexer.extract.table_schema import TABLE3_ROWS

LONG_LINE = 600  # a line this long that holds several section headings is a whole body
_SECTION_HEADING = re.compile(
    r"(?<![\d（(])(?=[一二三四五六]、\s*(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|因政府信息公开|"
    r"政府信息公开工作存在|存在的主要问题|主要问题|其他需要报告))"
)
# table 三's rows in order, each with the optional item number that precedes its label
_ROW_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (row.key, re.compile(rf"(?:\d[.．、]\s*)?(?:{row.label.strip('^$')})[^\d\n\t]{{0,40}}?(?=[ ]*\d)"))
    for row in TABLE3_ROWS
    if row.key not in ("other_misc",)
)
_DIGITS = re.compile(r"[\d ]+")
_TABLE4_HEAD = re.compile(r"结果维持\s*结果纠正\s*其他结果\s*尚未审结\s*总计")
_MAX_SPLITS = 2  # stop counting splits past this: more than one is already ambiguous


def break_body_lines(text: str) -> str:
    """Put line breaks back before the section headings of a body written on one line."""
    if all(len(line) < LONG_LINE for line in text.split("\n")):
        return text
    out = []
    for line in text.split("\n"):
        if len(line) >= LONG_LINE and len(_SECTION_HEADING.findall(line)) >= 2:
            line = _SECTION_HEADING.sub("\n", line)
        out.append(line)
    return "\n".join(out)


def has_glued_table(text: str) -> bool:
    """Whether table 三's first row is followed by a run of digits that is not seven cells."""
    match = re.search(r"本年新收[^\t\n\d]{0,20}?([\d \-—–/*]{7,})(?=[\u4e00-\u9fff（(])", text)
    if not match or "\t" in match.group(0):
        return False
    tokens = match.group(1).split()
    # PDF rows separate their cells by spaces (a cell may be missing); glued rows have few, long runs
    return len(tokens) <= 3 and all(t.isdigit() for t in tokens) and sum(len(t) for t in tokens) >= 7


def _splits(digits: str, parts: int) -> Iterator[list[int]]:
    """Ways to cut a run of digits into `parts` numbers (no leading zeros but a lone 0)."""
    if parts == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield [int(digits)]
        return
    longest = 1 if digits[:1] == "0" else len(digits) - parts + 1
    for size in range(1, longest + 1):
        for rest in _splits(digits[size:], parts - 1):
            yield [int(digits[:size]), *rest]


# digit runs differ from report to report: the cache is bounded, or a long run's memory grows
@lru_cache(maxsize=4096)
def split_row(digits: str, groups: int = 1) -> tuple[int, ...] | None:
    """The one split of a run into `groups` groups of (parts…, total) whose totals add up, else None.

    Table 三 is one group of six parts and a total; table 四 three groups of four and a total.
    """
    parts = 7 if groups == 1 else 5
    found: list[tuple[int, ...]] = []

    def search(rest: str, remaining: int, acc: tuple[int, ...]) -> None:
        if len(found) >= _MAX_SPLITS:
            return
        if remaining == 0:
            if not rest:
                found.append(acc)
            return
        for size in range(parts, len(rest) - (remaining - 1) * parts + 1):
            for cells in _splits(rest[:size], parts):
                if sum(cells[:-1]) == cells[-1]:
                    search(rest[size:], remaining - 1, acc + tuple(cells))
                    if len(found) >= _MAX_SPLITS:
                        return

    search(digits, groups, ())
    return found[0] if len(found) == 1 else None


def unglue_tables(text: str, warnings: list[str]) -> str:
    """Table 三's and 四's glued rows rewritten as tab-separated cells on lines of their own."""
    if not has_glued_table(text):
        return text
    text = _unglue_table3(text, warnings)
    return _unglue_table4(text, warnings)


def _unglue_table3(text: str, warnings: list[str]) -> str:
    rows: list[tuple[int, int, str, str]] = []  # (start, end of value run, label, digits)
    pos = 0
    for key, pattern in _ROW_LABELS:
        match = pattern.search(text, pos)
        if match is None or (rows and match.start() - rows[-1][1] > 400):
            continue
        run = _DIGITS.match(text, match.end())
        digits = run.group(0) if run else ""
        end = match.end() + len(digits)
        if end < len(text) and text[end] in ".．、" and digits.rstrip()[-1:].isdigit():
            digits = digits.rstrip()[:-1]  # that digit numbers the next row's label
            end = match.end() + len(digits)
        rows.append((match.start(), end, key, digits))
        pos = end
    if len(rows) < 3:
        return text
    lines = []
    for _, _, key, digits in rows:
        tokens = digits.split()
        if len(tokens) == 7:
            cells: tuple[int, ...] | None = tuple(int(t) for t in tokens)
        else:
            cells = split_row("".join(tokens)) if tokens else None
            if tokens and cells is None:
                warnings.append(
                    f"table3: {key}: the digits {''.join(tokens)} admit no single split; cells left empty"
                )
        values = [str(v) for v in cells] if cells else ["—"] * 7
        lines.append("\t".join([_LABELS[key], *values]))
    start, end = rows[0][0], rows[-1][1]
    return text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:]


def _unglue_table4(text: str, warnings: list[str]) -> str:
    heads = list(_TABLE4_HEAD.finditer(text))
    if len(heads) < 2:
        return text
    last = heads[-1]
    run = _DIGITS.match(text, last.end())
    if run is None:
        return text
    tokens = run.group(0).split()
    if len(tokens) == 15:
        return text
    cells = split_row("".join(tokens), groups=3)
    if cells is None:
        warnings.append(f"table4: the digits {''.join(tokens)} admit no single split; cells left empty")
        return text
    header = "\t".join(["行政复议", "行政诉讼", *_TABLE4_RESULTS])
    values = "\t".join(str(v) for v in cells)
    return text[: last.end()] + "\n" + header + "\n" + values + "\n" + text[run.end() :]


_LABELS = {row.key: row.title for row in TABLE3_ROWS}
_TABLE4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
