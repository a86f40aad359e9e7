"""Evaluate a group: each member's and the group's emotional, social and cognitive change.

Per member the casework path does the work: the member's group needs become a care plan
(`careplanner.plan.build_plan`) whose objectives, scale changes (cut-off crossings and the
Jacobson-Truax reliable change index) and network changes `careplanner.plan.evaluate_progress`
judges, exactly as at a casework re-assessment. The group's own measures (self-esteem,
belonging; ``measures/``) are compared by the same reliable change index. The group adds
attendance, retention and reasons for leaving, the members' new ties to each other, their
satisfaction, and the worker's coded interview and session notes counted by theme.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from careplanner._content._scope import using
from careplanner.errors import UnknownCodeError
from careplanner.facts import assessment_facts
from careplanner.group._data import overlaid, read_model
from careplanner.group._measures import (
    Satisfaction,
    load_measures,
    measure_totals,
    satisfaction_summary,
    scale_of,
)
from careplanner.group._network import GroupNetworkChange, compare_group_networks
from careplanner.group._notes import (
    Codebook,
    Coded,
    ThemeCount,
    coded_interviews,
    coded_session,
    load_themes,
    summarise_themes,
)
from careplanner.group._programme import GroupSessionRecord
from careplanner.group._recruitment import RecruitmentSpec, load_recruitment
from careplanner.group._residents import Resident
from careplanner.group._retention import (
    Attendance,
    Dropout,
    Retention,
    Status,
    attendance,
    retention,
)
from careplanner.group._screening import ScreeningRules, load_screening
from careplanner.group._types import Code, FactName, FactValue, Frozen, Source
from careplanner.network import build_network, measure_built, network_facts
from careplanner.plan import (
    NeedInput,
    NetworkMeasureChange,
    ObjectiveResult,
    PlanRequest,
    ScaleChange,
    build_plan,
    evaluate_progress,
)
from careplanner.plan._outcome import scale_change
from careplanner.rules import RulePack, evaluate

if TYPE_CHECKING:
    from careplanner._content._content import Content

Dimension = Literal["emotional", "social", "cognitive"]
Facts = dict[str, FactValue]


class EvaluationSpec(Frozen):
    """The content of ``evaluation.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    dimensions: dict[Dimension, tuple[Code, ...]]
    dimensions_source: Source
    satisfaction: Code | None = None
    network_facts: tuple[FactName, ...]
    dropout: Dropout


def evaluation_spec() -> EvaluationSpec:
    """``evaluation.yaml`` as the running content has it (the bundled one by default)."""
    return read_model(EvaluationSpec, "evaluation.yaml") if overlaid(_SPEC) else _bundled_spec()


_SPEC = "evaluation.yaml"


@cache
def _bundled_spec() -> EvaluationSpec:
    return read_model(EvaluationSpec, _SPEC)


def load_evaluation_spec(path: str | Path) -> EvaluationSpec:
    """Read a worker's copy of ``evaluation.yaml``."""
    return read_model(EvaluationSpec, "evaluation.yaml", path)


class MemberEvaluation(Frozen):
    """One member's change: scales by dimension, network facts, new ties, attendance."""

    member: str
    emotional: tuple[ScaleChange, ...]
    social: tuple[ScaleChange, ...]
    cognitive: tuple[ScaleChange, ...]
    network: tuple[NetworkMeasureChange, ...]
    new_ties: tuple[str, ...]
    attendance: Attendance | None
    status: Status
    objectives: tuple[ObjectiveResult, ...]
    satisfaction: int | None = None


class ScaleSummary(Frozen):
    """One scale across the members who have it at both dates.

    ``scorable`` is False for a scale whose scoring is not verified (SGABS, an unkeyed raw
    sum): its means are shown, but nobody is counted as improved or deteriorated on it.
    """

    scale: str
    dimension: Dimension
    scorable: bool
    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    improved: int
    deteriorated: int
    no_reliable_change: int
    not_computed: int
    crossed: int


class GroupEvaluation(Frozen):
    """The evaluation of one group."""

    members: tuple[MemberEvaluation, ...]
    scales: tuple[ScaleSummary, ...]
    retention: Retention
    network: GroupNetworkChange
    objectives_met: float
    sd_from_baseline: tuple[str, ...]
    satisfaction: Satisfaction | None
    themes: tuple[ThemeCount, ...]
    codebook: str


