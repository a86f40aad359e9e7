"""Draw an ego map as an ecomap (Hartman 1978) on convoy circles (Kahn & Antonucci 1980).

Hand-written SVG: no drawing dependency, every text escaped, no script or external
reference, so it can be embedded inline in an HTML report. The same graph gives the same
bytes on the same fonts: nodes are placed by sorted order, numbers printed to one decimal.
Labels are measured with the font the PNG draws them with and placed where they overlap
nothing (`careplanner.network._layout`).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.models import FORMAL_RELATIONS, KIN_RELATIONS, Language
from careplanner.network._fonts import FONT
from careplanner.network._layout import ASCENT, LINE, Anchor, Box, Placed, place_labels, wrap
from careplanner.network._legend import LEGEND_X, RADII, WIDTH, deceased_list, key_list, legend
from careplanner.network._metrics import Measure, bold, measure_with
from careplanner.network._schema import circle, flow, graph_ego, strength, validate
from careplanner.network._styles import (
    HOUSEHOLD,
    INK,
    LINE_STYLE,
    RING,
    SECTORS,
    STRESS,
    Sector,
    esc,
    f,
    hatches,
    line,
    node_shape,
    tspans,
)
from careplanner.network._text import text

CX, BAND, CLIENT_R = 455.0, 368.0, 40.0
#: A white outline under each label's letters, so a line crossing it does not hide them.
HALO = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
TITLE_SIZE, TITLE_LEADING = 20.0, 25.0
ARROW_ENDS: dict[str, tuple[str, ...]] = {
    "in": ("marker-end",),
    "out": ("marker-end",),
    "both": ("marker-start", "marker-end"),
    "none": (),
}


@dataclass(frozen=True)
class _Spot:
    node: str
    x: float
    y: float
    ux: float  # unit vector from the client
    uy: float
    r: float
    sector: Sector
    kind: str
    label: str
    tie: Mapping[str, Any]

    @property
    def half_w(self) -> float:
        return self.r * (1.0 if self.kind == "person" else 1.3)

    @property
    def household(self) -> bool:
        return bool(self.tie["distance"] == "household")


def ecomap_svg(
    G: nx.Graph,
    *,
    lang: Language,
    show_identity: bool = False,
    title: str | None = None,
    deceased: Sequence[str] = (),
    font: str | os.PathLike[str] | None = None,
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
        A heading, e.g. `ecomap_title` for a map that stands alone (escaped, wrapped).
    deceased : sequence of str
        People who have died (`deceased_labels`), listed under the legend in the genogram
        convention: the person's symbol crossed out.
    font : str or path, optional
        The font file whose advance widths measure the labels; by default the CJK font the
        PNG draws with (`ecomap_png`), else an estimate.

    Returns
    -------
    str
        SVG 1.1 text, 1180 user units wide and at least 790 high (taller when the legend,
        the list of the dead or the key of numbered labels needs it), starting with ``<svg``.

    Notes
    -----
    The client sits in the centre of three convoy circles (inner: closeness 5; middle: 3-4;
    outer: 1-2) [1]_. Lines follow the ecomap conventions [2]_: thick solid strong, thin
    solid weak, dashed tenuous, red with cross-strokes stressful, grey dotted dormant,
    purple dash-dotted possible; arrows show which way support flows. Contacts are grouped
    in sectors (family, friends and community, services); those of the household come
    first, inside a dashed boundary with the client. A contact with a dormant or possible
    tie has a dashed outline. The legend names only the styles drawn. Labels are placed
    without overlap; one that finds no free place is numbered and listed under the map.

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
    measure = measure_with(None if font is None else os.fspath(font))
    words = text().legend
    heading = wrap(words["title"][lang] if title is None else title, 860, bold(measure), TITLE_SIZE)
    cy = 18 + TITLE_LEADING * len(heading) + BAND
    spots = _place(G, ego, lang, show_identity, cy)
    prefix = _prefix(G)
    legend_parts, legend_bottom = legend(_used(G, spots), lang, prefix, measure, 18.0)
    dead_parts, dead_bottom = deceased_list(deceased, lang, measure, legend_bottom + 8)
    client = G.nodes[ego].get("name") if show_identity else None
    client_lines = wrap(client or words["client"][lang], 2 * CLIENT_R - 10, bold(measure))
    obstacles = [
        (0.0, 0.0, 24 + max(bold(measure)(h, TITLE_SIZE) for h in heading), cy - BAND),
        (LEGEND_X - 10, 0.0, WIDTH, dead_bottom),
        _client_box(client_lines, measure, cy),
        *(_node_box(s) for s in spots.values()),
    ]
    segments = [_ends(s, cy) for s in spots.values()] + _link_segments(G, spots)
    anchors = [Anchor(s.x, s.y, s.half_w, s.r, s.ux, s.uy, s.label) for s in spots.values()]
    placed = place_labels(anchors, obstacles, segments, (8.0, 8.0, WIDTH - 8, cy + BAND), measure)
    numbered = [s.label for s, p in zip(spots.values(), placed, strict=True) if p is None]
    key_parts, key_bottom = key_list(numbered, lang, measure, cy + BAND)
    height = max(cy + BAND, dead_bottom + 12, key_bottom + 12)
    parts = [_head(prefix, heading, height)]
    parts += _household(list(spots.values()), cy)
    parts += _rings(cy)
    parts += [line(*s, f'class="link" {LINE_STYLE["link"]}') for s in _link_segments(G, spots)]
    parts += [_tie_line(spot, prefix, cy) for spot in spots.values()]
    parts.append(_client(client_lines, cy))
    parts += _nodes(list(spots.values()), placed)
    parts += [*legend_parts, *dead_parts, *key_parts, "</svg>\n"]
    return "\n".join(parts)


def _prefix(G: nx.Graph) -> str:
    """Return an id prefix for the markers, the same whatever order `G` was built in."""
    edges = sorted((*sorted((u, v)), sorted(d.items())) for u, v, d in G.edges(data=True))
    return "em" + hashlib.sha256(repr(edges).encode()).hexdigest()[:8]


def _place(
    G: nx.Graph, ego: str, lang: Language, show_identity: bool, cy: float
) -> dict[str, _Spot]:
    """Spread the contacts round the client: household first, then by sector and id."""
    ties = sorted(
        (
            (alter, G.edges[ego, alter])
            for alter in G.adj[ego]
            if G.edges[ego, alter]["kind"] == "tie"
        ),
        key=lambda pair: (
            pair[1]["distance"] != "household",
            SECTORS.index(_sector(pair[1]["relation"])),
            pair[0],
        ),
    )
    r = 24.0 if len(ties) <= 16 else max(16.0, 24.0 - 0.6 * (len(ties) - 16))
    step = 2 * math.pi / max(len(ties), 1)
    rings = [RADII[circle(tie["closeness"])] for _, tie in ties]
    spots = {}
    for index, (alter, tie) in enumerate(ties):
        # Half a step off 12 o'clock, so the first and last contacts do not meet there.
        angle = -math.pi / 2 + step * (index + 0.5)
        radius = rings[index] + _stagger(rings, index, step, r)
        data = G.nodes[alter]
        shown = data.get("name") if show_identity else None
        spots[alter] = _Spot(
            node=alter,
            x=CX + radius * math.cos(angle),
            y=cy + radius * math.sin(angle),
            ux=math.cos(angle),
            uy=math.sin(angle),
            r=r,
            sector=_sector(tie["relation"]),
            kind=data["kind"],
            label=shown or data.get(f"label_{lang}", alter),
            tie=tie,
        )
    return spots


def _stagger(rings: Sequence[float], index: int, step: float, r: float) -> float:
    """Move a contact in or out of its circle when its neighbours on the same circle crowd it.

    In a run of neighbours on one circle closer than two node widths, every other one moves
    out and the rest in, so they stay apart and inside their circle's band.
    """
    ring = rings[index]
    if ring * step >= 2 * r + 10:
        return 0.0
    start = index
    while start > 0 and rings[start - 1] == ring:
        start -= 1
    alone = (index == 0 or rings[index - 1] != ring) and (
        index == len(rings) - 1 or rings[index + 1] != ring
    )
    return 0.0 if alone else (22.0 if (index - start) % 2 else -22.0)


def _sector(relation: str) -> Sector:
    if relation in KIN_RELATIONS:
        return "kin"
    return "formal" if relation in FORMAL_RELATIONS else "informal"


def _used(G: nx.Graph, spots: Mapping[str, _Spot]) -> set[str]:
    """The legend keys of everything drawn."""
    used: set[str] = set()
    for spot in spots.values():
        tie = spot.tie
        used.add(spot.sector)
        used.update({spot.kind} & {"group", "service"})
        if tie["status"] != "active":
            used.update({tie["status"], "inactive_contact"})
            continue
        used.add(strength(tie["closeness"], tie["contacts_per_month"]))
        used.update({"stressful"} if tie["stressful"] else set())
        arrows = flow(tie["support_given"], tie["support_received"]) != "none"
        used.update({"flow"} if arrows else set())
    used.update({"household"} if any(s.household for s in spots.values()) else set())
    return used | ({"link"} if _link_segments(G, spots) else set())


def _head(prefix: str, heading: Sequence[str], height: float) -> str:
    markers = "".join(
        f'<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="14" markerHeight="14" markerUnits="userSpaceOnUse" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("arrow", INK), ("stress", STRESS))
    )
    title = esc(" ".join(heading))
    spans = tspans(24, heading, TITLE_LEADING)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{f(WIDTH)}" height="{f(height)}" '
        f'viewBox="0 0 {f(WIDTH)} {f(height)}" role="img" aria-label="{title}" '
        f'font-family="{FONT}" font-size="14">\n<title>{title}</title>\n'
        f"<defs>{markers}</defs>\n"
        f'<rect width="{f(WIDTH)}" height="{f(height)}" fill="#ffffff"/>\n'
        f'<text class="title" x="24" y="36" font-size="{TITLE_SIZE:g}" font-weight="bold" '
        f'fill="{INK}">{spans}</text>'
    )


def _rings(cy: float) -> list[str]:
    return [
        f'<circle cx="{f(CX)}" cy="{f(cy)}" r="{f(radius)}" {RING}/>' for radius in RADII.values()
    ]


def _household(spots: Sequence[_Spot], cy: float) -> list[str]:
    """The household boundary: a dashed line round the client and those who live with them.

    The household comes first in the order round the client, so the boundary is one lobe:
    its radius at each angle reaches past the household contacts there, and falls back to
    just round the client within half a step of the first and last of them.
    """
    inside = [s for s in spots if s.household]
    if not inside:
        return []
    step = 2 * math.pi / len(spots)
    start = -math.pi / 2
    points = [(start, CLIENT_R + 14)]
    for spot in inside:
        angle = (math.atan2(spot.uy, spot.ux) - start) % (2 * math.pi) + start
        reach = math.hypot(spot.x - CX, spot.y - cy) + spot.half_w + 12
        width = min(math.atan2(spot.half_w + 12, reach), step * 0.42)
        points += [(angle - width, reach), (angle + width, reach)]
    end = points[-1][0] + min(step * 0.45, math.pi / 8)
    points += [(end, CLIENT_R + 14), (start + 2 * math.pi, CLIENT_R + 14)]
    outline = []
    for (a0, r0), (a1, r1) in pairwise(points):
        for k in range(max(1, int((a1 - a0) / 0.04))):
            t = k / max(1, int((a1 - a0) / 0.04))
            a, rr = a0 + (a1 - a0) * t, r0 + (r1 - r0) * t
            outline.append(f"{f(CX + rr * math.cos(a))},{f(cy + rr * math.sin(a))}")
    return [f'<polygon class="household" points="{" ".join(outline)}" {HOUSEHOLD}/>']


def _link_segments(
    G: nx.Graph, spots: Mapping[str, _Spot]
) -> list[tuple[float, float, float, float]]:
    return [
        (spots[a].x, spots[a].y, spots[b].x, spots[b].y)
        for a, b, data in sorted(G.edges(data=True))
        if data["kind"] == "link" and a in spots and b in spots
    ]


def _tie_line(spot: _Spot, prefix: str, cy: float) -> str:
    """Return the client-to-contact line: strength, stress and flow drawn Hartman's way."""
    tie = spot.tie
    x1, y1, x2, y2 = _ends(spot, cy)
    if tie["status"] != "active":
        return line(x1, y1, x2, y2, f'class="tie {tie["status"]}" {LINE_STYLE[tie["status"]]}')
    kind = strength(tie["closeness"], tie["contacts_per_month"])
    stressful = bool(tie["stressful"])
    direction = flow(tie["support_given"], tie["support_received"])
    if direction == "in":  # drawn towards the client so the head sits at the client
        x1, y1, x2, y2 = x2, y2, x1, y1
    look = LINE_STYLE[kind]
    if stressful:
        look = look.replace(f'stroke="{INK}"', f'stroke="{STRESS}"')
    marker = "stress" if stressful else "arrow"
    style = f'class="tie {kind}{" stressful" if stressful else ""}" {look}' + "".join(
        f' {end}="url(#{prefix}-{marker})"' for end in ARROW_ENDS[direction]
    )
    return line(x1, y1, x2, y2, style) + (hatches(x1, y1, x2, y2) if stressful else "")


