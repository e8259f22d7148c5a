"""`xxgk index`: extract, segment and store reports in Elasticsearch."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.progress import reporter

if TYPE_CHECKING:
    from indexer.store.bulk import Summary

_err = Console(stderr=True, soft_wrap=True)


def index(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    es_url: EsUrl = DEFAULTS["es_url"],
    index_name: IndexName = DEFAULTS["index"],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = os.cpu_count()
    or 1,
    force: Annotated[bool, typer.Option("--force", help="Re-index files even when unchanged.")] = False,
    delete_missing: Annotated[
        bool, typer.Option("--delete-missing", help="Remove documents whose files under PATHS are gone.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Extract and compare, write nothing.")] = False,
    shards: Annotated[
        int | None, typer.Option("--shards", min=1, help="Primary shards of a new index (default 1).")
    ] = None,
    replicas: Annotated[
        int | None, typer.Option("--replicas", min=0, help="Replicas of each shard (default 0: one node).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print the summary as one JSON object on stdout.")
    ] = False,
    allow_fewer: Annotated[
        bool,
        typer.Option(
            "--allow-fewer", help="Move the alias to a new mapping version even if it holds fewer documents."
        ),
    ] = False,
) -> None:
    """Index reports: new and changed files are (re)indexed, unchanged ones skipped.

    Prints a summary (indexed, updated, unchanged, deleted, failed with reasons); the exit
    code is 1 when any file or document failed.
    """
    from indexer.store.bulk import Options, run_index  # the client and the workers: only when indexing
    from indexer.store.client import connect
    from indexer.store.endpoint import redact

    es = connect(es_url)
    try:
        with reporter("indexing", _err) as rep:
            summary = run_index(
                es,
                index_name,
                paths,
                Options(
                    workers=workers,
                    force=force,
                    delete_missing=delete_missing,
                    dry_run=dry_run,
                    allow_fewer=allow_fewer,
                    shards=shards,
                    replicas=replicas,
                ),
                progress=rep.advance,
                on_total=rep.total,
            )
    except KeyboardInterrupt:
        _err.print(
            "[yellow]interrupted[/yellow]: what was acknowledged stays; run the same command to complete"
        )
        raise typer.Exit(130) from None
    summary.cluster = f"{es.info().get('cluster_name', '?')} ({redact(es_url)})"
    print_summary(summary)
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(summary), ensure_ascii=False))
    if not summary.ok or summary.total == 0:
        raise typer.Exit(1)


def print_summary(summary: Summary) -> None:
    """The end-of-run summary on stderr, failures with their reasons."""
    verb = "would be " if summary.dry_run else ""
    _err.print(
        f"{summary.total} files → index {summary.index or '-'} on cluster {summary.cluster or '-'}: "
        f"{verb}indexed {summary.indexed}, {verb}updated {summary.updated}, unchanged {summary.unchanged}, "
        f"{verb}deleted {summary.deleted}, failed {len(summary.failed)}",
        highlight=False,
    )
    if summary.rebuilt and not summary.alias_swapped_from:
        _err.print(
            "the index was built by another segmenter or extractor: every file was re-indexed",
            highlight=False,
        )
    for repaired in summary.repaired:
        _err.print(f"repaired: {repaired}", highlight=False)
    if summary.carried:
        _err.print(
            f"{summary.carried} documents whose files are gone were carried over as stored", highlight=False
        )
    if summary.alias_swapped_from:
        _err.print(f"alias moved from {summary.alias_swapped_from} to {summary.index}", highlight=False)
    if summary.alias_kept:
        after, before, old = summary.alias_kept
        _err.print(
            f"[red]error[/red]: the alias stays on {old}: {summary.index} holds {after} documents, "
            f"{old} {before}; see the failures above, or pass --allow-fewer to move it anyway",
            highlight=False,
        )
    for path, reason in summary.failed:
        _err.print(f"  [red]failed[/red] {escape(path)}: {escape(reason)}", highlight=False)
    if summary.skipped:
        _err.print(summary.skipped, highlight=False)
    if summary.total == 0:
        _err.print("[red]error[/red]: no report files found (xxgk reads .txt .md .html .pdf .docx .doc .wps)")
