"""Generate ``kibana/xxgk-dashboard.ndjson``: the Kibana saved objects shipped with xxgk.

Run ``python kibana/build_objects.py`` after changing a definition below (``--check`` exits 1 when
the committed file is out of date). The output is deterministic: fixed ids, fixed column and layer
ids, no timestamps, so a re-import with ``overwrite=true`` replaces the objects in place.

Made for Kibana 8.19.21. Formats follow what Kibana 8.x exports: Lens state in the ``formBased``
datasource (``typeMigrationVersion`` 8.9.0), dashboards with by-reference panels and an options-list
control group (model version 10.2.0), data view and saved search in their 8.0.0 shape (Kibana
migrates them on import).

Besides building the objects, this module turns them back into Elasticsearch requests
(:func:`lens_es_request`, :func:`search_es_request`, :func:`control_es_request`): the aggregations
Kibana runs for each panel, so the tests can run them against a real node.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KIBANA_VERSION = "8.19.21"
CORE_MIGRATION_VERSION = "8.8.0"
TYPE_MIGRATION_VERSION = {
    "index-pattern": "8.0.0",
    "lens": "8.9.0",
    "search": "8.0.0",
    "dashboard": "10.2.0",
}
OUTPUT = Path(__file__).resolve().parents[1] / "indexer" / "store" / "data" / "kibana-dashboard.ndjson"

ALIAS = "xxgk-reports"
DATA_VIEW_ID = "xxgk-reports"
TIME_FIELD = "report_date"
# Reports are dated 1 January of their year (indexer/document.py): the dashboard opens on 20 years.
TIME_FROM = "now-20y/y"
TIME_TO = "now"
DASHBOARD_ID = "xxgk-dashboard"
FAILED_CHECKS_SEARCH_ID = "xxgk-search-failed-checks"
RECORDS = "___records___"  # Lens' pseudo-field of the count operation
# Big analysed texts: hidden in Discover (they are searched, not read).
SOURCE_FILTERS = ("text", "text_seg", "title_seg", "problems_seg", "sections_seg.*", "region.evidence")


# ----------------------------------------------------------------------------- compact definitions
@dataclass(frozen=True)
class Col:
    """One Lens column. ``op``: terms, date_histogram, count, sum or ratio (sum(a) / sum(b))."""

    id: str
    op: str
    label: str
    field: str | None = None
    size: int = 10
    rank_by: str | None = None  # terms: the metric column ranking the buckets (desc); None → A-Z
    interval: str = "y"  # date_histogram
    ratio_of: tuple[str, str] = ("", "")  # ratio: numerator and denominator fields
    percent: bool = False


def terms(col_id: str, label: str, fld: str, size: int, rank_by: str | None = None) -> Col:
    return Col(col_id, "terms", label, fld, size=size, rank_by=rank_by)


def yearly(col_id: str, label: str, fld: str) -> Col:
    return Col(col_id, "date_histogram", label, fld, interval="y")


def count(col_id: str, label: str) -> Col:
    return Col(col_id, "count", label, RECORDS)


def total(col_id: str, label: str, fld: str) -> Col:
    return Col(col_id, "sum", label, fld)


def ratio(col_id: str, label: str, numerator: str, denominator: str) -> Col:
    return Col(col_id, "ratio", label, ratio_of=(numerator, denominator), percent=True)


@dataclass(frozen=True)
class Chart:
    """A Lens visualization: bucket columns (outer first), metric columns and where it sits."""

    id: str
    title: str
    description: str
    kind: str  # treemap | bar | bar_horizontal | table
    buckets: tuple[Col, ...]
    metrics: tuple[Col, ...]
    grid: tuple[int, int, int, int]  # x, y, w, h on the dashboard's 48-column grid
    sort: tuple[str, str] | None = None  # table: (column id, asc|desc)
    layer: str = "layer-main"


PROACTIVE_CHANNELS = (
    ("website", "政府网站"),
    ("wechat", "政务微信"),
    ("weibo", "政务微博"),
    ("douyin", "抖音"),
    ("kuaishou", "快手"),
    ("toutiao", "今日头条"),
    ("app", "政务客户端"),
    ("bulletin_board", "公开栏"),
)

CHARTS: tuple[Chart, ...] = (
    Chart(
        id="xxgk-lens-reports-by-region",
        title="报告数：省 / 市",
        description="Reports by province and prefecture (region.province → region.prefecture).",
        kind="treemap",
        buckets=(
            terms("col-province", "省份", "region.province", 40, rank_by="col-reports"),
            terms("col-prefecture", "地市", "region.prefecture", 100, rank_by="col-reports"),
        ),
        metrics=(count("col-reports", "报告数"),),
        grid=(0, 0, 24, 15),
    ),
    Chart(
        id="xxgk-lens-grant-share-by-province",
        title="予以公开占比（按省）",
        description="予以公开 / 总计 of table 3: sum(table3.granted.total) / sum(table3.outcome_total.total).",
        kind="bar_horizontal",
        buckets=(terms("col-province", "省份", "region.province", 40),),
        metrics=(
            ratio("col-grant-share", "予以公开占比", "table3.granted.total", "table3.outcome_total.total"),
        ),
        grid=(24, 0, 24, 15),
    ),
    Chart(
        id="xxgk-lens-reports-per-year",
        title="报告数（按年度）",
        description="Reports per report year (report_date, one bucket a year).",
        kind="bar",
        buckets=(yearly("col-year", "年度", TIME_FIELD),),
        metrics=(count("col-reports", "报告数"),),
        grid=(0, 15, 16, 13),
    ),
    Chart(
        id="xxgk-lens-proactive-channels",
        title="主动公开：各渠道发布量",
        description="Sums of proactive.* per channel (政府网站, 政务微信, 微博, 抖音, ...).",
        kind="bar",
        buckets=(),
        metrics=tuple(
            total(f"col-{key.replace('_', '-')}", label, f"proactive.{key}")
            for key, label in PROACTIVE_CHANNELS
        ),
        grid=(16, 15, 16, 13),
    ),
    Chart(
        id="xxgk-lens-problem-categories",
        title="存在的主要问题（类别）",
        description="Most frequent problem categories (problem_categories).",
        kind="bar_horizontal",
        buckets=(terms("col-problem", "问题类别", "problem_categories", 15, rank_by="col-reports"),),
        metrics=(count("col-reports", "报告数"),),
        grid=(32, 15, 16, 13),
    ),
    Chart(
        id="xxgk-lens-applications-by-county",
        title="依申请公开：各县（区）收到申请数",
        description="Sum of applications.received by region.county; click a header to sort.",
        kind="table",
        buckets=(terms("col-county", "县（区）", "region.county", 200, rank_by="col-received"),),
        metrics=(
            total("col-received", "收到申请数", "applications.received"),
            count("col-reports", "报告数"),
        ),
        grid=(0, 28, 24, 16),
        sort=("col-received", "desc"),
    ),
)


@dataclass(frozen=True)
class SavedSearch:
    """A Discover session: rows where ``exists`` fields exist, with the listed columns."""

    id: str
    title: str
    description: str
    exists: tuple[str, ...]
    columns: tuple[str, ...]
    sort: tuple[tuple[str, str], ...]
    grid: tuple[int, int, int, int]


FAILED_CHECKS = SavedSearch(
    id=FAILED_CHECKS_SEARCH_ID,
    title="一致性校验未通过的报告",
    description="Reports with at least one failed consistency check (failed_checks exists).",
    exists=("failed_checks",),
    columns=("org", "region.province", "region.prefecture", "region.county", "year", "failed_checks"),
    sort=(("year", "desc"),),
    grid=(24, 28, 24, 16),
)


@dataclass(frozen=True)
class Control:
    """One options-list control of the dashboard's control group."""

    id: str
    title: str
    field: str
    numeric: bool = False
    width: str = "medium"


