"""Kibana saved objects (kibana/) and ``xxgk kibana import|setup``.

No Kibana runs here: the objects are checked for form, against the index mapping, and by running
the Elasticsearch requests they stand for on a real node; the import command is checked for the
request it builds and for its error path (Kibana unreachable).
"""

from __future__ import annotations

import email.parser
import email.policy
import importlib.util
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from typer.testing import CliRunner

from indexer.store import kibana
from indexer.store.mapping import available_versions, latest_version, prepare_target
from search_cli.app import app

ROOT = Path(__file__).resolve().parents[1]
NDJSON = ROOT / "indexer" / "store" / "data" / "kibana-dashboard.ndjson"
MAPPING = available_versions()[latest_version()]  # the mapping `xxgk index` and `kibana setup` use
KNOWN_TYPES = {"index-pattern", "lens", "search", "dashboard", "visualization", "map", "tag"}
AGGREGATABLE = {
    "keyword",
    "boolean",
    "date",
    "integer",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "scaled_float",
}
CONTROL_FIELDS = {
    "region.province",
    "region.prefecture",
    "region.county",
    "year",
    "level",
    "problem_categories",
}


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "xxgk_kibana_build_objects", ROOT / "kibana" / "build_objects.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
OBJECTS: list[dict[str, Any]] = [json.loads(line) for line in NDJSON.read_text("utf-8").splitlines()]
BY_ID = {obj["id"]: obj for obj in OBJECTS}
LENS_IDS = [obj["id"] for obj in OBJECTS if obj["type"] == "lens"]


def _mapping_types() -> dict[str, str]:
    """Dotted field name → mapping type, multi-fields included."""
    types: dict[str, str] = {}

    def walk(properties: dict[str, Any], prefix: str) -> None:
        for name, spec in properties.items():
            path = prefix + name
            if "properties" in spec:
                walk(spec["properties"], path + ".")
            else:  # a number kept in _source only (no doc values) cannot be aggregated
                types[path] = spec.get("type", "object") + (
                    " without doc values" if spec.get("doc_values") is False else ""
                )
            for sub, sub_spec in spec.get("fields", {}).items():
                types[f"{path}.{sub}"] = sub_spec["type"]

    walk(json.loads(MAPPING.read_text("utf-8"))["template"]["mappings"]["properties"], "")
    return types


