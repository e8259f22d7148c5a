"""The Starlette application of `xxgk serve`: thin routes (parameters → core → template or JSON)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import chain
from typing import Any

import jinja2
from elasticsearch import ApiError, BadRequestError, TransportError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from indexer.errors import UsageError, XxgkError
from indexer.extract.columns import INDEX_COLUMNS, record_columns
from indexer.store.document import public_record
from indexer.store.endpoint import redact
from indexer.store.records import GroupBy, find_report, iter_records, run_stats
from indexer.store.search import MAX_WINDOW
from search_cli.output import Format, RecordWriter
from search_cli.web import charts, report_view
from search_cli.web.backend import Backend
from search_cli.web.errors import ReportNotFound, describe
from search_cli.web.labels import LABELS
from search_cli.web.params import parse_filters, parse_search, parse_stats
from search_cli.web.regions import division_names
from search_cli.web.searching import run_page
from search_cli.web.urls import State, page_numbers

CSV_NAME = "xxgk-reports.csv"


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("search_cli.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["labels"] = LABELS
    env.globals["pages"] = lambda total, page, limit: page_numbers(total, page, limit, MAX_WINDOW // limit)
    return Jinja2Templates(env=env)


def create_app(es_url: str, index: str) -> Starlette:
    """The web application reading `index` at `es_url` (nothing is contacted before the first request)."""
    backend = Backend(es_url, index)
    templates = _templates()
    shown_url = redact(es_url)  # never a password on a page

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        context = {
            "state": State(request.query_params),
            "index": index,
            "es_url": shown_url,
            "warnings": backend.warnings,
            "here": name.removesuffix(".html"),
            "here_path": request.url.path,
            "code_names": division_names(request.query_params.getlist("code")),
            **context,
        }
        return templates.TemplateResponse(request, name, context, status_code=status)

    def search_page(request: Request) -> Response:
        params = parse_search(request.query_params)
        result = run_page(backend.client(), index, params)
        return page(request, "search.html", {"params": params, "page": result})

    def search_json(request: Request) -> Response:
        params = parse_search(request.query_params)
        return JSONResponse(run_page(backend.client(), index, params).as_json())

    def search_csv(request: Request) -> Response:
        q = request.query_params.get("q", "").strip() or None
        filters = parse_filters(request.query_params)
        lines = _csv_lines(iter_records(backend.client(), index, q, filters))
        first = next(lines)  # opens the point in time now, so that a failure is still an error page
        headers = {"Content-Disposition": f'attachment; filename="{CSV_NAME}"'}
        return StreamingResponse(chain([first], lines), media_type="text/csv; charset=utf-8", headers=headers)

    def _report(request: Request) -> dict[str, Any]:
        ref = request.path_params["id"]
        try:
            return find_report(backend.client(), index, ref)
        except (UsageError, BadRequestError):  # BadRequestError: the core's prefix lookup of an unknown id
            raise ReportNotFound(f"no report {ref!r} in {index}") from None

    def report_page(request: Request) -> Response:
        doc = _report(request)
        source = doc["_source"]
        q = request.query_params.get("q", "").strip() or None
        marked = report_view.highlighted_text(backend.client(), index, doc["_id"], q) if q else None
        context = {
            "id": doc["_id"],
            "src": source,
            "q": q,
            "table2": report_view.table2(source),
            "table3": report_view.table3(source),
            "table4": report_view.table4(source),
            "sections": report_view.sections(
                marked or source.get("text") or "",
                source.get("section_lines") or {},
                marks=marked is not None,
            ),
        }
        return page(request, "report.html", context)

    def report_json(request: Request) -> Response:
        doc = _report(request)
        return JSONResponse(public_record(doc["_id"], doc["_source"], with_text=True))

    def _stats(request: Request) -> dict[str, Any]:
        params = parse_stats(request.query_params)
        rows, total, missing = run_stats(
            backend.client(), index, params.q, params.filters, params.by, params.metric
        )
        return {
            "params": params,
            "rows": _sorted_rows(rows, params.order),
            "total": total,
            "missing": missing,
        }

    def stats_page(request: Request) -> Response:
        data = _stats(request)
        rows = data["rows"]
        chart = charts.line_chart(rows) if data["params"].by is GroupBy.year else charts.bar_chart(rows)
        return page(request, "stats.html", {**data, "chart": chart})

    def stats_json(request: Request) -> Response:
        data = _stats(request)
        params = data.pop("params")
        return JSONResponse({"by": params.by.value, "metric": params.metric.value, **data})

    def failure(request: Request, exc: Exception) -> Response:
        problem = describe(exc, shown_url, index)
        if problem is None:
            raise exc
        if problem.node_lost:
            backend.reset()
        if request.url.path.startswith("/api/"):
            body = {"error": problem.message, "hint": problem.hint, "status": problem.status}
            return JSONResponse(body, status_code=problem.status)
        if request.url.path.endswith(".csv"):
            return Response(
                f"error: {problem.message}\n{problem.hint}\n", problem.status, media_type="text/plain"
            )
        return page(request, "error.html", {"problem": problem}, status=problem.status)

    routes = [
        Route("/", search_page),
        Route("/search.csv", search_csv),
        Route("/report/{id}", report_page),
        Route("/stats", stats_page),
        Route("/api/search", search_json),
        Route("/api/report/{id}", report_json),
        Route("/api/stats", stats_json),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    handlers: Any = {XxgkError: failure, ApiError: failure, TransportError: failure}
    return Starlette(routes=routes, exception_handlers=handlers)


def _csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The records as `xxgk export --format csv --bom` writes them (the BOM for spreadsheets), a chunk at a time.

    The first chunk is made after the first record is read, so that a failure comes before the response starts.
    """
    buffer = io.StringIO()
    writer = RecordWriter(Format.csv, stream=buffer, columns=[*record_columns(), *INDEX_COLUMNS], bom=True)
    for i, record in enumerate(records):
        writer.write(record)
        if i == 0 or i % 200 == 199:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _sorted_rows(rows: list[dict[str, Any]], order: str | None) -> list[dict[str, Any]]:
    """Rows ordered by a column ("-" in front: descending); rows without a value stay last."""
    if not order:
        return rows
    key = order.lstrip("-")
    known = sorted(
        (r for r in rows if r[key] is not None), key=lambda r: r[key], reverse=order.startswith("-")
    )
    return known + [r for r in rows if r[key] is None]
