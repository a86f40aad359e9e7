"""Measure label text with a font's own advance widths, so labels can be placed without overlap.

The ecomap measures each label with the font the PNG draws it with: the CJK font found by
family name (`careplanner.network._fonts.find_cjk_font`) or the one given. The advance width
of each character comes from the font's ``cmap`` (character to glyph; formats 4 and 12) and
``hmtx`` (glyph to advance) tables, scaled by ``unitsPerEm`` from ``head`` [1]_. Kerning is
not applied, so a measured line is never narrower than the drawn one by more than the
kerning of its pairs. Without any font file the width falls back to an estimate: one em a
CJK or full-width character, 0.62 em any other (wider than the Latin letters of common
sans-serif fonts, so the estimate errs towards more room).

References
----------
.. [1] Microsoft. "OpenType specification 1.9: cmap, hmtx, hhea and head tables". 2022.
"""

from __future__ import annotations

import os
import struct
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from careplanner.network._fonts import faces, find_cjk_font, read_table, table_directory

Measure = Callable[[str, float], float]
_WIDE = (0x1100, 0x2E80)  # Hangul Jamo, then CJK from the radicals supplement onwards
_BOLD = 1.06  # a bold face is at most this much wider than the regular one in CJK fonts


@dataclass(frozen=True)
class FontMetrics:
    """The advance width of every character a font maps, in ems.

    ``starts``, ``ends`` and ``glyphs`` describe runs of characters mapped to consecutive
    glyphs (a ``cmap`` format 12 group; format 4 segments are turned into such runs).
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    glyphs: tuple[int, ...]
    advances: tuple[float, ...]

    def em(self, char: str) -> float:
        """The advance of `char` in ems; one em when the font has no glyph for it."""
        code = ord(char)
        at = bisect_right(self.starts, code) - 1
        if at < 0 or code > self.ends[at]:
            return 1.0
        glyph = self.glyphs[at] + code - self.starts[at]
        return self.advances[min(glyph, len(self.advances) - 1)] if glyph else 1.0


def read_metrics(path: str | os.PathLike[str]) -> FontMetrics | None:
    """The metrics of the first font in `path` that has them; None if it is not a font."""
    try:
        with Path(path).open("rb") as handle:
            for face in faces(handle):
                metrics = _face_metrics(handle, table_directory(handle, face))
                if metrics is not None:
                    return metrics
    except (OSError, struct.error, ValueError):
        return None
    return None


def _face_metrics(handle: BinaryIO, tables: dict[bytes, tuple[int, int]]) -> FontMetrics | None:
    if not {b"cmap", b"hmtx", b"hhea", b"head"} <= set(tables):
        return None
    (units,) = struct.unpack_from(">H", read_table(handle, tables[b"head"]), 18)
    (count,) = struct.unpack_from(">H", read_table(handle, tables[b"hhea"]), 34)
    hmtx = read_table(handle, tables[b"hmtx"])
    advances = tuple(width / units for width in struct.unpack_from(f">{count * 2}H", hmtx)[::2])
    runs = _cmap_runs(read_table(handle, tables[b"cmap"]))
    if not runs:
        return None
    starts, ends, glyphs = zip(*runs, strict=True)
    return FontMetrics(starts, ends, glyphs, advances)


def _cmap_runs(cmap: bytes) -> list[tuple[int, int, int]]:
    """Runs (first char, last char, first glyph) of the Unicode subtable, full repertoire first."""
    (_, count) = struct.unpack_from(">HH", cmap, 0)
    subtables = {}
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * n)
        subtables[(platform, encoding)] = offset
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            offset = subtables[key]
            (fmt,) = struct.unpack_from(">H", cmap, offset)
            if fmt == 12:
                return _format12(cmap, offset)
            if fmt == 4:
                return _format4(cmap, offset)
    return []


def _format12(cmap: bytes, offset: int) -> list[tuple[int, int, int]]:
    (groups,) = struct.unpack_from(">I", cmap, offset + 12)
    return [struct.unpack_from(">III", cmap, offset + 16 + 12 * n) for n in range(groups)]


def _format4(cmap: bytes, offset: int) -> list[tuple[int, int, int]]:
    """Runs of a format 4 subtable; a segment read through ``idRangeOffset`` gives one per char."""
    (segments,) = struct.unpack_from(">H", cmap, offset + 6)
    segments //= 2
    base = offset + 14
    ends = struct.unpack_from(f">{segments}H", cmap, base)
    starts = struct.unpack_from(f">{segments}H", cmap, base + 2 * segments + 2)
    deltas = struct.unpack_from(f">{segments}h", cmap, base + 4 * segments + 2)
    ranges_at = base + 6 * segments + 2
    ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)
    runs = []
    for n in range(segments):
        if starts[n] == 0xFFFF:
            continue
        if ranges[n] == 0:
            runs.append((starts[n], ends[n], (starts[n] + deltas[n]) % 65536))
            continue
        for code in range(starts[n], ends[n] + 1):
            at = ranges_at + 2 * n + ranges[n] + 2 * (code - starts[n])
            (glyph,) = struct.unpack_from(">H", cmap, at)
            if glyph:
                runs.append((code, code, (glyph + deltas[n]) % 65536))
    return sorted(runs)


def estimated_em(char: str) -> float:
    """The fallback advance of `char` in ems when no font file is available."""
    return 1.0 if ord(char) >= _WIDE[0] and not 0x2000 <= ord(char) < _WIDE[1] else 0.62


@cache
def system_metrics() -> FontMetrics | None:
    """The metrics of the CJK font the PNG would draw with, or None when there is none."""
    match = find_cjk_font()
    return read_metrics(match.path) if match is not None else None


@cache
def measure_with(path: str | None) -> Measure:
    """A function giving the width of a text at a font size, measured with the font at `path`.

    Without `path`, the system's CJK font (`system_metrics`); without that, `estimated_em`.
    """
    metrics = read_metrics(path) if path is not None else system_metrics()
    em = metrics.em if metrics is not None else estimated_em

    def measure(text: str, size: float) -> float:
        return size * sum(em(char) for char in text)

    return measure


def bold(measure: Measure) -> Measure:
    """`measure` for the bold face, which is slightly wider than the regular one."""
    return lambda text, size: measure(text, size) * _BOLD
