"""The docx format: the report as a Word document (python-docx), tables with real merged cells.

The title is a centred bold paragraph or a Title/Heading style; section headings a heading style or
bold body text; the tables Word tables whose merged header cells (法人或其他组织, 三、本年度办理结果,
行政复议 / 行政诉讼 …) are merged with ``cell.merge``.  The bytes are reproducible: fixed document
properties and fixed times in the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from report_generator.merged import merged_grid
from report_generator.report import Report

_BOOKMARK = "[bookmark: _GoBack]"
_FONTS = ("仿宋_GB2312", "仿宋", "宋体")


def _east_asian(run_or_style: Any, font: str) -> None:
    """Set the East Asian font of a run or style (python-docx sets only the Latin one)."""
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _table(document: Any, report: Report, name: str) -> None:
    grid = merged_grid(report.tables[name], report.template)
    width = max(len(line) for line in grid)
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    # the cells before any merge (table.cell() walks the whole table each time); a merge only
    # removes cells its anchor covers, which are never looked up again
    cells = [list(row.cells) for row in table.rows]
    for n, line in enumerate(grid):
        for k, cell in enumerate(line):
            if cell is None:
                continue
            target = cells[n][k]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(cells[n + cell.rowspan - 1][k + cell.colspan - 1])
            text = cell.text.replace(_BOOKMARK, "")
            parts = text.split("\n") if text.strip() else [""]
            first = target.paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.add_run(parts[0])
            for part in parts[1:]:
                if part:
                    target.add_paragraph(part).alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_docx(report: Report, rng: random.Random) -> bytes:
    """The report as .docx bytes; `rng` draws the styling (not the content)."""
    document = docx.Document()
    font = rng.choice(_FONTS)
    normal = document.styles["Normal"]
    normal.font.size = Pt(rng.choice((12, 14, 16)))
    _east_asian(normal, font)
    styled_headings = rng.random() < 0.5
    for kind, text in report.blocks:
        if kind == "title":
            if rng.random() < 0.4:
                document.add_heading(text, level=0 if rng.random() < 0.5 else 1)
            else:
                p = document.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(text)
                run.bold = True
                run.font.size = Pt(22)
                _east_asian(run, "方正小标宋简体")
        elif kind == "heading" or (kind == "para" and text.startswith("### ")):
            text = text.removeprefix("### ")
            if styled_headings:
                document.add_heading(text, level=2)
            else:
                run = document.add_paragraph().add_run(text)
                run.bold = True
                _east_asian(run, "黑体")
        elif kind == "para":
            p = document.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(32)
        elif kind == "table":
            _table(document, report, text)
        elif kind in ("signature", "date"):
            document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # images: none in the docx
    y, m, d = report.publish
    props = document.core_properties
    stamp = dt.datetime(y, m, d, 9, 0, 0)
    props.author = props.last_modified_by = rng.choice(("Administrator", "admin", "User", "dell"))
    props.created = props.modified = props.last_printed = stamp
    props.revision = rng.randrange(1, 12)
    props.title = ""
    props.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time fixed, so that the bytes depend only on the content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
