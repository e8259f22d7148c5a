"""Section 五: problem statements, kept apart from the improvement measures, with categories.

The categories and their wording live in ``data/problem_lexicon.json``. A problem is a
statement of a shortcoming ("公开面不够广泛，渠道过于单一"); a measure is what the body
will do about it ("拓宽信息公开渠道") and never yields a category.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

MAX_TEXT = 300
_ENUMERATOR = re.compile(
    r"(?:(?<=[。;:\n])|^)\s*(?:[一二三四五六七八九十]是|\d{1,2}\s*[、.．](?!\d)|\(\d{1,2}\)|"
    r"\([一二三四五六七八九十]\)|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_CLAUSE_SPLIT = re.compile(r"[,;。:!?，；：！？\n]")
_LIST_SPLIT = re.compile(r"[、]")  # items of a list: 渠道单一、内容不全
_ELLIPTICAL = re.compile(r"(?:其|且)?(?:形式|方式)")  # a clause about the previous one's subject
# "对政策解读、舆情回应等重点工作重视不够": the predicate after 等 holds for every item of the list
# (only after a word for "work" or "matters": in "业务流程、法律法规等知识欠缺" the predicate is the 知识's)
_SCOPED_LIST = re.compile(r"((?:[^,;。、]+、)+[^,;。、]+?)等(?:重点|相关|各项)?(?:工作|方面|领域|事项)(.+)$")
_SENTENCE_SPLIT = re.compile(r"(?<=[。;!?])")
_SUBHEADING_MAX = 24
_PROBLEM_HEADING = re.compile(r"问题|不足")
_MEASURE_START = re.compile(
    r"^(?:要|将|继续|进一步|持续|切实|努力|积极|不断)?(?:强化|加强|拓宽|拓展|提升|完善|健全|建立|推进|加大|深化|"
    r"规范|做好|提高|丰富|创新|统一|认真|扩大|夯实|落实|坚持|优化|抓好|注重)"
)


class _Lazy:
    """A pattern compiled when first needed, and strings one of which every match contains.

    Compiling the whole lexicon takes ~25 ms, a tenth of an ``xxgk search``; a query word needs
    few of its patterns. Until a pattern is compiled, a text holding none of its anchors is
    answered without it; the first text that holds one (or the 64th use: an extraction run)
    compiles it, and from then on the compiled pattern alone answers.
    """

    __slots__ = ("source", "anchors", "regex", "uses")

    def __init__(self, source: str, anchors: frozenset[str] | None = None) -> None:
        self.source = source
        self.anchors = anchors
        self.regex: re.Pattern[str] | None = None
        self.uses = 0

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not)."""
        if self.regex is None:
            self.regex = re.compile(self.source)
        return self.regex

    def get(self, text: str) -> re.Pattern[str] | None:
        """The compiled pattern; None when ``text`` cannot match (it holds none of the anchors)."""
        if self.regex is None:
            self.uses += 1
            if self.anchors is not None and self.uses < 64 and not any(a in text for a in self.anchors):
                return None
        return self.pattern

    def search(self, text: str) -> re.Match[str] | None:
        regex = self.get(text)
        return regex.search(text) if regex is not None else None


