"""The PDF reader on a real WPS-exported report and on small PDFs written by the tests."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from indexer.errors import ReportError
from indexer.extract.record import extract_file
from indexer.readers.model import Block, Document, Grid
from indexer.readers.ocr import rule_masks, tesseract_ready
from indexer.readers.pdf import read_pdf

REAL = Path(__file__).parent / "fixtures" / "real"
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


# -- writing small PDFs -------------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (1 = catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _page_pdf(content: bytes, extra: list[bytes] | None = None, trailer_extra: bytes = b"") -> bytes:
    """One A4 page with Helvetica as /F1 and the given content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects + (extra or []), trailer_extra)


def _text(x: float, y: float, text: str, size: int = 11) -> bytes:
    return b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, text.encode("latin-1"))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user_password: bytes) -> bytes:
    """A PDF under the standard security handler (RC4 40-bit, revision 2) with a user password."""
    file_id = hashlib.md5(b"xxgk-test").digest()
    owner_key = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    permissions = -4
    key = hashlib.md5(
        (user_password + _PAD)[:32] + o_entry + permissions.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o_entry.hex().encode(),
        u_entry.hex().encode(),
        permissions,
    )
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode())
    return _page_pdf(b"", extra=[encrypt], trailer_extra=trailer)


# -- the real report -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc002() -> Document:
    path = REAL / "002.pdf"
    return read_pdf(path, path.read_bytes())


def _row(doc: Document, label: str) -> list[str]:
    for grid in doc.grids:
        for row in grid.rows:
            if any(label in cell for cell in row):
                return row
    raise AssertionError(f"no grid row with {label!r}")


def test_real_table_three(doc002: Document) -> None:
    new = _row(doc002, "本年新收")
    assert new[-1] == "21"
    assert new[-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    # the text layer puts '1 0 0 0 0 0 1' before '1.属于国家秘密': the grid keeps them on one row
    secret = _row(doc002, "1.属于国家秘密")
    assert secret[-7:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert secret[0] == "三、本年度办理结果"  # the vertical label, one character per line in the PDF
    # the row at the page foot, drawn without a closing rule, stays in the table
    assert _row(doc002, "没有现成信息需要另行制作")[-1] == "3"
    assert _row(doc002, "（七）总计")[-1] == "21"


def test_real_table_split_over_pages_is_one_grid(doc002: Document) -> None:
    grid = next(g for g in doc002.grids if any("本年新收" in c for r in g.rows for c in r))
    labels = [" ".join(row[:3]) for row in grid.rows]
    assert any("四、结转下年度继续办理" in label for label in labels)
    assert all(len(row) == 10 for row in grid.rows)


def test_real_table_four(doc002: Document) -> None:
    grid = next(g for g in doc002.grids if any("行政复议" in r for r in g.rows))
    assert grid.rows[-1] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert grid.spanned[0][:5] == [False, True, True, True, True]


def test_real_text_blocks(doc002: Document) -> None:
    blocks = [item for item in doc002.items if isinstance(item, Block)]
    assert blocks[0].kind == "heading" and "洪泽区" in blocks[0].text and "年度报告" in blocks[0].text
    text = doc002.text()
    assert "我区在政府网站平台主动公开政府信息1136条" in text
    # a paragraph continued on the next page is one block
    assert any("严格执行“分级审核、先审后发”程序" in b.text for b in blocks)
    assert not any(re.fullmatch(r"-\s*\d+\s*-", b.text) for b in blocks)
    assert any(b == Block("五、存在的主要问题及改进情况", "heading") for b in blocks)


def test_real_metadata(doc002: Document) -> None:
    assert doc002.meta.publish_date is None  # the CreationDate is not the publication date
    assert doc002.meta.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert doc002.format == "pdf"


# -- written PDFs ---------------------------------------------------------------------------------------


def test_a_title_property_without_the_site_name_joined_to_it(tmp_path: Path) -> None:
    # a web page printed to PDF keeps the page's <title>: "report_column_site"
    title = (
        "平潭综合实验区农业农村局2021年政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"
    )
    info = b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode() + b"> >>"
    path = tmp_path / "printed.pdf"
    path.write_bytes(_page_pdf(_text(72, 750, "Report"), extra=[info], trailer_extra=b"/Info 6 0 R "))
    assert (
        read_pdf(path, path.read_bytes()).meta.title
        == "平潭综合实验区农业农村局2021年政府信息公开工作年度报告"
    )
    stale = "沙洋县2021年政府工作报告"  # a template's title: a report, but not a disclosure report
    info = b"<< /Title <FEFF" + stale.encode("utf-16-be").hex().upper().encode() + b"> >>"
    path.write_bytes(_page_pdf(_text(72, 750, "Report"), extra=[info], trailer_extra=b"/Info 6 0 R "))
    assert read_pdf(path, path.read_bytes()).meta.title is None
    other = b"<< /Title (Microsoft Word - minutes.doc) >>"
    path.write_bytes(_page_pdf(_text(72, 750, "Report"), extra=[other], trailer_extra=b"/Info 6 0 R "))
    assert read_pdf(path, path.read_bytes()).meta.title is None


def test_ruled_table_with_merged_cell_and_page_number() -> None:
    rules = b"0 0 0 RG 1 w\n"
    for y in (700, 680, 660, 640):  # rows
        rules += b"72 %d m 372 %d l S\n" % (y, y)
    rules += b"72 700 m 72 640 l S\n372 700 m 372 640 l S\n"
    rules += b"172 680 m 172 640 l S\n272 700 m 272 640 l S\n"  # 'Item' spans two columns on top
    content = (
        _text(72, 760, "Annual report")
        + rules
        + _text(80, 686, "Item")
        + _text(280, 686, "Total")
        + _text(80, 666, "New")
        + _text(180, 666, "5")
        + _text(280, 666, "5")
        + _text(80, 646, "Old")
        + _text(280, 646, "0")
        + _text(72, 600, "After the table.")
        + _text(290, 40, "- 3 -")
    )
    doc = read_pdf(Path("t.pdf"), _page_pdf(content))
    assert [type(item).__name__ for item in doc.items] == ["Block", "Grid", "Block"]
    grid = doc.items[1]
    assert isinstance(grid, Grid)
    assert grid.rows == [["Item", "Item", "Total"], ["New", "5", "5"], ["Old", "", "0"]]
    assert grid.spanned[0] == [False, True, False]
    assert doc.items[2] == Block("After the table.")
    assert "- 3 -" not in doc.text()


def test_white_background_boxes_are_not_tables() -> None:
    boxes = b"1 1 1 rg\n" + b"".join(b"72 %d 400 20 re f\n" % y for y in (700, 680, 660))
    content = boxes + _text(80, 706, "First line of text") + _text(80, 686, "Second line")
    doc = read_pdf(Path("t.pdf"), _page_pdf(content))
    assert doc.grids == []
    assert "First line of text" in doc.text()


def test_encrypted_pdf_raises() -> None:
    data = _encrypted_pdf(b"secret")
    pdfium.PdfDocument(data, password="secret").close()  # a real encrypted file: the password opens it
    with pytest.raises(ReportError, match="encrypted PDF: needs a password"):
        read_pdf(Path("locked.pdf"), data)


def test_broken_pdf_raises() -> None:
    data = b"%PDF-1.7\n" + os.urandom(4000)
    with pytest.raises(ReportError, match="not a readable PDF"):
        read_pdf(Path("broken.pdf"), data)


def _pdf_with_broken_pages(broken: int) -> bytes:
    """A text page followed by ``broken`` page references that are not page dictionaries."""
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 4 + broken))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, 1 + broken),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + broken, 5 + broken),
        *([b"42"] * broken),  # what a damaged file may hold where a page should be
    ]
    content = _text(72, 760, "Annual report 2020")
    objects += [
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def test_a_damaged_page_is_named_and_the_others_are_read() -> None:
    doc = read_pdf(Path("damaged.pdf"), _pdf_with_broken_pages(1))
    assert doc.text() == "Annual report 2020"
    assert doc.warnings == ["PDF page 2 could not be loaded (damaged): its text is missing"]
    two = read_pdf(Path("damaged.pdf"), _pdf_with_broken_pages(2))
    assert two.warnings == ["PDF pages 2, 3 could not be loaded (damaged): their text is missing"]
    nothing = _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"42"]
    )
    with pytest.raises(ReportError, match="none of its pages could be loaded"):
        read_pdf(Path("damaged.pdf"), nothing)


