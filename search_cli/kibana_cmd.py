"""``xxgk kibana import|setup``: load the shipped saved objects into Kibana."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from indexer.settings import env_name
from indexer.store.kibana import (
    DEFAULT_FILE,
    DEFAULT_URL,
    ImportReport,
    KibanaError,
    import_file,
    prepare_index,
    wait_for_kibana,
)
from search_cli.options import DEFAULTS, EsUrl

_err = Console(stderr=True, soft_wrap=True, highlight=False)


def print_report(report: ImportReport, base_url: str, space: str | None) -> None:
    """One line per object on stdout, then a summary on stderr."""
    width = max((len(o.type) for o in report.objects), default=0)
    for obj in report.objects:
        line = f"{obj.outcome:<11} {obj.type:<{width}}  {obj.id}"
        if obj.destination_id and obj.destination_id != obj.id:
            line += f" (as {obj.destination_id})"
        if obj.title:
            line += f"  {obj.title}"
        if obj.error:
            line += f"  — {obj.error}"
        typer.echo(line)
    for warning in report.warnings:
        _err.print(f"[yellow]warning[/yellow]: {warning}")
    where = f"{base_url} (space {space})" if space else base_url
    _err.print(
        f"{len(report.objects)} saved objects → Kibana at {where}: created {report.count('created')}, "
        f"overwritten {report.count('overwritten')}, failed {report.count('failed')}"
    )


KibanaUrl = Annotated[
    str, typer.Option("--url", envvar=env_name("kibana_url"), help="Kibana URL.", show_default=True)
]
ObjectsFile = Annotated[
    Path,
    typer.Option(
        "--file", envvar=env_name("kibana_file"), help="NDJSON file of saved objects.", show_default=True
    ),
]
Space = Annotated[str | None, typer.Option("--space", help="Kibana space id (default: the default space).")]
Wait = Annotated[
    float,
    typer.Option("--wait", min=0, metavar="SECONDS", help="Wait up to SECONDS for Kibana's /api/status."),
]


def register(app: typer.Typer) -> None:
    """Add the ``kibana`` command group to ``app``."""
    kibana_app = typer.Typer(help="Kibana dashboards shipped with xxgk (the shipped dashboard).")
    app.add_typer(kibana_app, name="kibana")

    def _wait(url: str, wait: float) -> None:
        if wait > 0:
            with _err.status(f"waiting for Kibana at {url}...") as spinner:
                version = wait_for_kibana(url, wait, progress=spinner.update)
            _err.print(f"Kibana {version or '(version unknown)'} is available at {url}")

    def _check_file(file: Path) -> None:
        if not file.is_file():
            raise KibanaError(f"no saved objects file at {file} (give one with --file)")

    def _import(url: str, file: Path, space: str | None) -> None:
        report = import_file(url, file, space=space)
        print_report(report, url, space)
        if not report.ok:
            raise typer.Exit(1)

    @kibana_app.command("import")
    def import_cmd(
        url: KibanaUrl = DEFAULT_URL,
        file: ObjectsFile = DEFAULT_FILE,
        space: Space = None,
        wait: Wait = 0.0,
    ) -> None:
        """Import the saved objects (overwriting same ids); exit 1 if any object failed, 2 if Kibana is unreachable."""
        _check_file(file)
        _wait(url, wait)
        _import(url, file, space)

    @kibana_app.command("setup")
    def setup_cmd(
        url: KibanaUrl = DEFAULT_URL,
        es_url: EsUrl = DEFAULTS["es_url"],
        file: ObjectsFile = DEFAULT_FILE,
        space: Space = None,
        wait: Wait = 0.0,
    ) -> None:
        """Wait for Kibana, create the index template and the xxgk-reports alias, import the dashboard."""
        _check_file(file)
        if wait > 0:
            _wait(url, wait)
        else:
            wait_for_kibana(url, 0)  # fail before touching Elasticsearch
        _err.print(prepare_index(es_url))
        _import(url, file, space)
