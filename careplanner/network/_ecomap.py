"""Draw an ego map as an ecomap (Hartman 1978) on convoy circles (Kahn & Antonucci 1980).

Hand-written SVG: no drawing dependency, every text escaped, no script or external
reference, so it can be embedded inline in an HTML report. The same graph gives the same
bytes: nodes are placed by sorted order, numbers printed to one decimal.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.models import FORMAL_RELATIONS, KIN_RELATIONS, Language
from careplanner.network._schema import Circle, Flow, circle, flow, graph_ego, strength, validate
from careplanner.network._text import LegendKey, text

WIDTH, HEIGHT = 1180, 780
CX, CY = 460.0, 395.0
RADII: dict[Circle, float] = {"inner": 118.0, "middle": 212.0, "outer": 305.0}
CLIENT_R, NODE_R = 40.0, 24.0
FONT = (
    "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC',"
    "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"
)
Sector = Literal["kin", "informal", "formal"]
SECTORS: tuple[Sector, ...] = ("kin", "informal", "formal")
FILL = {"kin": "#fde2c8", "informal": "#dcefd6", "formal": "#dbe6f5"}
EDGE = {"kin": "#b35c14", "informal": "#2f6f2f", "formal": "#2c5a96"}
LEGEND_X, LEGEND_Y = 940.0, 70.0
WIDTH_OF = {"strong": 5.0, "weak": 2.0, "tenuous": 2.0}
DASH = {"strong": "", "weak": "", "tenuous": "9 6"}
ARROW_ENDS: dict[Flow, tuple[str, ...]] = {
    "in": ("marker-end",),
    "out": ("marker-end",),
    "both": ("marker-start", "marker-end"),
    "none": (),
}
INK, STRESS, FAINT = "#333333", "#c0392b", "#9a9a9a"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class _Spot:
    node: str
    x: float
    y: float
    ux: float  # unit vector from the client
    uy: float
    sector: Sector
    kind: str
    label: str
    tie: Mapping[str, Any]


def ecomap_svg(
    G: nx.Graph,
    *,
    lang: Language,
    show_identity: bool = False,
    title: str | None = None,
    deceased: Sequence[str] = (),
) -> str:
    """Return the ecomap of an ego map as a self-contained SVG document.

    Parameters
    ----------
    G : networkx.Graph
        An ego map (`build_network`): a client node and its ties.
    lang : {"en", "zh-CN"}
        Language of labels and legend. A contact shows ``label_<lang>``, else its id.
    show_identity : bool
        Show names (node attribute ``name``) instead of labels; off by default.
    title : str, optional
        A heading, e.g. the date and kind of the assessment (escaped).
    deceased : sequence of str
        Labels of people who have died (`deceased_labels`), drawn apart from the living
        network in the genogram convention: the person's symbol crossed out.

    Returns
    -------
    str
        SVG 1.1 text, 1180 x 780 user units, starting with ``<svg``.

    Notes
    -----
    The client sits in the centre of three convoy circles (inner: closeness 5; middle: 3-4;
    outer: 1-2) [1]_. Lines follow the ecomap conventions [2]_: thick solid strong, thin
    solid weak, dashed tenuous, red with cross-strokes stressful, grey dotted dormant or
    possible; arrows show which way support flows. Contacts are grouped in sectors: family,
    friends and community, services.

    References
    ----------
    .. [1] Kahn R. L., Antonucci T. C. "Convoys over the life course". Life-span development
       and behavior 3 (1980) 253-286.
    .. [2] Hartman A. "Diagrammatic assessment of family relationships". Social Casework 59
       (1978) 465-476.
    """
    validate(G)
    ego = graph_ego(G)
    if G.nodes[ego].get("kind") != "client":
        raise NetworkError("an ecomap needs an ego map: the ego must be the client node")
    spots = _place(G, ego, lang, show_identity)
    prefix = _prefix(G)
    words = text()
    parts = [_head(prefix, words.legend["title"][lang] if title is None else title)]
    parts += _rings()
    parts += _links(G, spots)
    parts += [_tie_line(spot, prefix) for spot in spots.values()]
    client_label = G.nodes[ego].get("name") if show_identity else None
    parts.append(_client(client_label or words.legend["client"][lang]))
    parts += [_node(spot) for spot in spots.values()]
    parts += _deceased(deceased, lang)
    parts += _legend(lang, prefix)
    parts.append("</svg>\n")
    return "\n".join(parts)


def _prefix(G: nx.Graph) -> str:
    """Return an id prefix for the markers, the same whatever order `G` was built in."""
    edges = sorted((*sorted((u, v)), sorted(d.items())) for u, v, d in G.edges(data=True))
    return "em" + hashlib.sha256(repr(edges).encode()).hexdigest()[:8]


def _place(G: nx.Graph, ego: str, lang: Language, show_identity: bool) -> dict[str, _Spot]:
    ties = sorted(
        (
            (alter, G.edges[ego, alter])
            for alter in G.adj[ego]
            if G.edges[ego, alter]["kind"] == "tie"
        ),
        key=lambda pair: (SECTORS.index(_sector(pair[1]["relation"])), pair[0]),
    )
    spots = {}
    for index, (alter, tie) in enumerate(ties):
        # Half a step off 12 o'clock, which is kept for the circle names.
        angle = -math.pi / 2 + math.pi * (2 * index + 1) / len(ties)
        radius = RADII[circle(tie["closeness"])]
        data = G.nodes[alter]
        shown = data.get("name") if show_identity else None
        spots[alter] = _Spot(
            node=alter,
            x=CX + radius * math.cos(angle),
            y=CY + radius * math.sin(angle),
            ux=math.cos(angle),
            uy=math.sin(angle),
            sector=_sector(tie["relation"]),
            kind=data["kind"],
            label=shown or data.get(f"label_{lang}", alter),
            tie=tie,
        )
    return spots


def _sector(relation: str) -> Sector:
    if relation in KIN_RELATIONS:
        return "kin"
    return "formal" if relation in FORMAL_RELATIONS else "informal"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _esc(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value), quote=True)


def _head(prefix: str, title: str) -> str:
    markers = "".join(
        f'<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="14" markerHeight="14" markerUnits="userSpaceOnUse" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("arrow", INK), ("stress", STRESS))
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}" '
        f'font-family="{FONT}" font-size="14">\n<title>{_esc(title)}</title>\n'
        f"<defs>{markers}</defs>\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>\n'
        f'<text x="24" y="34" font-size="20" font-weight="bold" fill="{INK}">{_esc(title)}</text>'
    )


def _rings() -> list[str]:
    return [
        f'<circle cx="{_f(CX)}" cy="{_f(CY)}" r="{_f(radius)}" fill="none" '
        f'stroke="#cfcfcf" stroke-width="1.5" stroke-dasharray="3 5"/>'
        for radius in RADII.values()
    ]


def _links(G: nx.Graph, spots: Mapping[str, _Spot]) -> list[str]:
    out = []
    for a, b, data in sorted(G.edges(data=True)):
        if data["kind"] == "link" and a in spots and b in spots:
            s, t = spots[a], spots[b]
            out.append(
                _line(s.x, s.y, t.x, t.y, 'class="link" stroke="#b8b8b8" stroke-width="1.2"')
            )
    return out


def _tie_line(spot: _Spot, prefix: str) -> str:
    """Return the client-to-contact line: strength, stress and flow drawn Hartman's way."""
    tie = spot.tie
    x1, y1, x2, y2 = _ends(spot)
    if tie["status"] != "active":
        style = f'class="tie inactive" stroke="{FAINT}" stroke-width="1.5" stroke-dasharray="2 5"'
        return _line(x1, y1, x2, y2, style)
    kind = strength(tie["closeness"], tie["contacts_per_month"])
    stressful = bool(tie["stressful"])
    colour, marker = (STRESS, "stress") if stressful else (INK, "arrow")
    direction = flow(tie["support_given"], tie["support_received"])
    if direction == "in":  # drawn towards the client so the head sits at the client
        x1, y1, x2, y2 = x2, y2, x1, y1
    style = (
        f'class="tie {kind}{" stressful" if stressful else ""}" stroke="{colour}" '
        f'stroke-width="{_f(WIDTH_OF[kind])}"'
        + (f' stroke-dasharray="{DASH[kind]}"' if DASH[kind] else "")
        + "".join(f' {end}="url(#{prefix}-{marker})"' for end in ARROW_ENDS[direction])
    )
    return _line(x1, y1, x2, y2, style) + (_hatches(x1, y1, x2, y2) if stressful else "")


