"""Extracting many files, in worker processes when asked, in the order the files were given."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.errors import ReportError
from indexer.extract.record import extract_file
from indexer.pools import worker_pool
from indexer.readers.files import display


@dataclass(frozen=True, slots=True)
class Extracted:
    """One file's record, or the reason it has none."""

    path: str
    record: dict[str, Any] | None
    error: str | None


def extract_one(path: str | Path) -> Extracted:
    """A file's record; any failure becomes the reason (a bug in one file must not stop a batch)."""
    try:
        return Extracted(display(path), extract_file(path), None)
    except ReportError as exc:
        return Extracted(exc.path, None, exc.reason)
    except Exception as exc:
        return Extracted(display(path), None, f"extractor failed: {type(exc).__name__}: {exc}")


def extract_many(paths: Sequence[str | Path], workers: int = 1) -> Iterator[Extracted]:
    """Records of the files in their order; `workers` processes when more than one."""
    if workers <= 1 or len(paths) < 2:
        yield from map(extract_one, paths)
        return
    with worker_pool(min(workers, len(paths))) as pool:
        yield from pool.imap(extract_one, paths, chunksize=4)
