"""Text encodings of report bytes: BOMs, UTF-8, GB18030/GBK, BOM-less UTF-16, else detection."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from indexer.errors import ReportError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding name); raise ReportError if impossible."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ReportError(
                    path,
                    f"starts with a {name} byte-order mark but is not {name} text ({exc.reason} at byte {exc.start})",
                ) from exc
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
