"""Faults and hostile input, produced for real: a huge report, terminal escapes in a report,
credentials in a URL, bad addresses, bad paths; none may crash a batch or leak."""

from __future__ import annotations

import os
from pathlib import Path

import es_helpers
import pytest
from elasticsearch import Elasticsearch

from indexer.store.endpoint import redact

SEED = es_helpers.EXAMPLES / "000_f01898835efe25fe.txt"


@pytest.mark.es
def test_a_report_over_a_million_characters_is_searchable(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    text = (
        SEED.read_text("utf-8")
        + "\n六、其他需要报告的事项\n"
        + "本机关持续做好政务公开工作，接受社会监督。\n" * 50_000
    )
    assert len(text) > 1_000_000
    (tmp_path / "huge.txt").write_text(text, "utf-8")
    code, _, err = es_helpers.xxgk("index", tmp_path, "--es-url", es_url, "--index", alias)
    assert code == 0, err
    code, out, err = es_helpers.xxgk(
        "search", "社会监督", "--es-url", es_url, "--index", alias, "-f", "jsonl"
    )
    assert code == 0, err
    assert out.count("\n") == 1 and "huge.txt" in out


@pytest.mark.es
def test_terminal_escapes_in_a_report_never_reach_the_terminal(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    hostile = SEED.read_text("utf-8").replace("一、总体情况", "一、总体情况\x1b[2J\x1b]0;pwned\x07", 1)
    (tmp_path / "hostile.txt").write_text(hostile, "utf-8")
    assert es_helpers.xxgk("index", tmp_path, "--es-url", es_url, "--index", alias)[0] == 0
    code, out, _ = es_helpers.xxgk(
        "show", str(tmp_path / "hostile.txt"), "--es-url", es_url, "--index", alias
    )
    assert code == 0 and "总体情况" in out
    assert "\x1b" not in out and "\x07" not in out


def test_passwords_in_urls_are_redacted() -> None:
    assert redact("http://elastic:s3cret@127.0.0.1:9200") == "http://elastic:***@127.0.0.1:9200"
    assert redact("http://127.0.0.1:9200") == "http://127.0.0.1:9200"
    code, _, err = es_helpers.xxgk("search", "公开", "--es-url", "http://elastic:s3cret@127.0.0.1:1")
    assert code == 2 and "s3cret" not in err and "elastic:***@" in err


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("foo", "is not a server address"),
        ("http://127.0.0.1:99999", "Port out of range"),
        ("127.0.0.1:9200", "not a server"),
    ],
)
def test_bad_addresses_are_one_line_errors(url: str, says: str) -> None:
    code, out, err = es_helpers.xxgk("search", "公开", "--es-url", url)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and says in err and len(err.strip().splitlines()) == 1


@pytest.mark.es
def test_bad_paths_are_listed_and_the_batch_goes_on(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "r.txt").write_bytes(SEED.read_bytes())
    (good / os.fsdecode("年报".encode("gbk") + b".txt")).write_bytes(SEED.read_bytes())  # a GBK file name
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # a link to itself, named on the command line
    too_long = tmp_path / ("x" * 250) / ("y" * 250) / "r.txt"
    code, _, err = es_helpers.xxgk("index", good, loop, too_long, "--es-url", es_url, "--index", alias)
    assert code == 1  # some paths failed
    assert "indexed 2" in err
    assert "loop" in err and "nope" not in err
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 2


def _next_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drop_field: str | None = None) -> int:
    """Select a mappings folder with one version more than shipped (without `drop_field` when given)."""
    version = es_helpers.next_mapping_version(tmp_path / "mappings", drop_field)
    monkeypatch.setenv("XXGK_MAPPINGS_DIR", str(tmp_path / "mappings"))
    return version


def _corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    seed = SEED.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"r{i}.txt"
        path.write_text(seed + f"\n附：第{i}号\n", "utf-8")
        paths.append(path)
    return paths


