"""The `xxgk` command: extract, index, search and inspect government disclosure reports.

Every expected failure is an :class:`indexer.errors.XxgkError`; it is caught once, here, printed
as ``error: …`` on stderr, and turned into its exit code.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer._click.exceptions import ClickException  # Typer 0.26-0.28 vendors click
from typer.core import TyperCommand, TyperGroup

from indexer.errors import UsageError, XxgkError
from search_cli.plain_help import plain_metavar, plain_metavars

# name → (module, attribute): a function becomes a command, a module with ``register`` a group.
# A command's module is imported when that command runs (or for --help and completion), so a
# search does not pay for the Kibana, node, generator and extraction modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("search_cli.extract_cmd", "extract"),
    "index": ("search_cli.index_cmd", "index"),
    "search": ("search_cli.search_cmd", "search"),
    "facets": ("search_cli.search_cmd", "facets"),
    "show": ("search_cli.show_cmd", "show"),
    "stats": ("search_cli.stats_cmd", "stats"),
    "export": ("search_cli.export_cmd", "export"),
    "serve": ("search_cli.serve_cmd", "serve"),
    "generate": ("search_cli.generate_cmd", "generate"),
    "settings": ("search_cli.settings_cmd", "settings"),
    "es": ("search_cli.es_cmd", "register"),
    "kibana": ("search_cli.kibana_cmd", "register"),
}
# what `xxgk --help` lists for each command, so that listing them imports none (0.4 → ~0.15 s);
# tests/test_cli.py checks each against the command's own first help line
SUMMARIES: dict[str, str] = {
    "extract": "Print one structured record per report: region, year, tables, problems, checks.",
    "index": "Index reports: new and changed files are (re)indexed, unchanged ones skipped.",
    "search": "Search reports by keywords, with filters and facet counts.",
    "facets": "Print one facet with all its values and counts.",
    "show": "Print one report: its structured record, then its text with the sections marked.",
    "stats": "Figures per group: how many reports, how many state the figure, its sum, mean and median "
    "(or a rate as a ratio of sums), and the share failing a check; bars on a terminal.",
    "export": "Write the structured records (no texts) to stdout, streaming in bounded memory.",
    "serve": "Serve a read-only web application on the index: search with facets, reports, figures, JSON and CSV.",
    "generate": "Write N synthetic annual reports and truth.jsonl, the values a correct extractor returns.",
    "settings": "List the settings (secrets are shown as ***).",
    "es": "Local Elasticsearch node (built from Maven Central jars; no Docker needed).",
    "kibana": "Kibana dashboards shipped with xxgk (the shipped dashboard).",
}
# a word to exclude is written -word: let it through as an argument, not an unknown option
_CONTEXT: dict[str, dict[str, Any]] = {"search": {"ignore_unknown_options": True}}


def _load_command(name: str) -> Any:
    """The click command ``name``, built by Typer from its function (or group) on first use."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(add_completion=False)
    if attribute == "register":
        target(holder)
        command = typer.main.get_group(holder).commands[name]
    else:
        holder.command(name, context_settings=_CONTEXT.get(name))(target)
        command = typer.main.get_command(holder)
    plain_metavars(command)
    return command


class _Group(TyperGroup):
    """The root command group: loads commands lazily; turns XxgkError into one line on stderr and its exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own errors (an unknown option, a value out of range) in the one error style too."""
        forward = {"complete_var": complete_var, "windows_expand_args": windows_expand_args, **extra}
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **forward)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **forward)
        except ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `xxgk` alone: the help was printed
                sys.exit(exc.exit_code)
            context = getattr(exc, "ctx", None)
            see = f" (see `{context.command_path} --help`)" if context is not None else ""
            _error(exc.format_message().rstrip(".") + see)
            sys.exit(exc.exit_code)
        except typer.Abort:
            _error("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            plain_metavar(param)
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if getattr(self, "_listing", False):  # the root help lists it: its summary is enough
                return TyperCommand(cmd_name, help=SUMMARIES[cmd_name])
            self.commands[cmd_name] = _load_command(cmd_name)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

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
        except Exception as exc:
            message = _elasticsearch_failure(exc)
            if message is None:
                raise
            _error(message)
            raise typer.Exit(2) from None


def _elasticsearch_failure(exc: Exception) -> str | None:
    """One line for a request Elasticsearch refused or a connection it lost (else None).

    The client is imported only by commands that talk to Elasticsearch, so it is looked up, not imported.
    """
    client = sys.modules.get("elasticsearch")
    if client is None:
        return None
    if isinstance(exc, client.ApiError):  # say which request and why, no traceback
        return f"Elasticsearch refused the request (HTTP {exc.meta.status}): {_reason(exc)}"
    if isinstance(exc, client.TransportError):
        return f"Elasticsearch stopped answering ({type(exc).__name__}); try again when it is back"
    return None


def _error(message: str) -> None:
    Console(stderr=True, soft_wrap=True, highlight=False).print(f"[red]error[/red]: {escape(message)}")


def _reason(exc: Any) -> str:  # elasticsearch.ApiError
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
    from indexer.store.client import connect
    from indexer.store.endpoint import redact

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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
