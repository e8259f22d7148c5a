"""`xxgk export`: every matching record, streamed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from elasticsearch import TransportError

from indexer.errors import EsUnavailable
from indexer.store.filters import Filters
from indexer.store.records import iter_records
from search_cli.filter_options import with_filters
from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.output import Format, RecordWriter
from search_cli.session import err, open_index


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@with_filters
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="csv (flat columns) or jsonl.")
    ] = ExportFormat.jsonl,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Restrict to reports matching these words.")
    ] = None,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
    *,
    filters: Filters,
) -> None:
    """Write the structured records (no texts) to stdout, streaming in bounded memory."""
    es = open_index(es_url, index)
    with RecordWriter(Format(fmt.value)) as writer:
        try:
            writer.write_all(iter_records(es, index, query, filters))
        except TransportError as exc:  # Elasticsearch went away mid-export
            raise EsUnavailable(
                f"Elasticsearch stopped answering during the export ({type(exc).__name__}); "
                f"{writer.count} records were written before it did: the output is incomplete"
            ) from exc
    err.print(f"{writer.count} records exported")
