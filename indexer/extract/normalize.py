"""Turning converted report text into a clean form for parsing.

The original text is kept for display and indexing; this form is only for the extractors.
Full-width digits and punctuation become ASCII (NFKC), conversion artefacts such as
``[image: …]`` and ``[bookmark: …]`` disappear, markdown tables become tab-separated rows, and a
text in traditional characters (a mirror site's copy) becomes simplified, as reports are written.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.extract.script import looks_traditional, simplified

_ARTEFACT = re.compile(r"\[(?:image|bookmark|img|图片)\s*:[^\]\n]*\]", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^)\n]*)\)")
_ANGLE_URL = re.compile(r"<((?:https?|mailto):[^>\s]*)>")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-—–][ \t]*\d{1,3}[ \t]*[-—–]|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*$",
    re.M,
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """Return the parsing form of a report's text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for ch in _ZERO_WIDTH:
        if ch in text:
            text = text.replace(ch, "")
    text = unicodedata.normalize("NFKC", text)
    if looks_traditional(text):
        text = simplified(text)
    if "[" in text:
        text = _ARTEFACT.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_BREAK.sub("\n", text)
        text = _ANGLE_URL.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_EMPHASIS.sub(r"\2", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if "页" in text or "-" in text or "—" in text:
        text = _PAGE_NUMBER.sub("", text)
    if "|" in text:
        rows = (_markdown_row(line) for line in text.split("\n"))
        text = "\n".join(row for row in rows if row is not None)
    return _SPACES.sub(" ", text).replace(" \n", "\n").rstrip(" ")


def _markdown_row(line: str) -> str | None:
    """A markdown table row becomes tab-separated cells; its rule line disappears; a lone cell
    loses its closing bar."""
    stripped = line.strip()
    if stripped.count("|") < 2:
        # "0 |": a cell of a table written one cell per line, closed by its rule
        return stripped[:-1].rstrip() if stripped.endswith("|") else line
    if _MD_TABLE_RULE.match(stripped):
        return None
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return "\t".join(cell.strip() for cell in stripped.split("|"))


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}\d])[ \t]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t]+(?=[{_CJK}\d])")


def squeeze(text: str) -> str:
    """Remove spaces next to Chinese characters ("2020 年度 报告" → "2020年度报告")."""
    if " " in text or "\t" in text:
        text = _SPACE_NEAR_CJK.sub("", text)
    return text.strip()


def compact(text: str) -> str:
    """Remove every white-space character (for matching table labels)."""
    return "".join(text.split())


_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_ASCII_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK}])[,;:!?]|[,;:!?](?=[{_CJK}])|\((?=[{_CJK}])|(?<=[{_CJK}])\)"
)


def cjk_punctuation(text: str) -> str:
    """Undo NFKC for display: ASCII punctuation next to Chinese becomes full-width again."""
    return _ASCII_PUNCT_NEAR_CJK.sub(lambda m: _FULL_WIDTH[m.group()], text)
