"""`xxgk search`, `facets`, `show`, `stats` and `export` against a real node.

The corpus: the five example reports plus two constructed ones. Expected counts are computed
independently from `xxgk extract`'s records, not from Elasticsearch.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from es_helpers import EXAMPLES, indexed, xxgk

from indexer.extract.record import extract_file

pytestmark = pytest.mark.es

PROMISE_ONLY = """某某县某某镇2022年政府信息公开工作年度报告
一、总体情况
2022年，某某镇进一步加强政务公开工作，政府网站公开信息120条。
二、主动公开政府信息情况
略。
五、存在的主要问题及改进情况
（一）存在的问题
工作人员业务水平有待提高。
（二）改进措施
一是拓宽信息公开渠道，改变过去宣传形式单一的做法。二是加强培训。
六、其他需要报告的事项
无。
"""
LEPING = """乐平市2021年政府信息公开工作年度报告
一、总体情况
全年主动公开信息300条。依申请公开工作依法开展。
五、存在的主要问题及改进情况
一是政策解读不够到位；二是网站栏目建设相对滞后。下一步将加强解读。
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for seed in EXAMPLES.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "promise_only.txt").write_text(PROMISE_ONLY, "utf-8")
    (folder / "leping.md").write_text(LEPING, "utf-8")
    return folder


@pytest.fixture(scope="module")
def records(corpus: Path) -> list[dict]:
    return [extract_file(p) for p in sorted(corpus.iterdir())]


@pytest.fixture(scope="module")
def index(es: Elasticsearch, es_url: str, corpus: Path) -> Iterator[str]:
    with indexed(es, es_url, corpus) as alias:
        yield alias


def search(es_url: str, index: str, *args: str) -> dict:
    code, out, err = xxgk("search", *args, "--es-url", es_url, "--index", index, "-f", "json", "-n", "50")
    assert code == 0, err
    return json.loads(out)


def orgs(result: dict) -> list[str]:
    return [h["org"] for h in result["hits"]]


def test_ranking_problem_statement_above_promise(es_url: str, index: str) -> None:
    result = search(es_url, index, "公开渠道单一")
    assert result["hits"][0]["region"].endswith("大门镇")
    assert "公开渠道单一" in result["hits"][0]["problem_categories"]
    # the report that only promises to change "宣传形式单一" states no such problem: its words are
    # far apart, so it does not match the word 公开渠道单一 at all
    assert not [h for h in result["hits"] if "某某镇" in (h["org"] or "")]
    assert [h for h in search(es_url, index, "公开", "渠道", "单一")["hits"] if "某某镇" in (h["org"] or "")]
    assert "【" in result["hits"][0]["snippets"][0]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--province", "山东"], {"370682102", "370322001", "371002101", "371321103"}),
        (["--prefecture", "温州"], {"330305101"}),
        (["--county", "莱阳"], {"370682102"}),
        (["--township", "双堠镇"], {"371321103"}),
        (["--code", "37"], {"370682102", "370322001", "371002101", "371321103"}),
        (["--code", "370600"], {"370682102"}),
        (["--year", "2021"], {"371002101", "360281"}),
        (["--year", "2019-2020"], {"370682102", "370322001", "371321103", "330305101"}),
        (["--level", "county"], {"360281"}),
        (["--problem", "平台建设滞后"], {"360281"}),
        (["--failed-checks"], {"371002101"}),
        (["--failed-check", "narrative_applications"], {"371002101"}),
    ],
)
def test_filters(es_url: str, index: str, options: list[str], expected: set[str]) -> None:
    assert {h["code"] for h in search(es_url, index, *options)["hits"]} == expected


FACET_SOURCES = {
    "province": lambda r: [r["region"]["province"]],
    "prefecture": lambda r: [r["region"]["prefecture"]],
    "county": lambda r: [r["region"]["county"]],
    "township": lambda r: [r["region"]["township"]],
    "year": lambda r: [r["year"]],
    "level": lambda r: [r["level"]],
    "template": lambda r: [r["template"]],
    "problem": lambda r: r["problem_categories"],
    "failed_check": lambda r: r["failed_checks"],
}


@pytest.mark.parametrize("facet", list(FACET_SOURCES))
def test_facet_counts_match_extracted_records(
    es_url: str, index: str, records: list[dict], facet: str
) -> None:
    expected = Counter(str(v) for r in records for v in FACET_SOURCES[facet](r) if v is not None)
    got = search(es_url, index, "--facet", facet)["facets"][facet]
    assert {str(v["value"]): v["count"] for v in got} == expected
    for value in got:
        flag, _, arg = value["option"].partition(" ")
        assert search(es_url, index, flag, arg)["total"] == value["count"]  # the option selects exactly those


def test_facets_are_disjunctive_and_drill_down(es_url: str, index: str) -> None:
    result = search(es_url, index, "--province", "山东省", "--facet", "province,region")
    assert result["total"] == 4
    assert {v["value"]: v["count"] for v in result["facets"]["province"]} == {
        "山东省": 4,
        "浙江省": 1,
        "江西省": 1,
    }
    assert {v["value"] for v in result["facets"]["prefecture"]} == {"烟台市", "淄博市", "威海市", "临沂市"}


def test_facets_command_prints_all_values(es_url: str, index: str) -> None:
    code, out, _ = xxgk("facets", "county", "--es-url", es_url, "--index", index, "-f", "json")
    assert code == 0
    assert len(json.loads(out)) == 6


