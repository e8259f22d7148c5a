"""`xxgk index`: extraction and segmentation in worker processes, bulk writes to Elasticsearch.

Memory stays bounded: files are handled in chunks, only a few chunks are in flight, and the
bulk helper streams. Re-runs are incremental: a document whose file hash and extractor version
are unchanged is skipped, so an interrupted run is completed by running it again.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

import orjson
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, NotFoundError
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch.helpers import scan, streaming_bulk

from indexer.errors import EsUnavailable, ReportError
from indexer.extract import EXTRACTOR_VERSION
from indexer.extract.record import extract_document
from indexer.pools import ignore_interrupts, worker_pool
from indexer.readers import file_id, list_reports, load_file, parse_file
from indexer.readers.files import display
from indexer.store.document import SEARCH_ONLY_FIELDS, build_document, current_shape
from indexer.store.mapping import (
    expected_meta,
    index_meta,
    latest_version,
    load_template,
    prepare_target,
    swap_alias,
)

CHUNK_FILES = 64  # files per worker task
BULK_DOCS = 500
BULK_BYTES = 8 * 1024 * 1024
CHUNK_TIMEOUT = 900  # seconds for one worker task (64 files) before the run is declared stuck
MAX_BACKOFF = 60  # seconds between two tries of a refused bulk request
MAX_DOC_BYTES = 40 * 1024 * 1024  # one document's JSON; more would trip the node's request limits
BIG_RUN = 2000  # files; above this the index takes LOAD_SETTINGS during the run
LOAD_SETTINGS = {"refresh_interval": "30s"}  # during a large load; the template's value afterwards
Existing = dict[str, tuple[str, str]]  # id → (sha256, extractor version)


@dataclass
class Summary:
    """What an indexing run did."""

    total: int = 0
    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: str = ""
    alias_swapped_from: str | None = None
    dry_run: bool = False
    rebuilt: bool = False  # every file re-indexed: new mapping version or another segmenter
    skipped: str | None = None  # files of other types found in the folders, by extension
    repaired: list[str] = field(default_factory=list)  # settings a killed run had left changed
    carried: int = 0  # documents copied as stored from the old mapping version (their files are gone)
    alias_kept: tuple[int, int, str] | None = None  # (new count, old count, old index): alias not moved
    cluster: str = ""  # the cluster written to, for the summary line

    @property
    def ok(self) -> bool:
        return not self.failed and self.alias_kept is None


@dataclass(frozen=True, slots=True)
class Options:
    workers: int = max(1, (os.cpu_count() or 1))
    force: bool = False
    delete_missing: bool = False
    dry_run: bool = False
    allow_fewer: bool = False  # move the alias to a new version even when it holds fewer documents
    retries: int = 10  # of a bulk request refused with 429, waiting 2, 4, 8 … up to 60 s between
    initial_backoff: float = 2.0
    max_doc_bytes: int = MAX_DOC_BYTES
    shards: int | None = None  # primary shards of a new index (the mapping version's when None)
    replicas: int | None = None  # replica copies of each shard
    chunk_files: int = CHUNK_FILES
    bulk_docs: int = BULK_DOCS


# ---------------------------------------------------------------- worker side
def _load_dictionary() -> None:
    """The segmenter's dictionary, loaded into this process (it lives in rjieba's memory)."""
    from indexer.segment.segmenter import segment

    segment("政府信息公开")


def _load_gazetteer() -> None:
    """The gazetteer's rows, all its indexes and the region index over its names, built in this
    process."""
    from indexer.extract.gazetteer import load_gazetteer
    from indexer.extract.region import resolve_region

    resolve_region("莱阳市人民政府", "title", "", "")
    load_gazetteer().build_indexes()


def _warm_up() -> None:
    """A worker's start: Ctrl-C is the parent's to handle; the dictionary came with the fork, the
    gazetteer is built here, in the worker's own memory (see `_extraction_workers`)."""
    ignore_interrupts()
    _load_dictionary()
    _load_gazetteer()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker made of one file: a document to write, an unchanged file, or an error."""

    path: str
    doc_id: str
    document: dict[str, Any] | None = None  # set when there is something to write
    is_update: bool = False
    error: str | None = None  # the reason, when the file could not be used


def prepare_chunk(
    paths: list[str], existing: Existing, force: bool, max_doc_bytes: int = MAX_DOC_BYTES
) -> list[Outcome]:
    """Worker task: read, extract and segment each file that changed since it was indexed."""
    out: list[Outcome] = []
    for path in paths:
        doc_id = file_id(path)
        try:
            raw = load_file(path)
            known = existing.get(doc_id)
            if not force and known == (raw.sha256, EXTRACTOR_VERSION):
                out.append(Outcome(path, doc_id))
                continue
            report = parse_file(raw)
            document = build_document(report, extract_document(report))
            size = len(orjson.dumps(document))
            if size > max_doc_bytes:
                reason = (
                    f"too large to index: its document would be {size / 2**20:.1f} MB (text, segmented "
                    f"text and fields), over the {max_doc_bytes / 2**20:.1f} MB one request may carry"
                )
                out.append(Outcome(path, doc_id, error=reason))
                continue
            out.append(Outcome(path, doc_id, document, known is not None))
        except ReportError as exc:
            out.append(Outcome(path, doc_id, error=exc.reason))
        except Exception as exc:  # an extractor bug must not stop the batch
            out.append(Outcome(path, doc_id, error=f"extractor failed: {type(exc).__name__}: {exc}"))
    return out


# ---------------------------------------------------------------- main side
def _existing(es: Elasticsearch, index: str, ids: list[str]) -> Existing:
    try:
        found = es.mget(index=index, ids=ids, source_includes=["source.sha256", "extractor_version"])
    except NotFoundError:
        return {}
    out: Existing = {}
    for doc in found["docs"]:
        if doc.get("found"):
            src = doc["_source"]
            out[doc["_id"]] = (src.get("source", {}).get("sha256", ""), src.get("extractor_version", ""))
    return out


def _chunks(paths: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


class _Runner:
    """Drives the worker pool with a bounded window and turns results into bulk actions."""

    def __init__(
        self,
        es: Elasticsearch | None,
        index: str,
        options: Options,
        summary: Summary,
        progress: Callable[[int], None],
        fields: frozenset[str] | None = None,
        pool: Pool | None = None,
    ) -> None:
        self.es, self.index, self.options, self.summary, self.progress = es, index, options, summary, progress
        self.pool = pool  # the workers; None: the work is done in this process
        self.fields = fields  # the target mapping's top-level fields
        self.updates: set[str] = set()

    def _existing(self, ids: list[str]) -> Existing:
        if self.options.force or self.es is None:
            return {}
        return _existing(self.es, self.index, ids)

    def _consume(self, results: list[Outcome]) -> Iterator[dict[str, Any]]:
        for result in results:
            if result.error is not None:
                self.summary.failed.append((display(result.path), result.error))
                self.progress(1)
            elif result.document is None:
                self.summary.unchanged += 1
                self.progress(1)
            else:
                if result.is_update:
                    self.updates.add(result.doc_id)
                document = result.document
                if self.fields is not None:  # search fields the target predates; any other field is refused
                    document = {
                        k: v for k, v in document.items() if k in self.fields or k not in SEARCH_ONLY_FIELDS
                    }
                yield {"_op_type": "index", "_index": self.index, "_id": result.doc_id, "_source": document}

    def _task(self, chunk: list[str]) -> tuple[list[str], Existing, bool, int]:
        """The arguments of one worker task."""
        return chunk, self._existing(_ids(chunk)), self.options.force, self.options.max_doc_bytes

    def actions(self, paths: list[str]) -> Iterator[dict[str, Any]]:
        chunks = _chunks(paths, self.options.chunk_files)
        if self.pool is None:
            for chunk in chunks:
                yield from self._consume(prepare_chunk(*self._task(chunk)))
            return
        window = self.options.workers * 2
        pending: deque[AsyncResult[list[Outcome]]] = deque()
        for chunk in chunks:
            if len(pending) >= window:
                yield from self._consume(pending.popleft().get(CHUNK_TIMEOUT))
            pending.append(self.pool.apply_async(prepare_chunk, self._task(chunk)))
        while pending:
            yield from self._consume(pending.popleft().get(CHUNK_TIMEOUT))


@contextmanager
def _extraction_workers(workers: int) -> Iterator[Pool | None]:
    """The extraction workers (None for one: the work is done in this process).

    Memory: a forked worker shares this process's pages until either writes to one, which is then
    copied into it. So the workers are forked first, before the file list exists, and only the
    dictionary is loaded before the fork: it lives in rjieba's memory, which no worker writes to.
    The gazetteer's ~40 MB are Python objects whose reference counts every lookup writes: shared,
    they crept into each worker page by page as the reports named more places. Each worker builds
    its own at start (`_warm_up`), so its memory is what it will be for the whole run
    (`bench/memory_probe.py`, 2 workers: a worker's private memory 45 → 64 MB from 10,000 to
    100,000 reports before, 57 → 59 MB after).
    """
    if workers <= 1:
        yield None
        return
    _load_dictionary()
    with worker_pool(workers, initializer=_warm_up) as pool:
        yield pool


def mapped_fields(version: int) -> frozenset[str]:
    """The top-level fields of a mapping version: an older version written to (``--version``, tests
    of migrations) gets documents without the search fields it predates (``problems_norm``)."""
    return frozenset(load_template(version)["template"]["mappings"]["properties"])


def _ids(chunk: list[str]) -> list[str]:
    return [file_id(p) for p in chunk]


def run_index(
    es: Elasticsearch,
    alias: str,
    paths: list[str] | list[Path],
    options: Options = Options(),  # noqa: B008 - immutable
    progress: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] = lambda n: None,
    version: int | None = None,
) -> Summary:
    """Index report files (and folders, recursively) into the alias; return what happened."""
    with _extraction_workers(options.workers) as pool:
        return _run(es, alias, paths, options, progress, on_total, version, pool)


def _run(
    es: Elasticsearch,
    alias: str,
    paths: list[str] | list[Path],
    options: Options,
    progress: Callable[[int], None],
    on_total: Callable[[int], None],
    version: int | None,
    pool: Pool | None,
) -> Summary:
    listing = list_reports(paths)
    files = listing.files
    summary = Summary(total=len(files), dry_run=options.dry_run, skipped=listing.skipped_line())
    summary.failed.extend(listing.errors)
    del listing
    try:
        target = (
            None if options.dry_run else prepare_target(es, alias, version, options.shards, options.replicas)
        )
        index = target.index if target else alias
        summary.index = index
        if target is not None and (left := repair_refresh_interval(es, target.index)) is not None:
            summary.repaired.append(f"refresh_interval {left} left by an interrupted run; restored")
        orphans: list[str] = []
        if target is not None and target.previous is not None:
            # a new mapping version: every document of the old one comes along, not only this run's files
            more, orphans = _previous_documents(es, target.previous, files)
            files = files + more
            summary.total = len(files)
        on_total(len(files))
        stale_meta = target is not None and index_meta(es, target.index) != expected_meta(target.version)
        if target is not None and (target.previous is not None or stale_meta):
            # a new mapping version, or documents cut by another segmenter: rebuild them all
            options = replace(options, force=True)
            summary.rebuilt = True
        fields = mapped_fields(target.version) if target is not None else None
        runner = _Runner(es, index, options, summary, progress, fields, pool)
        if options.dry_run:
            _count_dry_run(runner, files)
        else:
            with _bulk_settings(es, index, len(files)):
                _bulk(es, runner, files)
        if options.delete_missing:
            summary.deleted = _delete_missing(es, index, paths, files, options.dry_run)
        if target is not None:
            if stale_meta:
                es.indices.put_mapping(index=target.index, meta=expected_meta(target.version))
            if orphans and target.previous is not None:
                summary.carried = _copy_documents(es, target.previous, target.index, orphans, summary)
            es.indices.refresh(index=target.index)
            if target.previous is not None:
                before = es.count(index=target.previous)["count"]
                after = es.count(index=target.index)["count"]
                if after >= before or options.allow_fewer:
                    swap_alias(es, target)
                    summary.alias_swapped_from = target.previous
                else:
                    summary.alias_kept = (after, before, target.previous)
    except ApiError as exc:
        if exc.meta.status != 429:
            raise
        raise EsUnavailable(
            f"Elasticsearch kept refusing writes (HTTP 429, too many requests) after {options.retries} "
            f"retries with growing waits; {summary.indexed + summary.updated} documents were acknowledged "
            "and stay; re-run later to complete"
        ) from exc
    except (EsConnectionError, ConnectionTimeout) as exc:
        raise EsUnavailable(
            f"Elasticsearch stopped answering during the run ({type(exc).__name__}); "
            f"{summary.indexed + summary.updated} documents were acknowledged and stay; re-run to complete"
        ) from exc
    return summary


def _previous_documents(es: Elasticsearch, previous: str, files: list[str]) -> tuple[list[str], list[str]]:
    """The old version's documents that this run does not cover: files to re-read (they still exist)
    and the ids of those whose files are gone (to be copied as stored)."""
    covered = {file_id(p) for p in files}
    more: list[str] = []
    orphans: list[str] = []
    for hit in scan(es, index=previous, query={"query": {"match_all": {}}}, _source=["source.path"]):
        if hit["_id"] in covered:
            continue
        path = hit["_source"].get("source", {}).get("path", "")
        if path and os.path.isfile(path) and file_id(path) == hit["_id"]:
            more.append(path)
        else:
            orphans.append(hit["_id"])
    return more, orphans


def _copy_documents(es: Elasticsearch, source: str, dest: str, ids: list[str], summary: Summary) -> int:
    """Copy documents as stored from one index to another (a reindex done by the client), in the
    current document shape (`current_shape`: search fields the new version dropped are left out)."""
    copied = 0
    for start in range(0, len(ids), 500):
        found = es.mget(index=source, ids=ids[start : start + 500])["docs"]
        actions = (
            {"_op_type": "index", "_index": dest, "_id": d["_id"], "_source": current_shape(d["_source"])}
            for d in found
            if d.get("found")
        )
        for ok, item in streaming_bulk(es, actions, raise_on_error=False, max_retries=6, initial_backoff=1):
            info = item.get("index", {})
            if ok:
                copied += 1
            else:
                reason = info.get("error", {}).get("reason", "rejected")
                summary.failed.append((f"document {info.get('_id')}", f"not carried to {dest}: {reason}"))
    return copied


def template_refresh_interval(es: Elasticsearch, index: str) -> str:
    """The refresh interval the index's mapping version sets (what a run restores)."""
    version = index_meta(es, index).get("mapping_version") or latest_version()
    return str(load_template(int(version))["template"]["settings"].get("refresh_interval", "1s"))


