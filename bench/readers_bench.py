"""Reading and extraction speed per file format on one core (targets: HTML and DOCX ≥ 100
reports/s, PDF ≥ 5 reports/s, text as before), with each format's ratio to plain text measured
on the same reports in the same run.

    .venv/bin/python bench/readers_bench.py [--n 200] [--n-pdf 40] [--seed 0] [--keep DIR]

The same generated reports are written as text, HTML pages, DOCX and PDF (LibreOffice). For each
format the benchmark times reading alone (file → document) and reading plus extraction (file →
record; segmentation excluded), and prints the real fixtures' timings beside them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from indexer.extract.gazetteer import load_gazetteer
from indexer.extract.record import extract_document
from indexer.readers import list_reports, read_document
from report_generator import write_corpus

REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"


def _rates(paths: list[Path]) -> tuple[float, float, float]:
    """(reports/s reading, reports/s reading + extraction, MB read)."""
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    extract_document(read_document(paths[0]))  # warm caches
    start = time.process_time()
    docs = [read_document(p) for p in paths]
    read_cpu = time.process_time() - start
    start = time.process_time()
    for doc in docs:
        extract_document(doc)
    extract_cpu = time.process_time() - start
    return len(paths) / read_cpu, len(paths) / (read_cpu + extract_cpu), megabytes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=200, help="reports per format (text, html, docx)")
    parser.add_argument("--n-pdf", type=int, default=40, help="reports as PDF (LibreOffice writes them)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    load_gazetteer()
    root = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-readers-"))
    print(f"reading + extraction, 1 core, CPU time; corpora in {root}")
    print(f"{'format':<8}{'reports':>8}{'MB':>8}{'read/s':>10}{'read+extract/s':>16}{'× text':>8}")
    text_rate = None
    for fmt, n in (("text", args.n), ("html", args.n), ("docx", args.n), ("pdf", args.n_pdf)):
        out = root / fmt
        if not (out / "truth.jsonl").exists():
            write_corpus(out, n, seed=args.seed, formats=[fmt])
        paths = [Path(p) for p in list_reports([out]).files]
        read_rate, full_rate, megabytes = _rates(paths)
        text_rate = text_rate or full_rate
        print(
            f"{fmt:<8}{len(paths):>8}{megabytes:>8.1f}{read_rate:>10.0f}{full_rate:>16.1f}{full_rate / text_rate:>8.2f}"
        )
    for path in sorted(REAL.glob("0*.*")):
        start = time.perf_counter()
        for _ in range(5):
            extract_document(read_document(path))
        print(f"real {path.name:<10} {(time.perf_counter() - start) / 5 * 1000:7.1f} ms per report")


if __name__ == "__main__":
    main()
