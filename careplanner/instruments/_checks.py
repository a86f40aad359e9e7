"""Cross-field rules a scale descriptor must keep; each problem names the field it breaks.

`scale_problems` runs when a `Scale` is built. It first checks that every reference resolves
(item, group, subscale, answer set, default), because the later rules -- the declared total
range, bands that partition a range, flags that can fire -- need those references to compute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careplanner.instruments.model import AnswerSet, Band, Scale, ScoreRange


def scale_problems(scale: Scale) -> list[str]:
    """Return every broken rule of a descriptor, as ``field: problem`` strings."""
    problems = _reference_problems(scale)
    if problems:
        return problems
    return [*_total_problems(scale), *_cutoff_problems(scale), *_default_problems(scale)]


def partition_problems(field: str, bands: Sequence[Band], span: ScoreRange) -> list[str]:
    """Check that bands, in order, cover ``span`` without gaps or overlaps.

    Examples
    --------
    >>> from careplanner.instruments.model import Band, ScoreRange
    >>> label = {"en": "x", "zh-CN": "x"}
    >>> bands = [Band(id="a", min=0, max=4, label=label), Band(id="b", min=6, max=9, label=label)]
    >>> partition_problems("bands", bands, ScoreRange(min=0, max=9))
    ['bands: band b starts at 6, expected 5']
    """
    problems, expected = [], span.min
    for band in bands:
        if band.min != expected:
            problems.append(f"{field}: band {band.id} starts at {band.min}, expected {expected}")
        if band.max < band.min:
            problems.append(f"{field}: band {band.id} ends at {band.max}, before it starts")
        expected = band.max + 1
    if bands and bands[-1].max != span.max:
        problems.append(f"{field}: last band ends at {bands[-1].max}, expected {span.max}")
    return problems


def _duplicates(field: str, ids: Iterable[str]) -> list[str]:
    counts = Counter(ids)
    return [f"{field}: id {i!r} appears {n} times" for i, n in counts.items() if n > 1]


def _unknown(field: str, ids: Iterable[str], known: Iterable[str]) -> list[str]:
    allowed = set(known)
    return [f"{field}: {i!r} is not one of {sorted(allowed)}" for i in ids if i not in allowed]


def _reference_problems(scale: Scale) -> list[str]:
    item_ids = scale.item_ids
    group_ids = [g.id for g in scale.groups]
    problems = [
        *_duplicates("items", [*item_ids, *group_ids]),
        *_duplicates("subscales", [*scale.targets(), *group_ids]),  # "total" is reserved
        *_duplicates("answer_sets", [s.id for s in scale.answer_sets]),
        *_duplicates("cutoff_sets", [c.id for c in scale.cutoff_sets]),
        *_duplicates("norms", [n.id for n in scale.norms]),
        *_duplicates("reliability", [r.id for r in scale.reliability]),
        *_duplicates("item_flags", [f.id for f in scale.item_flags]),
        *_duplicates("groups.items", [i for g in scale.groups for i in g.items]),
    ]
    sets = [s.id for s in scale.answer_sets]
    for item in scale.items:
        problems += _unknown(f"items.{item.id}.answers", [item.answers], sets)
    for group in scale.groups:
        problems += _unknown(f"groups.{group.id}.items", group.items, item_ids)
    for sub in scale.subscales:
        problems += _unknown(f"subscales.{sub.id}.items", sub.items, [*item_ids, *group_ids])
    for answer_set in scale.answer_sets:
        problems += _answer_set_problems(answer_set)
    if problems:
        return problems
    return _target_problems(scale)


def _target_problems(scale: Scale) -> list[str]:
    targets = scale.targets()
    problems = [
        p
        for s in scale.subscales
        for p in _duplicates(f"subscales.{s.id}.items", scale.members(s.id))
    ]
    for cutoffs in scale.cutoff_sets:
        problems += _unknown(f"cutoff_sets.{cutoffs.id}.applies_to", cutoffs.applies_to, targets)
    for norm in scale.norms:
        problems += _unknown(f"norms.{norm.id}.stats", [s.target for s in norm.stats], targets)
    for rel in scale.reliability:
        problems += _unknown(f"reliability.{rel.id}.target", [rel.target], targets)
    for flag in scale.item_flags:
        problems += _unknown(f"item_flags.{flag.id}.items", flag.items, scale.item_ids)
    problems += _unknown(
        "default_cutoff_set", _given(scale.default_cutoff_set), [c.id for c in scale.cutoff_sets]
    )
    problems += _unknown("default_norm", _given(scale.default_norm), [n.id for n in scale.norms])
    problems += _unknown(
        "default_reliability", _given(scale.default_reliability), [r.id for r in scale.reliability]
    )
    return problems


def _given(value: str | None) -> list[str]:
    return [] if value is None else [value]


def _answer_set_problems(answer_set: AnswerSet) -> list[str]:
    field = f"answer_sets.{answer_set.id}"
    problems = _duplicates(f"{field}.options", [o.code for o in answer_set.options])
    if answer_set.counts is not None:
        wanted = [(str(n), n) for n in range(len(answer_set.counts.entries) + 1)]
        if [(o.code, o.score) for o in answer_set.options] != wanted:
            problems.append(
                f"{field}.options: a count of {answer_set.counts.id} "
                f"must run 0..{len(wanted) - 1} with score = code"
            )
    return problems


def _total_problems(scale: Scale) -> list[str]:
    span = scale.range_of("total")
    if (span.min, span.max) == (scale.total.min, scale.total.max):
        return []
    return [
        f"total: declared {scale.total.min}-{scale.total.max}, items give {span.min}-{span.max}"
    ]


def _cutoff_problems(scale: Scale) -> list[str]:
    problems: list[str] = []
    for cutoffs in scale.cutoff_sets:
        field = f"cutoff_sets.{cutoffs.id}.bands"
        problems += _duplicates(field, [b.id for b in cutoffs.bands])
        for target in cutoffs.applies_to:
            problems += partition_problems(
                f"{field} ({target})", cutoffs.bands, scale.range_of(target)
            )
    for flag in scale.item_flags:
        for item_id in flag.items:
            if flag.min_score > max(scale.answer_scores(item_id).values()):
                problems.append(
                    f"item_flags.{flag.id}.min_score: item {item_id} cannot reach {flag.min_score}"
                )
    return problems


def _default_problems(scale: Scale) -> list[str]:
    problems = []
    if scale.default_cutoff_set is not None:
        chosen = next(c for c in scale.cutoff_sets if c.id == scale.default_cutoff_set)
        if not chosen.verified or "total" not in chosen.applies_to:
            problems.append("default_cutoff_set: must be a verified set that applies to the total")
    if scale.default_norm is not None:
        norm = next(n for n in scale.norms if n.id == scale.default_norm)
        if "total" not in (s.target for s in norm.stats):
            problems.append("default_norm: must give the total's mean and SD")
    if scale.default_reliability is not None:
        rel = next(r for r in scale.reliability if r.id == scale.default_reliability)
        if rel.target != "total":
            problems.append("default_reliability: must be a reliability of the total")
    return problems
