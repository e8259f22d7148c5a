"""The read path's client: the same answers and errors as the official client, without importing it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from elastic_transport import ConnectionError as EsConnectionError
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError

from indexer.errors import EsUnavailable
from indexer.store.reader import Reader, open_reader

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.es
def test_answers_are_the_official_clients(es: Elasticsearch, es_url: str, seeded: str) -> None:
    reader = open_reader(es_url)
    body = {"query": {"match": {"text_seg": "公开"}}, "size": 3, "sort": [{"year": "desc"}, "_doc"]}
    mine, theirs = reader.search(index=seeded, **body), es.search(index=seeded, **body)
    assert [h["_id"] for h in mine["hits"]["hits"]] == [h["_id"] for h in theirs["hits"]["hits"]]
    assert mine["hits"]["total"] == theirs["hits"]["total"]
    doc_id = mine["hits"]["hits"][0]["_id"]
    assert reader.get(index=seeded, id=doc_id)["_source"] == es.get(index=seeded, id=doc_id)["_source"]
    assert reader.indices.exists(index=seeded) and not reader.indices.exists(index="xxgk-no-such-index")
    assert reader.indices.get_mapping(index=seeded).keys() == es.indices.get_mapping(index=seeded).keys()
    pit = reader.open_point_in_time(index=seeded, keep_alive="1m")["id"]
    page = reader.search(pit={"id": pit, "keep_alive": "1m"}, size=2, sort=["_shard_doc"])
    assert len(page["hits"]["hits"]) == 2
    assert reader.close_point_in_time(id=pit)["succeeded"] is True


@pytest.mark.es
def test_refusals_are_the_official_clients_exceptions(es_url: str, seeded: str) -> None:
    reader = open_reader(es_url)
    with pytest.raises(NotFoundError) as missing:
        reader.get(index=seeded, id="no-such-report")
    assert missing.value.meta.status == 404
    with pytest.raises(BadRequestError) as bad:
        reader.search(index=seeded, query={"range": {"year": {"gte": "not a year"}}})
    assert bad.value.meta.status == 400 and bad.value.message
    with pytest.raises(EsConnectionError):
        Reader("http://127.0.0.1:1", timeout=2).search(index=seeded)


@pytest.mark.es
def test_one_reader_serves_many_threads(es_url: str, seeded: str) -> None:
    reader = open_reader(es_url)

    def total(year: int) -> int:
        body = {"query": {"term": {"year": year}}, "size": 0, "track_total_hits": True}
        return int(reader.search(index=seeded, **body)["hits"]["total"]["value"])

    years = [2019, 2020, 2021, 2022] * 20
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(total, years)) == [total(y) for y in years]


_SECURITY = json.dumps({"error": {"type": "security_exception", "reason": "missing authentication"}})


class _Recorder(BaseHTTPRequestHandler):
    """A server that answers every request with a fixed status and remembers the headers it got."""

    status = 401
    body = _SECURITY
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).seen.append({k.lower(): v for k, v in self.headers.items()})
        body = self.body
        self.send_response(self.status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[str]:
    _Recorder.seen, _Recorder.status, _Recorder.body = [], 401, _SECURITY
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_refused_credentials_are_named_and_sent_from_the_settings(
    recorder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(EsUnavailable, match=r"refused the credentials \(HTTP 401\)"):
        open_reader(recorder.replace("http://", "http://ana:s%40cret@"))
    monkeypatch.setenv("XXGK_ES_USER", "bo")
    monkeypatch.setenv("XXGK_ES_PASSWORD", "pw")
    with pytest.raises(EsUnavailable):
        open_reader(recorder)
    monkeypatch.setenv("XXGK_ES_API_KEY", "a2V5")
    with pytest.raises(EsUnavailable):
        open_reader(recorder)
    assert [seen.get("authorization") for seen in _Recorder.seen] == [
        "Basic YW5hOnNAY3JldA==",  # ana:s@cret, from the URL
        "Basic Ym86cHc=",  # bo:pw
        "ApiKey a2V5",
    ]


@pytest.mark.es
def test_search_and_show_do_not_import_the_official_client(es_url: str, seeded: str) -> None:
    """What makes one command fast (issue 12): the client's import alone took 0.15-0.2 s."""
    run = (
        "import sys\n"
        "from search_cli.app import main\n"
        "sys.argv = ['xxgk', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('elasticsearch' in sys.modules, 'elastic_transport' in sys.modules, file=sys.stderr)\n"
    )
    common = ["--es-url", es_url, "--index", seeded]
    out = subprocess.run(
        [sys.executable, "-c", run, "search", "公开", "--format", "jsonl", "-n", "1", *common],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stderr.split() == ["False", "False"]
    doc_id = json.loads(out.stdout.splitlines()[0])["id"]
    shown = subprocess.run(
        [sys.executable, "-c", run, "show", doc_id, *common],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert doc_id[:8] in shown.stdout and shown.stderr.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("status", "body"), [(502, "<html>Bad Gateway</html>"), (200, "<html>a web page</html>")]
)
def test_an_answer_that_is_not_elasticsearch_is_one_line(recorder: str, status: int, body: str) -> None:
    _Recorder.status, _Recorder.body = status, body
    with pytest.raises(
        EsUnavailable, match=r"not reachable at http://127\.0\.0\.1:\d+ \((HTTP 502|ConnectionError)"
    ):
        open_reader(recorder)
