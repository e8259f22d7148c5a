"""`pip install .` (a wheel, not editable) in a fresh virtualenv gives a working `xxgk`: package data
(mappings, gazetteer, lexicon, Kibana objects) travels in the wheel, and the examples index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import es_helpers
import pytest
from elasticsearch import Elasticsearch

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a new virtualenv where the project's wheel is installed."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((work / "dist").glob("xxgk-*.whl"))
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    pip = [str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    return work / "venv" / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    return subprocess.run([str(bin_dir / "xxgk"), *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.es
def test_wheel_extracts_and_indexes_the_examples(
    installed: Path, es: Elasticsearch, es_url: str, tmp_path: Path
) -> None:
    extract = _run(installed, "extract", str(ROOT / "examples" / "reports"), cwd=tmp_path)
    assert extract.returncode == 0, extract.stderr
    records = [json.loads(line) for line in extract.stdout.splitlines()]
    assert len(records) == 5 and all(r["region"]["province"] for r in records)
    alias = es_helpers.new_alias()
    try:
        index = _run(installed, "index", str(ROOT / "examples" / "reports"), "--es-url", es_url,
                     "--index", alias, cwd=tmp_path)  # fmt: skip
        assert index.returncode == 0, index.stderr
        es.indices.refresh(index=alias)
        assert es.count(index=alias)["count"] == 5
        search = _run(installed, "search", "公开渠道单一", "--es-url", es_url, "--index", alias,
                      "--format", "jsonl", cwd=tmp_path)  # fmt: skip
        assert search.returncode == 0, search.stderr
        assert "大门镇" in search.stdout
    finally:
        es_helpers.drop(es, alias)
    site = next((installed.parent / "lib").glob("python*/site-packages"))
    assert (site / "indexer" / "store" / "data" / "kibana-dashboard.ndjson").is_file()
    assert (site / "mappings" / "reports.v1.json").is_file()