CONTROLS: tuple[Control, ...] = (
    Control("ctl-province", "省份", "region.province"),
    Control("ctl-prefecture", "地市", "region.prefecture"),
    Control("ctl-county", "县（区）", "region.county"),
    Control("ctl-year", "年度", "year", numeric=True, width="small"),
    Control("ctl-level", "层级", "level", width="small"),
    Control("ctl-problem", "问题类别", "problem_categories", width="large"),
)


# ----------------------------------------------------------------------------- saved objects
def _json(value: Any) -> str:
    """The compact JSON Kibana stores in its *JSON string attributes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def saved_object(type_: str, id_: str, attributes: dict[str, Any], references: list[dict[str, str]]) -> dict:
    return {
        "id": id_,
        "type": type_,
        "attributes": attributes,
        "references": references,
        "managed": False,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "typeMigrationVersion": TYPE_MIGRATION_VERSION[type_],
    }


def data_view() -> dict:
    attributes = {
        "title": ALIAS,
        "name": f"政府信息公开年报 ({ALIAS})",
        "timeFieldName": TIME_FIELD,
        "fields": "[]",
        "fieldFormatMap": _json({"indicators.grant_rate": {"id": "percent", "params": {}}}),
        "runtimeFieldMap": "{}",
        "sourceFilters": _json([{"value": value} for value in SOURCE_FILTERS]),
        "typeMeta": "{}",
    }
    return saved_object("index-pattern", DATA_VIEW_ID, attributes, [])


def _number_column(operation: str, source: str, label: str, empty_as_null: bool = True) -> dict:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": operation,
        "sourceField": source,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"emptyAsNull": empty_as_null},
    }


def lens_columns(col: Col) -> dict[str, dict]:
    """The Lens column(s) of one compact column (a ratio is a formula plus its helper columns)."""
    if col.op == "terms":
        order = (
            {"type": "column", "columnId": col.rank_by}
            if col.rank_by
            else {"type": "alphabetical", "fallback": False}
        )
        return {
            col.id: {
                "label": col.label,
                "customLabel": True,
                "dataType": "string",
                "operationType": "terms",
                "sourceField": col.field,
                "isBucketed": True,
                "scale": "ordinal",
                "params": {
                    "size": col.size,
                    "orderBy": order,
                    "orderDirection": "desc" if col.rank_by else "asc",
                    "otherBucket": False,
                    "missingBucket": False,
                    "parentFormat": {"id": "terms"},
                    "include": [],
                    "exclude": [],
                    "includeIsRegex": False,
                    "excludeIsRegex": False,
                },
            }
        }
    if col.op == "date_histogram":
        return {
            col.id: {
                "label": col.label,
                "customLabel": True,
                "dataType": "date",
                "operationType": "date_histogram",
                "sourceField": col.field,
                "isBucketed": True,
                "scale": "interval",
                "params": {"interval": col.interval, "includeEmptyRows": True, "dropPartials": False},
            }
        }
    if col.op == "count":
        return {col.id: _number_column("count", RECORDS, col.label)}
    if col.op == "sum":
        assert col.field
        return {col.id: _number_column("sum", col.field, col.label)}
    if col.op == "ratio":
        numerator, denominator = col.ratio_of
        formula = f"sum({numerator}) / sum({denominator})"
        part = f"Part of {col.label}"
        x0, x1, x2 = f"{col.id}X0", f"{col.id}X1", f"{col.id}X2"
        return {
            x0: _number_column("sum", numerator, part, empty_as_null=False),
            x1: _number_column("sum", denominator, part, empty_as_null=False),
            x2: {
                "label": part,
                "customLabel": True,
                "dataType": "number",
                "operationType": "math",
                "isBucketed": False,
                "scale": "ratio",
                "params": {
                    "tinymathAst": {
                        "type": "function",
                        "name": "divide",
                        "args": [x0, x1],
                        "location": {"min": 0, "max": len(formula)},
                        "text": formula,
                    }
                },
                "references": [x0, x1],
            },
            col.id: {
                "label": col.label,
                "customLabel": True,
                "dataType": "number",
                "operationType": "formula",
                "isBucketed": False,
                "scale": "ratio",
                "params": {"formula": formula, "isFormulaBroken": False}
                | ({"format": {"id": "percent", "params": {"decimals": 1}}} if col.percent else {}),
                "references": [x2],
            },
        }
    raise ValueError(f"unknown column operation {col.op!r}")


def _xy_state(chart: Chart) -> dict:
    layer: dict[str, Any] = {
        "layerId": chart.layer,
        "layerType": "data",
        "seriesType": chart.kind,
        "accessors": [m.id for m in chart.metrics],
        "position": "top",
        "showGridlines": False,
    }
    if chart.buckets:
        layer["xAccessor"] = chart.buckets[0].id
    return {
        "legend": {"isVisible": len(chart.metrics) > 1, "position": "right"},
        "valueLabels": "show",
        "fittingFunction": "None",
        "preferredSeriesType": chart.kind,
        "axisTitlesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
        "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
        "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
        "layers": [layer],
    }


def _visualization_state(chart: Chart) -> tuple[str, dict]:
    if chart.kind == "treemap":
        return "lnsPie", {
            "shape": "treemap",
            "layers": [
                {
                    "layerId": chart.layer,
                    "layerType": "data",
                    "primaryGroups": [b.id for b in chart.buckets],
                    "metrics": [m.id for m in chart.metrics],
                    "numberDisplay": "value",
                    "categoryDisplay": "default",
                    "legendDisplay": "default",
                    "nestedLegend": False,
                }
            ],
        }
    if chart.kind == "table":
        state: dict[str, Any] = {
            "layerId": chart.layer,
            "layerType": "data",
            "columns": [{"columnId": c.id, "isTransposed": False} for c in chart.buckets + chart.metrics],
            "rowHeight": "single",
            "rowHeightLines": 1,
        }
        if chart.sort:
            state["sorting"] = {"columnId": chart.sort[0], "direction": chart.sort[1]}
        return "lnsDatatable", state
    if chart.kind in {"bar", "bar_horizontal"}:
        return "lnsXY", _xy_state(chart)
    raise ValueError(f"unknown chart kind {chart.kind!r}")


def lens(chart: Chart) -> dict:
    columns: dict[str, dict] = {}
    for col in chart.buckets + chart.metrics:
        columns.update(lens_columns(col))
    visualization_type, visualization = _visualization_state(chart)
    attributes = {
        "title": chart.title,
        "description": chart.description,
        "visualizationType": visualization_type,
        "state": {
            "datasourceStates": {
                "formBased": {
                    "layers": {
                        chart.layer: {
                            "columns": columns,
                            "columnOrder": list(columns),
                            "incompleteColumns": {},
                            "sampling": 1,
                            "ignoreGlobalFilters": False,
                        }
                    }
                }
            },
            "visualization": visualization,
            "query": {"query": "", "language": "kuery"},
            "filters": [],
            "internalReferences": [],
            "adHocDataViews": {},
        },
    }
    references = [
        {"type": "index-pattern", "id": DATA_VIEW_ID, "name": f"indexpattern-datasource-layer-{chart.layer}"}
    ]
    return saved_object("lens", chart.id, attributes, references)


def saved_search(search: SavedSearch) -> dict:
    filters = []
    references = [
        {"type": "index-pattern", "id": DATA_VIEW_ID, "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    ]
    for i, fld in enumerate(search.exists):
        ref = f"kibanaSavedObjectMeta.searchSourceJSON.filter[{i}].meta.index"
        filters.append(
            {
                "meta": {
                    "alias": None,
                    "negate": False,
                    "disabled": False,
                    "type": "exists",
                    "key": fld,
                    "value": "exists",
                    "indexRefName": ref,
                },
                "query": {"exists": {"field": fld}},
                "$state": {"store": "appState"},
            }
        )
        references.append({"type": "index-pattern", "id": DATA_VIEW_ID, "name": ref})
    source = {
        "query": {"query": "", "language": "kuery"},
        "filter": filters,
        "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
    }
    attributes = {
        "title": search.title,
        "description": search.description,
        "columns": list(search.columns),
        "sort": [list(s) for s in search.sort],
        "grid": {},
        "hideChart": True,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": {"searchSourceJSON": _json(source)},
    }
    return saved_object("search", search.id, attributes, references)


def _panel(panel_id: str, grid: tuple[int, int, int, int], type_: str) -> dict:
    x, y, w, h = grid
    return {
        "type": type_,
        "gridData": {"x": x, "y": y, "w": w, "h": h, "i": panel_id},
        "panelIndex": panel_id,
        "embeddableConfig": {"enhancements": {}},
        "panelRefName": f"panel_{panel_id}",
    }


def _control_panels() -> dict[str, dict]:
    panels = {}
    for order, control in enumerate(CONTROLS):
        explicit: dict[str, Any] = {
            "id": control.id,
            "fieldName": control.field,
            "title": control.title,
            "searchTechnique": "exact" if control.numeric else "prefix",
            "selectedOptions": [],
            "sort": {"by": "_key", "direction": "desc"}
            if control.numeric
            else {"by": "_count", "direction": "desc"},
            "enhancements": {},
        }
        panels[control.id] = {
            "order": order,
            "width": control.width,
            "grow": True,
            "type": "optionsListControl",
            "explicitInput": explicit,
        }
    return panels


def dashboard() -> dict:
    panels = []
    references = []
    for i, (type_, target, grid) in enumerate(
        [("lens", chart.id, chart.grid) for chart in CHARTS]
        + [("search", FAILED_CHECKS.id, FAILED_CHECKS.grid)]
    ):
        panel_id = f"panel-{i + 1}"
        panels.append(_panel(panel_id, grid, type_))
        references.append({"name": f"{panel_id}:panel_{panel_id}", "type": type_, "id": target})
    for control in CONTROLS:
        references.append(
            {
                "name": f"controlGroup_{control.id}:optionsListDataView",
                "type": "index-pattern",
                "id": DATA_VIEW_ID,
            }
        )
    attributes = {
        "title": "政府信息公开工作年度报告 · 概览",
        "description": "xxgk: reports by region and year, applications, proactive channels, problems, checks.",
        "panelsJSON": _json(panels),
        "optionsJSON": _json(
            {
                "useMargins": True,
                "syncColors": False,
                "syncCursor": True,
                "syncTooltips": False,
                "hidePanelTitles": False,
            }
        ),
        "timeRestore": True,
        "timeFrom": TIME_FROM,
        "timeTo": TIME_TO,
        "refreshInterval": {"pause": True, "value": 60000},
        "controlGroupInput": {
            "controlStyle": "oneLine",
            "chainingSystem": "HIERARCHICAL",
            "showApplySelections": False,
            "panelsJSON": _json(_control_panels()),
            "ignoreParentSettingsJSON": _json(
                {
                    "ignoreFilters": False,
                    "ignoreQuery": False,
                    "ignoreTimerange": False,
                    "ignoreValidations": False,
                }
            ),
        },
        "kibanaSavedObjectMeta": {
            "searchSourceJSON": _json({"query": {"query": "", "language": "kuery"}, "filter": []})
        },
        "version": 1,
    }
    return saved_object("dashboard", DASHBOARD_ID, attributes, references)


def build() -> list[dict]:
    """Every saved object, referenced objects before the objects that reference them."""
    return [data_view(), *(lens(chart) for chart in CHARTS), saved_search(FAILED_CHECKS), dashboard()]


def render(objects: Iterable[dict]) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n" for obj in objects)


# ----------------------------------------------------------------------------- Elasticsearch twins
def time_filter() -> dict:
    """The dashboard's default time range as the range filter Kibana adds to every request."""
    return {"range": {TIME_FIELD: {"gte": TIME_FROM, "lte": TIME_TO, "format": "strict_date_optional_time"}}}


