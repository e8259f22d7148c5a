"""`xxgk serve`: the web application's routes against a real node (Starlette's TestClient)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import es_helpers
import pytest
from elasticsearch import Elasticsearch

from indexer.store.document import public_record
from indexer.store.filters import Filters
from indexer.store.records import GroupBy, Metric, find_report, run_stats
from indexer.store.search import Sort, run_search
from search_cli.web.app import create_app

with warnings.catch_warnings():  # Starlette now prefers httpx2; httpx still works
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

pytestmark = [
    pytest.mark.es,
    pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient` is deprecated"),
]
PROBLEM = "公开内容不全面"


@pytest.fixture(scope="module")
def client(es_url: str, seeded: str) -> Iterator[TestClient]:
    with TestClient(create_app(es_url, seeded)) as c:
        yield c


def _ids(es: Elasticsearch, index: str) -> list[str]:
    result = run_search(es, index, None, Filters(), [], 20, 1, Sort.relevance)
    return [hit["id"] for hit in result["hits"]]


def _report_with_table3(es: Elasticsearch, index: str) -> dict[str, Any]:
    for doc_id in _ids(es, index):
        doc = find_report(es, index, doc_id)
        if doc["_source"].get("tables_found", {}).get("table3") and doc["_source"].get("failed_checks"):
            return doc
    raise AssertionError("no example report has table 三 and a failed check")


def test_search_page_with_a_query(client: TestClient) -> None:
    page = client.get("/", params={"q": "公开渠道单一"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html; charset=utf-8")
    assert "Showing 1–1 of 1 reports" in page.text
    assert "大门镇" in page.text  # the org of the one hit
    assert re.search(r"<mark>[^<]*公开[^<]*</mark>", page.text)  # snippets are marked
    assert 'value="公开渠道单一"' in page.text  # the query box keeps the query


def test_search_page_with_a_facet_filter(client: TestClient, es: Elasticsearch, seeded: str) -> None:
    core = run_search(es, seeded, None, Filters(problem=[PROBLEM]), ["problem"], 20, 1, Sort.relevance)
    page = client.get("/", params={"problem": PROBLEM})
    assert page.status_code == 200
    total = core["total"]
    assert 0 < total < 5
    assert f"Showing 1–{total} of {total} reports" in page.text
    assert page.text.count('class="hit"') == total
    # the selected value is pressed, and its link removes the filter
    link = re.search(r'<a href="/\?"\s+aria-pressed="true"[^>]*>\s*<span>' + PROBLEM, page.text)
    assert link, "the selected facet value links back to no filter"
    assert f"Remove filter Problem 存在的问题: {PROBLEM}" in page.text


def test_facet_links_carry_counts(client: TestClient, es: Elasticsearch, seeded: str) -> None:
    core = run_search(es, seeded, None, Filters(), ["year", "problem"], 20, 1, Sort.relevance)
    html = client.get("/").text
    for name in ("year", "problem"):
        for value in core["facets"][name]:
            pattern = (
                rf'<a href="/\?{name}={_quoted(value["value"])}" aria-pressed="false"[^>]*>\s*'
                rf'<span>{value["value"]}</span><span class="n">{value["count"]}</span>'
            )
            assert re.search(pattern, html), (name, value)
    # the region facet is keyed by division code: 山东 holds four of the five reports
    assert re.search(r'<a href="/\?code=370000"[^>]*><span>山东省</span><span class="n">4</span>', html)
    drilled = client.get("/", params={"code": "370000"}).text
    assert "Showing 1–4 of 4 reports" in drilled
    assert re.search(r'<a href="/\?code=371000"[^>]*><span>威海市</span><span class="n">1</span>', drilled)
    assert '<a href="/?">全国 all</a>' in drilled


def _quoted(value: object) -> str:
    from urllib.parse import quote_plus

    return re.escape(quote_plus(str(value)))


def test_paging(client: TestClient) -> None:
    page = client.get("/", params={"limit": "2", "page": "2", "sort": "year"})
    assert page.status_code == 200
    assert "Showing 3–4 of 5 reports" in page.text
    assert 'href="/?limit=2&amp;sort=year&amp;page=1" rel="prev"' in page.text
    assert 'href="/?limit=2&amp;sort=year&amp;page=3" rel="next"' in page.text
    assert '<span aria-current="page">2</span>' in page.text


def test_report_page(client: TestClient, es: Elasticsearch, seeded: str) -> None:
    doc = _report_with_table3(es, seeded)
    src = doc["_source"]
    html = client.get(f"/report/{doc['_id']}", params={"q": "公开"}).text
    table3 = html[html.index('id="table3"') : html.index("表四")]
    head = table3[table3.index("<thead>") : table3.index("</thead>")]
    top, below = (re.findall(r"<th scope=\"col\"[^>]*>([^<]*)</th>", row) for row in head.split("</tr>")[:2])
    assert top == ["项目", "自然人", "法人或其他组织", "总计"]  # 总计 closes the applicants' columns
    assert below == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert '<tr class="group"><th scope="rowgroup" colspan="8">（三）不予公开</th></tr>' in table3
    first = re.search(r"<tr><th scope=\"row\">一、本年新收政府信息公开申请数量</th>(.*?)</tr>", table3, re.S)
    assert first
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", first.group(1))
    assert cells[-1] == str(src["table3"]["new_received"]["total"])
    for check in src["checks"]:
        assert f"<code>{check['name']}</code>" in html
        assert check["detail"] in html
    assert html.count("✗ failed") == len(src["failed_checks"])
    assert src["region"]["code"] in html and src["region"]["province"] in html
    assert src["source"]["path"] in html
    for problem in src["problems"]:
        assert problem["text"] in html
    assert "<mark>公开</mark>" in html  # reached from a search: the query's words are marked
    assert "<mark>" not in client.get(f"/report/{doc['_id']}").text.split('id="text"')[1]


def test_unknown_report_is_404(client: TestClient) -> None:
    assert client.get("/report/ffffffffffffffffffff").status_code == 404
    answer = client.get("/api/report/nosuch")
    assert answer.status_code == 404
    assert "no report" in answer.json()["error"]


def test_stats_page_draws_svg(client: TestClient) -> None:
    html = client.get("/stats", params={"metric": "proactive"}).text
    assert "<svg" in html
    assert html.count('<rect class="bar"') == 2
    assert re.search(r'<text[^>]*text-anchor="end">山东省</text>', html)
    years = client.get("/stats", params={"metric": "proactive", "by": "year"}).text
    assert '<polyline class="line" points="' in years
    ordered = client.get("/stats", params={"metric": "proactive", "order": "-sum"}).text
    assert ordered.index(">山东省</a>") < ordered.index(">浙江省</a>")
    ordered = client.get("/stats", params={"metric": "proactive", "order": "sum"}).text
    assert ordered.index(">浙江省</a>") < ordered.index(">山东省</a>")


def test_json_twins_match_the_core(client: TestClient, es: Elasticsearch, seeded: str) -> None:
    filters = Filters(problem=[PROBLEM])
    core = run_search(es, seeded, "公开", filters, ["year", "problem"], 20, 1, Sort.relevance)
    api = client.get("/api/search", params={"q": "公开", "problem": PROBLEM}).json()
    assert api["total"] == core["total"]
    assert [h["id"] for h in api["hits"]] == [h["id"] for h in core["hits"]]
    assert [h["snippets"] for h in api["hits"]] == [h["snippets"] for h in core["hits"]]
    for name in ("year", "problem"):
        assert api["facets"][name] == core["facets"][name]
    rows, total, missing = run_stats(es, seeded, None, Filters(), GroupBy.province, Metric.proactive)
    stats = client.get("/api/stats", params={"metric": "proactive"}).json()
    assert (stats["rows"], stats["total"], stats["missing"]) == (rows, total, missing)
    doc_id = core["hits"][0]["id"]
    doc = find_report(es, seeded, doc_id)
    assert client.get(f"/api/report/{doc_id}").json() == public_record(doc_id, doc["_source"], with_text=True)


def test_csv_download_is_the_export(client: TestClient, es_url: str, seeded: str) -> None:
    answer = client.get("/search.csv", params={"problem": PROBLEM, "sort": "year", "page": "1"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in answer.headers["content-disposition"]
    code, out, err = es_helpers.xxgk(
        "export", "--format", "csv", "--bom", "--problem", PROBLEM, "--es-url", es_url, "--index", seeded
    )
    assert code == 0, err
    body = answer.content.decode("utf-8")
    assert body.startswith("\ufeff")  # for spreadsheets
    lines = body.splitlines()
    assert lines[0] == out.splitlines()[0]  # the export's header (with its BOM)
    api = client.get("/api/search", params={"problem": PROBLEM}).json()
    assert len(lines) - 1 == api["total"]
    assert sorted(lines[1:]) == sorted(out.splitlines()[1:])


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"year": "abc"}, "year='abc' is not valid"),
        ({"sort": "nosuch"}, "sort='nosuch' is not valid; use one of: relevance, year, applications"),
        ({"page": "0"}, "page='0' is not valid"),
        ({"code": "37x"}, "code='37x' is not a division code"),
        ({"page": "900", "limit": "100"}, "10000"),
    ],
)
def test_bad_parameters_are_400(client: TestClient, query: dict[str, str], reason: str) -> None:
    page = client.get("/", params=query)
    assert page.status_code == 400
    assert reason in page.text.replace("&#39;", "'")
    api = client.get("/api/search", params=query)
    assert api.status_code == 400
    assert reason in api.json()["error"]


def test_bad_stats_parameters_are_400(client: TestClient) -> None:
    assert client.get("/stats", params={"by": "planet"}).status_code == 400
    assert client.get("/api/stats", params={"metric": "x"}).status_code == 400
    assert client.get("/search.csv", params={"year": "x"}).status_code == 400


def test_unreachable_elasticsearch_is_a_503_page() -> None:
    with TestClient(create_app("http://127.0.0.1:1", "xxgk-reports")) as c:
        for path in ("/", "/stats", "/report/abc", "/search.csv"):
            page = c.get(path)
            assert page.status_code == 503, path
            assert "Traceback" not in page.text
            assert "not reachable at http://127.0.0.1:1" in page.text
            assert "xxgk es start" in page.text  # how to fix it
        api = c.get("/api/search")
        assert api.status_code == 503
        assert "not reachable" in api.json()["error"]


def test_missing_index_is_a_503_page(es_url: str) -> None:
    with TestClient(create_app(es_url, "xxgk-test-no-such-index")) as c:
        page = c.get("/")
        assert page.status_code == 503
        assert "The index is missing" in page.text
        assert "xxgk index PATH" in page.text


def test_report_text_is_escaped(es: Elasticsearch, es_url: str, alias: str, tmp_path: Path) -> None:
    source = (es_helpers.EXAMPLES / "000_f01898835efe25fe.txt").read_text(encoding="utf-8")
    evil = "<script>alert(1)</script>"
    text = source.replace("一是强化公开意识", f"一是强化公开意识{evil}<b>粗体</b>", 1)
    text = text.replace("一、总体情况\n", f"一、总体情况\n{evil}\n", 1)
    (tmp_path / "evil.txt").write_text(text, encoding="utf-8")
    code, _, err = es_helpers.xxgk("index", tmp_path, "--es-url", es_url, "--index", alias, "-w", "1")
    assert code == 0, err
    with TestClient(create_app(es_url, alias)) as c:
        doc_id = c.get("/api/search").json()["hits"][0]["id"]
        for html in (c.get(f"/report/{doc_id}").text, c.get(f"/report/{doc_id}", params={"q": "alert"}).text):
            assert "<script>alert" not in html and "<b>粗体" not in html
            assert (
                "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;script&gt;<mark>alert</mark>" in html
            )
        hits = c.get("/", params={"q": "alert"}).text
        assert "<script>" not in hits and "&lt;script&gt;" in hits


def test_serve_binds_localhost_and_warns_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    code, _, err = es_helpers.xxgk("serve", "--es-url", "http://127.0.0.1:1", "--port", "8123")
    assert code == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8123
    assert "warning" not in err
    code, _, err = es_helpers.xxgk("serve", "--host", "0.0.0.0", "--es-url", "http://127.0.0.1:1")
    assert code == 0
    assert calls[-1]["host"] == "0.0.0.0"
    assert "warning" in err and "0.0.0.0" in err
