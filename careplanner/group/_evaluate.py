"""Evaluate a group: each member's and the group's emotional, social and cognitive change.

Per member the casework path does the work: the member's group needs become a care plan
(`careplanner.plan.build_plan`) whose objectives, scale changes (cut-off crossings and the
Jacobson-Truax reliable change index) and network changes `careplanner.plan.evaluate_progress`
judges, exactly as at a casework re-assessment. The group adds attendance, retention and the
members' new ties to each other.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from careplanner.errors import UnknownCodeError
from careplanner.facts import assessment_facts
from careplanner.group._data import read_model
from careplanner.group._network import GroupNetworkChange, compare_group_networks
from careplanner.group._programme import SessionRecord
from careplanner.group._residents import Resident
from careplanner.group._screening import ScreeningRules, load_screening
from careplanner.group._types import Basis, Code, FactName, FactValue, Frozen, Source
from careplanner.instruments import get_scale
from careplanner.network import build_network, measure_built, network_facts
from careplanner.plan import (
    FactChange,
    NeedInput,
    ObjectiveResult,
    PlanRequest,
    ScaleChange,
    build_plan,
    evaluate_progress,
)
from careplanner.rules import RulePack, evaluate

Dimension = Literal["emotional", "social", "cognitive"]
Status = Literal["completed", "dropped_out", "never_started", "not_recorded"]


class Dropout(Frozen):
    """A member who came at least once drops out when absent from the last sessions held."""

    missed_at_end: int = Field(ge=1, le=12)
    basis: Basis
    source: Source


class EvaluationSpec(Frozen):
    """The content of ``evaluation.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    dimensions: dict[Dimension, tuple[Code, ...]]
    dimensions_source: Source
    network_facts: tuple[FactName, ...]
    dropout: Dropout


@cache
def evaluation_spec() -> EvaluationSpec:
    """The bundled ``evaluation.yaml``."""
    return read_model(EvaluationSpec, "evaluation.yaml")


def load_evaluation_spec(path: str | Path) -> EvaluationSpec:
    """Read a worker's copy of ``evaluation.yaml``."""
    return read_model(EvaluationSpec, "evaluation.yaml", path)


class Attendance(Frozen):
    """Sessions a member attended of those held (recorded)."""

    attended: int
    held: int
    share: float


class MemberEvaluation(Frozen):
    """One member's change: scales by dimension, network facts, new ties, attendance."""

    member: str
    emotional: tuple[ScaleChange, ...]
    social: tuple[ScaleChange, ...]
    cognitive: tuple[ScaleChange, ...]
    network: tuple[FactChange, ...]
    new_ties: tuple[str, ...]
    attendance: Attendance | None
    status: Status
    objectives: tuple[ObjectiveResult, ...]


class ScaleSummary(Frozen):
    """One scale across the members who have it at both dates."""

    scale: str
    dimension: Dimension
    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    improved: int
    deteriorated: int
    no_reliable_change: int
    not_computed: int
    crossed: int


class Retention(Frozen):
    """Who stayed: the seed's main challenge."""

    sessions_held: int
    started: int
    completed: int
    dropped_out: tuple[str, ...]
    never_started: tuple[str, ...]
    rate: float | None
    mean_attendance: float | None
    rule: str


class GroupEvaluation(Frozen):
    """The evaluation of one group."""

    members: tuple[MemberEvaluation, ...]
    scales: tuple[ScaleSummary, ...]
    retention: Retention
    network: GroupNetworkChange
    objectives_met: float
    sd_from_baseline: tuple[str, ...]