_METRIC_AGGS = {"sum": "sum", "average": "avg", "min": "min", "max": "max", "unique_count": "cardinality"}
_INTERVALS = {"y": "1y", "M": "1M", "w": "1w", "d": "1d", "h": "1h"}


def lens_layer(obj: dict) -> dict:
    layers = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
    if len(layers) != 1:
        raise ValueError("one layer per visualization is translated")
    return next(iter(layers.values()))


def _metric_agg(column: dict) -> dict:
    return {_METRIC_AGGS[column["operationType"]]: {"field": column["sourceField"]}}


def _bucket_agg(column: dict, columns: dict[str, dict]) -> tuple[dict, dict]:
    """(the bucket aggregation, sub-aggregations its order needs)."""
    params = column["params"]
    if column["operationType"] == "date_histogram":
        interval = _INTERVALS[params["interval"]]
        return {"date_histogram": {"field": column["sourceField"], "calendar_interval": interval}}, {}
    if column["operationType"] != "terms":
        raise ValueError(f"bucket operation not translated: {column['operationType']}")
    order_by = params["orderBy"]
    needs: dict[str, dict] = {}
    if order_by["type"] == "alphabetical":
        order = {"_key": params["orderDirection"]}
    elif columns[order_by["columnId"]]["operationType"] == "count":
        order = {"_count": params["orderDirection"]}
    else:
        order = {order_by["columnId"]: params["orderDirection"]}
        needs[order_by["columnId"]] = _metric_agg(columns[order_by["columnId"]])
    return {"terms": {"field": column["sourceField"], "size": params["size"], "order": order}}, needs


