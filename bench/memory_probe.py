"""Memory of `xxgk index`, process by process: the main process, each worker, the tree.

    .venv/bin/python bench/memory_probe.py CORPUS_DIR [--workers 2] [--es-url URL]

Runs `xxgk index CORPUS_DIR` into a throw-away alias, samples every second the private memory
(Private_Clean + Private_Dirty of /proc/PID/smaps_rollup) of the main process and of each worker,
and the PSS of the whole tree; prints a line every 30 s and the peaks. Private memory tells what
a process holds of its own (a forked worker shares its parent's pages until it writes to them).
The corpora of bench/lean_bench.py (bench/out/corpus-N-seed0) serve: compare 10,000 and 100,000.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from elasticsearch import Elasticsearch
from rss import _children

XXGK = str(Path(sys.executable).with_name("xxgk"))


def _smaps(pid: int) -> dict[str, int]:
    """Pss and private memory of a process, in KiB (empty when it is gone)."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("Pss", "Private_Clean", "Private_Dirty"):
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _private_mb(sample: dict[str, int]) -> float:
    return (sample.get("Private_Clean", 0) + sample.get("Private_Dirty", 0)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args()
    alias = f"xxgk-memory-{uuid.uuid4().hex[:8]}"
    cmd = [
        XXGK,
        "index",
        str(args.corpus),
        "--index",
        alias,
        "--workers",
        str(args.workers),
        "--es-url",
        args.es_url,
    ]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start, last_line = time.monotonic(), 0.0
    peak_main = peak_worker = peak_tree = 0.0
    try:
        while process.poll() is None:
            time.sleep(1)
            main_sample = _smaps(process.pid)
            workers = [_smaps(child) for child in _children(process.pid)]
            tree = (main_sample.get("Pss", 0) + sum(w.get("Pss", 0) for w in workers)) / 1024
            peak_main = max(peak_main, _private_mb(main_sample))
            peak_worker = max([peak_worker, *(_private_mb(w) for w in workers)])
            peak_tree = max(peak_tree, tree)
            if time.monotonic() - last_line >= 30:
                last_line = time.monotonic()
                privates = ", ".join(f"{_private_mb(w):.0f}" for w in workers)
                print(
                    f"{last_line - start:5.0f} s  main {_private_mb(main_sample):.0f} MB  "
                    f"workers [{privates}] MB  tree PSS {tree:.0f} MB",
                    flush=True,
                )
    finally:
        es = Elasticsearch(args.es_url)
        for name in es.indices.get(index=f"{alias}-v*", ignore_unavailable=True, allow_no_indices=True):
            es.indices.delete(index=name)
    print(
        f"exit {process.returncode}; peaks: main {peak_main:.0f} MB private, a worker {peak_worker:.0f} MB private, tree {peak_tree:.0f} MB PSS"
    )


if __name__ == "__main__":
    main()
