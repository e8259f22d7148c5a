"""`xxgk extract`: structured records from report files, without Elasticsearch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from indexer.extract.batch import extract_many
from indexer.extract.columns import record_columns
from indexer.readers import list_reports
from search_cli.options import Bom, Columns, NoHeaders
from search_cli.output import Format, RecordWriter, parse_columns
from search_cli.progress import reporter

_err = Console(stderr=True, soft_wrap=True, highlight=False)


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Include each section's text (JSON formats).")
    ] = False,
    columns: Columns = None,
    no_headers: NoHeaders = False,
    bom: Bom = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
) -> None:
    """Print one structured record per report: region, year, tables, problems, checks.

    Reads text, markdown, HTML, PDF and Word files. Errors go to stderr with the file and the
    reason; the other files go on; the exit code is 1 if any file failed or none was found.
    """
    listing = list_reports(paths)
    failures = list(listing.errors)
    chosen = parse_columns(columns) or (list(record_columns()) if fmt in (Format.csv, Format.tsv) else None)
    with (
        RecordWriter(fmt, columns=chosen, headers=not no_headers, bom=bom) as writer,
        reporter("extracting", _err, min_files=20) as progress,
    ):
        progress.total(len(listing.files))
        for done in extract_many(listing.files, workers):
            if done.record is None:
                failures.append((done.path, done.error or "no record"))
            else:
                record = done.record
                writer.write(record if with_text else {k: v for k, v in record.items() if k != "sections"})
            progress.advance()
    for shown, reason in failures:
        _err.print(f"[red]error[/red]: {escape(shown)}: {escape(reason)}")
    if skipped := listing.skipped_line():
        _err.print(skipped)
    if failures or writer.count == 0:
        _err.print(f"{writer.count} extracted, {len(failures)} failed")
        if writer.count == 0 and not failures:
            _err.print(
                "[red]error[/red]: no report files found (xxgk reads .txt .md .html .pdf .docx .doc .wps)"
            )
        raise typer.Exit(1)
