"""Expected failures as HTTP answers: a status, what went wrong and how to fix it; never a stack trace."""

from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import ApiError, NotFoundError, TransportError

from indexer.errors import EsUnavailable, IndexMissing, UsageError, XxgkError
from indexer.store.endpoint import START_HINT


class ReportNotFound(XxgkError):
    """No stored report has the id in the URL."""


@dataclass(frozen=True)
class Problem:
    status: int
    title: str
    message: str
    hint: str = ""
    node_lost: bool = False  # the cached client should be dropped


def _index_missing(exc: Exception) -> bool:
    return isinstance(exc, NotFoundError) and "index_not_found" in str(exc)


def describe(exc: Exception, es_url: str, index: str) -> Problem | None:
    """The answer for an expected failure, or None for a bug (a 500 without details)."""
    if isinstance(exc, UsageError):
        return Problem(400, "Bad request", str(exc))
    if isinstance(exc, ReportNotFound):
        return Problem(404, "No such report", str(exc), "Search for it from the search page.")
    if isinstance(exc, EsUnavailable):
        return Problem(503, "Elasticsearch is not reachable", str(exc), _start_hint(es_url), node_lost=True)
    if isinstance(exc, IndexMissing) or _index_missing(exc):
        message = str(exc) if isinstance(exc, IndexMissing) else f"index {index!r} does not exist at {es_url}"
        hint = (
            f"Index reports with `xxgk index PATH --es-url {es_url} --index {index}`, then reload this page."
        )
        return Problem(503, "The index is missing", message, hint, node_lost=True)
    if isinstance(exc, TransportError):
        return Problem(
            503,
            "Elasticsearch stopped answering",
            f"Elasticsearch at {es_url} stopped answering ({type(exc).__name__}); {START_HINT}",
            _start_hint(es_url),
            node_lost=True,
        )
    if isinstance(exc, ApiError):
        return Problem(502, "Elasticsearch refused the request", f"HTTP {exc.meta.status}: {exc.message}")
    return None


def _start_hint(es_url: str) -> str:
    return (
        f"Start Elasticsearch as above, or give its address with `xxgk serve --es-url URL` "
        f"(now {es_url}); then reload this page."
    )