def _ends(spot: _Spot) -> tuple[float, float, float, float]:
    """Return the ends of the line from the client's rim to the contact's rim."""
    ux, uy = spot.ux, spot.uy
    return (
        CX + ux * CLIENT_R,
        CY + uy * CLIENT_R,
        spot.x - ux * (NODE_R + 2),
        spot.y - uy * (NODE_R + 2),
    )


def _line(x1: float, y1: float, x2: float, y2: float, style: str) -> str:
    return f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" {style}/>'


def _hatches(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return short strokes across a stressful line (Hartman's hatched line)."""
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    strokes = []
    for step in range(1, max(2, int(length // 16))):
        px, py = x1 + ux * 16 * step, y1 + uy * 16 * step
        if 16 * step > length - 18:
            break
        strokes.append(f"M{_f(px - uy * 7)},{_f(py + ux * 7)} L{_f(px + uy * 7)},{_f(py - ux * 7)}")
    return f'<path d="{" ".join(strokes)}" stroke="{STRESS}" stroke-width="2" fill="none"/>'


def _client(label: str) -> str:
    return (
        f'<circle cx="{_f(CX)}" cy="{_f(CY)}" r="{_f(CLIENT_R)}" fill="#fff3b0" stroke="{INK}" '
        f'stroke-width="2.5"/><text x="{_f(CX)}" y="{_f(CY + 5)}" text-anchor="middle" '
        f'font-weight="bold" fill="{INK}">{_esc(_wrap(label, 70.0, 1)[0])}</text>'
    )


def _node(spot: _Spot) -> str:
    fill, edge = FILL[spot.sector], EDGE[spot.sector]
    if spot.tie["status"] != "active":
        fill, edge = "#f4f4f4", FAINT
    x, y, r = _f(spot.x), _f(spot.y), NODE_R
    style = f'fill="{fill}" stroke="{edge}" stroke-width="2"'
    if spot.kind == "person":
        shape = f'<circle cx="{x}" cy="{y}" r="{_f(r)}" {style}/>'
    else:  # groups: rounded box; services: square box
        rx = "10" if spot.kind == "group" else "2"
        shape = (
            f'<rect x="{_f(spot.x - r * 1.3)}" y="{_f(spot.y - r)}" width="{_f(r * 2.6)}" '
            f'height="{_f(r * 2)}" rx="{rx}" {style}/>'
        )
    return f"<g><title>{_esc(spot.label)}</title>{shape}{_node_label(spot)}</g>"


def _node_label(spot: _Spot) -> str:
    """Return the label outside the node, on the side away from the client, in 1-2 lines."""
    lines = _wrap(spot.label, 130.0, 2)
    half_width = NODE_R * (1.0 if spot.kind == "person" else 1.3)
    x = spot.x + spot.ux * (half_width + 6)
    y = spot.y + spot.uy * (NODE_R + 6)
    anchor = "start" if spot.ux > 0.35 else ("end" if spot.ux < -0.35 else "middle")
    y += 14 if spot.uy > 0.35 else (-2 - 16 * (len(lines) - 1) if spot.uy < -0.35 else 5)
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{0 if index == 0 else 16}">{_esc(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" fill="{INK}">{spans}</text>'


def _units(chars: str) -> float:
    """Return the estimated width of `chars` at 14 px: 14 per CJK character, 7.7 per other."""
    return sum(14.0 if ord(char) > 0x2E7F else 7.7 for char in chars)


def _wrap(label: str, width: float, most: int) -> list[str]:
    """Break `label` into at most `most` lines of about `width` units; cut the rest with "…".

    Latin text breaks at the last space that fits, CJK text anywhere.
    """
    lines: list[str] = []
    line = ""
    for char in label:
        if line and _units(line + char) > width:
            head, space, tail = line.rpartition(" ")
            at_space = char == " " or not (space and head)
            if len(lines) == most - 1:
                return [*lines, (line if at_space else head).rstrip() + "…"]
            lines.append((line if at_space else head).rstrip())
            line = "" if at_space else tail
            if char == " ":
                continue
        line += char
    return [*lines, line.strip()]


def _deceased(labels: Sequence[str], lang: Language) -> list[str]:
    """People who died, bottom left: a grey circle crossed out, as genograms draw a death."""
    shown = labels[:4]  # the corner holds four; more belong in the case notes
    if not shown:
        return []
    top = 735 - 40 * len(shown)
    out = [_legend_text(30, top, text().legend["deceased"][lang])]
    for index, label in enumerate(shown):
        x, y = 50, top + 30 + 40 * index
        out.append(
            f'<g><title>{_esc(label)}</title><circle cx="{_f(x)}" cy="{_f(y)}" r="14" '
            f'fill="#f4f4f4" stroke="{FAINT}" stroke-width="2"/>'
            f'<path d="M{_f(x - 10)} {_f(y - 10)} L{_f(x + 10)} {_f(y + 10)} '
            f'M{_f(x + 10)} {_f(y - 10)} L{_f(x - 10)} {_f(y + 10)}" stroke="{INK}" '
            f'stroke-width="2"/>'
            f'<text x="{_f(x + 20)}" y="{_f(y + 5)}" fill="{INK}">'
            f"{_esc(_wrap(label, 170.0, 1)[0])}</text></g>"
        )
    return out


def _legend(lang: Language, prefix: str) -> list[str]:
    words = text().legend
    rows: Sequence[tuple[LegendKey, str]] = (
        ("strong", f'stroke="{INK}" stroke-width="5"'),
        ("weak", f'stroke="{INK}" stroke-width="2"'),
        ("tenuous", f'stroke="{INK}" stroke-width="2" stroke-dasharray="9 6"'),
        ("stressful", f'stroke="{STRESS}" stroke-width="2"'),
        ("inactive", f'stroke="{FAINT}" stroke-width="1.5" stroke-dasharray="2 5"'),
        ("link", 'stroke="#b8b8b8" stroke-width="1.2"'),
        ("flow", f'stroke="{INK}" stroke-width="2" marker-end="url(#{prefix}-arrow)"'),
    )
    out = []
    x, y = LEGEND_X, LEGEND_Y
    for index, (key, style) in enumerate(rows):
        yy = y + index * 30
        out.append(_line(x, yy, x + 48, yy, style))
        if key == "stressful":
            out.append(_hatches(x - 8, yy, x + 56, yy))
        out.append(_legend_text(x + 60, yy + 5, words[key][lang]))
    nodes_y = y + len(rows) * 30 + 10
    return out + _legend_nodes(lang, nodes_y) + _legend_circles(lang, nodes_y + 5 * 30 + 10)


def _legend_nodes(lang: Language, y: float) -> list[str]:
    words, x, out = text().legend, LEGEND_X + 24, []
    for index, sector in enumerate(SECTORS):
        yy = y + index * 30
        out.append(
            f'<circle cx="{_f(x)}" cy="{_f(yy)}" r="10" fill="{FILL[sector]}" '
            f'stroke="{EDGE[sector]}" stroke-width="2"/>'
        )
        out.append(_legend_text(LEGEND_X + 60, yy + 5, words[sector][lang]))
    shapes: tuple[tuple[LegendKey, int], ...] = (("group", 6), ("service", 1))
    for index, (kind, rx) in enumerate(shapes):
        yy = y + (len(SECTORS) + index) * 30
        out.append(
            f'<rect x="{_f(x - 16)}" y="{_f(yy - 10)}" width="32" height="20" rx="{rx}" '
            f'fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>'
        )
        out.append(_legend_text(LEGEND_X + 60, yy + 5, words[kind][lang]))
    return out


def _legend_circles(lang: Language, y: float) -> list[str]:
    """Return the convoy circles and the closeness each holds (from `circle`)."""
    words, out = text(), []
    for index, name in enumerate(RADII):
        levels = [level for level in range(1, 6) if circle(level) == name]
        span = f"{levels[0]}" if len(levels) == 1 else f"{levels[0]}\u2013{levels[-1]}"
        rule = words.legend["closeness"][lang].format(circle=words.circles[name][lang], range=span)
        yy = y + index * 30
        out.append(
            f'<circle cx="{_f(LEGEND_X + 24)}" cy="{_f(yy)}" r="{_f(4 + 4 * index)}" fill="none" '
            f'stroke="#9a9a9a" stroke-width="1.5" stroke-dasharray="3 3"/>'
        )
        out.append(_legend_text(LEGEND_X + 60, yy + 5, rule))
    return out


def _legend_text(x: float, y: float, label: str) -> str:
    return f'<text x="{_f(x)}" y="{_f(y)}" font-size="13" fill="{INK}">{_esc(label)}</text>'
