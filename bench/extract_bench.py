"""Extraction throughput on one core, and with segmentation (issue 14: ≥ 600 reports/s with it).

    .venv/bin/python bench/extract_bench.py [--n 3000] [--seed 0]

Reports come from the deterministic generator (all layouts, both templates, noise) and are
decoded before timing, so the first figure is parsing alone: sections, tables, region, problems,
narrative figures and checks; the second adds what a worker of `xxgk index` does next, the
document with its segmented texts (`build_document`); the third starts from the file's bytes
(decoding, the page header), as a worker does.
"""

from __future__ import annotations

import argparse
import os
import time

from indexer.extract import tables
from indexer.extract.gazetteer import load_gazetteer
from indexer.extract.record import extract_document
from indexer.readers import Document
from indexer.readers.decode import decode
from indexer.readers.text import text_document
from indexer.segment.segmenter import warm_up
from indexer.store.document import build_document
from report_generator import generate


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    load_gazetteer()
    warm_up()
    reports = []
    files: list[tuple[bytes, str]] = []
    for item in generate(args.seed, args.n):
        data = item.data()
        files.append((data, item.path_name))
        reports.append(_read(data, item.path_name))
    megabytes = sum(r.size for r in reports) / 1e6
    extract_document(reports[0])  # warm caches (gazetteer indexes, regexes)
    build = "compiled" if tables.__file__.endswith(".so") else "source"  # see setup.py
    print(f"1 core, {len(reports)} reports, {megabytes:.1f} MB, {build} build")
    for label, work in (
        ("extraction", extract_document),
        ("extraction + segmented document", lambda r: build_document(r, extract_document(r))),
    ):
        wall, cpu = time.perf_counter(), time.process_time()
        for report in reports:
            work(report)
        _print(label, time.perf_counter() - wall, time.process_time() - cpu, len(reports), megabytes)
    # what a worker of `xxgk index` does with a text file's bytes: decode, read the page's header, extract, segment
    wall, cpu = time.perf_counter(), time.process_time()
    for data, name in files:
        report = _read(data, name)
        build_document(report, extract_document(report))
    _print(
        "reading + the above", time.perf_counter() - wall, time.process_time() - cpu, len(files), megabytes
    )


def _read(data: bytes, name: str) -> Document:
    text, encoding = decode(data)
    doc = text_document(text, name, encoding)
    doc.size = len(data)
    return doc


def _print(label: str, wall: float, cpu: float, count: int, megabytes: float) -> None:
    print(
        f"{label:<32} wall {wall:6.2f} s → {count / wall:4.0f} reports/s, {megabytes / wall:.2f} MB/s"
        f" (cpu {cpu:.2f} s)"
    )


if __name__ == "__main__":
    main()