def repair_refresh_interval(es: Elasticsearch, index: str) -> str | None:
    """Put back the template's refresh interval when a killed run left its own; the old value, if repaired."""
    wanted = template_refresh_interval(es, index)
    current = next(iter(es.indices.get_settings(index=index, name="index.refresh_interval").values()))
    found = current.get("settings", {}).get("index", {}).get("refresh_interval")
    if found is not None and found != wanted:
        es.indices.put_settings(index=index, settings={"index": {"refresh_interval": wanted}})
        return str(found)
    return None


@contextmanager
def _bulk_settings(es: Elasticsearch, index: str, files: int) -> Iterator[None]:
    """Refresh rarely during a large load (fewer, larger segments); the template's interval afterwards,
    on every exit path. A run killed outright cannot restore it: the next run repairs it at its start."""
    if files < BIG_RUN:
        yield
        return
    es.indices.put_settings(index=index, settings={"index": LOAD_SETTINGS})
    try:
        yield
    finally:
        es.indices.put_settings(
            index=index, settings={"index": {"refresh_interval": template_refresh_interval(es, index)}}
        )


def _bulk(es: Elasticsearch, runner: _Runner, files: list[str]) -> None:
    summary = runner.summary
    for ok, item in streaming_bulk(
        es,
        runner.actions(files),
        chunk_size=runner.options.bulk_docs,
        max_chunk_bytes=BULK_BYTES,
        raise_on_error=False,
        raise_on_exception=True,
        max_retries=runner.options.retries,
        initial_backoff=runner.options.initial_backoff,
        max_backoff=MAX_BACKOFF,
    ):
        info = item.get("index", {})
        if ok:
            if info.get("result") == "updated" or info.get("_id") in runner.updates:
                summary.updated += 1
            else:
                summary.indexed += 1
        else:
            error = info.get("error", {})
            reason = error.get("reason", str(error)) if isinstance(error, dict) else str(error)
            summary.failed.append((f"document {info.get('_id')}", f"Elasticsearch rejected it: {reason}"))
        runner.progress(1)


