"""Change between two administrations: reliable change (Jacobson-Truax) and crossed cut-offs."""

from __future__ import annotations

import math

from careplanner.errors import ScoringError
from careplanner.instruments._score import band_for, pick, resolve
from careplanner.instruments.model import TOTAL, Scale, ScoreRange
from careplanner.instruments.result import BandChange, Direction, ReliableChange, UsedFigure

#: |RCI| above this is a reliable change (p < .05, two-tailed).
RCI_THRESHOLD = 1.96
METHOD = (
    "Jacobson & Truax (1991): SE = SD*sqrt(1 - r); S_diff = sqrt(2)*SE; "
    "RCI = (after - before)/S_diff; reliable if |RCI| > 1.96"
)


def _within(scale: Scale, name: str, value: int, span: ScoreRange) -> None:
    if not span.min <= value <= span.max:
        raise ScoringError(f"{scale.id}: {name} must be in {span.min}..{span.max}, got {value}")


def _supplied(value: float) -> UsedFigure:
    """A figure the caller passed: the reference cannot vouch for it, so ``verified`` is None."""
    return UsedFigure(value=value, origin="caller", source="supplied by caller", verified=None)


def _reliability(scale: Scale, given: float | str | None) -> UsedFigure:
    if isinstance(given, float | int):
        if not 0 <= given < 1:
            raise ScoringError(f"{scale.id}: reliability must be in [0, 1), got {given}")
        return _supplied(given)
    chosen = given or scale.default_reliability
    if chosen is None:
        raise ScoringError(
            f"{scale.id}: no published reliability to default to; "
            "pass reliability= (a coefficient in [0, 1))"
        )
    entry = pick(scale.reliability, chosen, f"{scale.id}.reliability")
    if entry.target != TOTAL:
        raise ScoringError(f"{scale.id}: reliability {entry.id!r} is not the total's")
    return UsedFigure(
        value=entry.value, origin=entry.id, source=entry.source, verified=entry.verified
    )


def _sd(scale: Scale, given: float | str | None) -> UsedFigure:
    if isinstance(given, float | int):
        if not given > 0:
            raise ScoringError(f"{scale.id}: sd must be > 0, got {given}")
        return _supplied(given)
    chosen = given or scale.default_norm
    if chosen is None:
        raise ScoringError(
            f"{scale.id}: no published reference SD; pass sd= "
            "(e.g. the SD of the total in your own baseline sample); none is invented"
        )
    norm = pick(scale.norms, chosen, f"{scale.id}.sd")
    stat = next((s for s in norm.stats if s.target == TOTAL), None)
    if stat is None:
        raise ScoringError(f"{scale.id}: norm {norm.id!r} gives no SD of the total")
    return UsedFigure(value=stat.sd, origin=norm.id, source=norm.source, verified=norm.verified)


def _direction(scale: Scale, rci: float) -> Direction:
    if abs(rci) <= RCI_THRESHOLD:
        return "no_reliable_change"
    return "improved" if (rci > 0) == (scale.higher_is == "better") else "deteriorated"


