"""The command line's shell: settings in one table, `--show-query`, one error style and exit codes."""

from __future__ import annotations

import ast
import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from indexer.settings import SETTINGS, setting
from search_cli.app import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"


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


def test_csv_columns_come_from_the_schema_not_the_first_record(tmp_path: Path) -> None:
    from indexer.extract.columns import record_columns

    seeds = sorted(EXAMPLES.glob("*.txt"))  # 2019-template reports first
    html = Path(__file__).resolve().parent / "fixtures" / "real" / "006.html"  # a 2021-template report
    code, out, _ = _run("extract", *map(str, seeds), str(html), "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(record_columns())
    assert {len(row) for row in rows} == {len(record_columns())}
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert last["table2.normative_documents.in_force"] == "18"  # a 2021-only cell of the last report
    assert "table2.procurement.items" in rows[0]  # and a 2019-only column


def test_csv_without_headers_and_with_a_bom_for_excel() -> None:
    code, out, _ = _run(
        "extract", str(EXAMPLES), "--format", "tsv", "-c", "title,year", "--no-headers", "--bom"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("\ufeff") and len(lines) == 5
    assert all(line.lstrip("\ufeff").count("\t") == 1 for line in lines)


@pytest.mark.es
def test_export_csv_has_every_column(es_url: str, seeded: str) -> None:
    from indexer.extract.columns import INDEX_COLUMNS, record_columns

    code, out, _ = _run("export", "--format", "csv", "--es-url", es_url, "--index", seeded)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [*record_columns(), *INDEX_COLUMNS] and len(rows) == 6


@pytest.mark.parametrize(
    ("option", "value", "clause"),
    [
        ("--level", "乡镇", {"terms": {"level": ["township"]}}),
        ("--level", "县", {"terms": {"level": ["county"]}}),
        ("--level", "部门", {"terms": {"level": ["department"]}}),
        ("--province", "山東", {"terms": {"region.province": ["山东省"]}}),
        ("--province", "Shandong", {"terms": {"region.province": ["山东省"]}}),
        ("--county", "莱阳", {"terms": {"region.county": ["莱阳市"]}}),
    ],
)
def test_filter_values_as_people_write_them(option: str, value: str, clause: dict[str, object]) -> None:
    code, out, err = _run("search", option, value, "--show-query")
    assert code == 0, err
    assert clause in json.loads(out)["post_filter"]["bool"]["filter"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--level", "foo"), "is not a level"),
        (("--template", "2020"), "valid values: 2019, 2021"),
        (("--problem", "渠道单一"), "did you mean 公开渠道单一"),
        (("--failed-check", "nosuch"), "valid values: table3_balance"),
        (("--province", "山栋"), "no province of that name"),
        (("--year", "2021-2019"), "runs backwards"),
    ],
)
def test_unknown_filter_values_are_errors_not_empty_results(args: tuple[str, str], says: str) -> None:
    code, out, err = _run("search", *args, "--show-query")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and says in err


@pytest.mark.es
def test_show_takes_the_short_id_a_search_prints(es_url: str, seeded: str) -> None:
    code, out, _ = _run("search", "公开渠道单一", "--es-url", es_url, "--index", seeded, "-f", "jsonl")
    full = json.loads(out.splitlines()[0])["id"]
    code, out, _ = _run("search", "公开渠道单一", "--es-url", es_url, "--index", seeded)
    assert full[:8] in out  # the table shows the short id
    code, out, err = _run("show", full[:8], "--es-url", es_url, "--index", seeded, "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == full
    code, _, err = _run("show", "0000ffff", "--es-url", es_url, "--index", seeded)
    assert code == 2 and "no report '0000ffff'" in err


@pytest.mark.es
def test_search_says_what_it_shows_and_what_comes_next(es_url: str, seeded: str) -> None:
    code, out, _ = _run("search", "--es-url", es_url, "--index", seeded, "-n", "2", "--facet", "county",
                        "--facet-size", "2")  # fmt: skip
    assert code == 0
    assert out.startswith("Showing 1–2 of 5 reports — next: --page 2")
    assert "score" not in out.splitlines()[2]  # no query, nothing to score
    assert "2 values shown; 3 more reports have other values: `xxgk facets county` lists all" in out
    code, out, _ = _run("search", "公开", "--es-url", es_url, "--index", seeded, "-n", "2", "--page", "3")
    assert out.startswith("Showing 5–5 of 5 reports") and "next" not in out.splitlines()[0]
    assert "score" in out


@pytest.mark.es
def test_show_prints_the_tables_and_never_none(es_url: str, seeded: str) -> None:
    report = str(EXAMPLES / "000_f01898835efe25fe.txt")
    code, out, _ = _run("show", report, "--es-url", es_url, "--index", seeded, "--no-text")
    assert code == 0
    assert "表三 收到和处理政府信息公开申请情况" in out and "表四" in out and "总计" in out
    assert "None" not in out


@pytest.mark.es
def test_version_names_the_server(es_url: str) -> None:
    code, out, _ = _run("--version", env={"XXGK_ES_URL": es_url})
    assert code == 0 and out.startswith("xxgk 0.") and "Elasticsearch 8." in out
    code, out, _ = _run("--version", env={"XXGK_ES_URL": "http://127.0.0.1:1"})
    assert code == 0 and "no Elasticsearch answering at http://127.0.0.1:1" in out


@pytest.mark.es
def test_count_words_exclusion_without_dashes_and_lowercase_or(es_url: str, seeded: str) -> None:
    def count(*words: str) -> int:
        code, out, err = _run("search", *words, "--count", "--es-url", es_url, "--index", seeded)
        assert code == 0, err
        return int(out)

    assert count() == 5
    assert count("公开渠道单一") == 1
    assert count("公开渠道单一", "or", "政策解读") == count("公开渠道单一", "OR", "政策解读") == 3
    assert count("政策解读", "-大门镇") == count("政策解读") - 1  # -word needs no --
    assert count("公开渠道单一", "政策解读") == 1  # several words: all required


@pytest.mark.es
def test_places_of_one_name_stay_apart_in_facets(es_url: str, alias: str, tmp_path: Path) -> None:
    seed = (EXAMPLES / "000_f01898835efe25fe.txt").read_text("utf-8")
    title = seed.splitlines()[0]
    for city in ("石家庄市", "平顶山市"):
        body = seed.replace(title, f"{city}新华区人民政府2020年政府信息公开工作年度报告").replace(
            "莱阳市团旺镇", "新华区"
        )
        (tmp_path / f"{city}.txt").write_text(body, "utf-8")
    assert _run("index", str(tmp_path), "--es-url", es_url, "--index", alias)[0] == 0
    code, out, _ = _run("facets", "county", "--es-url", es_url, "--index", alias, "-f", "jsonl")
    values = {row["value"]: row for row in map(json.loads, out.splitlines())}
    assert set(values) == {"新华区 (石家庄市)", "新华区 (平顶山市)"}
    for row in values.values():
        assert row["count"] == 1
        code, out, _ = _run("search", "--count", *row["option"].split(), "--es-url", es_url, "--index", alias)
        assert out.strip() == "1"


@pytest.fixture(scope="module")
def generated(es_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An alias holding 40 generated reports (with figures in their tables)."""
    import es_helpers
    from elasticsearch import Elasticsearch

    from report_generator import write_corpus

    folder = tmp_path_factory.mktemp("generated")
    write_corpus(folder, 40, seed=3)
    name = es_helpers.new_alias()
    assert _run("index", str(folder), "--es-url", es_url, "--index", name)[0] == 0
    try:
        yield name
    finally:
        es_helpers.drop(Elasticsearch(es_url), name)


@pytest.mark.es
def test_stats_rates_are_ratios_of_sums_and_headers_say_what_they_hold(es_url: str, generated: str) -> None:
    _, out, _ = _run("export", "--es-url", es_url, "--index", generated)
    records = [json.loads(line) for line in out.splitlines()]
    code, out, _ = _run(
        "stats", "--metric", "grant_rate", "--es-url", es_url, "--index", generated, "-f", "json"
    )
    assert code == 0
    for row in json.loads(out):
        both = [
            r["applications"]
            for r in records
            if r["region"]["province"] == row["province"]
            and r["applications"]["granted"] is not None
            and r["applications"]["processed"] is not None
        ]
        granted, processed = sum(a["granted"] for a in both), sum(a["processed"] for a in both)
        assert row["reports_with_grant_rate"] == len(both)
        assert row["applications.granted_sum"] == granted and row["applications.processed_sum"] == processed
        assert row["grant_rate"] == (round(granted / processed, 4) if processed else None)


@pytest.mark.es
def test_stats_cross_table_median_and_plain_output_when_piped(es_url: str, generated: str) -> None:
    code, out, _ = _run("stats", "--by", "level", "--by", "year", "--metric", "proactive",
                        "--es-url", es_url, "--index", generated, "-f", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert list(rows[0])[:3] == ["level", "year", "reports"] and "proactive_median" in rows[0]
    code, out, _ = _run("stats", "--by", "level", "--metric", "proactive", "--sort", "value",
                        "--es-url", es_url, "--index", generated)  # fmt: skip
    assert code == 0 and "█" not in out  # no bars when the output is not a terminal
    assert "median" in out


@pytest.mark.es
def test_a_minus_value_excludes(es_url: str, seeded: str) -> None:
    def count(*args: str) -> int:
        code, out, err = _run("search", "--count", *args, "--es-url", es_url, "--index", seeded)
        assert code == 0, err
        return int(out)

    assert count("--province", "-山东") == 1  # every province but 山东
    assert count("--province", "-山东", "--province", "-浙江") == 0
    assert count("--problem", "-公开内容不全面") == 5 - count("--problem", "公开内容不全面")
    assert count("--county", "莱阳", "--county", "-高青") == 1


def test_extract_with_workers_gives_the_same_records_in_order(tmp_path: Path) -> None:
    for seed in sorted(EXAMPLES.glob("*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    one = _run("extract", str(tmp_path), "-w", "1")
    two = _run("extract", str(tmp_path), "-w", "2")
    assert one[0] == two[0] == 1  # the broken file fails, the others go on
    assert one[1] == two[1] and len(one[1].splitlines()) == 5
    assert "broken.pdf" in two[2]


@pytest.mark.es
def test_index_summary_as_json(es_url: str, alias: str) -> None:
    code, out, err = _run("index", str(EXAMPLES), "--es-url", es_url, "--index", alias, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["indexed"] == 5 and summary["failed"] == [] and es_url in summary["cluster"]


def test_help_names_no_python_types() -> None:
    """Help shows TEXT, N, PATH and choices, never <list[str]>, <int range> or <bool>."""
    for command in (
        [], ["search"], ["index"], ["extract"], ["stats"], ["export"], ["show"], ["facets"], ["serve"],
        ["generate"], ["es", "start"], ["kibana", "import"],
    ):  # fmt: skip
        code, out, _ = _run(*command, "--help", env={"COLUMNS": "200"})
        assert code == 0, command
        for python_type in ("<list[", "<int", "<bool>", "<str>", "<float", "<path>", "<Path>"):
            assert python_type not in out, (command, python_type)
        usage = next(line for line in out.splitlines() if "Usage:" in line)
        assert "}:" not in usage, usage  # an argument is named in the usage line, its type in the table
    _, out, _ = _run("search", "--help", env={"COLUMNS": "200"})
    assert "TEXT..." in out and "N [1<=x<=1000]" in out and "<table|json|jsonl|csv>" in out


def _loaded_after(*argv: str) -> list[str]:
    """The heavy modules a fresh process has imported after running `xxgk ARGV`."""
    import subprocess
    import sys

    code = (
        f"import sys; from search_cli.app import main; sys.argv = ['xxgk', *{list(argv)!r}];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "heavy = ['elasticsearch', 'report_generator', 'indexer.store.kibana', 'indexer.store.dev_node']\n"
        "print([m for m in heavy if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(ast.literal_eval(done.stderr.strip().splitlines()[-1]))


def test_a_command_imports_only_what_it_needs() -> None:
    """`xxgk settings` loads neither the Elasticsearch client nor the generator, node or Kibana
    modules; `xxgk --help` lists every command without the client."""
    assert _loaded_after("settings", "--json") == []
    assert "elasticsearch" not in _loaded_after("--help")


def test_the_root_help_lists_each_command_by_its_own_summary() -> None:
    """`xxgk --help` lists commands without importing them; each summary is the command's own."""
    from search_cli.app import COMMANDS, SUMMARIES, _load_command

    assert list(SUMMARIES) == list(COMMANDS)
    for name, summary in SUMMARIES.items():
        command = _load_command(name)
        own = (command.short_help or command.help or "").split("\n\n")[0]
        assert " ".join(own.split()) == summary, name
    run = (
        "import sys\nfrom search_cli.app import main\nsys.argv = ['xxgk', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('search_cli.') and m.endswith('_cmd')), file=sys.stderr)"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", run], cwd=root, capture_output=True, text=True, check=True)
    assert "Search reports by keywords" in out.stdout and "Kibana dashboards" in out.stdout
    assert out.stderr.strip() == "[]"  # no command module was imported


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["search", "-n", "0"], "Invalid value for '--limit' / '-n': 0 is not in the range 1<=x<=1000"),
        (["search", "--format", "bogus"], "Invalid value for '--format' / '-f': 'bogus' is not one of"),
        (["search", "--provnce", "山东"], "no such option: --provnce"),
        (["nosuch"], "No such command 'nosuch'"),
        (["show"], "Missing argument 'ref'"),
    ],
)
def test_usage_errors_are_one_line_in_the_one_error_style(args: list[str], says: str) -> None:
    """Click's own errors read like every other: `error: …` on stderr, one line, exit 2."""
    code, out, err = _run(*args, "--es-url", "http://127.0.0.1:1") if args[0] == "search" else _run(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {says}") and "--help" in err and len(err.strip().splitlines()) == 1
