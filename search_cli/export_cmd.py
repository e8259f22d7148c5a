"""`xxgk export`: every matching record, streamed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from indexer.errors import EsUnavailable
from indexer.extract.columns import INDEX_COLUMNS, record_columns
from indexer.store.filters import Filters
from indexer.store.query import build_query, parse_query
from indexer.store.records import iter_records
from search_cli.filter_options import with_filters
from search_cli.options import DEFAULTS, Bom, Columns, EsUrl, IndexName, NoHeaders, ShowQuery, print_query
from search_cli.output import Format, RecordWriter, parse_columns
from search_cli.session import err, open_index


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
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
    columns: Columns = None,
    no_headers: NoHeaders = False,
    bom: Bom = False,
    show_query: ShowQuery = False,
    *,
    filters: Filters,
) -> None:
    """Write the structured records (no texts) to stdout, streaming in bounded memory.

    CSV and TSV have every column of a record, the same for every report (both table templates).
    """
    if show_query:
        print_query({"query": build_query(parse_query(query), filters.all())})
        return
    es = open_index(es_url, index)
    chosen = parse_columns(columns) or (
        [*record_columns(), *INDEX_COLUMNS] if fmt is not ExportFormat.jsonl else None
    )
    from elasticsearch import TransportError  # loaded by open_index already

    with RecordWriter(Format(fmt.value), columns=chosen, headers=not no_headers, bom=bom) as writer:
        try:
            writer.write_all(iter_records(es, index, query, filters))
        except TransportError as exc:  # Elasticsearch went away mid-export
            raise EsUnavailable(
                f"Elasticsearch stopped answering during the export ({type(exc).__name__}); "
                f"{writer.count} records were written before it did: the output is incomplete"
            ) from exc
    err.print(f"{writer.count} records exported")
