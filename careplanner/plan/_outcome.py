"""Re-assessment: compare a later assessment with the intake, objective by objective."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeGuard

from careplanner.errors import PlanError, ScoringError
from careplanner.instruments import (
    BandChange,
    ReliableChange,
    Scale,
    crossed_cutoff,
    load_scales,
    reliable_change,
)
from careplanner.plan._plan import CarePlan, Objective
from careplanner.plan._types import Facts, FactValue, Frozen, compare

Status = Literal["met", "not_met", "not_measured"]


class ObjectiveResult(Frozen):
    """An objective checked against the later assessment."""

    objective: Objective
    before: FactValue | None
    after: FactValue | None
    status: Status


class ScaleChange(Frozen):
    """One scale's total at intake and later: change, cut-off crossing, reliable change.

    ``cutoff`` or ``reliable`` is None when it cannot be computed; ``not_computed`` says why
    (e.g. no published reference SD for the RCI: pass one in ``reference_sd``).
    """

    scale: str
    before: int
    after: int
    change: int
    cutoff: BandChange | None
    reliable: ReliableChange | None
    not_computed: tuple[str, ...]


class NetworkMeasureChange(Frozen):
    """One network measure before and after; ``change`` for numbers only."""

    name: str
    before: FactValue | None
    after: FactValue | None
    change: float | None


class Evaluation(Frozen):
    """The outcome of a re-assessment against the plan."""

    objectives: tuple[ObjectiveResult, ...]
    scales: tuple[ScaleChange, ...]
    network: tuple[NetworkMeasureChange, ...]

    @property
    def met_share(self) -> float:
        """Share of the objectives judged that are met; not measured counts as not met.

        An objective measured at neither date (no baseline, and not taken later) is not
        judged: its measure was never part of this client's assessment.
        """
        judged = self.judged
        if not judged:
            return 1.0
        return sum(r.status == "met" for r in judged) / len(judged)

    @property
    def judged(self) -> tuple[ObjectiveResult, ...]:
        """The objectives measured at the intake or at the later assessment."""
        return tuple(r for r in self.objectives if r.before is not None or r.after is not None)

    @property
    def unmet(self) -> tuple[str, ...]:
        """Ids of the objectives not met or not measured."""
        return tuple(r.objective.id for r in self.judged if r.status != "met")


def evaluate_progress(
    plan: CarePlan,
    intake_facts: Facts,
    later_facts: Facts,
    *,
    network_before: Facts | None = None,
    network_after: Facts | None = None,
    reliability: Mapping[str, float | str] | None = None,
    reference_sd: Mapping[str, float | str] | None = None,
) -> Evaluation:
    """Compare a later assessment with the intake.

    Parameters
    ----------
    plan : CarePlan
    intake_facts, later_facts : mapping of str to int, float or bool
        Facts at intake and at the later assessment (``gds15.total``, ``obs.*``, ``net.*``).
    network_before, network_after : mapping, optional
        Support-network measures at both dates (e.g. `careplanner.network` facts).
    reliability, reference_sd : mapping of scale id to float or str, optional
        Figures for the reliable change index where the scale's file has none (an id of
        one of its entries, or a value), passed to `careplanner.instruments.reliable_change`.

    Returns
    -------
    Evaluation
        Each objective met, not met or not measured; each scale total present at both dates
        with its change, cut-off crossing and reliable change; network changes.

    Examples
    --------
    >>> from careplanner.plan import NeedInput, PlanRequest, build_plan
    >>> plan = build_plan(PlanRequest(needs=(NeedInput(id="depressive_symptoms",
    ...                                                severity="moderate"),)))
    >>> result = evaluate_progress(plan, {"gds15.total": 7}, {"gds15.total": 3})
    >>> result.objectives[0].status, result.scales[0].cutoff.crossed
    ('met', True)

    References
    ----------
    .. [1] Jacobson NS, Truax P. "Clinical significance: a statistical approach to defining
       meaningful change in psychotherapy research". J Consult Clin Psychol 59 (1991) 12-19.
    """
    return Evaluation(
        objectives=tuple(_check(o, intake_facts, later_facts) for o in plan.objectives),
        scales=_scale_changes(intake_facts, later_facts, reliability or {}, reference_sd or {}),
        network=_network(network_before, network_after),
    )


def _check(objective: Objective, intake: Facts, later: Facts) -> ObjectiveResult:
    before = intake.get(objective.measure, objective.baseline)
    after = later.get(objective.measure)
    status: Status = "not_measured"
    if after is not None:
        try:
            met = compare(after, objective.comparison, objective.target)
        except TypeError as exc:
            raise PlanError(f"fact {objective.measure!r}: {exc}") from None
        status = "met" if met else "not_met"
    return ObjectiveResult(objective=objective, before=before, after=after, status=status)


def _scale_changes(
    intake: Facts,
    later: Facts,
    reliability: Mapping[str, float | str],
    reference_sd: Mapping[str, float | str],
) -> tuple[ScaleChange, ...]:
    changes = []
    for scale_id in sorted(load_scales()):
        name = f"{scale_id}.total"
        before, after = _whole(intake.get(name)), _whole(later.get(name))
        if before is not None and after is not None:
            figures = (reliability.get(scale_id), reference_sd.get(scale_id))
            changes.append(scale_change(scale_id, before, after, *figures))
    return tuple(changes)


def scale_change(
    scale: Scale | str,
    before: int,
    after: int,
    reliability: float | str | None,
    sd: float | str | None,
) -> ScaleChange:
    """One total's change: cut-off crossing and reliable change, or why each is missing.

    `scale` is a bundled scale's id or a descriptor (the group package's own measures).
    """
    why: list[str] = []
    cutoff, reliable = None, None
    try:
        cutoff = crossed_cutoff(scale, before, after)
    except ScoringError as exc:
        why.append(str(exc))
    try:
        reliable = reliable_change(scale, before, after, reliability, sd)
    except ScoringError as exc:
        why.append(str(exc))
    return ScaleChange(
        scale=scale if isinstance(scale, str) else scale.id,
        before=before,
        after=after,
        change=after - before,
        cutoff=cutoff,
        reliable=reliable,
        not_computed=tuple(why),
    )


def _whole(value: FactValue | None) -> int | None:
    if value is None or isinstance(value, bool) or int(value) != value:
        return None
    return int(value)


def _network(before: Facts | None, after: Facts | None) -> tuple[NetworkMeasureChange, ...]:
    if before is None or after is None:
        return ()
    names = list(dict.fromkeys([*before, *after]))
    return tuple(_fact_change(n, before.get(n), after.get(n)) for n in names)


def _fact_change(
    name: str, before: FactValue | None, after: FactValue | None
) -> NetworkMeasureChange:
    change = float(after) - float(before) if _number(before) and _number(after) else None
    return NetworkMeasureChange(name=name, before=before, after=after, change=change)


def _number(value: FactValue | None) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
