"""Finding the six fixed sections of a report in its cleaned text."""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION_KEYS = ("overview", "proactive", "requests", "review_litigation", "problems", "other")
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
_NUMERALS = "一二三四五六"
_KEYWORDS = (
    re.compile(r"总体情况|概述|基本情况|总体"),
    re.compile(r"主动公开"),
    re.compile(r"依申请|收到和处理|申请情况|申请公开"),
    re.compile(r"复议|诉讼"),
    re.compile(r"问题|改进|不足"),
    re.compile(r"其他需要报告|其他事项|其他需报告|其他"),
)
# The official titles, as (the words that begin one, the rest). A whole title stands alone as a
# heading without a numeral; the words that begin one head their section whatever numeral they
# carry: a report that adds a section ("五、信息处理费收取情况") numbers the ones after it
# differently ("六、存在的主要问题和改进情况").
_TITLES = (
    ("总体情况", ""),
    ("主动公开政府信息(?:的)?情况", ""),
    ("收到和处理政府信息公开申请", "(?:的)?情况"),
    ("政府信息公开行政复议", "[、,]?行政诉讼(?:的)?情况"),
    ("存在的主要问题", "及改进情况"),
    ("其他需要报告的事项", ""),
)
_BARE_TITLES = tuple(re.compile(f"^{begin}{rest}$") for begin, rest in _TITLES)
_OFFICIAL_TITLES = tuple(re.compile(f"^{begin}") for begin, _ in _TITLES)
_HEADING_NUMERALS = "一二三四五六七八"  # a report may add sections after the six
_NUMERAL = rf"^\s*([{_HEADING_NUMERALS}])\s*[、.．:：]\s*"  # "五、", "五." opening a heading line
_NUMBERED = re.compile(rf"{_NUMERAL}(.*)$")


@dataclass(frozen=True, slots=True)
class Section:
    """One section: its key, heading line, and the line span [start, end) of its body."""

    key: str
    heading: str
    start: int
    end: int


def find_sections(lines: list[str]) -> dict[str, Section]:
    """Locate the sections present, in order; missing ones are simply absent."""
    found: list[tuple[int, int, str]] = []  # (section index, line number, heading)
    expected = 0
    for number, line in enumerate(lines):
        index = _heading_index(line)
        if index is None or index < expected:
            continue
        found.append((index, number, line.strip()))
        expected = index + 1
        if expected == len(SECTION_KEYS):
            break
    _add_unheaded_problems(lines, found)
    sections: dict[str, Section] = {}
    for pos, (index, number, heading) in enumerate(found):
        end = found[pos + 1][1] if pos + 1 < len(found) else len(lines)
        key = SECTION_KEYS[index]
        sections[key] = Section(key, heading, number + 1, end)
    return sections


_PROBLEMS = SECTION_KEYS.index("problems")
# "（一）主要问题", "1.存在的问题": the first part of section 五, when its own heading was lost
_PROBLEMS_PART = re.compile(r"^(?:\([一1]\)|[一1][、.])?\s*(?:存在的?)?(?:主要)?问题(?:与不足|和不足)?:?$")


def _add_unheaded_problems(lines: list[str], found: list[tuple[int, int, str]]) -> None:
    """Section 五 without its heading, between 四 and 六, starts at its first part's subheading."""
    indexes = [index for index, _, _ in found]
    if _PROBLEMS in indexes or _PROBLEMS - 1 not in indexes:
        return
    before = indexes.index(_PROBLEMS - 1)
    stop = found[before + 1][1] if before + 1 < len(found) else len(lines)
    for number in range(found[before][1] + 1, stop):
        line = lines[number].strip()
        if _PROBLEMS_PART.match(line):
            found.insert(before + 1, (_PROBLEMS, number, line))
            return


_BARE_FIRST = frozenset(p.pattern[1] for p in _BARE_TITLES)


def _heading_index(line: str) -> int | None:
    """The section index a line heads, or None when it is not a section heading."""
    stripped = line.strip()
    if len(stripped) < 3 or "\t" in stripped:
        return None
    first = stripped[0]
    if first not in _HEADING_NUMERALS and (first not in _BARE_FIRST or len(stripped) > 40):
        return None
    match = _NUMBERED.match(line)
    if match:
        head = match.group(2)[:24]
        index = _NUMERALS.find(match.group(1))
        if index >= 0 and _KEYWORDS[index].search(head):
            return index
        compact = "".join(head.split())
        return next((i for i, title in enumerate(_OFFICIAL_TITLES) if title.match(compact)), None)
    text = "".join(line.split())
    for index, pattern in enumerate(_BARE_TITLES):
        if pattern.match(text):
            return index
    return None


# a numbered official title, and what a heading line may run on with after it ("五、存在的主要问题及
# 改进情况2019年，我区…": a crawler's text that lost the line breaks)
_RUN_ON = {
    key: re.compile(rf"{_NUMERAL}{begin}(?:{rest}|[及和与]?[^,;。:\d]{{0,6}}?(?:情况|措施))?[\s,;。.:]*")
    for key, (begin, rest) in zip(SECTION_KEYS, _TITLES, strict=True)
}


def section_text(lines: list[str], sections: dict[str, Section], key: str, heading: bool = False) -> str:
    """The body of one section, with its heading line if asked ("" when it is missing); without it,
    the body includes what the heading line runs on with after the title."""
    sec = sections.get(key)
    if sec is None:
        return ""
    if heading:
        return "\n".join(lines[sec.start - 1 : sec.end])
    title = _RUN_ON[key].match(sec.heading)
    run_on = sec.heading[title.end() :] if title else ""
    return "\n".join([run_on, *lines[sec.start : sec.end]] if run_on else lines[sec.start : sec.end])
