"""Reading report files: encodings, clear errors for bad files, folders walked with nothing dropped silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.errors import ReportError
from indexer.extract.record import extract_file
from indexer.readers import list_reports, read_document

SAMPLE = "莱阳市团旺镇2020年度政府信息公开工作年度报告\n一、总体情况\n本年度共受理依申请公开 0 件。\n" * 3


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16", b""),
        ("utf-16-le", b""),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(prefix + SAMPLE.encode(encoding))
    report = read_document(path)
    assert report.text().lstrip("\ufeff") == SAMPLE


def test_gbk_report_extracts_like_utf8(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "examples" / "reports" / "000_f01898835efe25fe.txt"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(seed.read_text("utf-8").encode("gb18030"))
    a, b = extract_file(seed), extract_file(gbk)
    assert b["source"]["encoding"] == "gb18030"
    for key in ("region", "year", "table3", "problems", "org"):
        assert a[key] == b[key]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (b"\xff\xfe\x00\x00bad", "byte-order mark but is not utf-16"),  # a BOM, then no UTF-16
    ],
)
def test_bad_files_raise_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportError) as info:
        read_document(path)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="unreadable"):
        read_document(tmp_path / "nope.txt")


def test_non_report_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "recipe.txt"
    path.write_text("番茄炒蛋的做法：先炒蛋，再炒番茄。\n" * 5, "utf-8")
    with pytest.raises(ReportError, match="not an annual disclosure report"):
        extract_file(path)


def test_folders_are_walked_recursively_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    names = (
        "a/1.txt",
        "a/b/2.md",
        "a/b/3.pdf",
        "a/b/4.HTML",
        "a/5.docx",
        ".git/6.txt",
        "a/7.jpg",
        "a/8.jpg",
        "a/9.zip",
    )
    for name in names:
        (tmp_path / name).write_text("x", "utf-8")
    listing = list_reports([tmp_path])
    assert [Path(p).name for p in listing.files] == ["1.txt", "5.docx", "2.md", "3.pdf", "4.HTML"]
    assert listing.skipped_line() == "skipped 3 files of other types: 2 .jpg, 1 .zip"


def test_a_name_ending_in_a_dot_has_no_extension(tmp_path: Path) -> None:
    (tmp_path / "notes.").write_text("x", "utf-8")
    (tmp_path / "README").write_text("x", "utf-8")
    assert list_reports([tmp_path]).skipped_line() == "skipped 2 files of other types: 2 (no extension)"


def test_symlink_loop_and_unreadable_folder_are_listed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("x", "utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    listing = list_reports([tmp_path])
    assert [Path(p).name for p in listing.files] == ["r.txt"]
    reasons = " ".join(reason for _, reason in listing.errors)
    assert "symbolic-link loop" in reasons
    assert "broken symbolic link" in reasons


def test_non_utf8_file_name_reads_with_an_id(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "examples" / "reports" / "000_f01898835efe25fe.txt"
    name = os.fsdecode("报告".encode("gbk") + b".txt")
    path = tmp_path / name
    path.write_bytes(seed.read_bytes())
    record = extract_file(path)
    assert len(record["id"]) == 20
    assert "\\x" in record["source"]["path"]  # the undecodable bytes are shown escaped


def test_unsupported_file_named_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    with pytest.raises(ReportError, match="unsupported file type '.jpg'"):
        read_document(path)


def test_a_gbk_named_file_has_one_id_everywhere(tmp_path: Path) -> None:
    from indexer.readers import file_id

    seed = Path(__file__).resolve().parents[1] / "examples" / "reports" / "000_f01898835efe25fe.txt"
    path = tmp_path / os.fsdecode("报告".encode("gbk") + b".txt")
    path.write_bytes(seed.read_bytes())
    assert extract_file(path)["id"] == file_id(path)  # the id the indexer writes the document under
