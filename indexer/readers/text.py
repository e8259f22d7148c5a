"""Plain text and markdown: converted reports, crawler text with a header block, OCR output."""

from __future__ import annotations

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


def header_meta(text: str) -> PageMeta:
    """Metadata from a crawler's or converter's header block (``标题:``, ``发布时间:`` … lines)."""
    from indexer.readers.meta import parse_meta_lines

    head = text.lstrip("\ufeff")[:3000].splitlines()[:40]
    return parse_meta_lines(head)
