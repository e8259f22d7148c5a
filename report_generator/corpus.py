"""Generating reports, and writing a corpus of them with truth.jsonl (in parallel processes)."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import random
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report_generator.options import (
    CHECK_NAMES,
    DEFAULT_NOISE,
    ENCODINGS,
    LAYOUTS,
    LEVELS,
    noise_rates,
    option_weights,
    parse_formats,
)
from report_generator.render_docx import render_docx
from report_generator.render_html import page_date, render_html
from report_generator.render_pdf import docx_to_pdf, require_soffice
from report_generator.report import Report, Synthetic
from report_generator.world import load_world


def generate(
    seed: int = 0,
    n: int = 100,
    *,
    layouts: Sequence[str] = LAYOUTS,
    templates: Sequence[str] = ("2019", "2021"),
    encodings: Mapping[str, float] | Iterable[str] | None = None,
    consistent: bool | float = True,
    broken: Sequence[str] = CHECK_NAMES,
    noise: Mapping[str, float] | Iterable[str] | None = DEFAULT_NOISE,
    levels: Mapping[str, float] | Iterable[str] | None = None,
    years: Sequence[int] = tuple(range(2019, 2025)),
    formats: Sequence[str] = ("text",),
    start: int = 0,
) -> Iterator[Synthetic]:
    """Yield `n` synthetic reports, numbered from `start`; report i depends only on (seed, i, options).

    layouts    drawn from ("tabs", "cells", "markdown", "spaces", "mixed": one layout per table)
    templates  "2019" and/or "2021"; with both, 2021 mostly for years from 2021, else the 2019 one
    encodings  names (each as likely as in ENCODINGS) or name → weight; default ENCODINGS
    consistent True; False: every report breaks one rule drawn from `broken`; a float: the share kept
    noise      kind → probability, or kinds applied to every report; None or () for clean reports
    levels     "township", "county", "prefecture", "department" (names, or name → weight)
    formats    of FORMATS ("text", "html", "docx", "pdf"; comma lists allowed): each report is
               yielded once per format, in that order, with the same content and truth (plus
               ``truth["format"]``; an html page's 发布日期 is the signed date, so its truth always
               has ``publish_date``).  Layout, encoding and noise draws are the text's; html and
               docx draw their own styling from (format, seed, i).  pdf needs LibreOffice.
    """
    bad = [x for x in layouts if x not in LAYOUTS] + [t for t in templates if t not in ("2019", "2021")]
    bad += [b for b in broken if b not in CHECK_NAMES]
    if bad or not layouts or not templates or not broken or not years:
        raise ValueError(f"unknown or empty option values: {bad}")
    kinds = parse_formats(formats)
    if "pdf" in kinds:
        require_soffice()
    world = load_world()
    rates = noise_rates(noise)
    enc = option_weights(encodings, ENCODINGS, "encodings")
    lev = option_weights(levels, LEVELS, "levels")
    keep = 1.0 if consistent is True else 0.0 if consistent is False else float(consistent)
    layouts, templates, years = tuple(layouts), tuple(templates), tuple(years)
    pending: list[tuple[Synthetic, str]] = []  # files (pdfs as docx) and their date, for one conversion
    for i in range(start, start + n):
        rng = random.Random((seed << 32) ^ i)
        report = Report(rng, world, layouts, templates, enc, rates, keep, broken, lev, years)
        text, truth = report.build()
        y, m, d = report.publish
        for kind in kinds:
            pending.append((_as_format(report, kind, text, truth, seed, i), f"{y:04d}{m:02d}{d:02d}090000"))
        if "pdf" not in kinds or len(pending) >= _PDF_BATCH * len(kinds) or i == start + n - 1:
            yield from _converted(pending)
            pending = []


_PDF_BATCH = 40  # reports converted to PDF per soffice call


def _as_format(report: Report, kind: str, text: str, truth: dict[str, Any], seed: int, i: int) -> Synthetic:
    """Report i written in one format; a pdf comes as its docx (blob) until converted."""
    stem = f"{i // 1000:04d}/{i:07d}"
    if kind == "text":
        ext = "md" if report.layout == "markdown" and i % 2 else "txt"
        return Synthetic(f"{stem}.{ext}", text, report.encoding, truth | {"format": "text"})
    styling = random.Random(f"{kind}:{seed}:{i}")
    if kind == "html":
        page, data, encoding, ext = render_html(report, styling)
        return Synthetic(
            f"{stem}.{ext}",
            page,
            encoding,
            truth | {"publish_date": page_date(report), "format": "html"},
            data,
        )
    plain = text.replace("\r\n", "\n")
    data = render_docx(report, random.Random(f"docx:{seed}:{i}"))
    return Synthetic(f"{stem}.{kind}", plain, None, truth | {"format": kind}, data)


def _converted(files: list[tuple[Synthetic, str]]) -> list[Synthetic]:
    """The files with every pdf's docx converted (in one soffice call), stamped with its date."""
    todo = [k for k, (f, _) in enumerate(files) if f.path_name.endswith(".pdf")]
    out = [f for f, _ in files]
    pdfs = docx_to_pdf([(out[k].data(), files[k][1]) for k in todo])
    for k, pdf in zip(todo, pdfs, strict=True):
        out[k] = dataclasses.replace(out[k], blob=pdf)
    return out