@dataclass(frozen=True)
class _Context:
    """What every member's evaluation reads."""

    spec: EvaluationSpec
    group_needs: frozenset[str]
    reliability: Mapping[str, float | str]
    sd: Mapping[str, float | str]
    records: Sequence[GroupSessionRecord]
    network: GroupNetworkChange
    pack: RulePack | None


def evaluate_group(
    before: Sequence[Resident],
    after: Sequence[Resident],
    *,
    records: Sequence[GroupSessionRecord] = (),
    reliability: Mapping[str, float | str] | None = None,
    reference_sd: Mapping[str, float | str] | None = None,
    sd_from_baseline: bool = False,
    spec: EvaluationSpec | None = None,
    screening: ScreeningRules | None = None,
    pack: RulePack | None = None,
    codebook: Codebook | None = None,
    recruitment: RecruitmentSpec | None = None,
    content: Content | None = None,
) -> GroupEvaluation:
    """Evaluate a group from its members' assessments before and after, and its records.

    Parameters
    ----------
    before, after : sequence of Resident
        The members are the residents of `after`; each must be in `before`. Each member's
        latest assessment and group measures (``measures``) are used at both dates, and
        their interviews are counted by theme.
    records : sequence of GroupSessionRecord, optional
        The sessions held, for attendance, retention, reasons for leaving and themes.
    reliability, reference_sd : mapping of scale id to float or str, optional
        Passed to the reliable change index, as in `careplanner.plan.evaluate_progress`;
        keys may be casework scales or group measures.
    sd_from_baseline : bool
        For a scale with no published SD and none given, use the SD of the members' own
        baseline totals (Jacobson & Truax use a reference group's SD; a small group's own
        is unstable). The figure is recorded as the caller's (``sd.origin == "caller"``,
        unverified) and the scales are listed in ``sd_from_baseline``.
    spec : EvaluationSpec, optional
        Dimensions, satisfaction, network facts and the drop-out rule; the bundled one.
    screening : ScreeningRules, optional
        Its ``group_needs`` become each member's objectives; the bundled table by default.
    pack : careplanner.rules.RulePack, optional
    codebook : Codebook, optional
        The worker's theme codes; the bundled ``themes.yaml`` by default.
    recruitment : RecruitmentSpec, optional
        The reasons for leaving; the bundled ``recruitment.yaml`` by default.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    GroupEvaluation

    Raises
    ------
    UnknownCodeError
        A member of `after` is not in `before`; a measure, theme code or reason for leaving
        is unknown (the message lists the allowed ones).

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
    with using(content):
        spec = spec or evaluation_spec()
        codebook = codebook or load_themes()
        earlier = {r.id: r for r in before}
        for member in (r.id for r in after):
            if member not in earlier:
                raise UnknownCodeError("after", member, earlier)
        pairs = [(earlier[r.id], r) for r in after]
        facts = [(_facts(b, "before"), _facts(a, "after")) for b, a in pairs]
        sd = dict(reference_sd or {})
        from_baseline = _baseline_sds(facts, sd, spec) if sd_from_baseline else {}
        context = _Context(
            spec=spec,
            group_needs=frozenset((screening or load_screening()).group_needs),
            reliability=reliability or {},
            sd=sd | from_baseline,
            records=records,
            network=compare_group_networks(before, after, [r.id for r in after]),
            pack=pack,
        )
        evaluated = tuple(_member(b, a, f, context) for (b, a), f in zip(pairs, facts, strict=True))
        statuses = [(m.member, m.attendance, m.status) for m in evaluated]
        objectives = [o for m in evaluated for o in m.objectives]
        return GroupEvaluation(
            members=evaluated,
            scales=_summaries(evaluated, spec),
            retention=retention(statuses, records, spec.dropout, recruitment or load_recruitment()),
            network=context.network,
            objectives_met=sum(o.status == "met" for o in objectives) / len(objectives)
            if objectives
            else 1.0,
            sd_from_baseline=tuple(sorted(from_baseline)),
            satisfaction=satisfaction_summary(
                spec.satisfaction, [m.satisfaction for m in evaluated]
            )
            if spec.satisfaction
            else None,
            themes=summarise_themes(_coded(pairs, records), codebook),
            codebook=f"{codebook.id}@{codebook.version}",
        )


def _facts(resident: Resident, when: str) -> Facts:
    """The assessment's facts plus ``<measure>.total`` for each group measure answered."""
    totals = measure_totals(resident.measures, f"{when}.{resident.id}")
    return {**assessment_facts(resident.case), **{f"{m}.total": t for m, t in totals.items()}}


