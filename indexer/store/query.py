"""User query → Elasticsearch query. User input is only ever data inside match/term queries.

Syntax: words are all required; ``"…"`` is an exact phrase (matched on the original text, so it
works whatever the segmentation); ``-word`` or ``-"…"`` excludes; ``A OR B`` needs either.
A word matches when its jieba tokens are all in the segmented text, or when it appears
verbatim in the original text (the recall net). Matches in the problems section, in the
title and close together score higher. The fields read (``text``, ``text_seg``,
``sections_seg.problems``, ``problems_seg``, ``problems.text``, ``title``) are in mapping versions
1 and 2 alike, so searches answer on either index while a run moves the alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from indexer.errors import UsageError
from indexer.extract.problems import PROBLEM_CATEGORIES
from indexer.segment.segmenter import query_tokens

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True, slots=True)
class Term:
    """A word or an exact phrase of the query, with its tokens (cut once, by the index's segmenter)."""

    text: str
    phrase: bool = False
    tokens: tuple[str, ...] = ()


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
    return Term(raw, tokens=tuple(query_tokens(raw))) if raw.strip() else None


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
    if term.phrase:
        return {"match_phrase": {"text": {"query": term.text}}}
    tokens = _word_tokens(term)
    recall = {"match_phrase": {"text": {"query": term.text}}}
    if not tokens:
        return recall
    return {
        "bool": {
            "should": [{"match": {"text_seg": {"query": tokens, "operator": "and"}}}, recall],
            "minimum_should_match": 1,
        }
    }


def _boosts(term: Term) -> list[dict[str, Any]]:
    """Score raisers: the problems section, the title, proximity, the category itself."""
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
                {"match_phrase": {"text_seg": {"query": tokens, "slop": 3, "boost": 2}}},
            ]
    if term.text in PROBLEM_CATEGORIES:
        out.append({"term": {"problem_categories": {"value": term.text, "boost": 8}}})
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
