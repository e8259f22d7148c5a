"""`xxgk extract`: structured records from report files, without Elasticsearch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from indexer.extract import extract_file
from indexer.reading import ReportError, iter_report_paths
from search_cli.output import Format, RecordWriter

_err = Console(stderr=True, soft_wrap=True)


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include each section's text.")] = False,
) -> None:
    """Print one structured record per report: region, year, tables, problems, checks.

    Errors go to stderr with the file and the reason; the other files go on; the exit code
    is 1 if any file failed.
    """
    writer = RecordWriter(fmt)
    failed = 0
    for path in iter_report_paths(paths):
        try:
            record = extract_file(path)
        except ReportError as exc:
            failed += 1
            _err.print(f"[red]error[/red] {exc.path}: {exc.reason}", highlight=False)
            continue
        except Exception as exc:  # a bug must not stop the batch; say which file triggered it
            failed += 1
            _err.print(
                f"[red]error[/red] {path}: extractor failed: {type(exc).__name__}: {exc}", highlight=False
            )
            continue
        writer.write(_public(record, with_text))
    writer.close()
    if failed:
        _err.print(f"{writer.count} extracted, {failed} failed", highlight=False)
        raise typer.Exit(1)


def _public(record: dict[str, Any], with_text: bool) -> dict[str, Any]:
    if with_text:
        return record
    return {k: v for k, v in record.items() if k != "sections"}
