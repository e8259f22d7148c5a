"""Chart geometry for server-drawn SVG: horizontal bars per group (room for Chinese labels), a line per year.

Only numbers and positions are computed here; the template draws them, so every label is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

LABEL_EM = 14  # px per CJK character at the chart's font size
ROW = 26
PLOT = 420


@dataclass
class Bar:
    label: str
    value: int | None
    y: int
    width: float


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Point:
    label: str
    value: int | None
    x: float
    y: float


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    points: list[Point] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)  # (y, value)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.value is not None)


def bar_chart(rows: list[dict[str, Any]]) -> BarChart:
    """One bar per row's sum, scaled to the largest."""
    top = max((r["value"] or 0 for r in rows), default=0)
    longest = max((len(str(r["group"])) for r in rows), default=2)
    label_width = min(16, max(3, longest)) * LABEL_EM + 12
    chart = BarChart(width=label_width + PLOT + 80, height=len(rows) * ROW + 8, label_width=label_width)
    for i, r in enumerate(rows):
        width = PLOT * (r["value"] or 0) / top if top else 0.0
        chart.bars.append(
            Bar(str(r["group"]), r["value"], 4 + i * ROW, max(width, 1.0 if r["value"] else 0.0))
        )
    return chart


def _nice_top(value: int) -> int:
    if value <= 0:
        return 1
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(rows: list[dict[str, Any]]) -> LineChart:
    """A point per year (in year order), joined by a line; years without a figure are left out of the line."""
    rows = sorted(rows, key=lambda r: str(r["group"]))
    left, right, top_pad, bottom = 64, 32, 28, 36
    width = max(360, left + right + 64 * max(1, len(rows)))
    height = 260
    top = _nice_top(max((r["value"] or 0 for r in rows), default=0))
    plot_h = height - top_pad - bottom
    step = (width - left - right) / max(1, len(rows) - 1) if len(rows) > 1 else 0
    chart = LineChart(width=width, height=height, left=left, bottom=height - bottom)
    for i, r in enumerate(rows):
        x = left + (i * step if len(rows) > 1 else (width - left - right) / 2)
        y = top_pad + plot_h * (1 - (r["value"] or 0) / top)
        chart.points.append(Point(str(r["group"]), r["value"], x, y))
    chart.ticks = [(top_pad + plot_h * (1 - k / 4), top * k // 4) for k in range(5)]
    return chart