def _coded(
    pairs: Sequence[tuple[Resident, Resident]], records: Sequence[GroupSessionRecord]
) -> list[Coded]:
    notes = coded_interviews(((b.id, b.interviews) for b, _ in pairs), "before")
    notes += coded_interviews(((a.id, a.interviews) for _, a in pairs), "after")
    for record in records:
        notes += coded_session(record.number, record.themes, record.notes)
    return notes


def _baseline_sds(
    facts: Sequence[tuple[Facts, Facts]],
    given: Mapping[str, float | str],
    spec: EvaluationSpec,
) -> dict[str, float]:
    sds = {}
    for scale_id in sorted({s for scales in spec.dimensions.values() for s in scales}):
        if scale_id in given or scale_of(scale_id).default_norm is not None:
            continue
        totals = [float(b[f"{scale_id}.total"]) for b, _ in facts if f"{scale_id}.total" in b]
        if len(totals) >= 2 and statistics.stdev(totals) > 0:
            sds[scale_id] = statistics.stdev(totals)
    return sds


def _member(
    before: Resident, after: Resident, facts: tuple[Facts, Facts], context: _Context
) -> MemberEvaluation:
    first, later = (_case_facts(f) for f in facts)
    needs = tuple(
        NeedInput(id=n.id, severity=n.severity, is_safety=n.safety)
        for n in evaluate(first, context.pack).needs
        if n.id in context.group_needs
    )
    plan = build_plan(PlanRequest(needs=needs, baseline=first))
    result = evaluate_progress(
        plan,
        first,
        later,
        network_before=network_facts(measure_built(build_network(before.case))),
        network_after=network_facts(measure_built(build_network(after.case))),
        reliability=context.reliability,
        reference_sd=context.sd,
    )
    changes = (*result.scales, *_measure_changes(*facts, context))
    by_dimension = {
        dim: tuple(c for c in changes if c.scale in scales)
        for dim, scales in context.spec.dimensions.items()
    }
    shown, status = attendance(before.id, context.records, context.spec.dropout)
    satisfaction = context.spec.satisfaction
    return MemberEvaluation(
        member=before.id,
        emotional=by_dimension.get("emotional", ()),
        social=by_dimension.get("social", ()),
        cognitive=by_dimension.get("cognitive", ()),
        network=tuple(c for c in result.network if c.name in context.spec.network_facts),
        new_ties=tuple(sorted(_tied(before.id, context.network))),
        attendance=shown,
        status=status,
        objectives=result.objectives,
        satisfaction=int(facts[1][f"{satisfaction}.total"])
        if satisfaction and f"{satisfaction}.total" in facts[1]
        else None,
    )


def _case_facts(facts: Facts) -> Facts:
    """The assessment's facts alone: the rules engine knows no group measure."""
    measured = {f"{m}.total" for m in load_measures()}
    return {name: value for name, value in facts.items() if name not in measured}


def _measure_changes(first: Facts, later: Facts, context: _Context) -> list[ScaleChange]:
    """Each group measure answered at both dates, compared as a casework scale is."""
    return [
        scale_change(
            measure.scale,
            int(first[name]),
            int(later[name]),
            context.reliability.get(measure_id),
            context.sd.get(measure_id),
        )
        for measure_id, measure in load_measures().items()
        for name in [f"{measure_id}.total"]
        if name in first and name in later
    ]


def _tied(member: str, network: GroupNetworkChange) -> set[str]:
    return {b if a == member else a for a, b in network.new_ties if member in (a, b)}


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
    scorable = scale_of(scale_id).scoring_verified
    directions = [c.reliable.direction if c.reliable and scorable else None for c in changes]
    return ScaleSummary(
        scale=scale_id,
        dimension=dimension,
        scorable=scorable,
        n=len(changes),
        mean_before=statistics.fmean(c.before for c in changes),
        mean_after=statistics.fmean(c.after for c in changes),
        mean_change=statistics.fmean(c.change for c in changes),
        improved=directions.count("improved"),
        deteriorated=directions.count("deteriorated"),
        no_reliable_change=directions.count("no_reliable_change"),
        not_computed=directions.count(None),
        crossed=sum(bool(scorable and c.cutoff and c.cutoff.crossed) for c in changes),
    )
