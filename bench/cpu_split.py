"""Where the CPU of `xxgk index` goes: the main process, the workers, Elasticsearch (issue 14).

    .venv/bin/python bench/cpu_split.py CORPUS_DIR [--workers 2]

Runs `xxgk index CORPUS_DIR` into a throw-away alias against the local node (`xxgk es start`,
whose pid is in `.es-local/node.pid`), samples the CPU time (user + system, /proc/PID/stat) of
the main process, of each worker and of the node, and prints each one's share, the CPU seconds
per report, and the rate the machine's cores could reach if extraction and segmentation cost
nothing (the node's own CPU per document alone): the limit any end-to-end figure runs into when
Elasticsearch shares the machine. The corpora of bench/lean_bench.py (bench/out/corpus-N-seed0)
serve.
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

from indexer.store.dev_node import pid_file

XXGK = str(Path(sys.executable).with_name("xxgk"))
URL = "http://127.0.0.1:9200"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (None when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    node = int(pid_file().read_text().strip())
    node_start = cpu_seconds(node)
    if node_start is None:
        sys.exit("the local node is not running: .venv/bin/xxgk es start")
    alias = f"xxgk-cpu-{uuid.uuid4().hex[:8]}"
    cmd = [XXGK, "index", str(args.corpus), "--index", alias, "--workers", str(args.workers), "--es-url", URL]
    start = time.monotonic()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_cpu, workers = 0.0, {}
    try:
        while process.poll() is None:
            time.sleep(0.5)
            main_cpu = cpu_seconds(process.pid) or main_cpu
            for child in _children(process.pid):
                workers[child] = cpu_seconds(child) or workers.get(child, 0.0)
        wall = time.monotonic() - start
        node_cpu = (cpu_seconds(node) or node_start) - node_start
        es = Elasticsearch(URL)
        es.indices.refresh(index=alias)
        reports = es.count(index=alias)["count"]
    finally:
        es = Elasticsearch(URL)
        for name in es.indices.get(index=f"{alias}-v*", ignore_unavailable=True, allow_no_indices=True):
            es.indices.delete(index=name)
    cores = len(os.sched_getaffinity(0))
    worker_cpu = sum(workers.values())
    total = main_cpu + worker_cpu + node_cpu
    print(
        f"exit {process.returncode}: {reports} reports in {wall:.1f} s ({reports / wall:.0f} reports/s), {cores} cores"
    )
    for label, seconds in (("main process", main_cpu), ("workers", worker_cpu), ("Elasticsearch", node_cpu)):
        print(
            f"{label:<14} {seconds:7.1f} s CPU  {seconds / total:5.1%}  {seconds / reports * 1000:5.2f} ms a report"
        )
    print(
        f"{'all':<14} {total:7.1f} s CPU of {cores * wall:.1f} s the cores had ({total / (cores * wall):.0%} busy)"
    )
    print(
        f"with extraction free, the cores could index at most {cores / (node_cpu / reports):.0f} reports/s "
        f"(Elasticsearch's {node_cpu / reports * 1000:.2f} ms a document)"
    )


if __name__ == "__main__":
    main()