def _run(*args: str) -> tuple[int, str, str]:
    """The real `xxgk` command, whose entry point turns errors into one line and an exit code."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# ----------------------------------------------------------------------------- the objects
def test_committed_ndjson_is_the_generators_output() -> None:
    assert builder.render(builder.build()) == NDJSON.read_text("utf-8"), "run python kibana/build_objects.py"
    assert builder.render(builder.build()) == builder.render(builder.build())


def test_every_object_has_a_fixed_id_and_a_known_type() -> None:
    assert len({(obj["type"], obj["id"]) for obj in OBJECTS}) == len(OBJECTS)
    for obj in OBJECTS:
        assert obj["type"] in KNOWN_TYPES
        assert obj["id"].startswith("xxgk-"), obj["id"]
        assert obj["attributes"]["title"]
        assert obj["coreMigrationVersion"] == "8.8.0"
        assert obj["typeMigrationVersion"] == builder.TYPE_MIGRATION_VERSION[obj["type"]]
    types = sorted(obj["type"] for obj in OBJECTS)
    assert types == ["dashboard", "index-pattern"] + ["lens"] * 6 + ["search"]


def test_data_view_reads_the_alias_with_report_date_as_time_field() -> None:
    (view,) = [obj for obj in OBJECTS if obj["type"] == "index-pattern"]
    assert view["attributes"]["title"] == "xxgk-reports" == kibana.DASHBOARD_ALIAS
    assert view["attributes"]["timeFieldName"] == "report_date"


def test_references_resolve_within_the_file() -> None:
    for obj in OBJECTS:
        for ref in obj["references"]:
            target = BY_ID.get(ref["id"])
            assert target is not None and target["type"] == ref["type"], (obj["id"], ref)
    for lens_id in LENS_IDS:
        attributes = BY_ID[lens_id]["attributes"]
        layers = attributes["state"]["datasourceStates"]["formBased"]["layers"]
        names = {ref["name"] for ref in BY_ID[lens_id]["references"]}
        assert {f"indexpattern-datasource-layer-{layer}" for layer in layers} <= names
        for layer in layers.values():
            assert sorted(layer["columnOrder"]) == sorted(layer["columns"])


def test_dashboard_holds_every_panel_and_the_controls() -> None:
    board = BY_ID[builder.DASHBOARD_ID]
    attributes = board["attributes"]
    refs = {ref["name"]: ref for ref in board["references"]}
    panels = json.loads(attributes["panelsJSON"])
    targets = set()
    for panel in panels:
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"]
        targets.add(ref["id"])
    assert targets == {obj["id"] for obj in OBJECTS if obj["type"] in {"lens", "search"}}
    controls = builder.dashboard_controls(board)
    assert {c["fieldName"] for c in controls} == CONTROL_FIELDS
    for control in controls:
        assert control["type"] == "optionsListControl"
        assert refs[f"controlGroup_{control['id']}:optionsListDataView"]["id"] == builder.DATA_VIEW_ID
    assert attributes["timeRestore"] is True and attributes["timeFrom"] == builder.TIME_FROM


def test_saved_search_lists_failed_checks() -> None:
    search = BY_ID[builder.FAILED_CHECKS_SEARCH_ID]
    source = json.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
    assert [f["query"] for f in source["filter"]] == [{"exists": {"field": "failed_checks"}}]
    columns = search["attributes"]["columns"]
    assert columns[0] == "org" and "year" in columns and "failed_checks" in columns
    assert any(c.startswith("region.") for c in columns)


def test_grant_share_is_granted_over_outcome_total() -> None:
    layer = builder.lens_layer(BY_ID["xxgk-lens-grant-share-by-province"])
    formula = next(c for c in layer["columns"].values() if c["operationType"] == "formula")
    assert formula["params"]["formula"] == "sum(table3.granted.total) / sum(table3.outcome_total.total)"
    sums = [c["sourceField"] for c in layer["columns"].values() if c["operationType"] == "sum"]
    assert sums == ["table3.granted.total", "table3.outcome_total.total"]


def test_every_field_used_exists_with_an_aggregatable_type() -> None:
    types = _mapping_types()
    used = [(obj["id"], fld, agg) for obj in OBJECTS for fld, agg in builder.fields_used(obj)]
    assert len({fld for _, fld, _ in used}) >= 20
    for obj_id, fld, needs_aggregation in used:
        assert fld in types, f"{obj_id}: {fld} is not in {MAPPING.name}"
        if needs_aggregation:
            assert types[fld] in AGGREGATABLE, f"{obj_id}: {fld} is {types[fld]}, not aggregatable"


def test_formula_evaluation_matches_lens_arithmetic() -> None:
    ast = {"type": "function", "name": "divide", "args": ["a", "b"]}
    assert builder.evaluate_math(ast, {"a": 3.0, "b": 4.0}) == 0.75
    assert builder.evaluate_math(ast, {"a": 0.0, "b": 0.0}) is None
    assert builder.evaluate_math(ast, {"a": None, "b": 4.0}) is None


# ----------------------------------------------------------------------------- the import command
def test_import_request_is_a_multipart_post_with_overwrite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_KIBANA_USER", raising=False)
    data = NDJSON.read_bytes()
    request = kibana.build_import_request("http://kibana:5601/", data, filename="xxgk-dashboard.ndjson")
    assert request.method == "POST"
    assert request.url == "http://kibana:5601/api/saved_objects/_import?overwrite=true"
    assert request.headers["kbn-xsrf"] == "true"
    assert "Authorization" not in request.headers
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body
    )
    (part,) = list(message.iter_parts())
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename() == "xxgk-dashboard.ndjson"
    assert part.get_content_type() == "application/ndjson"
    assert part.get_payload(decode=True) == data


def test_import_request_space_credentials_and_file_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_KIBANA_USER", "elastic")
    monkeypatch.setenv("XXGK_KIBANA_PASSWORD", "changeme")
    request = kibana.build_import_request(
        "https://k.example:5601", b"{}\n", filename="objects.json", space="reports", boundary="b0undary"
    )
    assert request.url == "https://k.example:5601/s/reports/api/saved_objects/_import?overwrite=true"
    assert request.headers["Authorization"] == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="
    assert request.headers["Content-Type"] == "multipart/form-data; boundary=b0undary"
    assert b'filename="objects.ndjson"' in request.body  # Kibana only takes *.ndjson
    assert kibana.api_url("http://k:5601", "/api/status", "default") == "http://k:5601/api/status"
    with pytest.raises(kibana.KibanaError, match="invalid space id"):
        kibana.api_url("http://k:5601", "/api/status", "Not A Space")


def test_import_answer_is_reported_per_object() -> None:
    # The answer's shape as documented for POST /api/saved_objects/_import.
    body = {
        "success": False,
        "successCount": 2,
        "successResults": [
            {"type": "index-pattern", "id": "xxgk-reports", "meta": {"title": "xxgk-reports"}},
            {"type": "lens", "id": "xxgk-lens-a", "meta": {"title": "A"}, "overwrite": True},
        ],
        "errors": [
            {
                "type": "dashboard",
                "id": "xxgk-dashboard",
                "meta": {"title": "D"},
                "error": {"type": "missing_references", "references": [{"type": "lens", "id": "x"}]},
            }
        ],
        "warnings": [],
    }
    report = kibana.parse_import_response(200, body)
    assert [(o.id, o.outcome) for o in report.objects] == [
        ("xxgk-reports", "created"),
        ("xxgk-lens-a", "overwritten"),
        ("xxgk-dashboard", "failed"),
    ]
    assert report.objects[2].error == "missing_references: lens/x"
    assert not report.ok
    with pytest.raises(kibana.KibanaError, match="HTTP 415"):
        kibana.parse_import_response(415, {"statusCode": 415, "message": "Unsupported file extension"})


def test_import_with_kibana_unreachable_fails_with_one_line() -> None:
    url = _closed_port_url()
    code, out, err = _run("kibana", "import", "--url", url)
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [f"error: Kibana is not reachable at {url} (connection refused)"]


def test_wait_gives_up_after_the_given_seconds() -> None:
    url = _closed_port_url()
    code, _, err = _run("kibana", "import", "--url", url, "--wait", "1")
    assert code == 2
    assert (
        f"Kibana is not reachable at {url} (connection refused); waited 1 s" in err.strip().splitlines()[-1]
    )


def test_setup_checks_kibana_before_elasticsearch() -> None:
    url = _closed_port_url()
    code, _, err = _run("kibana", "setup", "--url", url, "--es-url", _closed_port_url())
    assert code == 2
    assert err.strip().splitlines() == [f"error: Kibana is not reachable at {url} (connection refused)"]


def test_missing_objects_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = _run("kibana", "import", "--file", str(tmp_path / "none.ndjson"))
    assert code == 1
    assert "no saved objects file" in err


def test_compose_setup_service_runs_kibana_setup() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    setup = compose["services"]["setup"]
    assert "profiles" not in setup  # `docker compose up` runs it
    env = dict(item.split("=", 1) for item in setup["environment"])
    mount = next(v.split(":")[1] for v in setup["volumes"] if v.startswith("./:"))
    for key, local in (("XXGK_MAPPINGS_DIR", ROOT / "mappings"), ("XXGK_KIBANA_FILE", NDJSON)):
        assert env[key].startswith(mount + "/") and local.exists()
        assert (ROOT / env[key][len(mount) + 1 :]).resolve() == local.resolve()
    assert "xxgk kibana setup" in setup["command"] and "--wait" in setup["command"]


# ----------------------------------------------------------------------------- on a real node
@pytest.mark.es
@pytest.mark.parametrize("lens_id", LENS_IDS)
def test_visualization_request_returns_values(es: Elasticsearch, seeded: str, lens_id: str) -> None:
    obj = BY_ID[lens_id]
    response = es.search(index=seeded, **builder.lens_es_request(obj)).body
    assert response["hits"]["total"]["value"] > 0
    rows = builder.lens_rows(obj, response)
    assert rows
    layer = builder.lens_layer(obj)
    for col_id, column in layer["columns"].items():
        if column["isBucketed"]:
            assert all(row[col_id] not in (None, "") for row in rows), col_id
        elif column["operationType"] in {"count", "sum"}:
            assert any(row[col_id] is not None for row in rows), col_id
    if lens_id == "xxgk-lens-proactive-channels":
        assert rows[0]["col-website"] > 0 and rows[0]["col-wechat"] > 0


@pytest.mark.es
def test_saved_search_request_finds_the_failed_report(es: Elasticsearch, seeded: str) -> None:
    response = es.search(index=seeded, **builder.search_es_request(BY_ID[builder.FAILED_CHECKS_SEARCH_ID]))
    hits = response["hits"]["hits"]
    assert hits
    for hit in hits:
        assert hit["_source"]["failed_checks"]
        assert hit["_source"]["org"] and hit["_source"]["region"]["province"]


@pytest.mark.es
def test_every_control_has_options(es: Elasticsearch, seeded: str) -> None:
    for control in builder.dashboard_controls(BY_ID[builder.DASHBOARD_ID]):
        response = es.search(index=seeded, **builder.control_es_request(control))
        assert response["aggregations"]["suggestions"]["buckets"], control["fieldName"]


@pytest.fixture()
def share_corpus(es: Elasticsearch, alias: str) -> Iterator[str]:
    """Three provinces with known table 3 totals (granted / outcome total)."""
    target = prepare_target(es, alias)
    cells = [("甲省", 3, 4), ("甲省", 1, 4), ("乙省", 0, 0), ("丙省", 2, 8)]
    for i, (province, granted, outcome) in enumerate(cells):
        es.index(
            index=target.index,
            id=str(i),
            document={
                "region": {"province": province},
                "year": 2022,
                "report_date": "2022-01-01",
                "table3": {"granted": {"total": granted}, "outcome_total": {"total": outcome}},
            },
        )
    es.indices.refresh(index=target.index)
    yield alias


@pytest.mark.es
def test_grant_share_values_on_known_numbers(es: Elasticsearch, share_corpus: str) -> None:
    obj = BY_ID["xxgk-lens-grant-share-by-province"]
    rows = builder.lens_rows(obj, es.search(index=share_corpus, **builder.lens_es_request(obj)).body)
    assert {row["col-province"]: row["col-grant-share"] for row in rows} == {
        "甲省": 0.5,
        "乙省": None,
        "丙省": 0.25,
    }


@pytest.mark.es
def test_prepare_index_creates_template_index_and_alias(es: Elasticsearch, es_url: str, alias: str) -> None:
    name = f"{alias}-v{latest_version()}"
    assert kibana.prepare_index(es_url, alias) == f"index {name} created, alias {alias}"
    assert kibana.prepare_index(es_url, alias) == f"index {name} already present, alias {alias}"
    assert list(es.indices.get_alias(name=alias)) == [name]
    assert es.indices.get_index_template(name=name)["index_templates"]
    properties = es.indices.get_mapping(index=alias)[name]["mappings"]["properties"]
    assert properties["report_date"]["type"] == "date"