@dataclass(frozen=True, slots=True)
class Category:
    """One problem category of the lexicon."""

    name: str
    phrases: _Lazy | None
    topics: _Lazy | None
    deficits: _Lazy | None  # the category's own deficit words
    generic_deficits: bool  # whether the shared markers count for it too
    excludes: _Lazy | None
    subject_excludes: _Lazy | None  # at the start of a statement: about someone else
    carried: _Lazy | None = None  # what its topics hold: a deficit after one of them is about it
    refused: _Lazy | None = None  # shared deficit words that never bind to its topics

    def excluded(self, unit: str) -> bool:
        return self.excludes is not None and self.excludes.search(unit) is not None

    def phrase_in(self, unit: str) -> bool:
        return self.phrases is not None and self.phrases.search(unit) is not None

    def topic_spans(self, clause: str) -> list[tuple[int, int]]:
        """Where the category's topic words are in a clause (the longest at each place)."""
        regex = self.topics.get(clause) if self.topics is not None else None
        return [m.span() for m in regex.finditer(clause)] if regex is not None else []

    def takes(self, clause: str, start: int, marker: re.Pattern[str]) -> bool:
        """Whether a deficit word of this category starts at ``start`` (``marker``: the shared ones)."""
        own = self.deficits.get(clause) if self.deficits is not None else None
        if own is not None and own.match(clause, start):
            return True
        refused = self.refused.get(clause) if self.refused is not None else None
        if refused is not None and refused.match(clause, start):
            return False
        return self.generic_deficits and marker.match(clause, start) is not None

    def carries_between(self, clause: str, start: int, end: int) -> bool:
        """Whether one of the category's carried words is in ``clause[start:end]``."""
        return self.carried is not None and self.carried.search(clause[start:end]) is not None

    def about_someone_else(self, subject: str) -> bool:
        regex = self.subject_excludes.get(subject) if self.subject_excludes is not None else None
        return regex is not None and regex.match(subject) is not None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The problem lexicon: categories and the cues that separate problems from measures."""

    categories: tuple[Category, ...]
    markers: _Lazy  # the shared deficit markers: what makes a sentence a problem
    deficits: _Lazy  # any deficit word of any category (longest first), or a shared marker
    pre_deficits: _Lazy  # deficits written before their topic (缺乏专职人员)
    intro_words: _Lazy
    boundary_words: _Lazy

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    @property
    def marker(self) -> re.Pattern[str]:
        return self.markers.pattern

    @property
    def deficit(self) -> re.Pattern[str]:
        return self.deficits.pattern

    @property
    def pre_deficit(self) -> re.Pattern[str]:
        return self.pre_deficits.pattern

    @property
    def intro(self) -> re.Pattern[str]:
        return self.intro_words.pattern

    @property
    def boundary(self) -> re.Pattern[str]:
        return self.boundary_words.pattern


def _literals(items: list[str]) -> list[str]:
    """Escaped literals, longest first (a regex alternation takes the first that matches)."""
    return [re.escape(item) for item in sorted(set(items), key=lambda w: (-len(w), w))]


def anchors(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, read from its parse tree (the first
    run of literal characters that the pattern requires, or the union of them over a required
    alternation); None when there is none or the pattern cannot be read."""
    try:
        parser = importlib.import_module("re._parser")  # the re module's own parser: not public, so guarded
        return _required(list(parser.parse(pattern)), importlib.import_module("re._constants"))
    except Exception:  # another Python's internals: no anchors, every phrase is tried
        return None


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The anchors of an alternation: all of its branches' anchors; None when one branch has none."""
    known = [found for found in sets if found is not None]
    return frozenset().union(*known) if len(known) == len(sets) else None


def _required(items: list[Any], op: Any) -> frozenset[str] | None:
    run = ""
    for code, arg in items:
        if code is op.LITERAL:
            run += chr(arg)
            continue
        if run:
            return frozenset([run])
        found: frozenset[str] | None = None
        if code is op.SUBPATTERN:
            found = _required(list(arg[-1]), op)
        elif code is op.BRANCH:
            found = _union([_required(list(branch), op) for branch in arg[1]])
        elif code in (op.MAX_REPEAT, op.MIN_REPEAT) and arg[0] >= 1:
            found = _required(list(arg[2]), op)
        if found:
            return found
    return frozenset([run]) if run else None


