"""xxgk against Elasticsearch's own cost and a plain peer: speed, index size, memory, search latency.

    .venv/bin/python bench/lean_bench.py [--sizes 10000[,100000]] [--mapping-version N] [--workers 2]

For each size N, in one run on one node:

1. **xxgk**: `xxgk index` on N generated reports (cached under bench/out/) as a subprocess, with
   mapping version N (a mappings folder holding versions 1..N, so N is the newest); reports/s and
   the peak memory (PSS) of its process tree.
2. **ceiling**: the documents xxgk stored, dumped and bulk-loaded raw (8 MB requests, one
   connection, the settings `xxgk index` uses during a large load) into a fresh index with the same
   mapping: Elasticsearch's own cost for an xxgk document, with no extraction or segmentation.
3. **peer**: the same reports' text as one `text` field with the `standard` analyzer and nothing
   else (what a newcomer, or FSCrawler, loads), loaded the same way.

Then each index is force-merged to one segment and its `store.size_in_bytes` read from `_stats`,
and the 20 queries of bench/search_bench.py (keywords + 2 filters + 3 facets, highlighting) are
timed on the xxgk index. Ratios are from the same run. Figures only; nothing is asserted.
`--mapping-version 1` loads today's documents into the v1 mapping; the README's "before" column
was measured with the code of the commit before v2 (whose documents also held `title_seg` and
every section segmented).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_bench import OUT, XXGK, corpus, drop  # noqa: E402
from rss import PeakSampler  # noqa: E402
from search_bench import QUERIES, percentile  # noqa: E402

from indexer.store.bulk import BULK_BYTES  # noqa: E402
from indexer.store.filters import resolve_facets  # noqa: E402
from indexer.store.mapping import available_versions, index_name, latest_version, template_body  # noqa: E402
from indexer.store.search import Sort, search_body  # noqa: E402

try:  # the settings `xxgk index` uses during a large load (older versions: 30 s refresh)
    from indexer.store.bulk import LOAD_SETTINGS
except ImportError:
    LOAD_SETTINGS = {"refresh_interval": "30s"}
PEER_MAPPING = {"properties": {"text": {"type": "text", "analyzer": "standard"}}}


def mappings_folder(version: int) -> Path:
    """A mappings folder with versions 1..version, so `xxgk index` builds `version`."""
    folder = Path(tempfile.mkdtemp(prefix="xxgk-lean-mappings-"))
    for number, path in available_versions().items():
        if number <= version:
            shutil.copy(path, folder / path.name)
    return folder


def run_xxgk(es_url: str, alias: str, folder: Path, workers: int, mappings: Path) -> tuple[float, int, int]:
    """(seconds, peak tree PSS KiB, largest process RSS KiB) of one `xxgk index` run."""
    cmd = [XXGK, "index", str(folder), "--es-url", es_url, "--index", alias, "--workers", str(workers)]
    env = {**os.environ, "XXGK_MAPPINGS_DIR": str(mappings)}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    with PeakSampler(proc.pid) as sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"xxgk index failed ({proc.returncode}):\n{err[-3000:]}")
    print("  " + err.strip().splitlines()[-1], flush=True)
    return seconds, sampler.peak_tree, sampler.peak_single


def dump(es: Elasticsearch, index: str, path: Path) -> int:
    """The stored documents of an index as a bulk body file; how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for hit in scan(es, index=index, query={"query": {"match_all": {}}}, size=1000):
            out.write(json.dumps({"index": {"_id": hit["_id"]}}) + "\n")
            out.write(json.dumps(hit["_source"], ensure_ascii=False) + "\n")
            count += 1
    return count


def peer_lines(bulk_file: Path) -> Iterator[str]:
    """The dump as plain documents: the report's text only."""
    with bulk_file.open(encoding="utf-8") as lines:
        for action in lines:
            source = json.loads(next(lines))
            yield action
            yield json.dumps({"text": source["text"]}, ensure_ascii=False) + "\n"


def file_lines(bulk_file: Path) -> Iterator[str]:
    with bulk_file.open(encoding="utf-8") as lines:
        yield from lines


def load(
    es: Elasticsearch,
    index: str,
    settings: dict[str, Any],
    mappings: dict[str, Any],
    lines: Iterator[str],
    bulk_bytes: int = BULK_BYTES,
) -> float:
    """Seconds to create an index and bulk-load the lines (pairs) into it, refresh included."""
    if es.indices.exists(index=index):
        es.indices.delete(index=index)
    es.indices.create(index=index, settings=settings, mappings=mappings)
    es.indices.put_settings(index=index, settings={"index": LOAD_SETTINGS})
    start = time.perf_counter()
    chunk: list[str] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line.encode())
        if size >= bulk_bytes and len(chunk) % 2 == 0:
            _bulk(es, index, chunk)
            chunk, size = [], 0
    if chunk:
        _bulk(es, index, chunk)
    es.indices.put_settings(
        index=index, settings={"index": {"refresh_interval": settings["refresh_interval"]}}
    )
    es.indices.refresh(index=index)
    return time.perf_counter() - start


def _bulk(es: Elasticsearch, index: str, chunk: list[str]) -> None:
    response = es.bulk(index=index, operations="".join(chunk))  # type: ignore[arg-type]  # NDJSON text
    if response["errors"]:
        first = next(i for i in response["items"] if i["index"].get("error"))
        raise SystemExit(f"bulk load into {index} rejected documents: {first}")