def _ends(spot: _Spot, cy: float) -> tuple[float, float, float, float]:
    """Return the ends of the line from the client's rim to the contact's rim."""
    ux, uy = spot.ux, spot.uy
    return (
        CX + ux * CLIENT_R,
        cy + uy * CLIENT_R,
        spot.x - ux * (spot.r + 2),
        spot.y - uy * (spot.r + 2),
    )


def _client_box(lines: Sequence[str], measure: Measure, cy: float) -> Box:
    half = max(CLIENT_R, max(bold(measure)(part, 14) for part in lines) / 2) + 4
    tall = max(CLIENT_R, LINE * len(lines) / 2) + 4
    return (CX - half, cy - tall, CX + half, cy + tall)


def _client(lines: Sequence[str], cy: float) -> str:
    top = cy - LINE * len(lines) / 2 + ASCENT
    spans = tspans(CX, lines, LINE)
    return (
        f'<circle cx="{f(CX)}" cy="{f(cy)}" r="{f(CLIENT_R)}" fill="#fff3b0" stroke="{INK}" '
        f'stroke-width="2.5"/><text class="client" x="{f(CX)}" y="{f(top)}" '
        f'text-anchor="middle" font-weight="bold" fill="{INK}">{spans}</text>'
    )


def _node_box(spot: _Spot) -> Box:
    return (
        spot.x - spot.half_w - 3,
        spot.y - spot.r - 3,
        spot.x + spot.half_w + 3,
        spot.y + spot.r + 3,
    )


