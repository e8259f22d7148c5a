"""The CLI's side of opening an index: warnings printed on stderr, one console for errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from indexer.store import session

if TYPE_CHECKING:
    from indexer.store.reader import Reader

err = Console(stderr=True, soft_wrap=True, highlight=False)


def open_index(es_url: str, index: str) -> Reader:
    """A reader of an existing index; its warnings go to stderr."""
    es, warnings = session.open_index(es_url, index)
    for warning in warnings:
        err.print(f"[yellow]warning[/yellow]: {warning}")
    return es
