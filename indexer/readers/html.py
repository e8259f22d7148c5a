"""Read a report published as an HTML page: find the article among the site chrome.

The page is decoded (declared charset, else detected; the GBK family as gb18030), parsed with
selectolax, and the article container chosen top-down: from ``<body>`` keep descending into the
child holding most of the non-link CJK text while it holds nearly all of it. One walk over the
page then yields the article's blocks and grids, and the metadata lines found anywhere on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.errors import ReportError
from indexer.readers.meta import (
    clean_text,
    join_lines,
    label_field,
    merge_meta,
    meta_pairs,
    parse_meta_lines,
    report_title,
)
from indexer.readers.model import Block, BlockKind, Document, Grid, Item, PageMeta

_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_GB_FAMILY = {
    "gbk",
    "gb2312",
    "gb_2312-80",
    "gb_2312",
    "x-gbk",
    "cp936",
    "936",
    "gb18030",
    "euc-cn",
    "hz-gb-2312",
}
_REMOVED_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "select",
    "textarea",
    "button",
    "input",
    "svg",
    "canvas",
    "xml",
    "title",
    "meta",
    "link",
]
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "blockquote",
    "center",
    "pre",
    "form",
    "address",
    "figure",
    "figcaption",
    "fieldset",
    "details",
    "summary",
    "hr",
    "tr",
    "td",
    "th",
    "caption",
    "body",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LEAF_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a", "span", "font"}
_CHROME_CLASS = re.compile(
    r"(^|[\s_-])(share|bdshare|print|xglj|xgxx|xggj|related|footer|foot|breadcrumb|crumb|dqwz|location|"
    r"nav|menu|hotword|hotsearch|toolbar|sidebar)([\s_-]|$)",
    re.I,
)
_CHROME_TEXT = re.compile(
    r"网站标识码|ICP备|ICP证|公网安备|当前位置|您现在的位置|您的位置|分享到|打印本页|关闭窗口|【打印】|【关闭】"
)
_CHROME_MARKERS = ("网站标识码", "ICP备", "公网安备", "当前位置", "您现在的位置", "主办单位", "版权所有")
_RELATED_HEAD = re.compile(
    r"^\s*(相关链接|相关文章|相关阅读|相关信息|相关文件|相关稿件|延伸阅读)\s*[:：]?\s*$"
)
_SECTION_HEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)[^。；;]{2,36}$"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_CLASS = re.compile(r"title|tit|bt|biaoti", re.I)
_META_NAMES = {
    "articletitle": "title",
    "pubdate": "publish_date",
    "publishdate": "publish_date",
    "firstpublishedtime": "publish_date",
    "contentsource": "publisher",
    "source": "publisher",
    "url": "url",
    "og:url": "url",
}


def read_html(path: Path, data: bytes) -> Document:
    """Read an HTML page into a Document: the article's blocks and grids, the page metadata."""
    text, encoding, warnings = _decode(path, data)
    tree = LexborHTMLParser(text)
    head_meta, page_title = _head_meta(tree)
    tree.strip_tags(_REMOVED_TAGS)
    body = tree.body
    if body is None:
        raise ReportError(path, "not an HTML page: no <body>")
    links = _link_weights(body)
    container = _choose_container(body, links)
    walker = _Walker(container.mem_id, links)
    walker.walk(body)
    items = _drop_leading_meta(walker.items, walker.raw_text, walker.meta_lines)
    title = _find_title(body, container)
    meta = merge_meta(parse_meta_lines(walker.meta_lines), head_meta)
    meta.title = title or head_meta.title or report_title(meta.title) or report_title(page_title)
    items = _with_title(items, meta.title)
    if not any(isinstance(item, Block) and item.text for item in items) and not any(
        isinstance(item, Grid) for item in items
    ):
        warnings.append("no article text found on the page")
    return Document(
        path=str(path), format="html", items=items, meta=meta, encoding=encoding, warnings=warnings
    )


