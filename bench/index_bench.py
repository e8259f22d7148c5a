"""End-to-end indexing throughput, the raw _bulk ceiling, their ratio, and the indexer's peak RSS.

    .venv/bin/python bench/index_bench.py [--sizes 10000,100000] [--workers 2] [--es-url URL]

For each size N: generate N reports (deterministic, cached under bench/out/), run
`xxgk index` on them as a separate process while sampling the RSS of its process tree,
then dump the indexed documents to a bulk file and time a raw `_bulk` load of exactly
those documents into a fresh index with the same mapping (the ceiling: Elasticsearch's
own cost, with no extraction or segmentation). Elasticsearch runs on the same machine.
Targets: >= 500 reports/s end to end on 2 cores, ratio >= 0.5, RSS < 500 MB at 100,000,
flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rss import PeakSampler  # noqa: E402

from indexer.store.mapping import index_name, template_body  # noqa: E402
from report_generator import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
XXGK = str(Path(sys.executable).with_name("xxgk"))


def corpus(n: int, seed: int) -> tuple[Path, int]:
    folder = OUT / f"corpus-{n}-seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        print(f"generating {n} reports into {folder} …", flush=True)
        start = time.perf_counter()
        write_corpus(folder, n, seed=seed)
        done.write_text("ok")
        print(f"  {time.perf_counter() - start:.1f} s", flush=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    return folder, size


def drop(es: Elasticsearch, alias: str) -> None:
    names = list(es.indices.get(index=f"{alias}*", ignore_unavailable=True))
    if names:
        es.indices.delete(index=",".join(names))


def end_to_end(es_url: str, alias: str, folder: Path, workers: int) -> tuple[float, int, int, list[int]]:
    """(seconds, peak tree RSS KiB, peak single-process RSS KiB, RSS samples) of one `xxgk index` run."""
    cmd = [XXGK, "index", str(folder), "--es-url", es_url, "--index", alias, "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakSampler(proc.pid) as sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"xxgk index failed ({proc.returncode}):\n{err[-3000:]}")
    print("  " + err.strip().splitlines()[-1], flush=True)
    return seconds, sampler.peak_tree, sampler.peak_single, sampler.samples


def ceiling(es: Elasticsearch, alias: str, n: int) -> float:
    """Seconds for a raw _bulk load of the documents the indexer produced."""
    bulk_file = OUT / f"bulk-{n}.ndjson"
    with bulk_file.open("w", encoding="utf-8") as out:
        for hit in scan(es, index=alias, query={"query": {"match_all": {}}}, size=1000):
            out.write(json.dumps({"index": {"_id": hit["_id"]}}) + "\n")
            out.write(json.dumps(hit["_source"], ensure_ascii=False) + "\n")
    target = f"{alias}-ceiling"
    body = template_body(alias, 1)["template"]
    es.indices.create(index=target, settings=body["settings"], mappings=body["mappings"])
    es.indices.put_settings(
        index=target, settings={"index": {"refresh_interval": "30s"}}
    )  # as xxgk index does
    raw = Elasticsearch(es.transport.node_pool.get().base_url, request_timeout=300)
    start = time.perf_counter()
    chunk: list[str] = []
    size = 0
    with bulk_file.open(encoding="utf-8") as lines:
        for line in lines:
            chunk.append(line)
            size += len(line.encode())
            if size >= 8 * 1024 * 1024 and len(chunk) % 2 == 0:
                raw.bulk(index=target, operations="".join(chunk))
                chunk, size = [], 0
    if chunk:
        raw.bulk(index=target, operations="".join(chunk))
    es.indices.refresh(index=target)
    seconds = time.perf_counter() - start
    assert es.count(index=target)["count"] == n, "ceiling load lost documents"
    es.indices.delete(index=target)
    bulk_file.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark indices")
    args = parser.parse_args()
    es = Elasticsearch(args.es_url, request_timeout=300)
    OUT.mkdir(exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        folder, size = corpus(n, args.seed)
        alias = f"xxgk-bench-{n}"
        drop(es, alias)
        print(f"indexing {n} reports ({size / 1e6:.0f} MB) with {args.workers} workers …", flush=True)
        seconds, peak_tree, peak_single, samples = end_to_end(args.es_url, alias, folder, args.workers)
        count = es.count(index=alias)["count"]
        ceil = ceiling(es, index_name(alias, 1), count)
        row = {
            "reports": n,
            "indexed": count,
            "seconds": round(seconds, 1),
            "reports_per_s": round(n / seconds),
            "mb_per_s": round(size / 1e6 / seconds, 2),
            "ceiling_reports_per_s": round(count / ceil),
            "ratio": round((n / seconds) / (count / ceil), 2),
            "peak_pss_tree_mb": round(peak_tree / 1024),
            "peak_rss_process_mb": round(peak_single / 1024),
            "pss_mb_at_25_50_75_100pct": [
                round(samples[int(len(samples) * q) - 1] / 1024) for q in (0.25, 0.5, 0.75, 1.0)
            ]
            if samples
            else [],
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
        if not args.keep:
            drop(es, alias)
    print("\nreports  seconds  reports/s  MB/s  ceiling/s  ratio  peak memory: tree PSS (largest RSS) MB")
    for r in rows:
        print(
            f"{r['reports']:>7}  {r['seconds']:>7}  {r['reports_per_s']:>9}  {r['mb_per_s']:>4}  "
            f"{r['ceiling_reports_per_s']:>9}  {r['ratio']:>5}  {r['peak_pss_tree_mb']} ({r['peak_rss_process_mb']})"
        )


if __name__ == "__main__":
    main()
