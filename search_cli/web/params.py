"""URL query parameters → the core's Filters, Sort, GroupBy and Metric; a bad value is a UsageError (400)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from starlette.datastructures import QueryParams

from indexer.errors import UsageError
from indexer.store.filters import Filters, code_prefix, year_clause
from indexer.store.records import GroupBy, Metric
from indexer.store.search import Sort

LIST_FILTERS = ("province", "prefecture", "county", "township", "code", "level", "template", "problem")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"", "0", "false", "off", "no"}


@dataclass(frozen=True)
class SearchParams:
    """Everything a search page (or its JSON or CSV twin) shows."""

    q: str | None
    filters: Filters
    sort: Sort
    page: int
    limit: int


@dataclass(frozen=True)
class StatsParams:
    """Everything the figures page shows."""

    q: str | None
    filters: Filters
    by: GroupBy
    metric: Metric
    order: str | None  # a column of the stats rows, "-" in front for descending


E = TypeVar("E", bound=StrEnum)
STATS_COLUMNS = ("group", "reports", "reports_with_figure", "sum", "failed_checks_share")


def _values(params: QueryParams, name: str) -> list[str]:
    return [v.strip() for v in params.getlist(name) if v.strip()]


def _choice(params: QueryParams, name: str, enum: type[E], default: E) -> E:
    value = params.get(name, "").strip()
    if not value:
        return default
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(e.value for e in enum)
        raise UsageError(f"{name}={value!r} is not valid; use one of: {valid}") from None


def _integer(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise UsageError(f"{name}={value!r} is not valid; use a whole number from {low} to {high}")
    return int(value)


def parse_filters(params: QueryParams) -> Filters:
    """The filter parameters: the CLI's filter options, one URL parameter each (lists repeat)."""
    lists = {name: _values(params, name) for name in LIST_FILTERS}
    for code in lists["code"]:
        try:
            code_prefix(code)
        except UsageError:
            raise UsageError(f"code={code!r} is not a division code (digits, like 37, 370600)") from None
    year = params.get("year", "").strip() or None
    if year is not None:
        try:
            year_clause(year)
        except UsageError:
            raise UsageError(
                f"year={year!r} is not valid; use a year (2020) or a range (2019-2021)"
            ) from None
    failed_checks = params.get("failed_checks", "").strip().lower()
    if failed_checks not in _TRUE | _FALSE:
        raise UsageError(f"failed_checks={failed_checks!r} is not valid; use 1 or leave it out")
    return Filters(
        **lists,
        year=year,
        failed_check=_values(params, "failed_check"),
        failed_checks=failed_checks in _TRUE,
    )


def parse_search(params: QueryParams) -> SearchParams:
    return SearchParams(
        q=params.get("q", "").strip() or None,
        filters=parse_filters(params),
        sort=_choice(params, "sort", Sort, Sort.relevance),
        page=_integer(params, "page", 1, 1, 10_000),
        limit=_integer(params, "limit", PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )


def parse_stats(params: QueryParams) -> StatsParams:
    order = params.get("order", "").strip() or None
    if order is not None and order.lstrip("-") not in STATS_COLUMNS:
        raise UsageError(
            f"order={order!r} is not valid; use one of {', '.join(STATS_COLUMNS)} (- before for descending)"
        )
    return StatsParams(
        q=params.get("q", "").strip() or None,
        filters=parse_filters(params),
        by=_choice(params, "by", GroupBy, GroupBy.province),
        metric=_choice(params, "metric", Metric, Metric.applications),
        order=order,
    )
