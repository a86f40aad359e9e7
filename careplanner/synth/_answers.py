"""Scale answers, item by item, that add up to a total at a client's latent severity.

Nothing here knows a scale by name: the answer codes, their keyed scores (reverse keying
included), the total range and the bands all come from the scale's descriptor, and how a
scale is targeted comes from population.yaml.

A latent severity is a pair (positive, u): whether the client has the outcome the scale
measures, and where in its range they sit, ``u`` uniform in [0, 1). Clients share one ``u``
across the scales of one outcome, so their PHQ-9 and GDS-15 agree.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Mapping
from statistics import NormalDist

from careplanner.instruments import Scale, get_scale
from careplanner.synth._model import BandTarget, NormTarget, ScaleRule, Skew

_NORMAL = NormalDist()
Answer = int | str


def badness(positive: bool, u: float, tail: float) -> float:
    """Percentile of need in a reference population: positive clients in the worst ``tail``.

    Examples
    --------
    >>> badness(True, 0.0, 0.2), badness(False, 0.5, 0.2)
    (0.8, 0.4)
    """
    return (1 - tail) + tail * u if positive else (1 - tail) * u


def target_total(
    scale_id: str, rule: ScaleRule, reach: tuple[int, int], positive: bool, u: float
) -> int:
    """The total a client's answers should reach on one scale, inside the ``reach`` of its pins."""
    scale = get_scale(scale_id)
    if rule.norm is not None:
        return _from_norm(scale, rule.norm, reach, badness(positive, u, rule.norm.tail))
    assert rule.bands is not None and rule.skew is not None  # checked when loaded
    return _from_bands(scale_id, rule.bands, rule.skew, reach, positive, u)


def reach(scale_id: str, allowed: Mapping[str, tuple[int, ...]]) -> tuple[int, int]:
    """The lowest and highest total the items can give when some are limited to ``allowed``.

    Examples
    --------
    >>> reach("phq9", {}), reach("phq9", {"9": (0,)})
    ((0, 27), (0, 24))
    """
    scores = [allowed.get(item, tuple(by_score)) for item, by_score in _codes(scale_id).items()]
    return sum(min(s) for s in scores), sum(max(s) for s in scores)


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return min(max(value, bounds[0]), bounds[1])


def _from_norm(scale: Scale, norm: NormTarget, bounds: tuple[int, int], need: float) -> int:
    z = _NORMAL.inv_cdf(min(max(need, 1e-9), 1 - 1e-9))
    total = norm.mean + (z if scale.higher_is == "worse" else -z) * norm.sd
    return _clamp(round(total), bounds)


@functools.cache
def _sides(scale_id: str, bands: BandTarget) -> dict[bool, tuple[int, int]]:
    """For each side (positive or not): (score at the cut-off, score at the far end)."""
    scale = get_scale(scale_id)
    cutoffs = next(c for c in scale.cutoff_sets if c.id == bands.cutoff_set)
    inside = [b for b in cutoffs.bands if b.id in bands.positive]
    low, high = min(b.min for b in inside), max(b.max for b in inside)
    if low == scale.total.min:  # positive bands at the bottom, e.g. "at risk" of the LSNS-6
        return {True: (high, low), False: (high + 1, scale.total.max)}
    return {True: (low, high), False: (low - 1, scale.total.min)}


def _from_bands(
    scale_id: str, bands: BandTarget, skew: Skew, bounds: tuple[int, int], positive: bool, u: float
) -> int:
    cut, far = (_clamp(end, bounds) for end in _sides(scale_id, bands)[positive])
    power = skew.positive if positive else skew.negative
    step = math.floor(math.pow(u, power) * (abs(far - cut) + 1))
    return cut + step if far >= cut else cut - step


@functools.cache
def _codes(scale_id: str) -> dict[str, dict[int, str]]:
    """Item id -> keyed score -> the answer code that gives it."""
    scale = get_scale(scale_id)
    return {
        item: {s: code for code, s in sorted(scale.answer_scores(item).items(), reverse=True)}
        for item in scale.item_ids
    }


def answers(
    scale_id: str, target: int, allowed: Mapping[str, tuple[int, ...]], rng: random.Random
) -> dict[str, Answer]:
    """Answer every item so that the total reaches ``target`` (or the nearest reachable).

    Each item starts at its lowest allowed keyed score; then one item at a time, drawn at
    random among those that can still rise, goes up one step until the total is reached.
    ``allowed`` limits some items' keyed scores (see ``pins`` in population.yaml).

    Examples
    --------
    >>> got = answers("phq9", 5, {"9": (0,)}, random.Random(1))
    >>> sum(got.values()), got["9"]
    (5, 0)
    >>> sorted(set(answers("gds15", 15, {}, random.Random(1)).values()))
    ['no', 'yes']
    """
    codes = _codes(scale_id)
    steps = {item: sorted(allowed.get(item, by_score)) for item, by_score in codes.items()}
    level = dict.fromkeys(steps, 0)
    total = sum(scores[0] for scores in steps.values())
    rising = [item for item, scores in steps.items() if len(scores) > 1]
    while total < target and rising:
        item = rng.choice(rising)
        level[item] += 1
        scores = steps[item]
        total += scores[level[item]] - scores[level[item] - 1]
        if level[item] == len(scores) - 1:
            rising.remove(item)
    return {item: _as_answer(codes[item][steps[item][level[item]]]) for item in steps}


def _as_answer(code: str) -> Answer:
    """Digit codes as ints, as the case files write them; words ("yes") as they are."""
    return int(code) if code.isdigit() else code
