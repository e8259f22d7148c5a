"""Smoke test against a real Elasticsearch node: mapping, bulk indexing, match search, terms aggregation."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from elasticsearch import Elasticsearch, helpers

pytestmark = pytest.mark.es

MAPPING = {
    "properties": {
        "region": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "whitespace"},
        "year": {"type": "integer"},
        "published": {"type": "date"},
    }
}

DOCS = [
    {"region": "北京市", "title": "政府 信息 公开 工作 年度 报告", "year": 2022, "published": "2023-01-31"},
    {"region": "上海市", "title": "政府 信息 公开 年度 报告 依申请", "year": 2022, "published": "2023-01-20"},
    {"region": "北京市", "title": "行政 复议 行政 诉讼 情况", "year": 2021, "published": "2022-01-28"},
]


@pytest.fixture
def smoke_index(es: Elasticsearch) -> Iterator[str]:
    name = f"xxgk-smoke-{uuid.uuid4().hex[:12]}"
    es.indices.create(index=name, settings={"number_of_shards": 1, "number_of_replicas": 0}, mappings=MAPPING)
    try:
        yield name
    finally:
        es.options(ignore_status=404).indices.delete(index=name)


def test_index_search_aggregate(
    es: Elasticsearch, smoke_index: str, record_property: Callable[[str, object], None]
) -> None:
    info = es.info()
    version = info["version"]["number"]
    print(f"Elasticsearch server version: {version} ({info.get('cluster_name')})")
    record_property("es_version", version)
    assert version.startswith("8.")

    ok, errors = helpers.bulk(
        es,
        ({"_index": smoke_index, "_id": str(i), "_source": doc} for i, doc in enumerate(DOCS)),
        refresh="wait_for",
    )
    assert ok == len(DOCS) and not errors
    assert es.count(index=smoke_index)["count"] == len(DOCS)

    hits = es.search(index=smoke_index, query={"match": {"title": "公开"}})["hits"]
    assert hits["total"]["value"] == 2
    assert {h["_id"] for h in hits["hits"]} == {"0", "1"}

    # The whitespace analyzer keeps the jieba tokens whole: no single-character matches.
    assert es.count(index=smoke_index, query={"match": {"title": "公"}})["count"] == 0

    resp = es.search(
        index=smoke_index,
        size=0,
        query={"range": {"published": {"gte": "2022-01-01"}}},
        aggs={"regions": {"terms": {"field": "region"}}, "years": {"terms": {"field": "year"}}},
    )
    regions = {b["key"]: b["doc_count"] for b in resp["aggregations"]["regions"]["buckets"]}
    years = {b["key"]: b["doc_count"] for b in resp["aggregations"]["years"]["buckets"]}
    assert regions == {"北京市": 2, "上海市": 1}
    assert years == {2022: 2, 2021: 1}