@pytest.mark.es
def test_new_mapping_version_carries_every_document_over(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _corpus(tmp_path / "a", 3)
    b = _corpus(tmp_path / "b", 4)
    assert (
        es_helpers.xxgk("index", tmp_path / "a", tmp_path / "b", "--es-url", es_url, "--index", alias)[0] == 0
    )
    b[0].unlink()  # its document must survive as stored
    new = _next_version(tmp_path, monkeypatch)
    code, _, err = es_helpers.xxgk("index", a[0], "--es-url", es_url, "--index", alias)  # one file named
    assert code == 0, err
    assert "1 documents whose files are gone were carried over" in err and "alias moved" in err
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v{new}"]
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 7


@pytest.mark.es
def test_alias_stays_when_the_new_version_would_hold_fewer(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "a", 3)
    assert es_helpers.xxgk("index", tmp_path / "a", "--es-url", es_url, "--index", alias)[0] == 0
    files[0].unlink()
    new = _next_version(tmp_path, monkeypatch, drop_field="narrative")  # the stored copy no longer fits
    code, _, err = es_helpers.xxgk("index", files[1], "--es-url", es_url, "--index", alias)
    assert code == 1
    assert f"the alias stays on {alias}-v{new - 1}" in err and "not carried" in err
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v{new - 1}"]
    code, _, err = es_helpers.xxgk("index", files[1], "--es-url", es_url, "--index", alias, "--allow-fewer")
    assert "alias moved" in err
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v{new}"]


@pytest.mark.es
def test_a_refresh_interval_left_by_a_killed_run_is_repaired(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    _corpus(tmp_path / "a", 2)
    assert es_helpers.xxgk("index", tmp_path / "a", "--es-url", es_url, "--index", alias)[0] == 0
    es.indices.put_settings(
        index=alias, settings={"index": {"refresh_interval": "30s"}}
    )  # as kill -9 leaves it
    code, _, err = es_helpers.xxgk("index", tmp_path / "a", "--es-url", es_url, "--index", alias)
    assert code == 0 and "repaired: refresh_interval 30s" in err
    settings = es.indices.get_settings(index=alias, name="index.refresh_interval")
    assert next(iter(settings.values()))["settings"]["index"]["refresh_interval"] == "1s"


@pytest.mark.es
def test_concurrent_first_runs_both_succeed(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    _corpus(tmp_path / "a", 4)
    command = [sys.executable, "-m", "search_cli.app", "index", str(tmp_path / "a"), "--es-url", es_url,
               "--index", alias, "-w", "1"]  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    runs = [subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    assert all(code == 0 for code, _ in results), results
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 4


@pytest.mark.es
def test_index_created_by_another_run_in_between_is_used(es: Elasticsearch, es_url: str, alias: str) -> None:
    """The race of two first runs, made certain: the index appears between the check and the create."""
    from indexer.store.client import connect
    from indexer.store.mapping import index_name, latest_version, prepare_target

    prepare_target(es, alias)  # the other run
    client = connect(es_url)
    real_exists = client.indices.exists
    client.indices.exists = lambda index, **kw: (
        False if index == index_name(alias, latest_version()) else real_exists(index=index, **kw)
    )  # type: ignore[method-assign]
    target = prepare_target(client, alias)
    assert target.index == index_name(alias, latest_version()) and not target.created


@pytest.mark.parametrize("name", ["_search", "Reports", "a/b", "-x"])
def test_bad_index_names_are_usage_errors(name: str) -> None:
    code, _, err = es_helpers.xxgk("search", "公开", "--index", name, "--es-url", "http://127.0.0.1:1")
    assert code == 2 and err.startswith("error: --index") and len(err.strip().splitlines()) == 1


def test_an_argument_that_is_not_utf8_is_a_usage_error() -> None:
    code, _, err = es_helpers.xxgk("search", "公开\udcff", "--es-url", "http://127.0.0.1:1")
    assert code == 2 and "not valid UTF-8" in err


@pytest.mark.es
def test_a_huge_query_is_refused_with_a_message(es_url: str, seeded: str) -> None:
    code, _, err = es_helpers.xxgk("search", " ".join(["公开"] * 100), "--es-url", es_url, "--index", seeded)
    assert code == 2 and "more than 64 words" in err
    code, _, err = es_helpers.xxgk("search", "政府信息公开" * 20_000, "--es-url", es_url, "--index", seeded)
    assert code == 2 and "too long" in err


@pytest.mark.es
def test_export_cut_off_says_how_many_records_were_written(
    es_url: str, seeded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search_cli.export_cmd as export_cmd
    from indexer.store import records

    proxy = es_helpers.Proxy(es_url)

    def cut_after_two(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for n, record in enumerate(records.iter_records(*args, page=1, **kwargs), start=1):  # type: ignore[arg-type]
            yield record
            if n == 2:
                proxy.cut()

    monkeypatch.setattr(export_cmd, "iter_records", cut_after_two)
    code, out, err = es_helpers.xxgk("export", "--es-url", proxy.url, "--index", seeded)
    assert code == 2
    assert out.count("\n") == 2
    assert "2 records were written" in err and "incomplete" in err


@pytest.mark.es
def test_back_pressure_ends_in_one_clear_error(es_url: str, alias: str, tmp_path: Path) -> None:
    from indexer.errors import EsUnavailable
    from indexer.store.bulk import Options, run_index
    from indexer.store.client import connect

    _corpus(tmp_path / "a", 3)
    front = es_helpers.Refusing(es_url)
    try:
        with pytest.raises(EsUnavailable) as info:
            run_index(
                connect(front.url),
                alias,
                [tmp_path / "a"],
                Options(workers=1, retries=2, initial_backoff=0.05),
            )
    finally:
        front.close()
    assert (
        "HTTP 429" in str(info.value)
        and "after 2 retries" in str(info.value)
        and "re-run later" in str(info.value)
    )


@pytest.mark.es
def test_an_oversized_document_is_a_per_file_error(
    es: Elasticsearch, es_url: str, alias: str, tmp_path: Path
) -> None:
    from indexer.store.bulk import Options, run_index
    from indexer.store.client import connect

    _corpus(tmp_path / "a", 2)
    big = SEED.read_text("utf-8") + "\n六、其他需要报告的事项\n" + "本机关持续做好政务公开工作。\n" * 20_000
    (tmp_path / "a" / "big.txt").write_text(big, "utf-8")
    summary = run_index(connect(es_url), alias, [tmp_path / "a"], Options(workers=1, max_doc_bytes=1_000_000))
    assert summary.indexed == 2
    assert [(Path(path).name, reason[:17]) for path, reason in summary.failed] == [
        ("big.txt", "too large to inde")
    ]


@pytest.mark.es
def test_a_request_elasticsearch_refuses_is_one_line(es: Elasticsearch, es_url: str) -> None:
    name = es_helpers.new_alias()
    es.indices.create(index=name)  # an index that is not one of xxgk's: no year to sort on
    try:
        code, out, err = es_helpers.xxgk("search", "公开", "--es-url", es_url, "--index", name)
        assert code == 2 and out == ""
        assert err.startswith("error: Elasticsearch refused the request (HTTP 400)") and "year" in err
        code, _, err = es_helpers.xxgk("index", es_helpers.EXAMPLES, "--es-url", es_url, "--index", name)
        assert code == 2 and "is a concrete index, not an alias" in err
    finally:
        es.indices.delete(index=name)
