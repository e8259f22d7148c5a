"""Opening an existing index for reading, with the warnings its users need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indexer.errors import IndexMissing
from indexer.segment.segmenter import fingerprint

if TYPE_CHECKING:
    from indexer.store.reader import Reader


def open_index(es_url: str, index: str) -> tuple[Reader, list[str]]:
    """A reader of an existing index, and warnings (its segmenter differs from ours)."""
    from indexer.store.endpoint import check_index_name, redact
    from indexer.store.mapping import index_meta
    from indexer.store.reader import open_reader

    check_index_name(index)
    es = open_reader(es_url)
    if not es.indices.exists(index=index):
        raise IndexMissing(
            f"index {index!r} does not exist at {redact(es_url)}; create it with `xxgk index PATH --index {index}`"
        )
    warnings = []
    indexed_with = index_meta(es, index).get("segmenter")
    if indexed_with and indexed_with != fingerprint():
        warnings.append(
            f"{index} was segmented with {_describe(indexed_with)}, queries use {_describe(fingerprint())}; "
            "results may miss words — re-run `xxgk index PATH`"
        )
    return es, warnings


def _describe(segmenter: dict[str, str]) -> str:
    dictionary = str(segmenter.get("dictionary_sha256", "?"))[:12]
    return f"{segmenter.get('engine', '?')} {segmenter.get('engine_version', '')} (dictionary {dictionary})"