def _count_dry_run(runner: _Runner, files: list[str]) -> None:
    for action in runner.actions(files):
        if action["_id"] in runner.updates:
            runner.summary.updated += 1
        else:
            runner.summary.indexed += 1
        runner.progress(1)


def _delete_missing(
    es: Elasticsearch, index: str, roots: list[str] | list[Path], files: list[str], dry_run: bool
) -> int:
    """Delete documents under the given roots whose files are gone; returns how many."""
    present = {file_id(p) for p in files if os.path.exists(p)}
    prefixes = []
    for root in roots:
        resolved = Path(root).resolve()
        prefixes.append(str(resolved) + os.sep if resolved.is_dir() else str(resolved))
    query = {
        "bool": {"should": [{"prefix": {"source.path": p}} for p in prefixes], "minimum_should_match": 1}
    }
    if not es.indices.exists(index=index):
        return 0
    gone = [
        hit["_id"]
        for hit in scan(es, index=index, query={"query": query}, _source=False)
        if hit["_id"] not in present
    ]
    if gone and not dry_run:
        for ok, item in streaming_bulk(
            es, ({"_op_type": "delete", "_index": index, "_id": i} for i in gone), raise_on_error=False
        ):
            if not ok and item.get("delete", {}).get("status") != 404:
                raise RuntimeError(f"could not delete {item}")
        es.indices.refresh(index=index)
    return len(gone)
