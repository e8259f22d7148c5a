"""The command line's shell: settings in one table, `--show-query`, one error style and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from indexer.settings import SETTINGS, setting
from search_cli.app import app


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_settings_lists_every_variable_and_hides_secrets() -> None:
    code, out, _ = _run("settings", "--json", env={"XXGK_ES_PASSWORD": "hunter2", "XXGK_INDEX": "mine"})
    assert code == 0
    rows = {row["env"]: row for row in json.loads(out)}
    assert set(rows) == {s.env for s in SETTINGS}
    assert rows["XXGK_ES_PASSWORD"]["value"] == "***"
    assert rows["XXGK_INDEX"]["value"] == "mine"
    assert "hunter2" not in out


def test_es_url_follows_the_local_node_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_ES_URL", raising=False)
    monkeypatch.setenv("XXGK_ES_PORT", "9299")
    assert setting("es_url") == "http://127.0.0.1:9299"
    monkeypatch.setenv("XXGK_ES_URL", "http://es.example:9200")
    assert setting("es_url") == "http://es.example:9200"


def test_show_query_prints_the_request_without_a_server() -> None:
    code, out, _ = _run(
        "search", "公开渠道单一", "--province", "山东", "--show-query", "--es-url", "http://127.0.0.1:1"
    )
    assert code == 0
    body = json.loads(out)
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"region.province": ["山东省"]}}]
    code, out, _ = _run("stats", "--by", "year", "--show-query", "--es-url", "http://127.0.0.1:1")
    assert code == 0 and json.loads(out)["aggs"]["groups"]["terms"]["field"] == "year"


def test_unreachable_server_is_one_error_line_and_exit_2() -> None:
    code, out, err = _run("search", "公开", "--es-url", "http://127.0.0.1:1")
    assert code == 2 and out == ""
    assert err.startswith("error: Elasticsearch is not reachable at http://127.0.0.1:1")
    assert len(err.strip().splitlines()) == 1