def test_exact_phrase_exclusion_and_or(es_url: str, index: str) -> None:
    assert orgs(search(es_url, index, '"渠道过于单一"')) == ["浙江省温州市洞头区大门镇人民政府"]
    assert len(search(es_url, index, '"双堍镇人民"')["hits"]) == 1  # a substring across tokens
    everyone = search(es_url, index, "政务公开")["total"]
    assert search(es_url, index, "政务公开 -大门镇")["total"] == everyone - 1
    assert search(es_url, index, '政务公开 -"大门镇"')["total"] == everyone - 1
    assert {h["code"] for h in search(es_url, index, "羊亭镇 OR 团旺镇")["hits"]} == {
        "371002101",
        "370682102",
    }


@pytest.mark.parametrize("query", ['"', "\\", "*", ":", "(", 'a"b\\c*d:(e', "OR", "-", "AND NOT", "{}[]^~"])
def test_any_character_is_safe(es_url: str, index: str, query: str) -> None:
    code, out, err = xxgk("search", query, "--es-url", es_url, "--index", index, "-f", "json")
    assert code == 0, err
    assert "total" in json.loads(out)


def test_pagination_neither_repeats_nor_skips(es_url: str, index: str) -> None:
    total = search(es_url, index)["total"]
    seen: list[str] = []
    for page in range(1, 5):
        code, out, _ = xxgk(
            "search", "--es-url", es_url, "--index", index, "-f", "jsonl", "-n", "2", "--page", str(page)
        )
        seen += [json.loads(line)["id"] for line in out.splitlines()]
    assert len(seen) == len(set(seen)) == total == 7


def test_export_rows_equal_hits(es_url: str, index: str) -> None:
    hits = search(es_url, index, "--province", "山东")["total"]
    code, out, err = xxgk("export", "--province", "山东", "-f", "csv", "--es-url", es_url, "--index", index)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == hits == 4
    assert {"region.county", "table3.new_received.total", "applications.received"} <= set(rows[0])
    assert "text" not in rows[0] and "text_seg" not in rows[0]
    code, out, _ = xxgk("export", "-f", "jsonl", "--es-url", es_url, "--index", index)
    assert len(out.splitlines()) == 7


def test_stats_by_county(es_url: str, index: str, records: list[dict]) -> None:
    code, out, err = xxgk(
        "stats", "--by", "county", "--metric", "proactive", "-f", "json", "--es-url", es_url, "--index", index
    )
    assert code == 0, err
    rows = {r["county"]: r for r in json.loads(out)}
    expected = Counter()
    for r in records:
        if r["region"]["county"] and r["proactive"]["total"] is not None:
            expected[r["region"]["county"]] += r["proactive"]["total"]
    assert {k: v["proactive_sum"] for k, v in rows.items() if v["proactive_sum"] is not None} == dict(
        expected
    )
    assert rows["环翠区"]["failed_checks_share"] == 1.0
    code, out, _ = xxgk(
        "stats", "--by", "year", "--metric", "proactive", "--es-url", es_url, "--index", index
    )
    assert code == 0 and "2020" in out and "█" not in out  # bars only on a terminal


def test_show_by_path_and_by_id(es_url: str, index: str, corpus: Path) -> None:
    code, out, _ = xxgk("show", corpus / "003_5d4f2c19c19589e2.txt", "--es-url", es_url, "--index", index)
    assert code == 0
    assert "双堠镇" in out and "──── 五、存在的主要问题及改进情况 ────" in out
    doc_id = search(es_url, index, "--township", "羊亭镇")["hits"][0]["id"]
    code, out, _ = xxgk("show", doc_id, "--json", "--no-text", "--es-url", es_url, "--index", index)
    record = json.loads(out)
    assert record["region"]["township"] == "羊亭镇" and "text" not in record and "text_seg" not in record


def test_errors_say_what_to_do(es: Elasticsearch, es_url: str, index: str) -> None:
    code, _, err = xxgk("search", "--facet", "colour", "--es-url", es_url, "--index", index)
    assert code == 2 and "unknown facet" in err and "province" in err
    code, _, err = xxgk("search", "x", "--es-url", es_url, "--index", "xxgk-test-missing")
    assert code == 2 and "does not exist" in err and "xxgk index" in err
    code, _, err = xxgk("search", "x", "--es-url", "http://127.0.0.1:9", "--index", index)
    assert code == 2 and "not reachable at http://127.0.0.1:9" in err and "xxgk es start" in err
    code, _, err = xxgk("search", "--year", "twenty", "--es-url", es_url, "--index", index)
    assert code == 2 and "--year" in err


def test_segmenter_mismatch_warns(es: Elasticsearch, es_url: str, alias: str) -> None:
    assert xxgk("index", EXAMPLES / "000_f01898835efe25fe.txt", "--es-url", es_url, "--index", alias)[0] == 0
    es.indices.put_mapping(index=alias, meta={"mapping_version": 1, "segmenter": {"engine": "other"}})
    code, _, err = xxgk("search", "团旺镇", "--es-url", es_url, "--index", alias)
    assert code == 0 and "warning" in err and "segmented with" in err


def test_snippets_come_from_prose_never_table_residue(es_url: str, index: str) -> None:
    code, out, err = xxgk(
        "search", "公开", "0", "-f", "jsonl", "-n", "5", "--es-url", es_url, "--index", index
    )
    assert code == 0, err
    snippets = [s for line in out.splitlines() for s in json.loads(line)["snippets"]]
    assert snippets  # some prose mentions 0 cases
    for snippet in snippets:
        assert "信息内容" not in snippet and not re.search(r"\d+\s+\d+\s+\d+", snippet)