def lens_es_request(obj: dict) -> dict:
    """The search request a Lens saved object makes (one formBased layer).

    Buckets nest in column order and metrics sit in the innermost bucket, as Lens' esaggs does;
    count is the buckets' doc_count. Formula and math columns are not sent to Elasticsearch:
    Lens computes them in Kibana from their helper columns (see :func:`lens_rows`). The range
    filter is the dashboard's default time range.
    """
    layer = lens_layer(obj)
    columns: dict[str, dict] = layer["columns"]
    aggs: dict[str, dict] = {
        col_id: _metric_agg(columns[col_id])
        for col_id in layer["columnOrder"]
        if not columns[col_id]["isBucketed"] and columns[col_id]["operationType"] in _METRIC_AGGS
    }
    for col_id in reversed([c for c in layer["columnOrder"] if columns[c]["isBucketed"]]):
        agg, needs = _bucket_agg(columns[col_id], columns)
        if sub := {**needs, **aggs}:
            agg["aggs"] = sub
        aggs = {col_id: agg}
    return {"size": 0, "track_total_hits": True, "query": {"bool": {"filter": [time_filter()]}}, "aggs": aggs}


_MATH = {
    "add": lambda a, b: a + b,
    "subtract": lambda a, b: a - b,
    "multiply": lambda a, b: a * b,
    "divide": lambda a, b: a / b if b else None,
}


