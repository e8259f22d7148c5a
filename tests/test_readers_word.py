"""The Word reader on documents built by the tests with python-docx (and LibreOffice for .doc)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from indexer.errors import ReportError
from indexer.readers.model import Block, Document, Grid
from indexer.readers.word import read_docx, read_legacy_word

TITLE = "某某县农业农村局2023年政府信息公开工作年度报告"


def _build() -> bytes:
    """A small report: heading, split-run paragraph, a table with a horizontal and a vertical merge."""
    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=1)
    document.add_paragraph("一、总体情况")
    paragraph = document.add_paragraph("2023年，本局共收到政府信息公开申请")
    paragraph.add_run("1")
    paragraph.add_run("2")
    paragraph.add_run("件，均按期答复。")
    table = document.add_table(rows=4, cols=4)
    texts = [
        ["项目", "", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "10", "10"],
        ["", "（二）部分公开", "", "2"],
        ["四、结转下年度继续办理", "", "0", "0"],
    ]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal: gridSpan
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical: vMerge
    document.add_paragraph("五、存在的主要问题及改进情况")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def built() -> bytes:
    return _build()


def _check_report(doc: Document) -> None:
    kinds = [type(item).__name__ for item in doc.items]
    assert kinds == ["Block", "Block", "Block", "Grid", "Block"]
    assert doc.items[0] == Block(TITLE, "heading")
    assert doc.items[1] == Block("一、总体情况", "heading")
    assert doc.items[2] == Block("2023年，本局共收到政府信息公开申请12件，均按期答复。")
    assert doc.items[4] == Block("五、存在的主要问题及改进情况", "heading")
    grid = doc.items[3]
    assert isinstance(grid, Grid)
    assert grid.rows == [
        ["项目", "项目", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "10", "10"],
        ["三、本年度办理结果", "（二）部分公开", "", "2"],
        ["四、结转下年度继续办理", "", "0", "0"],
    ]
    assert grid.spanned[0] == [False, True, False, False]
    assert grid.spanned[2] == [True, False, False, False]
    assert grid.spanned[3] == [False, False, False, False]


def test_docx_blocks_and_grid(built: bytes) -> None:
    doc = read_docx(Path("report.docx"), built)
    assert doc.format == "docx"
    _check_report(doc)
    assert doc.meta.title == TITLE


def test_docx_title_only_when_it_names_a_report() -> None:
    document = docx.Document()
    document.core_properties.title = "Microsoft Word - 新建文档"
    document.add_paragraph("正文")
    out = io.BytesIO()
    document.save(out)
    assert read_docx(Path("x.docx"), out.getvalue()).meta.title is None


def test_a_web_page_saved_as_word_keeps_its_frame_table() -> None:
    # the page's layout table holds the menus in one cell and the report, with its own table, in another
    document = docx.Document()
    frame = document.add_table(rows=1, cols=2)
    frame.cell(0, 0).text = "首页"
    body = frame.cell(0, 1)
    body.paragraphs[0].text = "一、总体情况"
    body.add_paragraph("2023年，本局共收到政府信息公开申请12件。")
    inner = body.add_table(rows=2, cols=2)
    for r, row in enumerate([["项目", "总计"], ["（一）予以公开", "10"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    body.add_paragraph("五、存在的主要问题及改进情况")
    out = io.BytesIO()
    document.save(out)
    doc = read_docx(Path("page.docx"), out.getvalue())
    grids = [item for item in doc.items if isinstance(item, Grid)]
    assert [g.rows for g in grids] == [[["项目", "总计"], ["（一）予以公开", "10"]]]
    texts = [item.text for item in doc.items if isinstance(item, Block)]
    assert texts[:3] == ["首页", "一、总体情况", "2023年，本局共收到政府信息公开申请12件。"]
    assert texts[-1] == "五、存在的主要问题及改进情况"


def test_corrupt_docx_raises() -> None:
    with pytest.raises(ReportError, match="not a readable .docx: not a zip archive"):
        read_docx(Path("broken.docx"), b"PK\x03\x04 this is not really a zip")


@pytest.mark.parametrize("part", ["_rels/.rels", "word/document.xml"])
def test_a_damaged_part_of_the_archive_raises(built: bytes, part: str) -> None:
    """The archive's directory reads, but a part's own header or compressed data does not."""
    archive = zipfile.ZipFile(io.BytesIO(built))
    damaged = bytearray(built)
    offset = archive.getinfo(part).header_offset
    damaged[offset : offset + 4] = b"XXXX"  # the part's local header signature
    with pytest.raises(ReportError, match="not a readable .docx: Bad magic number"):
        read_docx(Path("damaged.docx"), bytes(damaged))
    info = archive.getinfo(part)
    start = offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(built)
    damaged[start : start + 16] = bytes(16)  # its deflated data
    with pytest.raises(ReportError, match="not a readable .docx"):
        read_docx(Path("damaged.docx"), bytes(damaged))


@pytest.mark.parametrize(
    ("field", "value"),
    [(8, 1), (10, 99), (10, 12)],  # flagged as encrypted; an unknown compression method; bzip2's
    ids=["encrypted", "unknown-method", "bzip2"],
)
def test_a_part_the_zip_reader_cannot_open_raises(built: bytes, field: int, value: int) -> None:
    """The central directory's entry for the document part says how to read it; when that cannot be
    done, the file is a per-file error, whatever zipfile raises."""
    name = b"word/document.xml"
    entry = built.index(b"PK\x01\x02", zipfile.ZipFile(io.BytesIO(built)).start_dir)
    while built[entry + 46 : entry + 46 + len(name)] != name:  # the central directory's entries in turn
        entry = built.index(b"PK\x01\x02", entry + 4)
    damaged = bytearray(built)
    damaged[entry + field : entry + field + 2] = value.to_bytes(2, "little")
    with pytest.raises(ReportError, match="not a readable .docx"):
        read_docx(Path("damaged.docx"), bytes(damaged))


def test_zip_without_word_document_raises() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    with pytest.raises(ReportError, match="not a readable .docx"):
        read_docx(Path("other.docx"), out.getvalue())


def test_legacy_word_needs_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("indexer.readers.word.shutil.which", lambda name: None)
    with pytest.raises(ReportError, match="needs LibreOffice"):
        read_legacy_word(Path("old.doc"), b"\xd0\xcf\x11\xe0")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_with_libreoffice(built: bytes, tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(built)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (tmp_path / "report.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 (.doc) file, not a docx
    doc = read_legacy_word(Path("report.doc"), data)
    assert doc.format == "doc"
    _check_report(doc)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_unconvertible_legacy_file_raises() -> None:
    with pytest.raises(ReportError, match="LibreOffice could not convert"):
        read_legacy_word(Path("junk.wps"), b"\x00\x01 not a document at all" * 10)
