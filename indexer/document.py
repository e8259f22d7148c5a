"""The Elasticsearch document of a report: the extracted record plus the texts to search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from indexer.reading import ReportFile
from indexer.segment import segment


def build_document(report: ReportFile, record: dict[str, Any]) -> dict[str, Any]:
    """Turn a record into the indexed document (drops the per-section texts, adds segmented ones)."""
    doc = {key: value for key, value in record.items() if key not in {"sections", "id"}}
    doc["source"] = {**record["source"], "path": str(Path(report.path).resolve())}
    parts = {key: segment(text) for key, text in record["sections"].items() if text}
    doc["text"] = report.text
    doc["text_seg"] = "\n".join(parts.values())  # the whole text, cut once, part by part
    doc["title_seg"] = segment(record["title"] or "")
    doc["sections_seg"] = {key: value for key, value in parts.items() if key != "preamble"}
    doc["problems_seg"] = segment("\n".join(str(p["text"]) for p in record["problems"]))
    doc["report_date"] = f"{record['year']}-01-01" if record["year"] else None
    doc["indexed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return doc
