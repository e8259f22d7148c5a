"""Reading report files: encoding detection and the errors a bad file produces."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

REPORT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
MAX_BYTES = 20 * 1024 * 1024  # no real report is anywhere near this


class ReportError(Exception):
    """A file that cannot be read as a report; the message says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A decoded report file."""

    path: str
    text: str
    sha256: str
    encoding: str
    size: int


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding name); raise ReportError if impossible."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        for name in ("utf-16-le", "utf-16-be"):
            text = _as_utf16(data, name)
            if text is not None:
                return text, name
        raise ReportError(path, "binary file (contains NUL bytes), not a text report")
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best() or from_bytes(data).best()
    if best is None:
        raise ReportError(path, "cannot detect the text encoding (not UTF-8, GB18030/GBK or UTF-16)")
    name = "gb18030" if best.encoding in {"gbk", "gb2312", "gb18030", "hz"} else best.encoding
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReportError(path, f"undecodable as {name}: {exc}") from exc


def _as_utf16(data: bytes, name: str) -> str | None:
    """BOM-less UTF-16: accept the decoding only when it reads as plausible text."""
    if len(data) % 2:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    sample = text[:4000]
    plausible = sum(1 for ch in sample if ch.isprintable() or ch.isspace())
    cjk_or_ascii = sum(
        1 for ch in sample if ch < "\u0080" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
    )
    if plausible >= 0.98 * len(sample) and cjk_or_ascii >= 0.9 * len(sample):
        return text
    return None


def read_report(path: str | Path) -> ReportFile:
    """Read and decode one report file; raise ReportError with the reason when unusable."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(p, f"file too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = p.read_bytes()
    except OSError as exc:
        raise ReportError(p, f"unreadable: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReportError(p, "empty file")
    text, encoding = decode(data, p)
    if "\x00" in text:
        raise ReportError(p, "binary file (contains NUL characters), not a text report")
    if not text.strip():
        raise ReportError(p, "empty file (only white space)")
    return ReportFile(
        path=str(p), text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, size=size
    )


def iter_report_paths(paths: list[str] | list[Path]) -> list[Path]:
    """Expand files and folders (recursively) into report files, sorted, without duplicates.

    A path that does not exist is returned as is so that the caller reports it.
    """
    seen: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES and not _hidden(child, p):
                    seen.setdefault(child, None)
        else:
            seen.setdefault(p, None)
    return list(seen)


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)
