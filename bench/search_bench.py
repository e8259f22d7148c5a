"""Search latency: p50 and p95 of 20 typical queries (keywords + two filters + three facets).

    .venv/bin/python bench/search_bench.py [--index xxgk-bench-100000] [--rounds 5] [--es-url URL]

Run `bench/index_bench.py --sizes 100000 --keep` first (it leaves the alias xxgk-bench-100000).
Each query is built by the same code as `xxgk search` (segmentation, boosts, disjunctive facets,
highlighting) and timed on the client, end to end; Elasticsearch's own `took` is shown beside it.
Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from elasticsearch import Elasticsearch

from indexer.store.filters import Filters, resolve_facets
from indexer.store.search import Sort, search_body

QUERIES: list[tuple[str, Filters, list[str]]] = [
    ("公开渠道单一", Filters(province=["山东"], year="2020-2022"), ["prefecture", "year", "problem"]),
    ("依申请公开", Filters(province=["浙江"], level=["township"]), ["county", "year", "problem"]),
    ("政策解读", Filters(year="2021", level=["county"]), ["province", "problem", "template"]),
    ("新闻发布会", Filters(province=["广东"], year="2019-2023"), ["prefecture", "year", "level"]),
    ("行政复议", Filters(year="2022", failed_checks=True), ["province", "failed_check", "year"]),
    ("微信公众号", Filters(province=["河南"], level=["township"]), ["prefecture", "county", "year"]),
    ('"渠道过于单一"', Filters(year="2020"), ["province", "level", "problem"]),
    ("信息公开指南 -网站", Filters(province=["江苏"], year="2021-2024"), ["prefecture", "year", "problem"]),
    ("群众知晓度 OR 知晓率", Filters(level=["township"], year="2020-2021"), ["province", "year", "problem"]),
    ("平台建设", Filters(problem=["平台建设滞后"], year="2019-2024"), ["province", "year", "level"]),
    ("不予公开 国家秘密", Filters(province=["四川"], year="2021"), ["prefecture", "year", "template"]),
    ("政务新媒体", Filters(province=["湖北"], level=["county"]), ["prefecture", "year", "problem"]),
    ("主动公开", Filters(code=["37"], year="2022"), ["prefecture", "county", "problem"]),
    ("业务培训", Filters(problem=["业务能力不足"], province=["河北"]), ["prefecture", "year", "level"]),
    ("政府信息公开 年度报告", Filters(year="2023", level=["township"]), ["province", "year", "problem"]),
    ("抖音", Filters(province=["福建"], year="2021-2023"), ["prefecture", "year", "problem"]),
    ("人大代表建议 政协委员提案", Filters(level=["county"], year="2020"), ["province", "year", "level"]),
    ("规范性文件", Filters(template=["2021"], province=["湖南"]), ["prefecture", "year", "problem"]),
    ("公开不及时", Filters(province=["安徽"], year="2019-2020"), ["county", "year", "problem"]),
    ("互动回应", Filters(level=["township"], problem=["互动回应不足"]), ["province", "prefecture", "year"]),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", default="xxgk-bench-100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args()
    es = Elasticsearch(args.es_url, request_timeout=60)
    total = es.count(index=args.index)["count"]
    bodies = [search_body(q, f, resolve_facets(facets, f), 10, 1, Sort.relevance) for q, f, facets in QUERIES]
    for body in bodies:  # warm-up round (segmenter loaded, caches filled)
        es.search(index=args.index, **body)
    client_ms: list[float] = []
    took_ms: list[float] = []
    hits: list[int] = []
    for _ in range(args.rounds):
        for body in bodies:
            start = time.perf_counter()
            response = es.search(index=args.index, **body)
            client_ms.append((time.perf_counter() - start) * 1000)
            took_ms.append(response["took"])
            hits.append(response["hits"]["total"]["value"])
    print(f"{len(QUERIES)} queries × {args.rounds} rounds over {total} reports in {args.index}")
    print(f"  hits per query: median {statistics.median(hits):.0f}, min {min(hits)}, max {max(hits)}")
    print(
        f"  client latency: p50 {percentile(client_ms, 0.5):.1f} ms, p95 {percentile(client_ms, 0.95):.1f} ms"
    )
    print(f"  ES took:        p50 {percentile(took_ms, 0.5):.1f} ms, p95 {percentile(took_ms, 0.95):.1f} ms")


if __name__ == "__main__":
    main()
