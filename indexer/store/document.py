"""The Elasticsearch document of a report: the extracted record plus the texts to search.

This module owns the document's id (from the file's path), its ``source.path``, and the list of
fields that exist only for searching (never shown as part of the record).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from indexer.readers import Document
from indexer.segment.deficits import normalize_deficits
from indexer.segment.segmenter import segment

#: fields of the stored document that serve search only; `show` and `export` leave them out
#: (``title_seg`` and the other sections of ``sections_seg`` exist in indexes of mapping version 1 only)
SEARCH_ONLY_FIELDS = ("text", "text_seg", "title_seg", "sections_seg", "problems_seg", "problems_norm")
#: the sections indexed on their own, for their boost (the whole text is in ``text_seg``)
BOOSTED_SECTIONS = ("problems",)


def build_document(report: Document, record: dict[str, Any]) -> dict[str, Any]:
    """Turn a record into the indexed document (drops the per-section texts, adds segmented ones).

    The text is segmented once, section by section: ``text_seg`` is the whole of it, and
    ``sections_seg`` repeats only the sections a query boosts.
    """
    doc = {key: value for key, value in record.items() if key != "sections"}  # id kept: short ids find it
    parts = {key: segment(text) for key, text in record["sections"].items() if text}
    doc["text"] = report.text()
    doc["text_seg"] = "\n".join(parts.values())  # the whole text, cut once, part by part
    doc["sections_seg"] = {key: parts[key] for key in BOOSTED_SECTIONS if key in parts}
    doc["problems_seg"] = segment("\n".join(str(p["text"]) for p in record["problems"]))
    doc["problems_norm"] = problems_norm(record["problems"])
    doc["report_date"] = f"{record['year']}-01-01" if record["year"] else None
    doc["indexed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return doc


def problems_norm(problems: list[dict[str, Any]]) -> list[str]:
    """Each problem statement with its deficit words in one form, segmented (one value per statement)."""
    return [segment(normalize_deficits(str(p["text"]))) for p in problems]


def current_shape(source: dict[str, Any]) -> dict[str, Any]:
    """A document stored by an earlier mapping version in the shape `build_document` makes now.

    Used when a document is carried to a new version as stored (its file is gone): the search
    fields version 2 no longer has (``title_seg``, the sections other than the boosted ones) are
    dropped, ``problems_norm`` (version 3) is made from its problems; everything else is kept as
    it is, so a field the new mapping lacks is still refused.
    """
    doc = {key: value for key, value in source.items() if key != "title_seg"}
    if "problems_norm" not in doc and isinstance(doc.get("problems"), list):  # before mapping version 3
        doc["problems_norm"] = problems_norm(doc["problems"])
    if isinstance(doc.get("sections_seg"), dict):
        doc["sections_seg"] = {k: v for k, v in doc["sections_seg"].items() if k in BOOSTED_SECTIONS}
    return doc


def public_record(doc_id: str, source: dict[str, Any], with_text: bool = False) -> dict[str, Any]:
    """A stored document as the record users see: its id first, no search-only fields."""
    record = {"id": doc_id, **{k: v for k, v in source.items() if k not in SEARCH_ONLY_FIELDS}}
    if with_text:
        record["text"] = source.get("text")
    return record