def _nodes(spots: Sequence[_Spot], placed: Sequence[Placed | None]) -> list[str]:
    """Each contact with its label beside it, or with its number in the key."""
    out, number = [], 0
    for spot, where in zip(spots, placed, strict=True):
        active = spot.tie["status"] == "active"
        shape = node_shape(spot.x, spot.y, spot.r, spot.kind, spot.sector, active)
        if where is None:
            number += 1
            mark = (
                f'<text class="key-number" x="{f(spot.x)}" y="{f(spot.y + 5)}" '
                f'text-anchor="middle" font-weight="bold" fill="{INK}">{number}</text>'
            )
        else:
            mark = _label(where)
        look = f"{spot.sector} {spot.kind}{'' if active else ' inactive'}"
        out.append(f'<g class="node {look}"><title>{esc(spot.label)}</title>{shape}{mark}</g>')
    return out


def _label(where: Placed) -> str:
    left, top, right, _ = where.box
    x = {"start": left, "end": right, "middle": (left + right) / 2}[where.anchor]
    spans = tspans(x, where.lines, LINE)
    leader = (
        line(*where.leader, 'class="leader" stroke="#8c8c8c" stroke-width="1"')
        if where.leader is not None
        else ""
    )
    return (
        f'{leader}<text class="label" x="{f(x)}" y="{f(top + ASCENT)}" '
        f'text-anchor="{where.anchor}" fill="{INK}" {HALO}>{spans}</text>'
    )
