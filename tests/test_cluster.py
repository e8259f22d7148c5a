"""xxgk on a real three-node cluster (three JVMs on 127.0.0.1): index with 3 shards and a replica,
kill one node by its pid in the middle of the run, keep searching, and end with the exact count."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer.store.dev_node import Cluster, start_cluster
from report_generator import write_corpus

ROOT = Path(__file__).resolve().parents[1]
REPORTS = 1500
pytestmark = pytest.mark.es


def _free_base(count: int) -> int:
    """A port p such that p … p+count-1 (HTTP) and p+100 … (transport) are free on 127.0.0.1."""
    for base in range(9420, 9800, 10):
        try:
            for port in [*range(base, base + count), *range(base + 100, base + 100 + count)]:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    http = _free_base(3)
    nodes = start_cluster(3, tmp_path_factory.mktemp("cluster"), http, http + 100)
    try:
        yield nodes
    finally:
        nodes.stop()


def _index(url: str, folder: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "search_cli.app", "index", str(folder), "--es-url", url,
               "--index", "xxgk-cluster-test", "-w", "1", *extra]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_node_killed_mid_run_loses_nothing(cluster: Cluster, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, REPORTS, seed=11)
    es = Elasticsearch(cluster.url, request_timeout=60)
    run = _index(cluster.url, corpus, "--shards", "3", "--replicas", "1")
    began = time.monotonic()
    while es.options(ignore_status=404).count(index="xxgk-cluster-test").get("count", 0) < 200:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() - began < 300
        time.sleep(0.2)
    cluster.kill(2)  # the third node, by its pid, while documents are being written
    answered = es.search(index="xxgk-cluster-test", query={"match": {"text_seg": "公开"}}, size=1)
    assert answered["hits"]["total"]["value"] > 0  # searches go on with a node gone
    _, err = run.communicate(timeout=600)
    assert run.returncode == 0 or "re-run to complete" in err, err
    rerun = _index(cluster.url, corpus)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    es.indices.refresh(index="xxgk-cluster-test")
    assert es.count(index="xxgk-cluster-test")["count"] == REPORTS  # every report, none twice
    settings = es.indices.get_settings(index="xxgk-cluster-test")
    index_settings = next(iter(settings.values()))["settings"]["index"]
    assert (index_settings["number_of_shards"], index_settings["number_of_replicas"]) == ("3", "1")


def test_a_node_xxgk_did_not_start_is_named_not_used(cluster: Cluster, tmp_path: Path) -> None:
    """`xxgk es start` on a port where another cluster answers refuses, and status says so."""
    import json
    import os

    env = {**os.environ, "XXGK_ES_PORT": cluster.url.rsplit(":", 1)[1], "XXGK_ES_LOCAL_STATE": str(tmp_path)}
    env.pop("XXGK_ES_URL", None)
    start = subprocess.run([sys.executable, "-m", "search_cli.app", "es", "start"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert start.returncode == 1
    assert (
        "another Elasticsearch (cluster xxgk-cluster" in start.stderr
        and "xxgk did not start it" in start.stderr
    )
    status = subprocess.run([sys.executable, "-m", "search_cli.app", "es", "status", "--json"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    info = json.loads(status.stdout)
    assert info["answering"] and not info["ours"] and info["cluster_name"] == "xxgk-cluster"
