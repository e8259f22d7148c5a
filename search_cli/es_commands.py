"""``xxgk es start|stop|status``: manage the local Elasticsearch node (see :mod:`search_cli.local_es`)."""

from __future__ import annotations

import typer
from rich.console import Console

from search_cli import local_es


def register(app: typer.Typer) -> None:
    """Add the ``es`` command group to ``app``."""
    es_app = typer.Typer(help="Local Elasticsearch node (built from Maven Central jars; no Docker needed).")
    app.add_typer(es_app, name="es")
    console = Console(stderr=True)

    @es_app.command("start")
    def start_cmd(
        timeout: float = typer.Option(180.0, help="Seconds to wait for the cluster to turn yellow/green."),
    ) -> None:
        """Build the launcher if needed, start the node and wait until it is ready."""
        try:
            with console.status("starting Elasticsearch...") as spinner:
                info = local_es.start(timeout=timeout, progress=lambda msg: spinner.update(msg))
        except local_es.LocalESError as e:
            console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(1) from e
        what = "started" if info.started else "already running"
        pid = f", pid {info.pid}" if info.pid else ""
        typer.echo(f"Elasticsearch {info.version} {what} at {info.url}{pid}")

    @es_app.command("stop")
    def stop_cmd() -> None:
        """Stop the node started by 'xxgk es start'."""
        try:
            stopped = local_es.stop()
        except local_es.LocalESError as e:
            console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(1) from e
        typer.echo("Elasticsearch stopped" if stopped else "no local Elasticsearch node was running")

    @es_app.command("status")
    def status_cmd() -> None:
        """Show pid, URL, version and cluster health; exit code 1 when nothing answers."""
        try:
            info = local_es.status()
        except local_es.LocalESError as e:
            console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(1) from e
        for key in (
            "url",
            "pid",
            "running",
            "answering",
            "version",
            "cluster_name",
            "health",
            "state_dir",
            "log",
        ):
            typer.echo(f"{key:>12}: {info[key]}")
        if not info["answering"]:
            raise typer.Exit(1)
