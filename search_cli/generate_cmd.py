"""`xxgk generate`: a corpus of synthetic reports with their expected values (for tests and benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from report_generator import DEFAULT_NOISE, FORMATS, LAYOUTS, LEVELS, NOISE_KINDS, write_corpus_stats
from report_generator.render_pdf import PdfUnavailable

_out = Console()


def generate(
    out: Annotated[
        Path, typer.Argument(help="Output folder (created if missing); reports go in sub-folders of 1,000.")
    ],
    n: Annotated[int, typer.Argument(min=1, help="Number of reports.")],
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Random seed; the same seed gives the same files.")
    ] = 0,
    layout: Annotated[
        list[str] | None,
        typer.Option(
            "--layout", "-l", help=f"Table layout to use (repeatable): {', '.join(LAYOUTS)}. Default: all."
        ),
    ] = None,
    template: Annotated[
        list[str] | None,
        typer.Option(
            "--template", "-t", help="Table template to use (repeatable): 2019, 2021. Default: both."
        ),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help=f"Kind of body (repeatable): {', '.join(LEVELS)}. Default: all."),
    ] = None,
    inconsistent: Annotated[
        float,
        typer.Option(
            "--inconsistent", min=0.0, max=1.0, help="Share of reports that break one consistency rule."
        ),
    ] = 0.0,
    noise: Annotated[
        list[str] | None,
        typer.Option(
            "--noise", help=f"Apply this noise to every report (repeatable): {', '.join(NOISE_KINDS)}."
        ),
    ] = None,
    clean: Annotated[bool, typer.Option("--clean", help="No noise at all (overrides --noise).")] = False,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"File format (repeatable or a comma list): {', '.join(FORMATS)}. Each report is written "
            "once per format, with the same content and truth. Default: text. pdf needs LibreOffice.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Processes to use. Default: one per CPU (one for small corpora)."
        ),
    ] = None,
) -> None:
    """Write N synthetic annual reports and truth.jsonl, the values a correct extractor returns.

    Tables as tabs, one cell per line, markdown or PDF-like spaces; UTF-8 (some with BOM), GB18030 and UTF-16; blank, dashed and cut-off cells, wrapped and spaced labels, images and bookmarks. With --format html, docx or pdf the same reports come as government-site pages (merged table headers, site chrome, GBK pages), Word documents with merged cells, or PDFs converted from them. Report i is the same for a given seed whatever N is.
    """
    kw: dict[str, Any] = {"consistent": 1.0 - inconsistent}
    if layout:
        kw["layouts"] = layout
    if template:
        kw["templates"] = template
    if level:
        kw["levels"] = level
    kw["noise"] = None if clean else (noise or DEFAULT_NOISE)
    kw["formats"] = fmt or ["text"]
    try:
        stats = write_corpus_stats(out, n, seed, workers=workers, **kw)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except PdfUnavailable as exc:
        _out.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _out.print(
        f"{stats.reports:,} files, {stats.bytes / 1e6:,.1f} MB in {stats.seconds:.1f}s "
        f"({stats.reports_per_second:,.0f} reports/s, {stats.mb_per_second:.1f} MB/s, "
        f"{stats.workers} worker{'s' if stats.workers > 1 else ''}) → {out}",
        highlight=False,
    )
    for name, counts in (
        ("layout", stats.by_layout),
        ("encoding", stats.by_encoding),
        ("template", stats.by_template),
        ("level", stats.by_level),
        ("format", stats.by_format),
    ):
        parts = ", ".join(f"{key} {count:,}" for key, count in sorted(counts.items(), key=lambda kv: -kv[1]))
        _out.print(f"  {name}: {parts}", highlight=False)
    _out.print(f"  expected values: {out / 'truth.jsonl'}", highlight=False)
