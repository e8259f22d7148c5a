"""``xxgk es start|stop|status``: manage the local Elasticsearch node (see :mod:`indexer.store.dev_node`)."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from indexer.store import dev_node


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
        with console.status("starting Elasticsearch...") as spinner:
            info = dev_node.start(timeout=timeout, progress=lambda msg: spinner.update(msg))
        what = "started" if info.started else "already running"
        pid = f", pid {info.pid}" if info.pid else ""
        typer.echo(f"Elasticsearch {info.version} {what} at {info.url}{pid}")

    @es_app.command("stop")
    def stop_cmd() -> None:
        """Stop the node started by 'xxgk es start'."""
        stopped = dev_node.stop()
        typer.echo("Elasticsearch stopped" if stopped else "no local Elasticsearch node was running")

    @es_app.command("status")
    def status_cmd(
        as_json: bool = typer.Option(False, "--json", help="As one JSON object."),
    ) -> None:
        """Show pid, URL, version and cluster health; exit code 1 when nothing answers."""
        info = dev_node.status()
        if as_json:
            typer.echo(json.dumps(info, ensure_ascii=False))
            if not info["answering"]:
                raise typer.Exit(1)
            return
        if info["answering"] and not info["ours"]:
            console.print(
                f"[yellow]note[/yellow]: the node answering at {info['url']} (cluster {info['cluster_name']}) "
                "is not the one `xxgk es start` started",
                highlight=False,
            )
        for key in (
            "url",
            "pid",
            "running",
            "answering",
            "ours",
            "version",
            "cluster_name",
            "health",
            "state_dir",
            "log",
        ):
            typer.echo(f"{key:>12}: {info[key]}")
        if not info["answering"]:
            raise typer.Exit(1)
