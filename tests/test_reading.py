"""Decoding report files: UTF-8 (with or without BOM), GB18030/GBK, UTF-16; clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_file
from indexer.reading import ReportError, iter_report_paths, read_report

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
    report = read_report(path)
    assert report.text.lstrip("\ufeff") == SAMPLE


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
    [(b"", "empty"), (b"   \n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary")],
)
def test_bad_files_raise_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportError) as info:
        read_report(path)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="unreadable"):
        read_report(tmp_path / "nope.txt")


def test_non_report_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "recipe.txt"
    path.write_text("番茄炒蛋的做法：先炒蛋，再炒番茄。\n" * 5, "utf-8")
    with pytest.raises(ReportError, match="not an annual disclosure report"):
        extract_file(path)


def test_folders_are_walked_recursively_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/1.txt", "a/b/2.md", "a/b/3.pdf", ".git/4.txt"):
        (tmp_path / name).write_text("x", "utf-8")
    assert [p.name for p in iter_report_paths([tmp_path])] == ["1.txt", "2.md"]
