"""Writing records as JSON lines, a JSON array or CSV, and flattening nested records into columns."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from types import TracebackType
from typing import Any, TextIO

from indexer.extract.columns import flatten


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def parse_columns(value: str | None) -> list[str] | None:
    """``-c title,region.county`` → ["title", "region.county"]."""
    if not value:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


class RecordWriter:
    """Streams records to a text stream in one of the formats; call close() at the end."""

    def __init__(
        self,
        fmt: Format,
        stream: TextIO | None = None,
        columns: list[str] | tuple[str, ...] | None = None,
        headers: bool = True,
        bom: bool = False,
    ) -> None:
        self.fmt = fmt
        self.stream = stream or sys.stdout
        self.columns = list(columns) if columns else None
        self.headers = headers
        if bom and fmt in (Format.csv, Format.tsv):
            self.stream.write("\ufeff")  # Excel reads the file as UTF-8
        self._csv: csv.DictWriter[str] | None = None
        self._count = 0

    def write(self, record: dict[str, Any]) -> None:
        if self.columns and self.fmt in (Format.jsonl, Format.json):
            flat = flatten(record)
            record = {name: flat.get(name) for name in self.columns}
        if self.fmt is Format.jsonl:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.fmt is Format.json:
            self.stream.write(
                ("[\n" if self._count == 0 else ",\n") + json.dumps(record, ensure_ascii=False, indent=2)
            )
        else:
            row = flatten(record)
            if self._csv is None:
                columns = self.columns or list(row)
                dialect = "excel-tab" if self.fmt is Format.tsv else "excel"
                self._csv = csv.DictWriter(
                    self.stream,
                    fieldnames=columns,
                    extrasaction="ignore",
                    dialect=dialect,
                    lineterminator="\n",
                )
                if self.headers:
                    self._csv.writeheader()
            self._csv.writerow(row)
        self._count += 1
        if self.fmt is Format.jsonl:  # a line at a time, for pipes
            self.stream.flush()

    def write_all(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.write(record)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.fmt is Format.json:
            self.stream.write("[]\n" if self._count == 0 else "\n]\n")
        self.stream.flush()

    @property
    def count(self) -> int:
        return self._count