def test_not_a_pdf_raises() -> None:
    with pytest.raises(ReportError, match="no %PDF header"):
        read_pdf(Path("page.pdf"), b"<html><body>404</body></html>")


def test_scanned_pdf_without_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_OCR", raising=False)
    data = _page_pdf(b"0 0 0 rg 72 72 200 200 re f\n")
    with pytest.raises(ReportError, match="scanned PDF without a text layer: OCR it first"):
        read_pdf(Path("scan.pdf"), data)


def test_ocr_needs_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_OCR", "1")
    monkeypatch.setattr("indexer.readers.ocr.shutil.which", lambda name: None)
    with pytest.raises(ReportError, match="tesseract"):
        read_pdf(Path("scan.pdf"), _page_pdf(b""))


@pytest.mark.skipif(not tesseract_ready(), reason="tesseract with its chi_sim model is not installed")
def test_a_scanned_table_is_read_into_its_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the real report's table 三 pages as a scanner gives them: images, no text layer, no drawn rules
    monkeypatch.setenv("XXGK_OCR", "1")
    source = pdfium.PdfDocument(REAL / "002.pdf")
    first, second = (source[i].render(scale=200 / 72, grayscale=True).to_pil() for i in (2, 3))
    scan = tmp_path / "scan.pdf"
    first.save(scan, save_all=True, append_images=[second], resolution=200)
    record = extract_file(scan)
    assert any("OCR" in warning for warning in record["warnings"])
    assert record["tables_found"]["table3"]
    printed = extract_file(REAL / "002.pdf")["table3"]
    rows = (
        "new_received",
        "carried_over",
        "granted",
        "partially_granted",
        "outcome_total",
        "carried_forward",
    )
    same = [row for row in rows if record["table3"][row]["total"] == printed[row]["total"]]
    assert len(same) >= 4, same  # OCR misreads a figure now and then; the grid puts the rest in place


def test_rules_on_a_page_image_are_long_thin_runs_and_the_verticals_meet_them() -> None:
    # a table's frame against a large heading's strokes: long but thick, or short and meeting nothing
    dark = np.zeros((600, 800), dtype=bool)
    dark[100:103, 50:750] = True  # the table's top rule
    dark[400:403, 50:750] = True  # its bottom rule
    dark[100:403, 50:53] = True  # a column rule from one to the other
    dark[20:30, 100:260] = True  # a heading's stroke: long, but ten pixels thick
    dark[450:540, 300:304] = True  # a heading's vertical stroke: thin, but it meets no rule
    across, down = rule_masks(dark)
    assert across[101, 400] and across[401, 400] and not across[25, 150]
    assert down[250, 51] and not down[500, 301]
