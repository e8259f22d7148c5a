"""User query → Elasticsearch query. User input is only ever data inside match/term queries.

Syntax: words are all required; ``"…"`` is an exact phrase (matched on the original text, so it
works whatever the segmentation); ``-word`` or ``-"…"`` excludes; ``A OR B`` needs either.

A word matches a report when any of these holds:

- its tokens are near each other in the segmented text, in order or nearly (a phrase with slop
  :data:`WORD_SLOP` on ``text_seg``): 政策解读 needs 政策 and 解读 together, not anywhere;
- it appears verbatim in the original text (the recall net, whatever the segmentation), unless
  it is a category's name: those are found by the category and the statements;
- when it says a deficit, one of the report's problem statements says it with other deficit or
  degree words (``problems_norm``, see :mod:`indexer.segment.deficits`: 群众知晓度低 finds
  知晓度还不高), within :data:`STATEMENT_SLOP` positions of one statement;
- it names a problem category, or is a phrasing the categoriser recognises (专业素质欠缺 →
  业务能力不足), and the report is tagged with that category.

A problem statement that matches, the category, the title and the problems section raise the
score, so reports that state the problem rank above reports that only mention the words.
``problems_norm`` exists from mapping version 3; on older indexes that clause matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from indexer.errors import UsageError
from indexer.extract.problems import PROBLEM_CATEGORIES, categorize
from indexer.segment.deficits import normalize_deficits
from indexer.segment.segmenter import query_tokens

WORD_SLOP = 3  # positions a word's tokens may move apart in the text (政策的解读)
STATEMENT_SLOP = 8  # … inside one problem statement (群众对政务公开的知晓度不高)

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True, slots=True)
class Term:
    """A word or an exact phrase of the query, with its tokens (cut once, by the index's segmenter)."""

    text: str
    phrase: bool = False
    tokens: tuple[str, ...] = ()
    norm_tokens: tuple[str, ...] = ()  # the tokens with deficit words in one form (problems_norm)
    categories: tuple[str, ...] = ()  # the problem categories the word names


@dataclass
class ParsedQuery:
    """Required groups (each an OR of terms) and excluded terms."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def _term(raw: str) -> Term | None:
    if raw.startswith('"'):
        text = raw.strip('"').strip()
        return Term(text, phrase=True, tokens=tuple(query_tokens(text))) if text else None
    if not raw.strip():
        return None
    return Term(
        raw,
        tokens=tuple(query_tokens(raw)),
        norm_tokens=tuple(query_tokens(normalize_deficits(raw))),
        categories=query_categories(raw),
    )


def query_categories(word: str) -> tuple[str, ...]:
    """The problem categories a query word names: a category's name, or a problem the categoriser recognises."""
    if word in PROBLEM_CATEGORIES:
        return (word,)
    return tuple(categorize(word))


MAX_TERMS = 64  # words and phrases in one query
MAX_TOKENS = 512  # their segmented tokens, far below Elasticsearch's 16,384 clauses


def parse_query(text: str | None) -> ParsedQuery:
    """Split a query string into required groups and exclusions; a UsageError for a query too large."""
    parsed = ParsedQuery()
    if not text:
        return parsed
    if len(_TOKEN.findall(text)) > MAX_TERMS:
        raise UsageError(f"the query has more than {MAX_TERMS} words; search with fewer (or use filters)")
    join_next = False
    for raw in _TOKEN.findall(text):
        if raw in ("OR", "or"):  # lower case too: reports have no English word "or" to search
            join_next = bool(parsed.groups)
            continue
        if raw.startswith("-") and len(raw) > 1:
            term = _term(raw[1:])
            if term:
                parsed.excluded.append(term)
            join_next = False
            continue
        term = _term(raw)
        if term is None:
            continue
        if join_next:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
    return _check_size(parsed)


def _check_size(parsed: ParsedQuery) -> ParsedQuery:
    tokens = sum(len(t.tokens) for t in [*parsed.terms, *parsed.excluded])
    if tokens > MAX_TOKENS:
        raise UsageError(f"the query is too long ({tokens} words once segmented; at most {MAX_TOKENS})")
    return parsed


def _word_tokens(term: Term) -> str:
    return " ".join(term.tokens)


def _match_clause(term: Term) -> dict[str, Any] | None:
    """What a document must contain for one term."""
    verbatim = {"match_phrase": {"text": {"query": term.text}}}
    if term.phrase:
        return verbatim
    # A category's name finds the reports tagged with it and the statements that say it; its
    # characters verbatim (公,开,不,及,时: in every report) would triple the query's cost.
    alternatives: list[dict[str, Any]] = [] if term.text in PROBLEM_CATEGORIES else [verbatim]
    if term.tokens:
        alternatives.append({"match_phrase": {"text_seg": {"query": _word_tokens(term), "slop": WORD_SLOP}}})
    if term.norm_tokens != term.tokens:  # it says a deficit: a statement may say it in other words
        alternatives.append(
            {"match_phrase": {"problems_norm": {"query": " ".join(term.norm_tokens), "slop": STATEMENT_SLOP}}}
        )
    alternatives += [{"term": {"problem_categories": category}} for category in term.categories]
    if len(alternatives) == 1:
        return alternatives[0]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _boosts(term: Term) -> list[dict[str, Any]]:
    """Score raisers: a problem statement saying it, the category, the title, the problems section."""
    out: list[dict[str, Any]] = [
        {
            "match_phrase": {
                "problems.text": {"query": term.text, "slop": 0 if term.phrase else 4, "boost": 4}
            }
        },
        {"match_phrase": {"title": {"query": term.text, "boost": 2}}},
    ]
    if not term.phrase:
        tokens = _word_tokens(term)
        if tokens:
            out += [
                {"match": {"problems_seg": {"query": tokens, "operator": "and", "boost": 4}}},
                {"match": {"sections_seg.problems": {"query": tokens, "operator": "and", "boost": 1.5}}},
            ]
        if term.norm_tokens:
            norm = " ".join(term.norm_tokens)
            slop = STATEMENT_SLOP if term.norm_tokens != term.tokens else WORD_SLOP
            out.append({"match_phrase": {"problems_norm": {"query": norm, "slop": slop, "boost": 6}}})
    out += [{"term": {"problem_categories": {"value": c, "boost": 8}}} for c in term.categories]
    return out


def build_query(parsed: ParsedQuery, filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The bool query for a parsed user query plus non-facet filters."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    for group in parsed.groups:
        clauses = [c for c in (_match_clause(t) for t in group) if c is not None]
        if not clauses:
            continue
        must.append(
            clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}
        )
        for term in group:
            should.extend(_boosts(term))
    must_not = [{"match_phrase": {"text": {"query": t.text}}} for t in parsed.excluded]
    query: dict[str, Any] = {"must": must or [{"match_all": {}}]}
    if should:
        query["should"] = should
    if must_not:
        query["must_not"] = must_not
    if filters:
        query["filter"] = filters
    return {"bool": query}


def highlight_query(parsed: ParsedQuery) -> dict[str, Any] | None:
    """Phrases to mark in snippets of the original text: each term, and each of its tokens."""
    phrases: list[str] = []
    for term in parsed.terms:
        phrases.append(term.text)
        if not term.phrase:
            phrases.extend(tok for tok in term.tokens if len(tok) > 1)
    phrases = list(dict.fromkeys(p for p in phrases if p))
    if not phrases:
        return None
    return {"bool": {"should": [{"match_phrase": {"text": p}} for p in phrases]}}