def evaluate_group(
    before: Sequence[Resident],
    after: Sequence[Resident],
    *,
    records: Sequence[SessionRecord] = (),
    reliability: Mapping[str, float | str] | None = None,
    reference_sd: Mapping[str, float | str] | None = None,
    sd_from_baseline: bool = False,
    spec: EvaluationSpec | None = None,
    screening: ScreeningRules | None = None,
    pack: RulePack | None = None,
) -> GroupEvaluation:
    """Evaluate a group from its members' assessments before and after, and its records.

    Parameters
    ----------
    before, after : sequence of Resident
        The members are the residents of `after`; each must be in `before`. Each member's
        latest assessment is used at both dates.
    records : sequence of SessionRecord, optional
        The sessions held, for attendance and retention.
    reliability, reference_sd : mapping of scale id to float or str, optional
        Passed to the reliable change index, as in `careplanner.plan.evaluate_progress`.
    sd_from_baseline : bool
        For a scale with no published SD and none given, use the SD of the members' own
        baseline totals (Jacobson & Truax use a reference group's SD; a small group's own
        is unstable). The figure is recorded as the caller's (``sd.origin == "caller"``,
        unverified) and the scales are listed in ``sd_from_baseline``.
    spec : EvaluationSpec, optional
        Dimensions, network facts and the drop-out rule; the bundled one by default.
    screening : ScreeningRules, optional
        Its ``group_needs`` become each member's objectives; the bundled table by default.
    pack : careplanner.rules.RulePack, optional

    Returns
    -------
    GroupEvaluation

    Raises
    ------
    UnknownCodeError
        A member of `after` is not in `before`.

    References
    ----------
    .. [1] Jacobson NS, Truax P. "Clinical significance: a statistical approach to defining
       meaningful change in psychotherapy research". J Consult Clin Psychol 59 (1991) 12-19.

    Examples
    --------
    >>> from careplanner.group import load_residents, load_sessions
    >>> result = evaluate_group(load_residents("example:residents"),
    ...                         load_residents("example:after"),
    ...                         records=load_sessions("example:sessions"))
    >>> result.retention.started, result.retention.dropped_out
    (6, ('r10',))
    """
    spec = spec or evaluation_spec()
    group_needs = set((screening or load_screening()).group_needs)
    earlier = {r.id: r for r in before}
    members = [r.id for r in after]
    for member in members:
        if member not in earlier:
            raise UnknownCodeError("after", member, earlier)
    pairs = [(earlier[r.id], r) for r in after]
    facts = [(assessment_facts(b.case), assessment_facts(a.case)) for b, a in pairs]
    sd = dict(reference_sd or {})
    from_baseline = _baseline_sds(facts, sd, spec) if sd_from_baseline else {}
    sd |= from_baseline
    network = compare_group_networks(before, after, members)
    evaluated = tuple(
        _member(b, a, f, group_needs, spec, reliability or {}, sd, records, network, pack)
        for (b, a), f in zip(pairs, facts, strict=True)
    )
    objectives = [o for m in evaluated for o in m.objectives]
    return GroupEvaluation(
        members=evaluated,
        scales=_summaries(evaluated, spec),
        retention=_retention(evaluated, records, spec),
        network=network,
        objectives_met=sum(o.status == "met" for o in objectives) / len(objectives)
        if objectives
        else 1.0,
        sd_from_baseline=tuple(sorted(from_baseline)),
    )


def _baseline_sds(
    facts: Sequence[tuple[dict[str, FactValue], dict[str, FactValue]]],
    given: Mapping[str, float | str],
    spec: EvaluationSpec,
) -> dict[str, float]:
    sds = {}
    for scale_id in sorted({s for scales in spec.dimensions.values() for s in scales}):
        if scale_id in given or get_scale(scale_id).default_norm is not None:
            continue
        totals = [float(b[f"{scale_id}.total"]) for b, _ in facts if f"{scale_id}.total" in b]
        if len(totals) >= 2 and statistics.stdev(totals) > 0:
            sds[scale_id] = statistics.stdev(totals)
    return sds


