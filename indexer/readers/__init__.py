"""Readers: one module per file format, each turning a file into the same :class:`Document`.

:func:`read_document` routes a file to its reader by extension (and by its first bytes when the
extension lies), after the checks common to every format: size, emptiness, readability.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ReportError
from indexer.readers.files import FileList, display, find_reports
from indexer.readers.model import Document

MAX_BYTES = 20 * 1024 * 1024  # no real report is anywhere near this

Reader = Callable[[Path, bytes], Document]

#: extension → the format whose reader handles it
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "wps",
}
SUFFIXES = frozenset(FORMATS)


def _reader(fmt: str) -> Reader:
    """The reader of a format, imported only when a file of that format is read."""
    if fmt == "text":
        from indexer.readers.text import read_text

        return read_text
    if fmt == "html":
        from indexer.readers.html import read_html

        return read_html
    if fmt == "pdf":
        from indexer.readers.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from indexer.readers.word import read_docx

        return read_docx
    from indexer.readers.word import read_legacy_word

    return read_legacy_word


def sniff_format(path: Path, data: bytes) -> str | None:
    """The format by extension, corrected by the file's first bytes (a PDF named .html, …)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    by_name = FORMATS.get(path.suffix.lower())
    if head.startswith(b"PK\x03\x04") and by_name in (None, "docx", "doc", "wps"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0") and by_name in (None, "doc", "docx", "wps"):
        return by_name if by_name in ("doc", "wps") else "doc"
    lowered = head[:200].lower()
    if by_name in (None, "text") and (lowered.startswith((b"<!doctype html", b"<html"))):
        return "html"
    return by_name


def file_id(path: str | Path) -> str:
    """A stable document id: from the file's real absolute path (its bytes, whatever the name's encoding)."""
    return hashlib.sha1(os.fsencode(os.path.realpath(path))).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class RawFile:
    """A report file's bytes, after the checks every format shares."""

    path: Path
    real_path: str  # absolute, links resolved, printable: what the index records
    data: bytes
    sha256: str
    size: int


def load_file(path: str | Path) -> RawFile:
    """Read a file's bytes; raise ReportError when it is missing, a folder, too large or empty."""
    p = Path(path)
    shown = display(p)
    try:
        if p.is_dir():
            raise ReportError(shown, "is a folder")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(shown, f"file too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = p.read_bytes()
        real = display(os.path.realpath(p))
    except OSError as exc:
        raise ReportError(shown, f"unreadable: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReportError(shown, "empty file")
    return RawFile(p, real, data, hashlib.sha256(data).hexdigest(), size)


def parse_file(raw: RawFile) -> Document:
    """The document of a loaded file, by the reader of its format."""
    fmt = sniff_format(raw.path, raw.data)
    if fmt is None:
        kinds = ", ".join(sorted(SUFFIXES))
        suffix = raw.path.suffix or "(no extension)"
        raise ReportError(display(raw.path), f"unsupported file type {suffix!r}; xxgk reads {kinds}")
    doc = _reader(fmt)(raw.path, raw.data)
    doc.path = raw.real_path
    doc.id = file_id(raw.path)  # from the name's bytes: the printable path may have escaped them
    doc.sha256 = raw.sha256
    doc.size = raw.size
    return doc


def read_document(path: str | Path) -> Document:
    """Read one report file of any supported format; raise ReportError with the reason when unusable."""
    return parse_file(load_file(path))


def list_reports(paths: list[str] | list[Path]) -> FileList:
    """The report files under the given files and folders, with what was skipped and why."""
    return find_reports(paths, SUFFIXES)


__all__ = [
    "Document",
    "FileList",
    "RawFile",
    "ReportError",
    "file_id",
    "list_reports",
    "load_file",
    "parse_file",
    "read_document",
]
