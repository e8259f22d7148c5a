"""Section 五: problem statements, kept apart from the improvement measures, with categories.

The categories and their wording live in ``data/problem_lexicon.json``. A problem is a
statement of a shortcoming ("公开面不够广泛，渠道过于单一"); a measure is what the body
will do about it ("拓宽信息公开渠道") and never yields a category.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from indexer.extract.normalize import cjk_punctuation

MAX_TEXT = 300
_ENUMERATOR = re.compile(
    r"(?:(?<=[。;:\n])|^)\s*(?:[一二三四五六七八九十]是|\d{1,2}\s*[、.．](?!\d)|\(\d{1,2}\)|"
    r"\([一二三四五六七八九十]\)|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_CLAUSE_SPLIT = re.compile(r"[,;。:!?，；：！？\n]")
_SENTENCE_SPLIT = re.compile(r"(?<=[。;!?])")
_SUBHEADING_MAX = 24
_PROBLEM_HEADING = re.compile(r"问题|不足")
_MEASURE_START = re.compile(
    r"^(?:要|将|继续|进一步|持续|切实|努力|积极|不断)?(?:强化|加强|拓宽|拓展|提升|完善|健全|建立|推进|加大|深化|"
    r"规范|做好|提高|丰富|创新|统一|认真|扩大|夯实|落实|坚持|优化|抓好|注重)"
)


@dataclass(frozen=True, slots=True)
class Category:
    """One problem category of the lexicon."""

    name: str
    phrases: re.Pattern[str] | None
    topics: re.Pattern[str] | None
    deficits: re.Pattern[str] | None
    excludes: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The problem lexicon: categories and the cues that separate problems from measures."""

    categories: tuple[Category, ...]
    deficit: re.Pattern[str]
    intro: re.Pattern[str]
    boundary: re.Pattern[str]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)


def _alternation(items: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{item})" for item in items)) if items else None


@cache
def load_lexicon() -> Lexicon:
    """The packaged problem lexicon."""
    raw = json.loads(
        resources.files("indexer.extract").joinpath("data/problem_lexicon.json").read_text("utf-8")
    )
    generic = raw["deficit_markers"]
    categories = tuple(
        Category(
            name,
            _alternation(spec.get("phrases", [])),
            _alternation([re.escape(t) for t in spec.get("topics", [])]),
            _alternation([generic] + [re.escape(d) for d in spec.get("deficits", [])]),
            _alternation([re.escape(e) for e in spec.get("excludes", [])]),
        )
        for name, spec in raw["categories"].items()
    )
    return Lexicon(
        categories,
        re.compile(raw["deficit_markers"]),
        re.compile(raw["intro"]),
        re.compile(raw["measure_boundary"]),
    )


PROBLEM_CATEGORIES: tuple[str, ...] = load_lexicon().names


def categorize(text: str) -> list[str]:
    """The categories a problem statement belongs to, in the lexicon's order."""
    lexicon = load_lexicon()
    found: set[str] = set()
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause:
            continue
        for cat in lexicon.categories:
            if cat.excludes is not None and cat.excludes.search(clause):
                continue
            if (cat.phrases is not None and cat.phrases.search(clause)) or (
                cat.topics is not None
                and cat.deficits is not None
                and cat.topics.search(clause)
                and cat.deficits.search(clause)
            ):
                found.add(cat.name)
    return [name for name in lexicon.names if name in found]


@dataclass(frozen=True, slots=True)
class Problems:
    """Problems (text and categories) and measures of one report."""

    problems: list[dict[str, object]]
    measures: list[str]

    @property
    def categories(self) -> list[str]:
        seen: set[object] = set()
        for problem in self.problems:
            categories = problem["categories"]
            assert isinstance(categories, list)
            seen.update(categories)
        return [name for name in PROBLEM_CATEGORIES if name in seen]


def _items(text: str) -> list[str]:
    """Split a passage into enumerated items, or into sentences when nothing is enumerated."""
    parts = [p.strip(" \n;。") for p in _ENUMERATOR.split(text)]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        parts = [p.strip(" \n;。") for p in _SENTENCE_SPLIT.split(parts[0])]
        parts = [p for p in parts if p]
    return parts


def _split_parts(lines: list[str]) -> tuple[str, str, bool]:
    """(problem part, measure part, whether a boundary between them was found)."""
    lexicon = load_lexicon()
    for i, line in enumerate(lines):
        compact = "".join(line.split())
        if len(compact) <= _SUBHEADING_MAX and lexicon.boundary.search(compact) and i > 0:
            return "\n".join(_drop_problem_heading(lines[:i])), "\n".join(lines[i + 1 :]), True
    text = "\n".join(_drop_problem_heading(lines))
    for start in _sentence_starts(text):
        pos = start + len(text[start:]) - len(text[start:].lstrip())
        if start > 0 and lexicon.boundary.match(text, pos):
            return text[:start], text[start:], True
    return text, "", False


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"[。;\n]", text)]


def _drop_problem_heading(lines: list[str]) -> list[str]:
    if lines and len("".join(lines[0].split())) <= _SUBHEADING_MAX and _PROBLEM_HEADING.search(lines[0]):
        return lines[1:]
    return lines


def _after_intro(text: str) -> str:
    """Skip the sentence that announces the problems ("…主要表现在：")."""
    match = load_lexicon().intro.search(text)
    if not match:
        return text
    stop = re.compile(r"[:。\n]").search(text, match.end())
    return text[stop.end() :] if stop else text


def _clause_runs(item: str) -> list[str]:
    """Runs of consecutive clauses that state a shortcoming, inside a mixed item."""
    deficit = load_lexicon().deficit
    runs: list[str] = []
    current: list[str] = []
    for clause in re.split(r"(?<=[,;。,])", item):
        if deficit.search(clause):
            current.append(clause)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return [run.strip(" ,;。") for run in runs]


def extract_problems(section: str) -> Problems:
    """Problems and measures of section 五 (its cleaned text)."""
    lines = [line.strip() for line in section.split("\n") if line.strip()]
    if not lines:
        return Problems([], [])
    deficit = load_lexicon().deficit
    problem_part, measure_part, bounded = _split_parts(lines)
    problems: list[dict[str, object]] = []
    measures: list[str] = []
    for item in _items(_after_intro(problem_part)):
        if bounded or not _MEASURE_START.match(item):
            if deficit.search(item) or categorize(item):
                problems.append({"text": cjk_punctuation(item[:MAX_TEXT]), "categories": categorize(item)})
            continue
        # A measure in a section that does not separate problems from measures: keep the
        # shortcomings it names, if any, and the item itself as a measure.
        for run in _clause_runs(item):
            cats = categorize(run)
            if cats:
                problems.append({"text": cjk_punctuation(run[:MAX_TEXT]), "categories": cats})
        measures.append(cjk_punctuation(item[:MAX_TEXT]))
    measures.extend(cjk_punctuation(item[:MAX_TEXT]) for item in _items(measure_part))
    return Problems(problems, measures)
