"""The document model every reader produces, whatever the file format.

A :class:`Document` is the report as read: blocks of text and tables in reading order, plus the
page's metadata where the source has it. Extraction works on this model only, never on a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph"]


@dataclass(slots=True)
class Block:
    """A heading or a paragraph of text, one logical line or several joined by newlines."""

    text: str
    kind: BlockKind = "paragraph"


@dataclass(slots=True)
class Grid:
    """A table as rows × columns of cell strings, merged cells expanded to the full width.

    ``spanned[r][c]`` is True where the cell is a copy of a merged cell's anchor (the cell
    above for a rowspan, the cell to the left for a colspan), so the anchor's text is counted
    once. An empty string is an empty cell (a missing value, not 0).
    """

    rows: list[list[str]]
    spanned: list[list[bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.spanned:
            self.spanned = [[False] * len(row) for row in self.rows]

    def lines(self) -> list[str]:
        """The table as tab-separated text rows, each merged cell's text once, empty rows dropped."""
        out = []
        for row, copies in zip(self.rows, self.spanned, strict=True):
            cells = [
                " ".join(cell.split()) if not copy else "" for cell, copy in zip(row, copies, strict=True)
            ]
            if any(cells):
                out.append("\t".join(cells).rstrip("\t"))
        return out


@dataclass(slots=True)
class PageMeta:
    """What the page or file says about itself (all optional, as written in the source)."""

    title: str | None = None
    publisher: str | None = None  # 发布机构 / 来源 / 发文机关
    publish_date: str | None = None  # 发布日期 / 发布时间 / 公开日期 (ISO YYYY-MM-DD)
    written_date: str | None = None  # 成文日期 (ISO)
    index_no: str | None = None  # 索引号
    doc_no: str | None = None  # 文号 / 发文字号
    url: str | None = None  # the page address, when the file records it


Item = Block | Grid


@dataclass(slots=True)
class Document:
    """One report as read from one file."""

    path: str
    format: str  # "text", "html", "pdf", "docx", "doc", "wps"
    items: list[Item]
    meta: PageMeta = field(default_factory=PageMeta)
    sha256: str = ""
    encoding: str | None = None  # the text encoding, for formats that have one
    size: int = 0
    warnings: list[str] = field(default_factory=list)
    id: str = ""  # the file's id (``readers.file_id``), set once when the file is read

    def text(self) -> str:
        """The report as plain text: blocks as lines, tables as tab-separated rows."""
        parts: list[str] = []
        for item in self.items:
            if isinstance(item, Grid):
                parts.extend(item.lines())
            else:
                parts.append(item.text)
        return "\n".join(parts)

    @property
    def grids(self) -> list[Grid]:
        return [item for item in self.items if isinstance(item, Grid)]
