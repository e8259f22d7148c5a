"""The Elasticsearch document of a report: the extracted record plus the texts to search.

This module owns the document's id (from the file's path), its ``source.path``, and the list of
fields that exist only for searching (never shown as part of the record).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from indexer.readers import Document
from indexer.segment.segmenter import segment

#: fields of the stored document that serve search only; `show` and `export` leave them out
SEARCH_ONLY_FIELDS = ("text", "text_seg", "title_seg", "sections_seg", "problems_seg")


def build_document(report: Document, record: dict[str, Any]) -> dict[str, Any]:
    """Turn a record into the indexed document (drops the per-section texts, adds segmented ones)."""
    doc = {key: value for key, value in record.items() if key != "sections"}  # id kept: short ids find it
    parts = {key: segment(text) for key, text in record["sections"].items() if text}
    doc["text"] = report.text()
    doc["text_seg"] = "\n".join(parts.values())  # the whole text, cut once, part by part
    doc["title_seg"] = segment(record["title"] or "")
    doc["sections_seg"] = {key: value for key, value in parts.items() if key != "preamble"}
    doc["problems_seg"] = segment("\n".join(str(p["text"]) for p in record["problems"]))
    doc["report_date"] = f"{record['year']}-01-01" if record["year"] else None
    doc["indexed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return doc


def public_record(doc_id: str, source: dict[str, Any], with_text: bool = False) -> dict[str, Any]:
    """A stored document as the record users see: its id first, no search-only fields."""
    record = {"id": doc_id, **{k: v for k, v in source.items() if k not in SEARCH_ONLY_FIELDS}}
    if with_text:
        record["text"] = source.get("text")
    return record
