"""Scale scores as a worker reads them: total, band, cut-off basis, norm z and a small bar.

The bar is drawn from numbers only (`Bar`); the template turns it into inline SVG. Bands come
from the cut-off set the score was banded with; a scale with no default set shows its
convention set, if any, dashed and labelled "convention", so a number is never presented as
validated when it is not (see ``docs/instruments.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from careplanner.instruments import ScaleResult, get_scale
from careplanner.instruments.model import TOTAL, Band, CutoffSet, Scale
from careplanner.report._text import Words

WIDTH, PAD = 260.0, 8.0
#: Band tints from least to most concern, by number of bands (calm, print-safe colours).
TINTS = {
    2: ("#dcefe0", "#f6d6d2"),
    3: ("#dcefe0", "#fbeccc", "#f6d6d2"),
    4: ("#dcefe0", "#eef3cf", "#fbe3c2", "#f6d6d2"),
    5: ("#dcefe0", "#eef3cf", "#fbeccc", "#f9dcc6", "#f6d0cc"),
}


@dataclass(frozen=True)
class Segment:
    """A band drawn on the bar: from `x`, `width` wide, in `fill`."""

    x: float
    width: float
    fill: str


@dataclass(frozen=True)
class Tick:
    """A cut-off or norm mark on the bar, labelled with its value."""

    x: float
    label: str
    dashed: bool


@dataclass(frozen=True)
class Bar:
    """The geometry of one scale bar (SVG user units)."""

    width: float
    segments: tuple[Segment, ...]
    ticks: tuple[Tick, ...]
    marker: float
    low: int
    high: int


@dataclass(frozen=True)
class Cutoff:
    """The cut-off set behind a band: its label, kind and whether it was verified."""

    label: str
    band: str
    kind: str
    verified: bool
    source: str


@dataclass(frozen=True)
class ZScore:
    """A norm-referenced z-score of the total or a subscale."""

    target: str
    z: str


@dataclass(frozen=True)
class NormView:
    """The reference sample the z-scores use."""

    population: str
    n: int | None
    source: str
    verified: bool
    scores: tuple[ZScore, ...]


@dataclass(frozen=True)
class ScaleRow:
    """One scale as shown in the report."""

    id: str
    name: str
    total: int | None
    low: int
    high: int
    direction: str
    subscales: tuple[tuple[str, int], ...]
    cutoff: Cutoff | None
    bar: Bar | None
    norm: NormView | None
    safety_flags: tuple[str, ...]
    missing: tuple[str, ...]
    provisional: bool

    @property
    def subscale_texts(self) -> tuple[str, ...]:
        """``objective support 6`` and the like."""
        return tuple(f"{name} {value}" for name, value in self.subscales)


def scale_rows(scales: Mapping[str, ScaleResult], words: Words) -> tuple[ScaleRow, ...]:
    """Every scored scale of an assessment, in the order the case lists them."""
    return tuple(_row(result, words) for result in scales.values())


def _row(result: ScaleResult, words: Words) -> ScaleRow:
    scale = get_scale(result.scale_id)
    cut_set, cutoff = _cutoff(scale, result, words)
    names = {s.id: words.pick(s.name) for s in scale.subscales}
    return ScaleRow(
        id=scale.id,
        name=words.pick(scale.name),
        total=result.total,
        low=scale.total.min,
        high=scale.total.max,
        direction=words(f"scales.higher_is_{scale.higher_is}"),
        subscales=tuple((names.get(k, k), v) for k, v in result.subscales.items()),
        cutoff=cutoff,
        bar=None if result.total is None else _bar(scale, result.total, cut_set),
        norm=_norm(scale, result, names, words),
        safety_flags=tuple(words.pick(f.label) for f in result.flags if f.kind == "safety"),
        missing=result.missing_items,
        provisional=not result.scoring_verified,
    )


def _cutoff(
    scale: Scale, result: ScaleResult, words: Words
) -> tuple[CutoffSet | None, Cutoff | None]:
    """The set the total was banded with, else the scale's first set for the total."""
    band = result.bands.get(TOTAL)
    if band is not None:
        cut_set = {c.id: c for c in scale.cutoff_sets}[band.cutoff_set]
        label = words.pick(band.label)
    else:
        fallback = next((c for c in scale.cutoff_sets if TOTAL in c.applies_to), None)
        found = _band_of(fallback, result.total)
        if fallback is None or found is None:
            return None, None
        cut_set, label = fallback, words.pick(found.label)
    cutoff = Cutoff(
        label=words.pick(cut_set.label),
        band=label,
        kind=cut_set.kind,
        verified=cut_set.verified,
        source=cut_set.text("source", words.lang),
    )
    return cut_set, cutoff


def _band_of(cut_set: CutoffSet | None, total: int | None) -> Band | None:
    if cut_set is None or total is None:
        return None
    return next((b for b in cut_set.bands if b.min <= total <= b.max), None)


def _bar(scale: Scale, total: int, cut_set: CutoffSet | None) -> Bar:
    low, high = scale.total.min, scale.total.max

    def x(value: float) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (value - low) / (high - low), 1)

    segments: list[Segment] = []
    ticks: list[Tick] = []
    if cut_set is not None:
        bands = sorted(cut_set.bands, key=lambda b: b.min)
        tints = TINTS.get(len(bands), TINTS[5])
        order = tints if scale.higher_is == "worse" else tuple(reversed(tints[: len(bands)]))
        for band, tint in zip(bands, order, strict=False):
            start, end = x(max(band.min - 0.5, low)), x(min(band.max + 0.5, high))
            segments.append(Segment(x=start, width=round(end - start, 1), fill=tint))
        dashed = cut_set.kind == "convention" or not cut_set.verified
        ticks += [Tick(x=x(b.min - 0.5), label=str(b.min), dashed=dashed) for b in bands[1:]]
    return Bar(
        width=WIDTH,
        segments=tuple(segments),
        ticks=tuple(ticks),
        marker=x(total),
        low=low,
        high=high,
    )


def _norm(
    scale: Scale, result: ScaleResult, names: Mapping[str, str], words: Words
) -> NormView | None:
    norm = result.norm
    if norm is None:
        return None
    total_name = words("scales.total")
    scores = tuple(
        ZScore(target=total_name if k == TOTAL else names.get(k, k), z=f"{v:+.2f}")
        for k, v in norm.z.items()
    )
    published = next((n for n in scale.norms if n.id == norm.norm), None)
    return NormView(
        population=published.text("population", words.lang) if published else norm.population,
        n=norm.n,
        source=published.text("source", words.lang) if published else norm.source,
        verified=norm.verified,
        scores=scores,
    )
