"""The ecomap's legend, its list of the dead and its key of numbered labels.

The legend names only the styles the map uses, each drawn by the same function as on the
map (`careplanner.network._styles`); every text is measured and wrapped to the column.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from careplanner.models import Language
from careplanner.network._layout import wrap
from careplanner.network._metrics import Measure
from careplanner.network._schema import Circle, circle
from careplanner.network._styles import (
    HOUSEHOLD,
    INK,
    LINE_STYLE,
    RING,
    SECTORS,
    crossed_out,
    f,
    hatches,
    line,
    node_shape,
    tspans,
)
from careplanner.network._text import LegendKey, text

WIDTH = 1180.0
LEGEND_X = 916.0
TEXT_X = LEGEND_X + 58.0
SIZE, LEADING = 13.0, 16.0
RADII: dict[Circle, float] = {"inner": 118.0, "middle": 212.0, "outer": 305.0}
Sample = Callable[[float, float, str], str]  # x, y of the row centre, marker id prefix
_LINE_KEYS: tuple[LegendKey, ...] = (
    "strong", "weak", "tenuous", "stressful", "dormant", "possible", "link",
)  # fmt: skip


def _line_sample(key: str) -> Sample:
    def draw(x: float, y: float, prefix: str) -> str:
        drawn = line(x, y, x + 44, y, LINE_STYLE[key])
        return drawn + (hatches(x - 4, y, x + 48, y) if key == "stressful" else "")

    return draw


def _flow(x: float, y: float, prefix: str) -> str:
    return line(x, y, x + 44, y, f'{LINE_STYLE["weak"]} marker-end="url(#{prefix}-arrow)"')


def _box(x: float, y: float, rx: int) -> str:
    return (
        f'<rect x="{f(x + 6)}" y="{f(y - 10)}" width="32" height="20" rx="{rx}" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>'
    )


SAMPLES: dict[str, Sample] = {
    **{key: _line_sample(key) for key in _LINE_KEYS},
    "flow": _flow,
    "kin": lambda x, y, p: node_shape(x + 22, y, 10, "person", "kin", True),
    "informal": lambda x, y, p: node_shape(x + 22, y, 10, "person", "informal", True),
    "formal": lambda x, y, p: node_shape(x + 22, y, 10, "person", "formal", True),
    "group": lambda x, y, p: _box(x, y, 6),
    "service": lambda x, y, p: _box(x, y, 1),
    "inactive_contact": lambda x, y, p: node_shape(x + 22, y, 10, "person", "informal", False),
    "household": lambda x, y, p: (
        f'<rect x="{f(x + 2)}" y="{f(y - 10)}" width="40" height="20" rx="9" {HOUSEHOLD}/>'
    ),
}
ORDER: tuple[str, ...] = (
    *_LINE_KEYS[:4], "flow", *_LINE_KEYS[4:], *SECTORS, "group", "service",
    "inactive_contact", "household",
)  # fmt: skip


def legend(
    used: Collection[str], lang: Language, prefix: str, measure: Measure, top: float
) -> tuple[list[str], float]:
    """The legend rows for the styles in `used`, then the convoy circles; and its bottom."""
    words = text().legend
    out: list[str] = []
    y = top
    for key in (k for k in ORDER if k in used):
        label: LegendKey = key  # type: ignore[assignment]
        row, y = _row(key, SAMPLES[key](LEGEND_X, 0.0, prefix), words[label][lang], y, measure)
        out.append(row)
    for index, name in enumerate(RADII):
        levels = [level for level in range(1, 6) if circle(level) == name]
        span = f"{levels[0]}" if len(levels) == 1 else f"{levels[0]}\u2013{levels[-1]}"
        rule = words["closeness"][lang].format(circle=text().circles[name][lang], range=span)
        ring = f'<circle cx="{f(LEGEND_X + 22)}" cy="0.0" r="{f(4 + 4 * index)}" {RING}/>'
        row, y = _row("circle", ring, rule, y, measure)
        out.append(row)
    return out, y


def _row(key: str, sample: str, label: str, top: float, measure: Measure) -> tuple[str, float]:
    """One legend row: the sample moved to the row's centre line and its wrapped label."""
    lines = wrap(label, WIDTH - 12 - TEXT_X, measure, SIZE)
    height = max(26.0, LEADING * len(lines) + 10)
    centre = top + 13
    body = _text(TEXT_X, centre + 5, lines)
    drawn = f'<g transform="translate(0 {f(centre)})">{sample}</g>'
    return f'<g class="legend {key}">{drawn}{body}</g>', top + height


def _text(x: float, baseline: float, lines: Sequence[str], anchor: str = "start") -> str:
    spans = tspans(x, lines, LEADING)
    return (
        f'<text x="{f(x)}" y="{f(baseline)}" font-size="{SIZE:g}" fill="{INK}" '
        f'text-anchor="{anchor}">{spans}</text>'
    )


def deceased_list(
    labels: Sequence[str], lang: Language, measure: Measure, top: float
) -> tuple[list[str], float]:
    """The people who have died, under the legend, each crossed out; and the list's bottom."""
    if not labels:
        return [], top
    heading = wrap(text().legend["deceased"][lang], WIDTH - 12 - LEGEND_X, measure, SIZE)
    out = [f'<g class="deceased">{_text(LEGEND_X, top + 22, heading)}']
    y = top + 16 + LEADING * len(heading)
    for label in labels:
        row, y = _row("died", crossed_out(LEGEND_X + 22, 0.0, 11), label, y, measure)
        out.append(row)
    out.append("</g>")
    return out, y


def key_list(
    numbered: Sequence[str], lang: Language, measure: Measure, top: float
) -> tuple[list[str], float]:
    """Labels that found no free place beside their node, by the number drawn in the node."""
    if not numbered:
        return [], top
    heading = text().legend["key"][lang]
    out = ['<g class="key">', _text(24, top + 18, [heading])]
    column_width, columns = 280.0, 4
    y0 = top + 30
    bottoms = [y0] * columns
    for index, label in enumerate(numbered):
        column = bottoms.index(min(bottoms))
        x = 24 + column * column_width
        lines = wrap(label, column_width - 44, measure, SIZE)
        out.append(_text(x, bottoms[column] + 13, [f"{index + 1}"]))
        out.append(_text(x + 30, bottoms[column] + 13, lines))
        bottoms[column] += LEADING * len(lines) + 6
    out.append("</g>")
    return out, max(bottoms)
