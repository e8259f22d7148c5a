"""Opening the index for reading, with the errors and warnings users need."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from elasticsearch import Elasticsearch
from rich.console import Console

from indexer.es_client import EsUnavailable, connect
from indexer.mapping import index_meta
from indexer.segment import identity
from search_cli.filters import UsageError

err = Console(stderr=True, soft_wrap=True)


class IndexMissing(RuntimeError):
    """The alias or index does not exist."""


def open_index(es_url: str, index: str) -> Elasticsearch:
    """A client to an existing index; warns when its segmenter differs from ours."""
    es = connect(es_url)
    if not es.indices.exists(index=index):
        raise IndexMissing(
            f"index {index!r} does not exist at {es_url}; create it with `xxgk index PATH --index {index}`"
        )
    meta = index_meta(es, index)
    indexed_with = meta.get("segmenter")
    if indexed_with and indexed_with != identity():
        err.print(
            f"[yellow]warning[/yellow]: {index} was segmented with {_describe(indexed_with)}, "
            f"queries use {_describe(identity())}; results may miss words — re-run `xxgk index PATH`",
            highlight=False,
        )
    return es


def _describe(segmenter: dict[str, str]) -> str:
    dictionary = str(segmenter.get("dictionary_sha256", "?"))[:12]
    return f"{segmenter.get('engine', '?')} {segmenter.get('engine_version', '')} (dictionary {dictionary})"


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn the expected failures into one line on stderr and exit code 2."""
    try:
        yield
    except (EsUnavailable, IndexMissing, UsageError) as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None