@dataclass
class CorpusStats:
    """What write_corpus_stats wrote, and how fast (``reports`` counts files: one per report and format)."""

    reports: int = 0
    bytes: int = 0
    seconds: float = 0.0
    workers: int = 1
    by_layout: dict[str, int] = field(default_factory=dict)
    by_encoding: dict[str, int] = field(default_factory=dict)
    by_template: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)

    @property
    def reports_per_second(self) -> float:
        return self.reports / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    def merge(self, other: CorpusStats) -> None:
        self.reports += other.reports
        self.bytes += other.bytes
        for mine, theirs in (
            (self.by_layout, other.by_layout),
            (self.by_encoding, other.by_encoding),
            (self.by_template, other.by_template),
            (self.by_level, other.by_level),
            (self.by_format, other.by_format),
        ):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count


_CHUNK = 500  # reports per unit of work when writing in parallel


def _write_chunk(args: tuple[Path, int, int, int, dict[str, Any]]) -> tuple[str, CorpusStats]:
    """Write reports start..start+count-1; return their manifest lines and counts."""
    out_dir, seed, start, count, kw = args
    stats = CorpusStats()
    lines: list[str] = []
    for report in generate(seed, count, start=start, **kw):
        path = out_dir / report.path_name
        data = report.data()
        try:
            fh = open(path, "wb")  # noqa: SIM115 - the folder is made on first need
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(path, "wb")  # noqa: SIM115
        with fh:
            fh.write(data)
        truth = report.truth
        line = {"path": report.path_name, "encoding": report.encoding, **truth}
        lines.append(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        stats.reports += 1
        stats.bytes += len(data)
        for counter, key in (
            (stats.by_layout, truth["variant"]["layout"]),
            (stats.by_encoding, report.encoding or "binary"),
            (stats.by_template, truth["template"] or "none"),
            (stats.by_level, truth["level"]),
            (stats.by_format, truth["format"]),
        ):
            counter[key] = counter.get(key, 0) + 1
    return "".join(line + "\n" for line in lines), stats


def write_corpus_stats(
    out_dir: Path, n: int, seed: int = 0, *, workers: int | None = None, **kw: Any
) -> CorpusStats:
    """Write `n` reports under out_dir (folders of 1,000) plus truth.jsonl, streaming; return stats.

    Each truth.jsonl line is the report's truth with its ``path`` (relative to out_dir) and
    ``encoding``, in report order.  ``workers`` processes generate chunks of reports in parallel
    (default: one per CPU, at most 8; 1 for small corpora); the output is the same whatever their
    number.  Other keyword arguments go to :func:`generate`.  Memory stays bounded: a few chunks
    of manifest lines are in flight at a time.
    """
    for _ in generate(seed, 0, **kw):  # check the options before anything is written
        pass
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if n < 4 * _CHUNK else min(os.cpu_count() or 1, 8)
    stats = CorpusStats(workers=max(1, workers))
    started = time.perf_counter()
    load_world()  # loaded once here, inherited by forked workers
    jobs = [(out_dir, seed, start, min(_CHUNK, n - start), kw) for start in range(0, n, _CHUNK)]
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as manifest:
        if workers <= 1:
            results: Iterable[tuple[str, CorpusStats]] = map(_write_chunk, jobs)
            for lines, part in results:
                manifest.write(lines)
                stats.merge(part)
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            with context.Pool(workers) as pool:
                for lines, part in pool.imap(_write_chunk, jobs):
                    manifest.write(lines)
                    stats.merge(part)
    stats.seconds = time.perf_counter() - started
    return stats


def write_corpus(out_dir: Path, n: int, seed: int = 0, **kw: Any) -> int:
    """Write `n` reports and a truth.jsonl manifest to out_dir; returns the number written.

    Keyword arguments: ``workers`` (see :func:`write_corpus_stats`) and those of :func:`generate`.
    """
    return write_corpus_stats(out_dir, n, seed, **kw).reports
