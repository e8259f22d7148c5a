"""The filter options shared by search, facets, stats and export, declared once.

`with_filters` appends the options to a command's signature (Typer reads the signature) and
hands the command one `Filters` object instead of eleven arguments.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from indexer.store.filters import Filters

_PANEL = "Filters"
_OPTIONS: list[tuple[str, Any, Any]] = [
    (
        "province",
        list[str],
        typer.Option("--province", metavar="NAME", help="Province name (山东 or 山东省); repeatable."),
    ),
    (
        "prefecture",
        list[str],
        typer.Option("--prefecture", metavar="NAME", help="Prefecture-level city, 州, 盟 or 地区."),
    ),
    (
        "county",
        list[str],
        typer.Option("--county", metavar="NAME", help="County, district or county-level city."),
    ),
    ("township", list[str], typer.Option("--township", metavar="NAME", help="Township, town or 街道.")),
    (
        "code",
        list[str],
        typer.Option("--code", metavar="CODE", help="Division code; a prefix code selects all below it."),
    ),
    (
        "year",
        str | None,
        typer.Option("--year", metavar="YEAR[-YEAR]", help="A year (2020) or a range (2019-2021)."),
    ),
    (
        "level",
        list[str],
        typer.Option(
            "--level", metavar="LEVEL", help="township, county, prefecture, province or department."
        ),
    ),
    (
        "template",
        list[str],
        typer.Option("--template", metavar="2019|2021", help="Table template: 2019 or 2021."),
    ),
    (
        "problem",
        list[str],
        typer.Option(
            "--problem", metavar="CATEGORY", help="Problem category, e.g. 公开渠道单一; repeatable."
        ),
    ),
    (
        "failed_check",
        list[str],
        typer.Option("--failed-check", metavar="CHECK", help="Reports failing this check."),
    ),
    (
        "failed_checks",
        bool,
        typer.Option("--failed-checks", metavar="", help="Reports failing any consistency check."),
    ),
]
FILTER_NAMES = tuple(name for name, _, _ in _OPTIONS)
F = TypeVar("F", bound=Callable[..., Any])


def _parameter(name: str, annotation: Any, option: Any) -> inspect.Parameter:
    option.rich_help_panel = _PANEL
    default: Any = False if annotation is bool else ([] if annotation == list[str] else None)
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[annotation, option]
    )


def with_filters(func: F) -> F:
    """Decorate a command whose last parameter is `filters: Filters`."""
    signature = inspect.signature(func, eval_str=True)
    params = [p for p in signature.parameters.values() if p.name != "filters"]
    params = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.default is not p.empty else p for p in params
    ]
    params += [_parameter(*spec) for spec in _OPTIONS]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in FILTER_NAMES if name in kwargs}
        return func(*args, filters=Filters(**values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper  # type: ignore[return-value]