def evaluate_math(node: Any, row: dict[str, Any]) -> float | None:
    """A Lens formula's tinymath AST over one row's values (None when a value is missing or x/0)."""
    if isinstance(node, int | float):
        return node
    if isinstance(node, str):
        return row.get(node)
    if node.get("type") == "function" and node.get("name") in _MATH and len(node["args"]) == 2:
        left, right = (evaluate_math(arg, row) for arg in node["args"])
        return None if left is None or right is None else _MATH[node["name"]](left, right)
    raise ValueError(f"formula part not evaluated: {node!r}")


def lens_rows(obj: dict, response: dict) -> list[dict[str, Any]]:
    """The table Lens draws from the response of :func:`lens_es_request`: one row per leaf bucket."""
    layer = lens_layer(obj)
    columns: dict[str, dict] = layer["columns"]
    order: list[str] = layer["columnOrder"]
    buckets = [c for c in order if columns[c]["isBucketed"]]

    def leaf(values: dict[str, Any], bucket: dict, doc_count: int) -> dict[str, Any]:
        row = dict(values)
        for col_id in order:
            operation = columns[col_id]["operationType"]
            if operation == "count":
                row[col_id] = doc_count
            elif operation in _METRIC_AGGS:
                row[col_id] = bucket[col_id]["value"]
        for col_id in order:  # helpers come before the columns that reference them
            if columns[col_id]["operationType"] == "math":
                row[col_id] = evaluate_math(columns[col_id]["params"]["tinymathAst"], row)
            elif columns[col_id]["operationType"] == "formula":
                row[col_id] = row.get(columns[col_id]["references"][0])
        return row

    def walk(level: int, aggs: dict, values: dict[str, Any]) -> list[dict[str, Any]]:
        col_id = buckets[level]
        rows = []
        for bucket in aggs[col_id]["buckets"]:
            here = {**values, col_id: bucket.get("key_as_string", bucket["key"])}
            if level + 1 < len(buckets):
                rows += walk(level + 1, bucket, here)
            else:
                rows.append(leaf(here, bucket, bucket["doc_count"]))
        return rows

    aggregations = response.get("aggregations", {})
    if not buckets:
        return [leaf({}, aggregations, response["hits"]["total"]["value"])]
    return walk(0, aggregations, {})


