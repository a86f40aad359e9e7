"""Place the ecomap's labels so that none overlaps a node, another label or the canvas edge.

Each label is measured (`careplanner.network._metrics`) and wrapped, never cut. Candidate
boxes are tried around its node, the direction away from the client first, then the
directions turning away from it, at growing gaps (a thin leader line joins a label set off
from its node); a box that leaves the canvas or touches a node, the client, the title, the
legend or a label already placed is refused, and a box that crosses a line costs more. A
label with no free place at all is numbered: the number is written in its node and the
label in a key under the map. Labels are placed greedily, the most crowded nodes first
(Christensen, Marks & Shieber 1995 compare such greedy placement with better optimisers;
greedy with a fallback is enough to guarantee the no-overlap property cheaply).

References
----------
.. [1] Christensen J., Marks J., Shieber S. "An empirical study of algorithms for point-feature
   label placement". ACM Transactions on Graphics 14 (1995) 203-232.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.network._metrics import Measure

Box = tuple[float, float, float, float]  # left, top, right, bottom
Segment = tuple[float, float, float, float]
SIZE, LINE, ASCENT = 14.0, 17.0, 13.0  # label font size, line height, first baseline offset
_PAD = 3.0
_GAPS = (5.0, 16.0, 30.0, 48.0)
_TURNS = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8)
_WIDTHS = (260.0, 150.0, 110.0, 80.0)


@dataclass(frozen=True)
class Anchor:
    """A node to label: centre, half extents, the unit vector away from the client."""

    x: float
    y: float
    half_w: float
    half_h: float
    ux: float
    uy: float
    label: str


@dataclass(frozen=True)
class Placed:
    """Where a label goes: its lines, its box, the text anchor, and a leader line if set off."""

    lines: tuple[str, ...]
    box: Box
    anchor: str  # SVG text-anchor: start, middle or end
    leader: Segment | None


def wrap(label: str, width: float, measure: Measure, size: float = SIZE) -> list[str]:
    """Break `label` into lines no wider than `width`; nothing is cut.

    Latin text breaks at spaces; a word wider than `width`, and CJK text, break between
    characters (not before closing punctuation).

    Examples
    --------
    >>> wrap("old friend from work", 80, lambda text, size: 8.0 * len(text))
    ['old friend', 'from work']
    """
    lines: list[str] = []
    line = ""
    for word in _tokens(label):
        candidate = line + word
        if not line or measure(candidate.rstrip(), size) <= width or word.isspace():
            line = candidate
            continue
        if word[0] in _NO_LINE_START:
            line = candidate
            continue
        lines.append(line.rstrip())
        line = word.lstrip()
    lines.append(line.rstrip())
    return _split_wide(lines, width, measure, size)


_NO_LINE_START = frozenset("，。、；：？！）》」』】,.;:?!)")


def _tokens(label: str) -> list[str]:
    """Words with their trailing space, and every CJK character on its own."""
    tokens: list[str] = []
    for char in " ".join(label.split()):
        wide = ord(char) >= 0x2E80
        if (
            tokens and not wide and not tokens[-1][-1].isspace() and ord(tokens[-1][-1]) < 0x2E80
        ) or (tokens and char == " "):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _split_wide(lines: list[str], width: float, measure: Measure, size: float) -> list[str]:
    """Break any line still wider than `width` (one long word) between characters.

    A closing punctuation mark stays on its line even where it sticks out a little.
    """
    out: list[str] = []
    for line in lines:
        piece = ""
        for char in line:
            fits = measure(piece + char, size) <= width or char in _NO_LINE_START
            if piece and not fits:
                out.append(piece)
                piece = ""
            piece += char
        out.append(piece)
    return out


def place_labels(
    anchors: Sequence[Anchor],
    obstacles: Sequence[Box],
    lines: Sequence[Segment],
    canvas: Box,
    measure: Measure,
) -> list[Placed | None]:
    """Return a place for each label, or None for a label that must go to the key."""
    placed: list[Placed | None] = [None] * len(anchors)
    taken = [*obstacles]
    for index in _crowded_first(anchors):
        best = _best(anchors[index], taken, lines, canvas, measure)
        if best is not None:
            placed[index] = best
            taken.append(_grow(best.box, _PAD))
    return placed


def _crowded_first(anchors: Sequence[Anchor]) -> list[int]:
    def neighbours(a: Anchor) -> int:
        return sum(1 for b in anchors if math.hypot(a.x - b.x, a.y - b.y) < 120)

    return sorted(range(len(anchors)), key=lambda i: (-neighbours(anchors[i]), i))


def _best(
    anchor: Anchor, taken: Sequence[Box], lines: Sequence[Segment], canvas: Box, measure: Measure
) -> Placed | None:
    best: tuple[float, Placed] | None = None
    for rank, wrapped in enumerate(_wrappings(anchor.label, measure)):
        widths = [measure(line, SIZE) for line in wrapped]
        size = (max(widths), LINE * len(wrapped))
        for turn in _TURNS:
            angle = math.atan2(anchor.uy, anchor.ux) + turn * math.pi / 8
            for gap in _GAPS:
                cost = abs(turn) * 1.0 + gap / 12 + rank * 0.9
                if best is not None and cost >= best[0]:
                    break
                box, text_anchor = _box(anchor, angle, gap, size)
                if not _inside(box, canvas) or any(overlap(box, t) for t in taken):
                    continue
                cost += 6.0 * sum(1 for s in lines if _crosses(s, box))
                if best is None or cost < best[0]:
                    leader = _leader(anchor, box) if gap > _GAPS[1] else None
                    best = (cost, Placed(tuple(wrapped), box, text_anchor, leader))
    return None if best is None else best[1]


def _wrappings(label: str, measure: Measure) -> list[list[str]]:
    """The distinct ways to wrap `label`, widest first."""
    seen: list[list[str]] = []
    widest_word = max((measure(word.strip(), SIZE) for word in label.split()), default=0.0)
    for width in _WIDTHS:
        wrapped = wrap(label, max(width, widest_word), measure)
        if wrapped not in seen:
            seen.append(wrapped)
    return seen


def _box(anchor: Anchor, angle: float, gap: float, size: tuple[float, float]) -> tuple[Box, str]:
    dx, dy = math.cos(angle), math.sin(angle)
    px = anchor.x + dx * (anchor.half_w + gap)
    py = anchor.y + dy * (anchor.half_h + gap)
    width, height = size
    if dx > 0.38:
        left, text_anchor = px, "start"
    elif dx < -0.38:
        left, text_anchor = px - width, "end"
    else:
        left, text_anchor = px - width / 2, "middle"
    top = py if dy > 0.38 else (py - height if dy < -0.38 else py - height / 2)
    return (left, top, left + width, top + height), text_anchor


def _leader(anchor: Anchor, box: Box) -> Segment:
    """A line from the node's rim towards the nearest point of the label box."""
    nx_ = min(max(anchor.x, box[0]), box[2])
    ny = min(max(anchor.y, box[1]), box[3])
    length = math.hypot(nx_ - anchor.x, ny - anchor.y) or 1.0
    ux, uy = (nx_ - anchor.x) / length, (ny - anchor.y) / length
    rim = min(anchor.half_w / max(abs(ux), 1e-9), anchor.half_h / max(abs(uy), 1e-9))
    return (anchor.x + ux * rim, anchor.y + uy * rim, nx_ - ux * 2, ny - uy * 2)


def _grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _inside(box: Box, canvas: Box) -> bool:
    return (
        box[0] >= canvas[0] and box[1] >= canvas[1] and box[2] <= canvas[2] and box[3] <= canvas[3]
    )


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(segment: Segment, box: Box) -> bool:
    """Whether a line segment passes through a box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = segment
    low, high = 0.0, 1.0
    for p, q in (
        (x1 - x2, x1 - box[0]),
        (x2 - x1, box[2] - x1),
        (y1 - y2, y1 - box[1]),
        (y2 - y1, box[3] - y1),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True
