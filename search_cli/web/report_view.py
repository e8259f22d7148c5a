"""A stored report shaped for the page: its tables 二/三/四 as rows under official titles, and its text by section.

With a query, the text comes back from Elasticsearch's highlighter (the same phrases the search
marks in snippets) and the marked words are shown in <mark>.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from indexer.extract.sections import SECTION_TITLES
from indexer.store.query import highlight_query, parse_query
from indexer.store.search import HIGHLIGHT_MAX_CHARS
from search_cli.report_tables import table2, table3, table4
from search_cli.web.searching import POST, PRE, marked

if TYPE_CHECKING:
    from indexer.store.reader import Searcher

__all__ = ["highlighted_text", "sections", "table2", "table3", "table4"]


@dataclass
class Section:
    """A section: its heading as the report words it, the official title it was recognised as, its lines."""

    heading: Markup
    title: str
    lines: list[Markup]


def highlighted_text(es: Searcher, index: str, doc_id: str, q: str | None) -> str | None:
    """The report's whole text with the query's phrases between private-use marks (None: nothing to mark)."""
    query = highlight_query(parse_query(q))
    if query is None:
        return None
    response = es.search(
        index=index,
        query={"ids": {"values": [doc_id]}},
        source=False,
        highlight={
            "fields": {"text": {"number_of_fragments": 0}},
            "max_analyzed_offset": HIGHLIGHT_MAX_CHARS,  # a very long report: its first part only
            "highlight_query": query,
            "pre_tags": [PRE],
            "post_tags": [POST],
        },
    )
    hits = response["hits"]["hits"]
    fragments = hits[0].get("highlight", {}).get("text", []) if hits else []
    return fragments[0] if fragments else None


def sections(text: str, section_lines: dict[str, int], marks: bool = False) -> list[Section]:
    """The text cut at the sections' first lines (found at extraction); the lines before are untitled.

    Each section's first line is its heading; runs of blank lines are kept as one.
    """
    lines = [
        marked(line) if marks else Markup(escape(line))
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    starts = sorted((line, key) for key, line in section_lines.items() if key in SECTION_TITLES)
    bounds = [(0, "")] + [(line, SECTION_TITLES[key]) for line, key in starts if 0 <= line < len(lines)]
    out: list[Section] = []
    for i, (start, title) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(lines)
        chunk = lines[start:end]
        heading = Markup(chunk.pop(0).strip()) if title and chunk else Markup("")
        body = [line for n, line in enumerate(chunk) if line.strip() or (n > 0 and chunk[n - 1].strip())]
        while body and not body[-1].strip():
            body.pop()
        if title or body:
            out.append(Section(heading, title, body))
    return out
