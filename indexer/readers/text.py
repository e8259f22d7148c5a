"""Plain text and markdown: converted reports, crawler text with a header block, OCR output."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.errors import ReportError
from indexer.readers.decode import decode
from indexer.readers.model import Block, Document, PageMeta


def read_text(path: Path, data: bytes) -> Document:
    """Decode a text file; the whole text is one block, kept exactly as written."""
    text, encoding = decode(data, path)
    if "\x00" in text:
        raise ReportError(path, "binary file (contains NUL characters), not a text report")
    if not text.strip():
        raise ReportError(path, "empty file (only white space)")
    return text_document(text, str(path), encoding)


def text_document(text: str, path: str = "<text>", encoding: str | None = "utf-8") -> Document:
    """A document from decoded text (also used for text that never was a file)."""
    return Document(path=path, format="text", items=[Block(text)], meta=header_meta(text), encoding=encoding)


_BARE_DATE = re.compile(r"^\s*(?:日\s*期|时\s*间)\s*[:：]\s*((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2})")
_DATE_BEFORE_SOURCE = re.compile(
    r"^\s*((?:19|20)\d{2}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日))(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|发布机构)\s*[:：]"
)


def header_meta(text: str) -> PageMeta:
    """Metadata from the head of page text: a crawler's header block (``标题:``, ``发布时间:``), a
    metadata table flattened to ``label | value`` cells, or an article header's bare date."""
    from indexer.readers.meta import label_field, normalize_date, parse_meta_lines

    head = text.lstrip("\ufeff")[:3000].splitlines()[:40]
    lines: list[str] = []
    for line in head:
        if line.count("|") >= 2:  # 索引号 | 014/2022-01 | 发布机构 | 某局 |
            cells = [cell.strip() for cell in line.split("|")]
            for i, cell in enumerate(cells):
                if cell and label_field(cell) not in (None, "ignore"):
                    value = cells[i + 1] if i + 1 < len(cells) and label_field(cells[i + 1]) is None else ""
                    lines.append(f"{cell}：{value}")
        else:
            lines.append(line)
    meta = parse_meta_lines(lines)
    if meta.publish_date is None:
        for line in head:
            match = _BARE_DATE.match(line) or _DATE_BEFORE_SOURCE.match(line)
            if match:
                meta.publish_date = normalize_date(match.group(1))
                break
    return meta