def _member(
    before: Resident,
    after: Resident,
    facts: tuple[dict[str, FactValue], dict[str, FactValue]],
    group_needs: set[str],
    spec: EvaluationSpec,
    reliability: Mapping[str, float | str],
    sd: Mapping[str, float | str],
    records: Sequence[SessionRecord],
    network: GroupNetworkChange,
    pack: RulePack | None,
) -> MemberEvaluation:
    first, later = facts
    needs = tuple(
        NeedInput(id=n.id, severity=n.severity, is_safety=n.safety)
        for n in evaluate(first, pack).needs
        if n.id in group_needs
    )
    plan = build_plan(PlanRequest(needs=needs, baseline=first))
    result = evaluate_progress(
        plan,
        first,
        later,
        network_before=network_facts(measure_built(build_network(before.case))),
        network_after=network_facts(measure_built(build_network(after.case))),
        reliability=reliability,
        reference_sd=sd,
    )
    by_dimension = {
        dim: tuple(c for c in result.scales if c.scale in scales)
        for dim, scales in spec.dimensions.items()
    }
    attendance, status = _attendance(before.id, records, spec)
    return MemberEvaluation(
        member=before.id,
        emotional=by_dimension.get("emotional", ()),
        social=by_dimension.get("social", ()),
        cognitive=by_dimension.get("cognitive", ()),
        network=tuple(c for c in result.network if c.name in spec.network_facts),
        new_ties=tuple(sorted(_tied(before.id, network))),
        attendance=attendance,
        status=status,
        objectives=result.objectives,
    )


def _tied(member: str, network: GroupNetworkChange) -> set[str]:
    return {b if a == member else a for a, b in network.new_ties if member in (a, b)}


def _attendance(
    member: str, records: Sequence[SessionRecord], spec: EvaluationSpec
) -> tuple[Attendance | None, Status]:
    if not records:
        return None, "not_recorded"
    came = [member in r.attended for r in records]
    attendance = Attendance(attended=sum(came), held=len(came), share=sum(came) / len(came))
    if not any(came):
        return attendance, "never_started"
    tail = came[-spec.dropout.missed_at_end :]
    dropped = len(came) >= spec.dropout.missed_at_end and not any(tail)
    return attendance, "dropped_out" if dropped else "completed"


def _retention(
    members: Sequence[MemberEvaluation], records: Sequence[SessionRecord], spec: EvaluationSpec
) -> Retention:
    started = [m for m in members if m.status in ("completed", "dropped_out")]
    completed = [m for m in started if m.status == "completed"]
    shares = [m.attendance.share for m in members if m.attendance is not None]
    return Retention(
        sessions_held=len(records),
        started=len(started),
        completed=len(completed),
        dropped_out=tuple(m.member for m in members if m.status == "dropped_out"),
        never_started=tuple(m.member for m in members if m.status == "never_started"),
        rate=len(completed) / len(started) if started else None,
        mean_attendance=statistics.fmean(shares) if shares else None,
        rule=f"absent from the last {spec.dropout.missed_at_end} sessions ({spec.dropout.basis})",
    )


def _summaries(
    members: Sequence[MemberEvaluation], spec: EvaluationSpec
) -> tuple[ScaleSummary, ...]:
    out = []
    for dimension, scales in spec.dimensions.items():
        for scale_id in scales:
            changes = [c for m in members for c in getattr(m, dimension) if c.scale == scale_id]
            if changes:
                out.append(_summary(scale_id, dimension, changes))
    return tuple(out)


def _summary(scale_id: str, dimension: Dimension, changes: Sequence[ScaleChange]) -> ScaleSummary:
    directions = [c.reliable.direction if c.reliable else None for c in changes]
    return ScaleSummary(
        scale=scale_id,
        dimension=dimension,
        n=len(changes),
        mean_before=statistics.fmean(c.before for c in changes),
        mean_after=statistics.fmean(c.after for c in changes),
        mean_change=statistics.fmean(c.change for c in changes),
        improved=directions.count("improved"),
        deteriorated=directions.count("deteriorated"),
        no_reliable_change=directions.count("no_reliable_change"),
        not_computed=directions.count(None),
        crossed=sum(bool(c.cutoff and c.cutoff.crossed) for c in changes),
    )
