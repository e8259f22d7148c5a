"""What a report draws about itself, shared by the builders of its parts."""

from __future__ import annotations

import random
from collections.abc import Callable

from indexer.extract.gazetteer import Division, Gazetteer
from report_generator.world import World


class ReportState:
    """The attributes of one report under construction (set by Report and NamingMixin)."""

    rng: random.Random
    w: World
    gaz: Gazetteer
    layout: str
    encoding: str
    noise: set[str]
    table_layouts: dict[str, str]
    broken: str | None
    level: str
    year: int
    template: str
    blank_lines: bool
    images: int
    cell_noise: bool
    wrapping: bool
    spacing: bool
    wrap: Callable[[str], str]
    wrap_label: Callable[[str], str]
    label: Callable[[str], str]
    # who and where (NamingMixin)
    division: Division
    path: dict[str, Division]
    dept: str
    phone: str | None
    signed: bool
    body: str
    place: str
    name: str
    unit: str
    up: str
    parent_mention: str
    title: str
    signature: str
    org: str
    contact_office: str
    publish: tuple[int, int, int]
    # the report's content as (kind, text): title, heading, para, image, table (its name), signature, date
    blocks: list[tuple[str, str]]

    def _fmt(self, text: str) -> str:
        return text.format(year=self.year, next=self.year + 1, unit=self.unit, name=self.name, up=self.up)
