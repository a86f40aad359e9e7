"""The ecomap's look in one place: colours, line styles and the SVG shapes the map and legend share.

Every style drawn on the map is drawn by the same function in the legend, so the two cannot
differ. Lines follow the ecomap conventions (Hartman 1978): thick solid strong, thin solid
weak, dashed tenuous, red and hatched stressful; dormant ties are dotted and possible ties
dash-dotted in a colour of their own, so neither can be mistaken for a convoy circle (thin,
solid, pale).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape
from typing import Literal

Sector = Literal["kin", "informal", "formal"]
SECTORS: tuple[Sector, ...] = ("kin", "informal", "formal")
FILL = {"kin": "#fde2c8", "informal": "#dcefd6", "formal": "#dbe6f5"}
EDGE = {"kin": "#b35c14", "informal": "#2f6f2f", "formal": "#2c5a96"}
INK, STRESS, MUTED = "#333333", "#c0392b", "#6b6b6b"
#: Attributes of each kind of line, by the legend key that names it.
LINE_STYLE: dict[str, str] = {
    "strong": f'stroke="{INK}" stroke-width="5"',
    "weak": f'stroke="{INK}" stroke-width="2"',
    "tenuous": f'stroke="{INK}" stroke-width="2" stroke-dasharray="9 6"',
    "stressful": f'stroke="{STRESS}" stroke-width="2"',
    "dormant": f'stroke="{MUTED}" stroke-width="3" stroke-dasharray="0.5 7" stroke-linecap="round"',
    "possible": 'stroke="#7b4fa6" stroke-width="2" stroke-dasharray="12 5 2 5"',
    "link": 'stroke="#a8a8a8" stroke-width="1.2"',
}
RING = 'fill="none" stroke="#d6d6d6" stroke-width="1.2"'
HOUSEHOLD = (
    'fill="#fffbe6" fill-opacity="0.6" stroke="#8a6d00" stroke-width="2" '
    'stroke-dasharray="14 4 3 4"'
)
INACTIVE_OUTLINE = 'stroke-dasharray="5 3"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def f(value: float) -> str:
    """A number as SVG prints it here: one decimal, so the same map gives the same bytes."""
    return f"{value:.1f}"


def esc(value: str) -> str:
    """`value` escaped for XML text and attributes, characters XML 1.0 forbids replaced."""
    return escape(_NOT_XML.sub("\ufffd", value), quote=True)


def tspans(x: float, lines: Sequence[str], leading: float) -> str:
    """Lines of text as ``<tspan>`` elements starting at `x`, each `leading` below the last."""
    return "".join(
        f'<tspan x="{f(x)}" dy="{0 if index == 0 else f(leading)}">{esc(part)}</tspan>'
        for index, part in enumerate(lines)
    )


def line(x1: float, y1: float, x2: float, y2: float, style: str) -> str:
    """An SVG line with the given attributes."""
    return f'<line x1="{f(x1)}" y1="{f(y1)}" x2="{f(x2)}" y2="{f(y2)}" {style}/>'


def hatches(x1: float, y1: float, x2: float, y2: float) -> str:
    """Short strokes across a stressful line (Hartman's hatched line)."""
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    strokes = []
    for step in range(1, max(2, int(length // 16))):
        px, py = x1 + ux * 16 * step, y1 + uy * 16 * step
        if 16 * step > length - 18:
            break
        strokes.append(f"M{f(px - uy * 7)},{f(py + ux * 7)} L{f(px + uy * 7)},{f(py - ux * 7)}")
    return f'<path d="{" ".join(strokes)}" stroke="{STRESS}" stroke-width="2" fill="none"/>'


def node_shape(x: float, y: float, r: float, kind: str, sector: Sector, active: bool) -> str:
    """A contact: a circle for a person, a rounded box for a group, a square box for a service.

    A contact whose tie is dormant or possible is drawn white with a dashed outline.
    """
    fill = FILL[sector] if active else "#ffffff"
    style = f'fill="{fill}" stroke="{EDGE[sector]}" stroke-width="2"'
    style += "" if active else f" {INACTIVE_OUTLINE}"
    if kind == "person":
        return f'<circle cx="{f(x)}" cy="{f(y)}" r="{f(r)}" {style}/>'
    rx = "10" if kind == "group" else "2"
    return (
        f'<rect x="{f(x - r * 1.3)}" y="{f(y - r)}" width="{f(r * 2.6)}" height="{f(r * 2)}" '
        f'rx="{rx}" {style}/>'
    )


def crossed_out(x: float, y: float, r: float) -> str:
    """A person who has died: a grey circle crossed out, as genograms draw a death."""
    d = r * 0.72
    return (
        f'<circle cx="{f(x)}" cy="{f(y)}" r="{f(r)}" fill="#f4f4f4" stroke="{MUTED}" '
        f'stroke-width="2"/><path d="M{f(x - d)} {f(y - d)} L{f(x + d)} {f(y + d)} '
        f'M{f(x + d)} {f(y - d)} L{f(x - d)} {f(y + d)}" stroke="{INK}" stroke-width="2"/>'
    )