def reliable_change(
    scale: Scale | str,
    before: int,
    after: int,
    reliability: float | str | None = None,
    sd: float | str | None = None,
) -> ReliableChange:
    """Jacobson-Truax reliable change index between two totals of one scale.

    Parameters
    ----------
    scale : Scale or str
        A descriptor or the id of a bundled scale.
    before, after : int
        Totals of the earlier and the later administration.
    reliability : float or str, optional
        A coefficient in [0, 1), or the id of one of the scale's ``reliability`` entries;
        the scale's default entry when omitted.
    sd : float or str, optional
        The reference SD of the total, or the id of one of the scale's ``norms``; the
        default norm's SD when omitted. Scales with no published SD require it.

    Returns
    -------
    ReliableChange
        The RCI, whether it is reliable, its direction, the figures used and their sources;
        ``provisional`` when a figure is unverified or the scale's scoring is.

    Raises
    ------
    ScoringError
        A total outside the scale's range, a coefficient outside [0, 1), an SD not above 0,
        or no figure to default to (the message names the parameter to pass).
    UnknownCodeError
        ``reliability`` or ``sd`` names an entry the scale does not have.

    Examples
    --------
    SE = 7.89 * sqrt(1 - 0.92) = 2.2316; S_diff = sqrt(2) * SE = 3.1560;
    RCI = (36 - 22) / 3.1560 = 4.44:

    >>> change = reliable_change("ssrs", 22, 36)
    >>> round(change.rci, 2), change.direction, change.provisional
    (4.44, 'improved', True)
    >>> reliable_change("gds15", 8, 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.ScoringError: gds15: no published reference SD; pass sd= ...

    References
    ----------
    .. [1] Jacobson NS, Truax P. "Clinical significance: a statistical approach to defining
       meaningful change in psychotherapy research". J Consult Clin Psychol 59 (1991) 12-19.
    .. [2] Maassen GH. "The standard error in the Jacobson and Truax Reliable Change Index".
       J Int Neuropsychol Soc 10 (2004) 888-893.
    """
    scale = resolve(scale)
    _within(scale, "before", before, scale.total)
    _within(scale, "after", after, scale.total)
    rel, spread = _reliability(scale, reliability), _sd(scale, sd)
    se = spread.value * math.sqrt(1 - rel.value)
    s_diff = math.sqrt(2) * se
    rci = (after - before) / s_diff
    return ReliableChange(
        scale_id=scale.id,
        before=before,
        after=after,
        change=after - before,
        reliability=rel,
        sd=spread,
        se=se,
        s_diff=s_diff,
        rci=rci,
        reliable=abs(rci) > RCI_THRESHOLD,
        direction=_direction(scale, rci),
        provisional=not scale.scoring_verified or False in (rel.verified, spread.verified),
        method=METHOD,
    )


def crossed_cutoff(
    scale: Scale | str,
    before: int,
    after: int,
    cutoff_set: str | None = None,
    *,
    target: str = TOTAL,
) -> BandChange:
    """Say whether a change from ``before`` to ``after`` crossed a cut-off of one set.

    Parameters
    ----------
    scale : Scale or str
        A descriptor or the id of a bundled scale.
    before, after : int
        Scores of ``target`` at the earlier and the later administration.
    cutoff_set : str, optional
        Id of the cut-off set; the scale's default when omitted.
    target : str
        ``"total"`` or a subscale id the set applies to.

    Returns
    -------
    BandChange
        Both bands (with the set's source and verified flag) and ``crossed``.

    Raises
    ------
    ScoringError
        The scale has no default set and none was named, the set does not apply to
        ``target``, or a score lies outside the target's range.
    UnknownCodeError
        ``cutoff_set`` names a set the scale does not have.

    Examples
    --------
    >>> change = crossed_cutoff("gds15", 7, 3)
    >>> change.before.band, change.after.band, change.crossed
    ('suggests_depression', 'normal', True)
    """
    scale = resolve(scale)
    chosen = cutoff_set or scale.default_cutoff_set
    if chosen is None:
        names = [c.id for c in scale.cutoff_sets]
        raise ScoringError(f"{scale.id}: no default cut-off set; pass cutoff_set= one of {names}")
    cutoffs = pick(scale.cutoff_sets, chosen, f"{scale.id}.cutoff_set")
    if target not in cutoffs.applies_to:
        raise ScoringError(
            f"{scale.id}: cut-off set {cutoffs.id!r} applies to "
            f"{list(cutoffs.applies_to)}, not {target!r}"
        )
    span = scale.range_of(target)
    _within(scale, "before", before, span)
    _within(scale, "after", after, span)
    first, second = band_for(cutoffs, target, before), band_for(cutoffs, target, after)
    return BandChange(before=first, after=second, crossed=first.band != second.band)