@cache
def _lexicon_data() -> dict[str, Any]:
    text = resources.files("indexer.extract").joinpath("data/problem_lexicon.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _lazy(items: list[str], literal: bool) -> _Lazy | None:
    """An alternation of ``items`` (literal words, or patterns), with the anchors it needs."""
    if not items:
        return None
    if literal:
        return _Lazy("|".join(_literals(items)), frozenset(items))
    return _Lazy("|".join(f"(?:{item})" for item in items), _union([anchors(item) for item in items]))


@cache
def load_lexicon() -> Lexicon:
    """The packaged problem lexicon (its patterns compile when first needed)."""
    raw = _lexicon_data()
    wishes = raw["wish_deficits"]  # a need written as the shortcoming: after its topic or before it
    generic = f"{raw['deficit_markers']}|{wishes}"
    specs = raw["categories"]
    categories = tuple(
        Category(
            name,
            _lazy(spec.get("phrases", []), literal=False),
            _lazy(spec.get("topics", []), literal=True),
            _Lazy("|".join(_literals(spec["deficits"]))) if spec.get("deficits") else None,
            spec.get("generic_deficits", True),
            _lazy(spec.get("excludes", []), literal=True),
            _Lazy(spec["subject_excludes"]) if "subject_excludes" in spec else None,
            _lazy(spec.get("carried", []), literal=True),
            _lazy(spec.get("refused", []), literal=True),
        )
        for name, spec in specs.items()
    )
    every_deficit = [d for spec in specs.values() for d in spec.get("deficits", [])]
    return Lexicon(
        categories,
        _Lazy(generic),
        _Lazy("|".join([*_literals(every_deficit), generic])),
        _Lazy(f"{raw['pre_deficits']}|{wishes}"),
        _Lazy(raw["intro"]),
        _Lazy(raw["measure_boundary"]),
    )


PROBLEM_CATEGORIES: tuple[str, ...] = tuple(_lexicon_data()["categories"])
#: the facet value of a report with a problem statement that fits no category
OTHER = "其他"
TOPIC_WINDOW = 10  # characters between a topic and the deficit bound to it


def categorize(text: str) -> list[str]:
    """The categories a problem statement belongs to, in the lexicon's order."""
    lexicon = load_lexicon()
    found: set[str] = set()
    enumerator = _ENUMERATOR.match(text)
    subject = text[enumerator.end() :] if enumerator else text.lstrip()
    clauses = _CLAUSE_SPLIT.split(text)
    separators = _CLAUSE_SPLIT.findall(text)
    for number, clause in enumerate(clauses):
        # a clause that opens on a bare 形式/方式 speaks of the previous clause's subject
        # (政策解读比例较低，形式较为单一): that clause's exclusions hold for it too
        before = clauses[number - 1] if number and separators[number - 1] in ",，" else ""
        context = before if before and _ELLIPTICAL.match(clause.lstrip()) else ""
        # phrases may span a list (重业务、轻公开); exclusions and binding stay inside an item
        for unit in [clause, *_LIST_SPLIT.split(clause)] if "、" in clause else [clause]:
            if unit:
                found |= _unit_categories(unit, lexicon, context)
        found.update(_scoped_list_categories(clause, lexicon))
    barred = {c.name for c in lexicon.categories if c.about_someone_else(subject)}
    return [name for name in lexicon.names if name in found and name not in barred]


def _scoped_list_categories(clause: str, lexicon: Lexicon) -> set[str]:
    """Categories of "X、Y、Z等…<deficit>": each item with the shared predicate, read on its own."""
    match = _SCOPED_LIST.search(clause) if "等" in clause and "、" in clause else None
    if match is None or not lexicon.marker.search(match.group(2)):
        return set()
    found: set[str] = set()
    for item in match.group(1).split("、"):
        found |= _unit_categories(item.removeprefix("对").removeprefix("在") + match.group(2), lexicon)
    return found


def _unit_categories(unit: str, lexicon: Lexicon, context: str = "") -> set[str]:
    """Categories of one clause or list item: by phrase, or by a deficit bound to a topic; a
    category excluded by the unit (or by the ``context`` it speaks of) is not considered."""
    allowed = [
        c for c in lexicon.categories if not c.excluded(unit) and not (context and c.excluded(context))
    ]
    found = {c.name for c in allowed if c.phrase_in(unit)}
    found.update(c.name for c in _bound_categories(unit, allowed, lexicon))
    return found


class _Topic(NamedTuple):
    """A topic word found in a clause, and its category."""

    start: int
    end: int
    category: Category


def _bound_categories(clause: str, allowed: list[Category], lexicon: Lexicon) -> list[Category]:
    """Categories whose topic a deficit of the clause is bound to (the nearest topic, see the lexicon's _doc)."""
    found = [_Topic(start, end, c) for c in allowed for start, end in c.topic_spans(clause)]
    # a topic inside a longer topic of another category is that one's (回应机制: not 机制)
    topics = [
        t
        for t in found
        if not any(o.start <= t.start and t.end <= o.end and o.end - o.start > t.end - t.start for o in found)
    ]
    out: list[Category] = []
    for deficit in lexicon.deficit.finditer(clause):
        start, end = deficit.span()
        # (distance, written after the deficit, topic): the nearest wins, a topic before it on a tie
        candidates = [
            (start - t.end, 0, t) for t in topics if t.end <= start and start - t.end <= TOPIC_WINDOW
        ]
        if lexicon.pre_deficit.match(clause, start):
            candidates += [
                (t.start - end, 1, t) for t in topics if t.start >= end and t.start - end <= TOPIC_WINDOW
            ]
        if not candidates:
            continue
        _, after, nearest = min(candidates, key=lambda c: (c[0], c[1]))
        # a deficit word the nearest topic's category does not take binds nothing; nor does one
        # written after what the topic holds (栏目内容不够丰富: the content's, not the column's)
        if not nearest.category.takes(clause, start, lexicon.marker):
            continue
        if not after and nearest.category.carries_between(clause, nearest.end, start):
            continue
        # topics coordinated with the bound one share its predicate (及时性、全面性有待提升)
        for topic in [nearest, *([] if after else _coordinated(clause, topics, nearest))]:
            if topic.category not in out:
                out.append(topic.category)
    return out


_COORDINATOR = re.compile(r"[^,;。]{0,4}(?:及|和|与|、|以及)[^,;。]{0,4}")


def _coordinated(clause: str, topics: list[_Topic], bound: _Topic) -> list[_Topic]:
    """Topics joined to the bound one by 及/和/与/、, nearest first (政策解读及回应关切工作仍需加强: both)."""
    out: list[_Topic] = []
    while True:
        previous = [
            t for t in topics if t.end <= bound.start and _COORDINATOR.fullmatch(clause, t.end, bound.start)
        ]
        if not previous:
            return out
        bound = max(previous, key=lambda t: t.end)
        out.append(bound)


@dataclass(frozen=True, slots=True)
class Problems:
    """Problems (text and categories) and measures of one report."""

    problems: list[dict[str, object]]
    measures: list[str]

    @property
    def categories(self) -> list[str]:
        """The report's categories, and :data:`OTHER` when a statement fits none."""
        seen: set[object] = set()
        for problem in self.problems:
            categories = problem["categories"]
            assert isinstance(categories, list)
            seen.update(categories or [OTHER])
        return [name for name in (*PROBLEM_CATEGORIES, OTHER) if name in seen]


def _items(text: str) -> list[tuple[str, bool]]:
    """Split a passage into enumerated items, or into sentences when nothing is enumerated; each
    with whether an enumerator (一是, 1., （一）…) opened it."""
    parts = [(p.strip(" \n;。"), number > 0) for number, p in enumerate(_ENUMERATOR.split(text))]
    parts = [(p, opened) for p, opened in parts if p]
    if len(parts) == 1:
        whole, opened = parts[0]
        sentences = [s.strip(" \n;。") for s in _SENTENCE_SPLIT.split(whole)]
        parts = [(s, opened and s == whole) for s in sentences if s]
    return parts


_SENTENCE_END = re.compile(r"[。;\n]")
_HEADING_END = re.compile(r"[。;:\n]")  # "改进措施：1.…"


def _split_parts(lines: list[str]) -> tuple[str, str, bool]:
    """(problem part, measure part, whether a boundary between them was found)."""
    lexicon = load_lexicon()
    for i, line in enumerate(lines):
        compact = "".join(line.split())
        if i > 0 and len(compact) <= _SUBHEADING_MAX and lexicon.boundary.search(compact):
            rest = lines[i + 1 :] if _is_subheading(compact) else lines[i:]  # a short sentence is a measure
            return "\n".join(_drop_problem_heading(lines[:i])), "\n".join(rest), True
    text = "\n".join(_drop_problem_heading(lines))
    if lexicon.boundary.match(text.lstrip()):  # the passage opens with the measures (针对以上不足，…)
        return "", text, True
    for start in _sentence_starts(text):
        pos = start + len(text[start:]) - len(text[start:].lstrip())
        enumerator = _ENUMERATOR.match(text, pos)  # "（二）改进措施。…": the boundary after its numeral
        if start > 0 and lexicon.boundary.match(text, enumerator.end() if enumerator else pos):
            heading = _HEADING_END.search(text, pos)
            if heading and _is_subheading("".join(text[pos : heading.start()].split())):
                return text[:start], text[heading.end() :], True  # the part's heading is neither
            return text[:start], text[start:], True
    return text, "", False


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _is_subheading(compact: str) -> bool:
    """A short line that names a part ("（一）存在的问题", "改进措施："), not a sentence."""
    return len(compact) <= _SUBHEADING_MAX and not re.search(r"[,;。]|:.", compact)


def _drop_problem_heading(lines: list[str]) -> list[str]:
    if lines and _is_subheading("".join(lines[0].split())) and _PROBLEM_HEADING.search(lines[0]):
        return lines[1:]
    return lines


# "…仍存在一些不足之处，如A，B。", "…存在一些短板与不足，与群众期盼还有差距，如A。", "…存在一些不足，一是A，
# 二是B。": the announcing sentence goes on to name the problems
_LIST_OPENER = r"(?:如(?!何)|例如|比如|即(?!使)|主要是|主要有|包括)[:,]?"
_INLINE_LIST = re.compile(rf",(?:{_LIST_OPENER}|(?=[一二三四五六七八九十]是))")
_OPENS_LIST = re.compile(rf"\s*{_LIST_OPENER}")  # "…存在一些不足，\n如A、B等": the list on the next line
_ANNOUNCEMENT_END = re.compile(r"[:。\n]")


def _after_intro(text: str) -> str:
    """Skip the sentences that announce the problems ("（一）存在问题。…但存在一些不足，主要表现在："),
    but not the problems one names itself ("…存在一些不足之处，如…")."""
    intro = load_lexicon().intro
    match = intro.search(text)
    while match:
        stop = _ANNOUNCEMENT_END.search(text, match.end())
        inline = _INLINE_LIST.search(text, match.end(), stop.start() if stop else len(text))
        if inline:
            return text[inline.end() :].lstrip(":")  # "…主要是：A，B": the list stops at the colon
        if not stop:
            return text
        text = text[stop.end() :]
        if opener := _OPENS_LIST.match(text):
            return text[opener.end() :]
        match = intro.search(text)
        if match and _ANNOUNCEMENT_END.search(text, 0, match.start()):
            return text  # the next announcement is not in the next sentence: what is between is a problem
    return text


def _clause_runs(item: str) -> list[str]:
    """Runs of consecutive clauses that state a shortcoming, inside a mixed item."""
    deficit = load_lexicon().marker
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
    from indexer.extract.report_meta import closing_start  # here: searching imports categorize only

    lines = [line.strip() for line in section.split("\n") if line.strip()]
    lines = lines[: closing_start(lines)]  # the report's close, when 五 is the last section
    if not lines:
        return Problems([], [])
    deficit = load_lexicon().marker
    problem_part, measure_part, bounded = _split_parts(lines)
    problems: list[dict[str, object]] = []
    measures: list[str] = []
    for item, opened in _items(_after_intro(problem_part)):
        if bounded or not _MEASURE_START.match(item):
            # an item listed under the problems is one even when worded as a wish ("一是需加大解读力度"),
            # unless it is a heading ("（一）存在的问题")
            listed = bounded and opened and not _PROBLEM_HEADING.search(item)
            if deficit.search(item) or categorize(item) or listed:
                problems.append({"text": _statement(item), "categories": categorize(item)})
            continue
        # A measure in a section that does not separate problems from measures: keep the
        # shortcomings it names, if any, and the item itself as a measure.
        for run in _clause_runs(item):
            cats = categorize(run)
            if cats:
                problems.append({"text": _statement(run), "categories": cats})
        measures.append(_statement(item))
    measures.extend(_statement(item) for item, _ in _items(measure_part))
    return Problems(problems, measures)


# a line wrapped inside a Chinese sentence (a PDF's line end), not one after a sentence's end
_WRAP = re.compile(r"(?<=[^\x00-\x7f。;!?:])[ \t]*\n[ \t]*(?=[^\x00-\x7f])")


def _statement(text: str) -> str:
    """A problem or measure as stored: its first MAX_TEXT characters, lines wrapped inside a
    sentence joined, Chinese punctuation."""
    from indexer.extract.normalize import cjk_punctuation  # here: searching imports categorize only

    return cjk_punctuation(_WRAP.sub("", text[:MAX_TEXT]))