def merged_size(es: Elasticsearch, index: str) -> int:
    """Bytes on disk after a force-merge to one segment (primaries)."""
    es.options(request_timeout=3600).indices.forcemerge(index=index, max_num_segments=1)
    es.indices.refresh(index=index)
    return int(es.indices.stats(index=index, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"])


def search_latency(
    es: Elasticsearch, index: str, rounds: int = 5, facets: bool = True
) -> tuple[float, float]:
    """(p50, p95) client milliseconds of the 20 bench/search_bench.py queries, after a warm-up round;
    without their facet aggregations when `facets` is False (highlighting then is the main cost)."""
    bodies = [search_body(q, f, resolve_facets(x, f), 10, 1, Sort.relevance) for q, f, x in QUERIES]
    for body in bodies:
        if not facets:
            body.pop("aggs", None)
        es.search(index=index, **body)
    times: list[float] = []
    for _ in range(rounds):
        for body in bodies:
            start = time.perf_counter()
            es.search(index=index, **body)
            times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95)


def measure(es: Elasticsearch, args: argparse.Namespace, n: int, mappings: Path) -> dict[str, Any]:
    folder, size = corpus(n, args.seed)
    alias = f"xxgk-lean-{n}"
    for name in (alias, f"{alias}-ceiling", f"{alias}-peer"):
        drop(es, name)
    print(f"xxgk index: {n} reports ({size / 1e6:.0f} MB), {args.workers} workers, v{args.mapping_version} …")
    seconds, peak_tree, peak_single = run_xxgk(args.es_url, alias, folder, args.workers, mappings)
    index = index_name(alias, args.mapping_version)
    bulk_file = OUT / f"lean-dump-{n}-v{args.mapping_version}.ndjson"
    count = dump(es, index, bulk_file)
    print(f"  dumped {count} documents ({bulk_file.stat().st_size / 1e6:.0f} MB of bulk body)", flush=True)
    body = template_body(alias, args.mapping_version)["template"]
    ceiling_s = load(es, f"{alias}-ceiling", body["settings"], body["mappings"], file_lines(bulk_file))
    print(f"  ceiling: {count / ceiling_s:.0f} docs/s", flush=True)
    peer_settings = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
    peer_s = load(es, f"{alias}-peer", peer_settings, PEER_MAPPING, peer_lines(bulk_file))
    print(f"  peer:    {count / peer_s:.0f} docs/s", flush=True)
    if not args.keep:
        bulk_file.unlink()
    xxgk_bytes, peer_bytes = merged_size(es, index), merged_size(es, f"{alias}-peer")
    p50, p95 = search_latency(es, alias)
    row = {
        "reports": n,
        "mapping_version": args.mapping_version,
        "indexed": count,
        "xxgk_reports_per_s": round(n / seconds),
        "ceiling_docs_per_s": round(count / ceiling_s),
        "peer_docs_per_s": round(count / peer_s),
        "xxgk_over_ceiling": round(ceiling_s / seconds * n / count, 2),
        "ceiling_over_peer": round(peer_s / ceiling_s, 2),
        "xxgk_index_mb": round(xxgk_bytes / 1e6, 1),
        "peer_index_mb": round(peer_bytes / 1e6, 1),
        "size_ratio": round(xxgk_bytes / peer_bytes, 2),
        "peak_pss_tree_mb": round(peak_tree / 1024),
        "peak_rss_process_mb": round(peak_single / 1024),
        "search_p50_ms": round(p50, 1),
        "search_p95_ms": round(p95, 1),
    }
    print(json.dumps(row), flush=True)
    if not args.keep:
        for name in (alias, f"{alias}-ceiling", f"{alias}-peer"):
            drop(es, name)
    else:
        drop(es, f"{alias}-ceiling")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--mapping-version", type=int, default=latest_version())
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--keep", action="store_true", help="keep the xxgk and peer indices and the dump")
    args = parser.parse_args()
    es = Elasticsearch(args.es_url, request_timeout=600)
    OUT.mkdir(exist_ok=True)
    mappings = mappings_folder(args.mapping_version)
    try:
        rows = [measure(es, args, int(n), mappings) for n in args.sizes.split(",")]
    finally:
        shutil.rmtree(mappings)
    print(
        "\nreports  map  xxgk/s  ceiling/s  peer/s  xxgk/ceiling  ceiling/peer  "
        "size MB xxgk/peer (ratio)  memory MB  search p50/p95 ms"
    )
    for r in rows:
        print(
            f"{r['reports']:>7}  v{r['mapping_version']:<2}  {r['xxgk_reports_per_s']:>6}  "
            f"{r['ceiling_docs_per_s']:>9}  {r['peer_docs_per_s']:>6}  {r['xxgk_over_ceiling']:>12}  "
            f"{r['ceiling_over_peer']:>12}  {r['xxgk_index_mb']:>7}/{r['peer_index_mb']:<6} "
            f"({r['size_ratio']})  {r['peak_pss_tree_mb']:>9}  {r['search_p50_ms']}/{r['search_p95_ms']}"
        )


if __name__ == "__main__":
    main()
