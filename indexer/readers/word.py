"""Read a report published as a Word file: .docx directly, .doc and .wps through LibreOffice.

The body's XML children are read in order, paragraphs (``w:p``) interleaved with tables
(``w:tbl``). A paragraph's text is the text of all its runs joined (hyperlinks and tracked
insertions included, deletions and field codes left out); heading styles give headings. Tables
are expanded over their grid columns: ``gridSpan`` copies to the right, ``vMerge`` copies down.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from indexer.errors import ReportError
from indexer.readers.meta import clean_text, join_lines, report_title
from indexer.readers.model import Block, BlockKind, Document, Grid, Item, PageMeta

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC, _TC_PR, _TR_PR = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:trPr")
_T, _TAB, _BR, _CR, _HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_P_PR, _P_STYLE, _OUTLINE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:outlineLvl"), qn("w:val")
_GRID_SPAN, _V_MERGE, _GRID_BEFORE = qn("w:gridSpan"), qn("w:vMerge"), qn("w:gridBefore")
_STYLE, _STYLE_ID, _NAME = qn("w:style"), qn("w:styleId"), qn("w:name")
_HEADING_STYLE = re.compile(r"^(heading|title|标题|title\s*\d)", re.I)
_SECTION_HEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)[^。；;]{2,36}$"
)
_CONVERT_TIMEOUT = 120
_CORE = "docProps/core.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def parse_xml(data: bytes) -> Any:
    """A part's XML, parsed by lxml (plain elements: python-docx's element classes are slow here)."""
    return etree.fromstring(data, _PARSER)


def read_docx(path: Path, data: bytes) -> Document:
    """Read a .docx into a Document: blocks and grids in body order, the title from core properties.

    Only the parts a report needs are parsed (the main document, its styles, the core properties),
    with lxml and python-docx's names for the WordprocessingML tags; loading the whole package
    through python-docx costs more than reading the body.
    """
    body, styles_root, title = _parts(path, data)
    styles = _style_names(styles_root)
    items: list[Item] = []
    for element in _body_elements(body):
        if element.tag == _P:
            items.extend(_paragraph_blocks(element, styles))
        else:
            grid = _grid(element)
            if any(any(row) for row in grid.rows):
                items.append(grid)
    meta = PageMeta(title=report_title(title))
    return Document(path=str(path), format="docx", items=items, meta=meta)


def read_legacy_word(path: Path, data: bytes) -> Document:
    """Read a .doc or .wps by converting it to .docx with LibreOffice (headless, fresh profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReportError(
            path, "reading .doc/.wps needs LibreOffice: apt-get install libreoffice-writer-nogui"
        )
    kind = "wps" if path.suffix.lower() == ".wps" else "doc"
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input.{kind}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise ReportError(
                path, f"LibreOffice did not convert the file within {_CONVERT_TIMEOUT} s"
            ) from exc
        target = work / "out" / "input.docx"
        if not target.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ReportError(path, f"LibreOffice could not convert the .{kind} file: {detail[0]}")
        document = read_docx(path, target.read_bytes())
    document.format = kind
    return document


# what reading a damaged part raises: a bad header or XML, bad compressed data, an unknown or
# unavailable compression method (NotImplementedError; OSError, LZMAError from bzip2, lzma), a part
# flagged as encrypted (RuntimeError)
_DAMAGED_PART = (
    etree.XMLSyntaxError,
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    KeyError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
)


def _parts(path: Path, data: bytes) -> tuple[Any, Any | None, str]:
    """(the body element, the styles element or None, the core title) of a .docx's bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        NotImplementedError,
    ) as exc:  # NotImplementedError: a zip version it cannot read
        raise ReportError(
            path, "not a readable .docx: not a zip archive (corrupt, or a renamed .doc?)"
        ) from exc
    with archive:
        names = set(archive.namelist())
        try:  # a damaged archive fails when a part is read: its header, its compressed data, its XML
            main = _main_part(archive, names)
            if main not in names:
                raise ReportError(path, "not a readable .docx: it has no Word document part")
            root = parse_xml(archive.read(main))
            styles_part = posixpath.join(posixpath.dirname(main), "styles.xml")
            styles = parse_xml(archive.read(styles_part)) if styles_part in names else None
            core = parse_xml(archive.read(_CORE)) if _CORE in names else None
        except _DAMAGED_PART as exc:
            raise ReportError(path, f"not a readable .docx: {exc}") from exc
    body = root.find(qn("w:body"))
    if body is None:
        raise ReportError(path, "not a readable .docx: its document has no body")
    title = core.findtext(qn("dc:title")) if core is not None else None
    return body, styles, title or ""


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The main document part's name, from the package relationships (word/document.xml usually)."""
    if "_rels/.rels" in names:
        rels = etree.fromstring(archive.read("_rels/.rels"))
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _style_names(styles: Any | None) -> dict[str, str]:
    """Paragraph style id -> style name (ids are localised, names are not: 标题 1 has id 1)."""
    names: dict[str, str] = {}
    if styles is None:
        return names
    for style in styles.iterchildren(_STYLE):
        style_id = style.get(_STYLE_ID)
        name = style.find(_NAME)
        if style_id:
            names[style_id] = name.get(_VAL) if name is not None else ""
    return names


def _body_elements(parent: Any) -> list[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls (w:sdt) and
    layout tables (a web page saved as Word keeps the page's frame: a table whose cells hold the
    report's paragraphs and its tables)."""
    out = []
    for child in parent.iterchildren():
        if child.tag == _TBL and child.find(f"{_TR}/{_TC}//{_TBL}") is not None:
            for tr in child.iterchildren(_TR):
                for tc in _row_cells(tr):
                    out.extend(_body_elements(tc))
        elif child.tag in (_P, _TBL):
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_body_elements(content))
    return out


def _paragraph_text(p: Any) -> str:
    """The paragraph's text, runs joined as written; line breaks as newlines."""
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR, _HYPHEN):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append(" ")
        elif node.tag == _HYPHEN:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_heading(p: Any, styles: dict[str, str]) -> bool:
    ppr = p.find(_P_PR)
    if ppr is None:
        return False
    if ppr.find(_OUTLINE) is not None and (ppr.find(_OUTLINE).get(_VAL) or "9") < "9":
        return True
    style = ppr.find(_P_STYLE)
    if style is None:
        return False
    return bool(_HEADING_STYLE.match(styles.get(style.get(_VAL) or "", "")))


def _paragraph_blocks(p: Any, styles: dict[str, str]) -> list[Block]:
    heading = _is_heading(p, styles)
    blocks = []
    for line in _paragraph_text(p).split("\n"):
        text = clean_text(line)
        if text:
            kind: BlockKind = "heading" if heading or _SECTION_HEAD.match(text) else "paragraph"
            blocks.append(Block(text, kind))
    return blocks


def _cell_text(tc: Any) -> str:
    paragraphs = list(tc.iter(_P))
    if len(paragraphs) == 1:  # most cells: one paragraph, often one number
        text = _paragraph_text(paragraphs[0])
        if "\n" not in text:
            return clean_text(text)
    return join_lines(line for p in paragraphs for line in _paragraph_text(p).split("\n"))


def _int_val(parent: Any, tag: str, default: int) -> int:
    node = parent.find(tag) if parent is not None else None
    raw = node.get(_VAL) if node is not None else None
    return int(raw) if raw and raw.isdigit() else default


def _grid(tbl: Any) -> Grid:
    """The table over its grid columns; merged cells' copies marked spanned."""
    placed: list[dict[int, tuple[str, bool]]] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: dict[int, tuple[str, bool]] = {}
        c = _int_val(tr.find(_TR_PR), _GRID_BEFORE, 0)
        for tc in _row_cells(tr):
            tc_pr = tc.find(_TC_PR)
            span = max(1, _int_val(tc_pr, _GRID_SPAN, 1))
            v_merge = tc_pr.find(_V_MERGE) if tc_pr is not None else None
            continues = v_merge is not None and (v_merge.get(_VAL) or "continue") == "continue"
            if continues and r > 0 and c in placed[r - 1]:
                text, first_copy = placed[r - 1][c][0], True
            else:
                text, first_copy = _cell_text(tc), False
            for dc in range(span):
                row[c + dc] = (text, first_copy or dc > 0)
            c += span
        placed.append(row)
    width = max((max(row) + 1 for row in placed if row), default=0)
    rows = [[row.get(c, ("", False))[0] for c in range(width)] for row in placed]
    spanned = [[row.get(c, ("", False))[1] for c in range(width)] for row in placed]
    return Grid(rows, spanned)


def _row_cells(tr: Any) -> list[Any]:
    cells = []
    for child in tr.iterchildren():
        if child.tag == _TC:
            cells.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                cells.extend(content.iterchildren(_TC))
    return cells
