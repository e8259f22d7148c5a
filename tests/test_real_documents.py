"""The four real reports in tests/fixtures/real (HTML page, PDF, PDF→markdown, crawler text) give
their hand-made truth, field by field; the fields that still miss are listed with the reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from indexer.extract.glued import split_row, unglue_tables
from indexer.extract.record import extract_file

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
BENCH = Path(__file__).resolve().parents[1] / "bench"
WHOLE_PAGES = (BENCH / "realfull", BENCH / "realfull2")  # 20 + 9 real pages, gzipped
TRUTH = {t["file"]: t for t in json.loads((REAL / "truth.json").read_text("utf-8"))}
# (file, field): why it still misses
KNOWN_MISSES = {
    (
        "004.md",
        "proactive_total",
    ): "two competing totals (393 and 2139); the truth is null, we take a channel sum",
    ("004.md", "t3.partially_granted"): "the converter detached the value row from its label",
}
T3 = ("new_received", "carried_over", "granted", "partially_granted", "outcome_total", "carried_forward")
T4 = {"review_total": "review", "litigation_direct_total": "litigation_direct"}
T4["litigation_after_review_total"] = "litigation_after_review"


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    out = {key: record[key] for key in ("title", "level", "year", "publish_date", "template")}
    out |= {key: record["region"][key] for key in ("province", "prefecture", "county", "township")}
    out["proactive_total"] = record["proactive"].get("total")
    out |= {f"t3.{row}": record["table3"][row]["total"] for row in T3}
    out |= {f"t4.{key}": record["table4"][group]["total"] for key, group in T4.items()}
    return out


def _truth(truth: dict[str, Any]) -> dict[str, Any]:
    out = {key: truth[key] for key in ("title", "level", "year", "publish_date", "template")}
    out |= {key: truth[key] for key in ("province", "prefecture", "county", "township", "proactive_total")}
    out |= {f"t3.{row}": truth["table3_total_column"][row] for row in T3}
    out |= {f"t4.{key}": truth["table4"][key] for key in T4}
    return out


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_real_report_gives_its_truth(name: str) -> None:
    record = extract_file(REAL / name)
    actual, expected = _fields(record), _truth(TRUTH[name])
    wrong = {
        field: (value, actual[field])
        for field, value in expected.items()
        if actual[field] != value and (name, field) not in KNOWN_MISSES
    }
    assert not wrong, f"{name}: field: (expected, got) {wrong}"
    canonical = record["org_canonical"] or ""
    assert record["org"] == TRUTH[name]["org"] or canonical.endswith(TRUTH[name]["org"])


def _whole_page_truths() -> list[dict[str, Any]]:
    out = []
    for folder in WHOLE_PAGES:
        lines = (folder / "truth.jsonl").read_text("utf-8").splitlines()
        out += [{**json.loads(line), "folder": folder} for line in lines if line.strip()]
    return out


@pytest.mark.parametrize("truth", _whole_page_truths(), ids=lambda t: f"{t['folder'].name}/{t['file']}")
def test_whole_real_page_gives_its_tables_and_identity(truth: dict[str, Any], tmp_path: Path) -> None:
    # measured once before any rule was written from these pages: all of these were right
    page = tmp_path / truth["file"]
    page.write_bytes(gzip.decompress((truth["folder"] / "files" / (truth["file"] + ".gz")).read_bytes()))
    record = extract_file(page)
    actual, expected = _fields(record), _truth(truth)
    fields = [f for f in expected if f.startswith(("t3.", "t4.")) or f in ("title", "year", "publish_date")]
    fields += ["template", "province", "prefecture", "county", "township"]
    wrong = {f: (expected[f], actual[f]) for f in fields if actual[f] != expected[f]}
    assert not wrong, f"{truth['file']}: field: (expected, got) {wrong}"
    assert bool(record["problems"]) == bool(truth["problems"])  # not so at first for 4 of the 29 pages


def test_page_chrome_never_becomes_title_or_org() -> None:
    record = extract_file(REAL / "006.html")
    assert record["publish_date"] == "2024-01-17"  # not 页面生成时间 2024-05-28 nor the crawl date
    assert record["page"]["index_no"] == "014314799/2024-00002"
    assert record["source"]["format"] == "html"
    assert "网站标识码" not in record["sections"]["other"]


def test_zone_is_recorded_with_its_territory_level() -> None:
    record = extract_file(REAL / "008.txt")
    assert record["zone"] is True
    assert record["level"] == "county"
    assert record["org_canonical"] == "平潭综合实验区管理委员会"


def test_glued_row_splits_only_when_one_split_fits() -> None:
    assert split_row("230000023") == (23, 0, 0, 0, 0, 0, 23)
    assert split_row("7000007") == (7, 0, 0, 0, 0, 0, 7)
    assert split_row("1111116") == (1, 1, 1, 1, 1, 1, 6)
    assert split_row("11111112") is None  # no split adds up
    assert split_row("110202020071") is None  # 1|10|20|20|20|0|71 and 11|0|20|20|20|0|71 both do
    assert split_row("000000000000000", groups=3) == (0,) * 15


def test_ambiguous_glued_row_is_left_empty_with_a_warning() -> None:
    text = (
        "一、本年新收政府信息公开申请数量110202020071二、上年结转政府信息公开申请数量0000000"
        "（一）予以公开1111116（七）总计0000000四、结转下年度继续办理0000000"
    )
    warnings: list[str] = []
    lines = unglue_tables(text, warnings).split("\n")
    assert "一、本年新收政府信息公开申请数量\t—\t—\t—\t—\t—\t—\t—" in lines
    assert "（一）予以公开\t1\t1\t1\t1\t1\t1\t6" in lines
    assert any("110202020071 admit no single split" in w for w in warnings)


def test_section_five_of_the_crawler_text_and_of_the_markdown_conversion() -> None:
    # 008.txt: each heading runs on with its section's text; 004.md: section 五 lost its heading
    crawled = [p["text"] for p in extract_file(REAL / "008.txt")["problems"]]
    starts = ("个别部门对政府信息公开工作", "受人员编制限制", "公开的长效工作机制建设不够")
    assert len(crawled) == 3
    assert all(text.startswith(start) for text, start in zip(crawled, starts, strict=True))
    converted = [p["text"] for p in extract_file(REAL / "004.md")["problems"]]
    assert len(converted) == 1
    assert converted[0].startswith("市科委 2024 年根据本市机构改革工作安排，内设机构和职能")