# -- decoding -------------------------------------------------------------------------------------


def _codec(name: str) -> str:
    name = name.strip().lower()
    if name in _GB_FAMILY:
        return "gb18030"
    if name in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    return name


def _decode(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """The page's text, the codec used, and warnings about a wrong or missing declaration."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    match = _CHARSET_RE.search(data[:8192])
    declared = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    for codec in [c for c in (declared, "utf-8") if c]:
        try:
            return data.decode(codec), codec, []
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReportError(path, "not a text page: no character encoding decodes it")
    codec = _codec(best.encoding)
    what = f"declared {declared}" if declared else "no charset declared"
    return data.decode(codec, errors="replace"), codec, [f"{what}; decoded as {codec} (detected)"]


# -- page head ------------------------------------------------------------------------------------


def _head_meta(tree: LexborHTMLParser) -> tuple[PageMeta, str | None]:
    """Metadata from <meta name=…> tags and <link rel=canonical>, and the page <title>."""
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        key = _META_NAMES.get(name)
        content = clean_text(attrs.get("content") or "")
        if key and content and key not in values:
            values[key] = content
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None and "url" not in values:
        values["url"] = canonical.attributes.get("href") or ""
    lines = [f"{_HEAD_LABELS[key]}：{value}" for key, value in values.items()]
    meta = parse_meta_lines(lines)
    if "title" in values:
        meta.title = values["title"]
    title_node = tree.css_first("title")
    page_title = clean_text(title_node.text()) if title_node is not None else None
    return meta, page_title or None


_HEAD_LABELS = {"title": "标题", "publish_date": "发布日期", "publisher": "发布机构", "url": "原文链接"}


# -- choosing the article ---------------------------------------------------------------------------


def _weight(text: str) -> int:
    """About the number of CJK characters (each takes two extra bytes in UTF-8)."""
    return (len(text.encode("utf-8")) - len(text)) // 2


def _link_weights(body: LexborNode) -> dict[int, int]:
    """CJK weight of link text inside each element, keyed by mem_id."""
    weights: dict[int, int] = {}
    for anchor in body.css("a"):
        w = _weight(anchor.text())
        if not w:
            continue
        node: LexborNode | None = anchor
        while node is not None:
            weights[node.mem_id] = weights.get(node.mem_id, 0) + w
            node = node.parent
    return weights


def _content(node: LexborNode, links: dict[int, int]) -> float:
    """Non-link text weight, lowered when the element holds site chrome (footer, breadcrumb)."""
    text = node.text()
    w = _weight(text) - 1.5 * links.get(node.mem_id, 0)
    if any(marker in text for marker in _CHROME_MARKERS):
        w -= 50
    return w


def _descendable(node: LexborNode) -> bool:
    tag = node.tag or ""
    if tag in _LEAF_BLOCKS or not node.is_element_node:
        return False
    return not (tag == "table" and not _is_layout_table(node))


def _choose_container(body: LexborNode, links: dict[int, int]) -> LexborNode:
    """Descend from <body> into the child holding most of the text while it holds nearly all of it."""
    current = body
    current_w = _content(body, links)
    while True:
        best, best_w = None, 0.0
        for child in current.iter():
            if not _descendable(child):
                continue
            w = _content(child, links)
            if w > best_w:
                best, best_w = child, w
        if best is None or best_w < 0.8 * current_w or best_w < 30:
            return current
        current, current_w = best, best_w


def _find_title(body: LexborNode, container: LexborNode) -> str | None:
    """The report title: a heading or title-classed element naming a 年度报告, not a link."""
    for node in body.css("h1, h2, h3, [class*=tit], [class*=bt], [id*=title]"):
        marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in _HEADING_TAGS and not _TITLE_CLASS.search(marks):
            continue
        text = clean_text(node.text())
        if "年度报告" in text and len(text) <= 80 and node.css_first("a") is None and not _inside_link(node):
            return text
    return None


def _inside_link(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "a":
            return True
        parent = parent.parent
    return False


def _with_title(items: list[Item], title: str | None) -> list[Item]:
    """Put the title first as a heading unless the article's first blocks already hold it."""
    if not title:
        return items
    for item in items[:5]:
        if isinstance(item, Block) and title in item.text:
            return items
    return [Block(title, "heading"), *items]


# -- walking the page ---------------------------------------------------------------------------------


@dataclass
class _Walker:
    """One walk over the page: article items inside the container, metadata lines everywhere."""

    container_id: int
    links: dict[int, int]
    items: list[Item] = field(default_factory=list)
    meta_lines: list[str] = field(default_factory=list)
    raw_text: dict[int, str] = field(default_factory=dict)  # id(block) -> text with its spaces
    inside: bool = False
    buffer: list[str] = field(default_factory=list)
    kind: BlockKind = "paragraph"
    lines: list[str] | None = None  # set while collecting a table cell's lines

    def walk(self, node: LexborNode) -> None:
        entering = node.mem_id == self.container_id
        if entering:
            self._flush()
            self.inside = True
        self._children(node)
        if entering:
            self._flush()
            self.inside = False

    def _children(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text":
                self.buffer.append(child.text_content or "")
            elif not child.is_element_node:
                continue
            elif child.mem_id == self.container_id:
                self.walk(child)
            elif tag == "br":
                self._flush()
            elif tag == "table":
                self._flush()
                self._table(child)
            elif tag in _BLOCK_TAGS:
                self._block(child, tag)
            elif not self._hidden(child):
                self._children(child)

    def _block(self, node: LexborNode, tag: str) -> None:
        self._flush()
        if self._hidden(node) or (self.inside and self.lines is None and self._is_chrome(node, tag)):
            return
        outer = self.kind
        if tag in _HEADING_TAGS:
            self.kind = "heading"
        self._children(node)
        self._flush()
        self.kind = outer

    def _hidden(self, node: LexborNode) -> bool:
        style = node.attributes.get("style") if node.attributes else None
        return bool(style and _HIDDEN_STYLE.search(style))

    def _is_chrome(self, node: LexborNode, tag: str) -> bool:
        """Share bars, breadcrumbs and link lists (相关链接) inside the article container."""
        attrs = node.attributes
        if _CHROME_CLASS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
        link_w = self.links.get(node.mem_id, 0)
        if link_w and tag in ("ul", "ol", "dl", "div", "nav"):
            return link_w >= 0.6 * max(_weight(node.text()), 1) and len(node.css("a")) >= 2
        return False

    def _flush(self) -> None:
        if not self.buffer:
            return
        raw = " ".join("".join(self.buffer).split())
        self.buffer = []
        if not raw:
            return
        if self.lines is not None:
            self.lines.append(raw)
        elif self.inside:
            self._emit(raw)
        elif len(raw) <= 200:
            self.meta_lines.append(raw)

    def _emit(self, raw: str) -> None:
        text = clean_text(raw)
        if len(text) <= 120 and (_CHROME_TEXT.search(text) or _RELATED_HEAD.match(text)):
            return
        kind: BlockKind = "heading" if self.kind == "heading" or _SECTION_HEAD.match(text) else "paragraph"
        block = Block(text, kind)
        self.raw_text[id(block)] = raw
        self.items.append(block)

    # -- tables --

    def _table(self, table: LexborNode) -> None:
        if _is_layout_table(table):
            self._children(table)
            return
        rows = _table_rows(table)
        cell_texts = [[self._cell_text(cell) for cell in cells] for cells in rows]
        if _is_meta_table(cell_texts):
            self.meta_lines.extend(_meta_table_lines(cell_texts))
        elif self.inside and rows:
            grid = _grid(rows, cell_texts)
            if any(any(row) for row in grid.rows):
                self.items.append(grid)

    def _cell_text(self, cell: LexborNode) -> str:
        outer_lines, outer_buffer = self.lines, self.buffer
        self.lines, self.buffer = [], []
        self._children(cell)
        self._flush()
        text = join_lines(self.lines)
        self.lines, self.buffer = outer_lines, outer_buffer
        return text


def _table_rows(table: LexborNode) -> list[list[LexborNode]]:
    """The table's own rows (not those of nested tables), each a list of td/th cells."""
    rows: list[list[LexborNode]] = []
    for child in table.iter():
        if child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_row_cells(tr) for tr in child.iter() if tr.tag == "tr")
        elif child.tag == "tr":
            rows.append(_row_cells(child))
    return rows


def _row_cells(tr: LexborNode) -> list[LexborNode]:
    return [cell for cell in tr.iter() if cell.tag in ("td", "th")]


def _is_layout_table(table: LexborNode) -> bool:
    """A table used for page layout: it holds other tables or long running text in one cell."""
    if len(table.css("table")) > 1:
        return True
    rows = _table_rows(table)
    cells = [cell for row in rows for cell in row]
    if len(cells) <= 2 and _weight(table.text()) > 150:
        return True
    return any(_weight(cell.text()) > 600 for cell in cells)


def _is_meta_table(cell_texts: list[list[str]]) -> bool:
    """A label/value table (索引号 | … | 发布机构 | …) rather than report data."""
    cells = [text for row in cell_texts for text in row]
    labels = [label_field(text) for text in cells]
    known = [label for label in labels if label and label != "ignore"]
    return len(known) >= 2 and len(cells) <= 40


def _meta_table_lines(cell_texts: list[list[str]]) -> list[str]:
    """``label：value`` lines from a label/value table, cells paired left to right."""
    lines = []
    for row in cell_texts:
        for i, text in enumerate(row):
            if label_field(text) and i + 1 < len(row) and not label_field(row[i + 1]):
                lines.append(f"{text.rstrip(':：')}：{row[i + 1]}")
            elif meta_pairs(text):
                lines.append(text)
    return lines


def _span(node: LexborNode, name: str, limit: int) -> int:
    raw = node.attributes.get(name) or "1"
    digits = re.match(r"\s*(\d+)", raw)
    value = int(digits.group(1)) if digits else 1
    return limit if value == 0 else max(1, min(value, limit))


def _grid(rows: list[list[LexborNode]], cell_texts: list[list[str]]) -> Grid:
    """Expand rowspan/colspan into a full-width grid; copies of a merged cell are marked spanned."""
    placed: dict[tuple[int, int], tuple[str, bool]] = {}
    n_rows = len(rows)
    for r, (cells, texts) in enumerate(zip(rows, cell_texts, strict=True)):
        c = 0
        for cell, text in zip(cells, texts, strict=True):
            while (r, c) in placed:
                c += 1
            rowspan = _span(cell, "rowspan", n_rows - r)
            colspan = _span(cell, "colspan", 100)
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = (text, dr > 0 or dc > 0)
            c += colspan
    width = max((c for _, c in placed), default=-1) + 1
    grid_rows = [[placed.get((r, c), ("", False))[0] for c in range(width)] for r in range(n_rows)]
    spanned = [[placed.get((r, c), ("", False))[1] for c in range(width)] for r in range(n_rows)]
    return Grid(grid_rows, spanned)


def _drop_leading_meta(items: list[Item], raw_text: dict[int, str], meta_lines: list[str]) -> list[Item]:
    """Move metadata lines at the top of the article (before any long text) out of the items."""
    out: list[Item] = []
    started = False
    for item in items:
        if not started and isinstance(item, Block):
            raw = raw_text.get(id(item), item.text)
            if len(raw) <= 150 and meta_pairs(raw):
                meta_lines.append(raw)
                continue
            started = len(item.text) >= 40
        elif isinstance(item, Grid):
            started = True
        out.append(item)
    return out
