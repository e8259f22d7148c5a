"""Queries that say a problem in other words find the reports that state it (issue 11), on a real node.

The reports are written for the test; each says a problem in words other than the queries'.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from es_helpers import indexed, xxgk

pytestmark = pytest.mark.es

HEAD = "{name}2021年政府信息公开工作年度报告\n一、总体情况\n{overall}\n二、主动公开政府信息情况\n略。\n"
REPORTS = {
    "awareness.txt": (
        "甲镇",
        "全年主动公开信息86条。",
        "一是群众对政务公开的知晓度还不高；二是部分栏目设置还不够合理。",
        "下一步，我镇将加强宣传。",
    ),
    "skills.txt": (
        "乙镇",
        "全年主动公开信息40条。",
        "工作人员业务素质不高，专职人员较少。",
        "下一步，加强培训。",
    ),
    "measures.txt": (
        "丙镇",
        "全年主动公开信息52条。",
        "",
        "下一步，我镇将提高群众知晓度，优化栏目设置，加强政策解读，提升专业素质。",
    ),
    "apart.txt": (
        "丁镇",
        "全年制发政策性文件12件，均按规定公开。镇政府召开新闻发布会2次，对防汛工作作出解读说明。",
        "信息更新不够及时。",
        "下一步，加快更新。",
    ),
    "reading.txt": (
        "戊镇",
        "全年主动公开信息61条。",
        "政策解读不够深入，解读形式较为单一。",
        "下一步，丰富解读形式。",
    ),
    "other.txt": ("己镇", "全年主动公开信息33条。", "特色亮点挖掘得还比较少。", "下一步，总结经验。"),
}


def _text(name: str, overall: str, problems: str, measures: str) -> str:
    section5 = "五、存在的主要问题及改进情况\n" + (f"存在的问题：{problems}\n" if problems else "") + measures
    return HEAD.format(name=name, overall=overall) + section5 + "\n六、其他需要报告的事项\n无。\n"


@pytest.fixture(scope="module")
def index(es: Elasticsearch, es_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("problem-queries")
    for file, parts in REPORTS.items():
        (folder / file).write_text(_text(*parts), "utf-8")
    with indexed(es, es_url, folder) as alias:
        yield alias


def files(es_url: str, index: str, *args: str) -> list[str]:
    code, out, err = xxgk("search", *args, "--es-url", es_url, "--index", index, "-f", "json", "-n", "20")
    assert code == 0, err
    return [Path(hit["path"]).name for hit in json.loads(out)["hits"]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("群众知晓度低", "awareness.txt"),  # the report says 知晓度还不高
        ("栏目设置不合理", "awareness.txt"),  # … 还不够合理
        ("专业素质欠缺", "skills.txt"),  # … 业务素质不高: the category 业务能力不足
        ("业务能力不足", "skills.txt"),  # a category's name matches the reports tagged with it
        ("人员力量薄弱", "skills.txt"),  # … 专职人员较少
        ("解读形式单一", "reading.txt"),
    ],
)
def test_a_problem_in_other_words_finds_the_report_that_states_it(
    es_url: str, index: str, query: str, first: str
) -> None:
    found = files(es_url, index, query)
    assert found and found[0] == first, found
    # the report whose measures only promise the improvement never comes before it
    assert "measures.txt" not in found or found.index("measures.txt") > found.index(first)


def test_words_of_one_query_word_must_be_near_each_other(es_url: str, index: str) -> None:
    """政策解读 is one word: 政策 and 解读 far apart in 丁镇's report do not match it."""
    found = files(es_url, index, "政策解读")
    assert "reading.txt" in found and "measures.txt" in found
    assert "apart.txt" not in found
    assert "apart.txt" in files(es_url, index, "政策", "解读")  # two words: each anywhere


def test_a_statement_with_no_category_is_counted_as_other(es_url: str, index: str) -> None:
    assert files(es_url, index, "--problem", "其他") == ["other.txt"]
    code, out, _ = xxgk("facets", "problem", "--es-url", es_url, "--index", index, "-f", "json")
    assert code == 0
    assert {row["value"]: row["count"] for row in json.loads(out)}["其他"] == 1


def test_no_piece_of_a_report_fails_to_find_it(es_url: str, index: str) -> None:
    """Any run of characters of a report, typed as a query, finds that report: segmentation alone never loses it."""
    rng = random.Random(5)
    text = _text(*REPORTS["awareness.txt"])
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
    for _ in range(40):
        run = rng.choice(runs)
        start = rng.randrange(len(run) - 1)
        piece = run[start : start + rng.randint(2, 7)]
        assert "awareness.txt" in files(es_url, index, piece), piece