def search_es_request(obj: dict) -> dict:
    """The request Discover makes for a saved search (KQL other than empty is not translated)."""
    attributes = obj["attributes"]
    source = json.loads(attributes["kibanaSavedObjectMeta"]["searchSourceJSON"])
    if source["query"]["query"]:
        raise ValueError("a non-empty query is not translated")
    must: list[dict] = [time_filter()]
    must_not: list[dict] = []
    for flt in source["filter"]:
        if flt["meta"].get("disabled"):
            continue
        (must_not if flt["meta"].get("negate") else must).append(flt["query"])
    return {
        "size": 100,
        "query": {"bool": {"filter": must, "must_not": must_not}},
        "_source": attributes["columns"],
        "sort": [{fld: direction} for fld, direction in attributes["sort"]],
    }


def dashboard_controls(obj: dict) -> list[dict]:
    """The explicit inputs of a dashboard's controls."""
    panels = json.loads(obj["attributes"]["controlGroupInput"]["panelsJSON"])
    return [panel["explicitInput"] | {"type": panel["type"]} for panel in panels.values()]


def control_es_request(control: dict) -> dict:
    """The suggestions request of an options-list control (terms of its field)."""
    return {
        "size": 0,
        "query": {"bool": {"filter": [time_filter()]}},
        "aggs": {"suggestions": {"terms": {"field": control["fieldName"], "size": 10}}},
    }


def fields_used(obj: dict) -> Iterator[tuple[str, bool]]:
    """(field, must be aggregatable) for every field an object reads."""
    attributes = obj["attributes"]
    if obj["type"] == "index-pattern":
        yield attributes["timeFieldName"], True
    elif obj["type"] == "lens":
        for layer in attributes["state"]["datasourceStates"]["formBased"]["layers"].values():
            for column in layer["columns"].values():
                if column.get("sourceField") and column["sourceField"] != RECORDS:
                    yield column["sourceField"], True
    elif obj["type"] == "search":
        for column in attributes["columns"]:
            yield column, False
        for fld, _ in attributes["sort"]:
            yield fld, True
        source = json.loads(attributes["kibanaSavedObjectMeta"]["searchSourceJSON"])
        for flt in source["filter"]:
            yield flt["meta"]["key"], False
    elif obj["type"] == "dashboard":
        for control in dashboard_controls(obj):
            yield control["fieldName"], True


# ----------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.output.read_text("utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python kibana/build_objects.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, "utf-8")
    print(f"wrote {len(text.splitlines())} saved objects to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
