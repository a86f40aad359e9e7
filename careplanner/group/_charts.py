"""Bar charts and histograms of counts, drawn as inline SVG by the group pages' template.

Every number is computed here; the template only places the bars and escapes the labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.group._survey import ScoreDistribution

BAR_WIDTH = 260  # pixels for the longest bar
ROW = 22  # pixels per bar of a horizontal chart
BLUE, RED = "#4a7ab5", "#b5464a"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, count and geometry."""

    label: str
    count: int
    fill: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Chart:
    """An SVG chart: its title, size and bars."""

    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    vertical: bool


def bar_chart(
    title: str, rows: Sequence[tuple[str, int]], marked: frozenset[str] = frozenset()
) -> Chart:
    """A horizontal bar chart of counts (labels left of the bars; `marked` labels in red)."""
    top = max((c for _, c in rows), default=0) or 1
    bars = tuple(
        Bar(
            label,
            count,
            RED if label in marked else BLUE,
            210,
            i * ROW + 4,
            BAR_WIDTH * count / top,
            ROW - 6,
        )
        for i, (label, count) in enumerate(rows)
    )
    return Chart(title, 210 + BAR_WIDTH + 40, len(rows) * ROW + 8, bars, vertical=False)


def histogram(title: str, d: ScoreDistribution) -> Chart:
    """A histogram of scale totals, one bar per bin, bins labelled below."""
    top = max((b.count for b in d.bins), default=0) or 1
    step = 52
    bars = tuple(
        Bar(
            f"{b.low}-{b.high}" if b.high > b.low else str(b.low),
            b.count,
            BLUE,
            10 + i * step,
            20 + 120 * (1 - b.count / top),
            step - 6,
            120 * b.count / top,
        )
        for i, b in enumerate(d.bins)
    )
    return Chart(title, 20 + step * len(d.bins), 170, bars, vertical=True)
