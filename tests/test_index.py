"""`xxgk index` against a real Elasticsearch node: counts, types, _meta, incremental runs, failures."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from es_helpers import EXAMPLES, Proxy, next_mapping_version, xxgk

from indexer.extract import EXTRACTOR_VERSION
from indexer.readers import file_id
from indexer.segment.segmenter import fingerprint
from indexer.store.bulk import Options, run_index
from indexer.store.client import connect
from indexer.store.mapping import index_name, latest_version

pytestmark = pytest.mark.es


def _copy_seeds(folder: Path, copies: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(copies):
        for seed in sorted(EXAMPLES.glob("*.txt")):
            target = folder / (f"{i:03d}_{seed.name}" if copies > 1 else seed.name)
            shutil.copy(seed, target)
            out.append(target)
    return out


def _count(es: Elasticsearch, alias: str) -> int:
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def test_seeds_indexed_with_types_and_meta(es: Elasticsearch, es_url: str, alias: str) -> None:
    code, _, err = xxgk("index", EXAMPLES, "--es-url", es_url, "--index", alias)
    assert code == 0, err
    assert "indexed 5" in err and "failed 0" in err
    assert _count(es, alias) == 5
    mapping = es.indices.get_mapping(index=alias)[index_name(alias, latest_version())]["mappings"]
    props = mapping["properties"]
    assert props["region"]["properties"]["county"]["type"] == "keyword"
    assert props["year"]["type"] == "integer"
    assert props["report_date"]["type"] == "date"
    assert props["text_seg"]["analyzer"] == "whitespace"
    assert props["text"]["analyzer"] == "standard"
    assert props["table2"]["properties"]["procurement"]["properties"]["amount_wan_yuan"]["type"] == "double"
    assert mapping["_meta"] == {
        "mapping_version": latest_version(),
        "extractor_version": EXTRACTOR_VERSION,
        "segmenter": fingerprint(),
    }
    doc = es.search(index=alias, query={"term": {"region.township": "双堠镇"}})["hits"]["hits"][0]["_source"]
    assert doc["report_date"] == "2020-01-01" and doc["region"]["county"] == "沂南县"
    assert "双堠镇" not in doc["text"] and "双堍镇" in doc["text"]  # the original text is kept as written
    assert es.indices.get_alias(name=alias) == {index_name(alias, latest_version()): {"aliases": {alias: {}}}}


def test_rerun_changed_and_deleted_files(es: Elasticsearch, es_url: str, alias: str, tmp_path: Path) -> None:
    files = _copy_seeds(tmp_path / "corpus")
    assert xxgk("index", tmp_path / "corpus", "--es-url", es_url, "--index", alias)[0] == 0
    code, _, err = xxgk("index", tmp_path / "corpus", "--es-url", es_url, "--index", alias)
    assert code == 0 and "indexed 0, updated 0, unchanged 5" in err
    assert _count(es, alias) == 5

    changed = files[0]
    changed.write_text(
        changed.read_text("utf-8").replace("2020 年团旺镇共公开 72 条信息", "2020 年团旺镇共公开 99 条信息")
    )
    files[1].unlink()
    code, _, err = xxgk("index", tmp_path / "corpus", "--es-url", es_url, "--index", alias, "--dry-run")
    assert code == 0 and "would be updated 1" in err and "would be deleted 0" in err
    code, _, err = xxgk(
        "index", tmp_path / "corpus", "--es-url", es_url, "--index", alias, "--delete-missing"
    )
    assert code == 0, err
    assert "updated 1, unchanged 3, deleted 1" in err
    assert _count(es, alias) == 4
    hits = es.search(index=alias, query={"term": {"region.township": "团旺镇"}})["hits"]["hits"]
    assert [h["_source"]["proactive"]["total"] for h in hits] == [99]


def test_bad_files_are_reported_and_the_rest_indexed(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    _copy_seeds(corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    (corpus / "huge.txt").write_bytes(b"a" * (21 * 1024 * 1024))
    (corpus / "notes.md").write_text("会议纪要：明天开会。\n" * 10, "utf-8")
    gbk = corpus / "gbk.txt"
    gbk.write_bytes((EXAMPLES / "004_b2d8a9a71ffdf943.txt").read_text("utf-8").encode("gb18030"))
    code, _, err = xxgk("index", corpus, "--es-url", es_url, "--index", alias, "-w", "2")
    assert code == 1
    assert "indexed 6" in err and "failed 4" in err
    for name, reason in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("huge.txt", "too large"),
        ("notes.md", "not an annual disclosure report"),
    ]:
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert _count(es, alias) == 6


def test_unreachable_elasticsearch_is_one_clear_line(alias: str) -> None:
    code, _, err = xxgk("index", EXAMPLES, "--es-url", "http://127.0.0.1:9", "--index", alias)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "http://127.0.0.1:9" in lines[0] and "xxgk es start" in lines[0]


def test_es_stopping_mid_run_then_rerun_completes(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    files = _copy_seeds(tmp_path / "corpus", copies=12)  # 60 files
    proxy = Proxy(es_url)
    acknowledged = 0

    def on_progress(n: int) -> None:
        nonlocal acknowledged
        acknowledged += n
        if acknowledged == 20:
            proxy.cut()

    client = connect(proxy.url)
    with pytest.raises(Exception) as info:
        run_index(
            client, alias, [tmp_path / "corpus"], Options(workers=1, bulk_docs=10), progress=on_progress
        )
    assert "stopped answering" in str(info.value) and "re-run" in str(info.value)
    stored = _count(es, alias)
    assert 20 <= stored < len(files)
    code, _, err = xxgk("index", tmp_path / "corpus", "--es-url", es_url, "--index", alias)
    assert code == 0, err
    assert f"unchanged {stored}" in err and f"indexed {len(files) - stored}" in err
    assert _count(es, alias) == len(files)


def test_new_mapping_version_swaps_alias_while_searches_answer(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert xxgk("index", EXAMPLES, "--es-url", es_url, "--index", alias)[0] == 0
    old = latest_version()
    new = next_mapping_version(tmp_path / "mappings")
    monkeypatch.setenv("XXGK_MAPPINGS_DIR", str(tmp_path / "mappings"))

    seen_during_build: list[int] = []

    def search_meanwhile(_: int) -> None:
        seen_during_build.append(es.count(index=alias)["count"])

    summary = run_index(connect(es_url), alias, [EXAMPLES], Options(workers=1), progress=search_meanwhile)
    assert seen_during_build and set(seen_during_build) == {5}  # the old version kept answering
    assert summary.alias_swapped_from == index_name(alias, old) and summary.indexed == 5
    assert list(es.indices.get_alias(name=alias)) == [index_name(alias, new)]
    assert _count(es, alias) == 5
    assert es.indices.exists(index=index_name(alias, old))  # the old version stays until removed by hand


def test_other_segmenter_in_meta_forces_a_rebuild(es: Elasticsearch, es_url: str, alias: str) -> None:
    assert xxgk("index", EXAMPLES, "--es-url", es_url, "--index", alias)[0] == 0
    es.indices.put_mapping(index=alias, meta={"mapping_version": 1, "segmenter": {"engine": "other"}})
    code, _, err = xxgk("index", EXAMPLES, "--es-url", es_url, "--index", alias)
    assert code == 0 and "updated 5, unchanged 0" in err and "re-indexed" in err
    meta = es.indices.get_mapping(index=alias)[index_name(alias, latest_version())]["mappings"]["_meta"]
    assert meta["segmenter"] == fingerprint()
    assert "unchanged 5" in xxgk("index", EXAMPLES, "--es-url", es_url, "--index", alias)[2]


def test_ctrl_c_stops_workers_keeps_what_was_acknowledged_and_rerun_completes(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    from report_generator import write_corpus

    corpus = tmp_path / "generated"
    total = write_corpus(corpus, 3000, seed=7)
    xxgk_bin = Path(sys.executable).with_name("xxgk")
    cmd = [str(xxgk_bin), "index", str(corpus), "--es-url", es_url, "--index", alias, "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None and not (es.indices.exists(index=alias) and _count(es, alias) > 0):
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert not _children_of(proc.pid)
    stored = _count(es, alias)
    assert 0 < stored < total
    code, _, err = xxgk("index", corpus, "--es-url", es_url, "--index", alias)
    assert code == 0, err
    # A bulk request cut off by the interrupt may still complete on the server, before or while the
    # re-run looks: those documents show as unchanged or updated, under the same ids, never twice.
    found = re.search(r"indexed (\d+), updated (\d+), unchanged (\d+)", err)
    assert found is not None, err
    indexed, updated, unchanged = map(int, found.groups())
    assert unchanged >= stored and indexed + updated + unchanged == total
    assert _count(es, alias) == total


def _children_of(pid: int) -> list[str]:
    return [p.name for p in Path("/proc").glob("[0-9]*") if _ppid(p) == pid]


def _ppid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_a_version_1_index_is_migrated_with_every_document(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    """v1 → the newest version: files still there are re-read, a document whose file is gone is
    carried as stored (v1's extra search fields dropped), the alias moves, searches answer."""
    files = _copy_seeds(tmp_path / "corpus")
    first = run_index(connect(es_url), alias, [tmp_path / "corpus"], Options(workers=1), version=1)
    assert first.indexed == len(files) and list(es.indices.get_alias(name=alias)) == [index_name(alias, 1)]
    gone = next(p for p in files if p.name.startswith("004_"))  # 大门镇
    old, gone_id = index_name(alias, 1), file_id(gone)
    stored = es.get(index=old, id=gone_id)["_source"]
    stored["title_seg"] = "大门镇 2020 年 政府 信息 公开"  # what version 1's documents also held
    stored["sections_seg"] = {**stored["sections_seg"], "overview": "今年 以来 大门镇"}
    es.index(index=old, id=gone_id, document=stored, refresh=True)
    gone.unlink()

    summary = run_index(connect(es_url), alias, [tmp_path / "corpus"], Options(workers=1))
    assert summary.ok and summary.failed == [] and summary.carried == 1
    assert summary.alias_swapped_from == old and summary.indexed == len(files) - 1
    new = index_name(alias, latest_version())
    assert list(es.indices.get_alias(name=alias)) == [new]
    assert _count(es, alias) == len(files)
    carried = es.get(index=new, id=gone_id)["_source"]
    assert "title_seg" not in carried and set(carried["sections_seg"]) <= {"problems"}
    assert carried["region"]["township"] == "大门镇" and carried["text"] == stored["text"]
    code, out, err = xxgk("search", "公开渠道单一", "--es-url", es_url, "--index", alias, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["hits"][0]["region"].endswith("大门镇")
    code, out, err = xxgk("search", '"渠道过于单一"', "--es-url", es_url, "--index", alias, "-f", "json")
    assert code == 0 and "【" in json.loads(out)["hits"][0]["snippets"][0]
