"""The `xxgk` command: extract, index, search and inspect government disclosure reports.

Every expected failure is an :class:`indexer.errors.XxgkError`; it is caught once, here, printed
as ``error: …`` on stderr, and turned into its exit code.
"""

from __future__ import annotations

from typing import Any

import typer
from elasticsearch import ApiError, TransportError
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from indexer.errors import UsageError, XxgkError
from search_cli import es_cmd, kibana_cmd
from search_cli.export_cmd import export
from search_cli.extract_cmd import extract
from search_cli.generate_cmd import generate
from search_cli.index_cmd import index
from search_cli.search_cmd import facets, search
from search_cli.serve_cmd import serve
from search_cli.settings_cmd import settings
from search_cli.show_cmd import show
from search_cli.stats_cmd import stats


class _Group(TyperGroup):
    """The root command group: turns XxgkError into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # click.Context (vendored by newer Typer)
        try:
            for arg in [*getattr(ctx, "protected_args", []), *ctx.args]:
                if _undecodable(arg):
                    raise UsageError(
                        f"the argument {arg!r} is not valid UTF-8 (a terminal set to another encoding?)"
                    )
            return super().invoke(ctx)
        except XxgkError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except ApiError as exc:  # a request Elasticsearch refused: say which and why, no traceback
            _error(f"Elasticsearch refused the request (HTTP {exc.meta.status}): {_reason(exc)}")
            raise typer.Exit(2) from None
        except TransportError as exc:
            _error(f"Elasticsearch stopped answering ({type(exc).__name__}); try again when it is back")
            raise typer.Exit(2) from None


def _error(message: str) -> None:
    Console(stderr=True, soft_wrap=True, highlight=False).print(f"[red]error[/red]: {escape(message)}")


def _reason(exc: ApiError) -> str:
    """The root cause Elasticsearch gave for a refused request."""
    error = exc.body.get("error", {}) if isinstance(exc.body, dict) else {}
    causes = error.get("root_cause") or [error] if isinstance(error, dict) else []
    first = causes[0] if causes else {}
    return str(first.get("reason") or exc.message) if isinstance(first, dict) else str(exc.message)


def _undecodable(arg: object) -> bool:
    """An argument the shell passed as bytes that are not UTF-8 (Python keeps them as surrogates)."""
    return isinstance(arg, str) and any("\udc80" <= ch <= "\udcff" for ch in arg)


app = typer.Typer(
    name="xxgk",
    cls=_Group,
    help="Search engine over Chinese government information-disclosure annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    """`xxgk --version`: the program's version, and the server's when one answers."""
    if not value:
        return
    from importlib.metadata import version

    from indexer.errors import EsUnavailable
    from indexer.settings import setting
    from indexer.store.client import connect, redact

    url = setting("es_url") or ""
    try:
        server = f"Elasticsearch {connect(url, timeout=3).info()['version']['number']} at {redact(url)}"
    except (EsUnavailable, UsageError):
        server = f"no Elasticsearch answering at {redact(url)}"
    typer.echo(f"xxgk {version('xxgk')} ({server})")
    raise typer.Exit()


@app.callback()
def _root(
    show_version: bool = typer.Option(
        False,
        "--version",
        is_eager=True,
        callback=_version,
        help="Show the version (and the server's) and exit.",
    ),
) -> None:
    """Search engine over Chinese government information-disclosure annual reports."""


for command in (extract, index, facets, show, stats, export, serve, generate, settings):
    app.command()(command)
# a word to exclude is written -word: let it through as an argument, not an unknown option
app.command(context_settings={"ignore_unknown_options": True})(search)
es_cmd.register(app)
kibana_cmd.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
