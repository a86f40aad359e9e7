"""Build a care plan from a `PlanRequest` and the catalogue: one generic path for every case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from careplanner.errors import PlanError, UnknownCodeError
from careplanner.plan._catalogue import Catalogue, CatalogueIndex, ObjectiveTemplate
from careplanner.plan._load import load_catalogue
from careplanner.plan._order import Edges, topological
from careplanner.plan._plan import (
    CarePlan,
    CrisisPlan,
    FollowUpPlan,
    NeedPlan,
    Objective,
    PlannedIntervention,
    PlannedStage,
    Reason,
)
from careplanner.plan._reasons import reason
from careplanner.plan._request import NeedInput, PlanRequest
from careplanner.plan._types import FactValue

#: Intervention id -> the need ids it answers, in the order they were assigned.
Answers = dict[str, list[str]]


def build_plan(request: PlanRequest, catalogue: Catalogue | None = None) -> CarePlan:
    """Turn flagged needs and proposed interventions into a staged care plan.

    Parameters
    ----------
    request : PlanRequest
        Needs, proposed interventions with the needs they answer, ordering constraints,
        the client's language and, optionally, intake facts for the objectives' baselines.
    catalogue : Catalogue, optional
        Defaults to the bundled catalogue (`load_catalogue`).

    Returns
    -------
    CarePlan
        ``kind="none"`` with a reason when no need is flagged; otherwise the stages in
        order, each need's goal and objectives, a crisis plan when a safety need is flagged
        and the follow-up after closure.

    Raises
    ------
    UnknownCodeError
        A need without a template, an intervention not in the catalogue, or a proposal
        answering a need the request does not flag; names the field and the allowed ids.
    PlanError
        A need id is listed twice.
    OrderingCycleError
        The ordering constraints and the catalogue's stage dependencies form a cycle.

    Examples
    --------
    >>> from careplanner.plan import NeedInput, PlanRequest
    >>> need = NeedInput(id="digital_exclusion", severity="low")
    >>> plan = build_plan(PlanRequest(needs=(need,), language="en"))
    >>> [stage.id for stage in plan.stages]
    ['engage_assess', 'strengths_family', 'consolidate_close']
    >>> plan.needs[0].objectives[0].measure
    'obs.uses_messaging_app'

    Notes
    -----
    Stages follow the casework process (engagement, assessment, planning, intervention,
    evaluation, termination, follow-up; interventions.md §2.1) and, for the default
    catalogue, the five stages of the seed paper's Table 1 [1]_. See docs/plan.md.

    References
    ----------
    .. [1] Seed paper 003 (casework with an urban 失独 mother, Beijing), §4.3 Table 1.
    """
    catalogue = catalogue or load_catalogue()
    check_request(request, catalogue)
    return assemble(request, catalogue, delivered=(), added={})


def assemble(
    request: PlanRequest,
    catalogue: Catalogue,
    delivered: Sequence[str],
    added: Mapping[str, int],
) -> CarePlan:
    """Build the plan; `delivered` stages keep their place first, `added` sessions stay."""
    if not request.needs:
        return _empty_plan(request, catalogue)
    reasons: list[Reason] = []
    answers = _answers(request, catalogue, reasons)
    between, within = _split_ordering(request, catalogue, answers, reasons)
    stage_ids = _stage_order(catalogue, answers, between, delivered, reasons)
    objectives = {n.id: _objectives(n, request, catalogue) for n in request.needs}
    stages = tuple(
        _stage(catalogue, stage_id, number, answers, objectives, within, added.get(stage_id, 0))
        for number, stage_id in enumerate(stage_ids, start=1)
    )
    reasons += [
        reason("stage_left_out", s)
        for s in catalogue.stage_ids
        if s not in stage_ids and not catalogue.stage(s).always
    ]
    return CarePlan(
        kind="casework",
        language=request.language,
        catalogue=catalogue.label,
        needs=tuple(_need_plan(n, catalogue, answers, objectives, stages) for n in request.needs),
        stages=stages,
        crisis_plan=_crisis_plan(request.needs, stages, catalogue),
        follow_up=_follow_up(catalogue.index, _measures(objectives)),
        reasons=tuple(reasons),
        request=request,
    )


def check_request(request: PlanRequest, catalogue: Catalogue) -> None:
    """Refuse ids the catalogue does not know, naming the field and the allowed ids."""
    index = catalogue.index
    seen: set[str] = set()
    for n, need in enumerate(request.needs):
        if need.id in seen:
            raise PlanError(f"'needs[{n}].id': {need.id!r} is listed more than once")
        seen.add(need.id)
        if need.id not in index.needs:
            raise UnknownCodeError(f"needs[{n}].id", need.id, catalogue.need_ids)
    for n, proposal in enumerate(request.interventions):
        if proposal.id not in index.interventions:
            raise UnknownCodeError(
                f"interventions[{n}].id", proposal.id, catalogue.intervention_ids
            )
        for k, need_id in enumerate(proposal.answers):
            if need_id not in seen:
                raise UnknownCodeError(f"interventions[{n}].answers[{k}]", need_id, seen)
    for n, rule in enumerate(request.ordering):
        for field, value in (("before", rule.before), ("after", rule.after)):
            if value not in index.interventions:
                raise UnknownCodeError(f"ordering[{n}].{field}", value, catalogue.intervention_ids)


def _answers(request: PlanRequest, catalogue: Catalogue, reasons: list[Reason]) -> Answers:
    answers: Answers = {}
    for proposal in request.interventions:
        answers.setdefault(proposal.id, [])
        for need_id in proposal.answers:
            _assign(answers, proposal.id, need_id)
    for need in request.needs:
        if not any(need.id in needs for needs in answers.values()):
            for intervention_id in catalogue.need(need.id).default_interventions:
                _assign(answers, intervention_id, need.id)
            reasons.append(reason("default_interventions", need.id))
        if need.is_safety and not _crisis_answers(answers, catalogue, need.id):
            for entry in catalogue.in_phase("crisis"):
                _assign(answers, entry.id, need.id)
            reasons.append(reason("crisis_added", need.id))
    for stage_id in catalogue.stage_ids:
        if catalogue.stage(stage_id).always:
            for entry in catalogue.in_stage(stage_id):
                answers.setdefault(entry.id, [])
    return answers


def _assign(answers: Answers, intervention_id: str, need_id: str) -> None:
    needs = answers.setdefault(intervention_id, [])
    if need_id not in needs:
        needs.append(need_id)


def _crisis_answers(answers: Answers, catalogue: Catalogue, need_id: str) -> bool:
    return any(need_id in answers.get(e.id, ()) for e in catalogue.in_phase("crisis"))


def _split_ordering(
    request: PlanRequest, catalogue: Catalogue, answers: Answers, reasons: list[Reason]
) -> tuple[Edges, Edges]:
    """Return the request's constraints between stages and those within one stage.

    Between stages, only those the catalogue does not make already: it names a pair both
    make. Within a stage, a later constraint on the same pair names it.
    """
    between: dict[tuple[str, str], str] = {}
    within: dict[tuple[str, str], str] = {}
    for n, rule in enumerate(request.ordering):
        if rule.before not in answers or rule.after not in answers:
            reasons.append(reason("ordering_ignored", f"ordering[{n}]"))
            continue
        pair = catalogue.intervention(rule.before).stage, catalogue.intervention(rule.after).stage
        origin = f"ordering[{n}]: {rule.before} before {rule.after}"
        if pair[0] == pair[1]:
            within[(rule.before, rule.after)] = origin
        elif pair not in catalogue.stage_edges and pair not in between:
            between[pair] = origin
    return between, within


def _stage_order(
    catalogue: Catalogue,
    answers: Answers,
    between: Edges,
    delivered: Sequence[str],
    reasons: list[Reason],
) -> tuple[str, ...]:
    present = {catalogue.intervention(i).stage for i in answers}
    nodes = tuple(s for s in catalogue.stage_ids if s in present and s not in delivered)
    reasons += [reason("delivered_first", s) for s in delivered if s in present]
    kept = tuple(s for s in delivered if s in present)
    return kept + _ordered_stages(catalogue.index, nodes, tuple(between.items()))


@lru_cache(maxsize=1024)
def _ordered_stages(
    index: CatalogueIndex,
    nodes: tuple[str, ...],
    between: tuple[tuple[tuple[str, str], str], ...],
) -> tuple[str, ...]:
    # The catalogue's constraints over all its stages: `topological` ignores those touching
    # a stage not in `nodes`, so these are exactly the constraints between the stages present.
    return topological(nodes, {**index.stage_edges, **dict(between)}, "stage")


def _objectives(
    need: NeedInput, request: PlanRequest, catalogue: Catalogue
) -> tuple[Objective, ...]:
    chosen = _alternatives_chosen(catalogue.need(need.id).objectives, request.baseline)
    baseline = request.baseline
    return tuple(
        _objective(catalogue.index, need.id, t.id, baseline.get(t.measure)) for t in chosen
    )


def _objective(
    index: CatalogueIndex, need_id: str, template_id: str, baseline: FactValue | None
) -> Objective:
    # 0.0 and -0.0 would share a cache entry but print differently: floats are built anew.
    if isinstance(baseline, float):
        return _shared_objective.__wrapped__(index, need_id, template_id, baseline)
    return _shared_objective(index, need_id, template_id, baseline)


# Typed, so that a baseline of 1 and one of True are kept apart.
@lru_cache(maxsize=4096, typed=True)
def _shared_objective(
    index: CatalogueIndex, need_id: str, template_id: str, baseline: FactValue | None
) -> Objective:
    template = next(t for t in index.needs[need_id].objectives if t.id == template_id)
    return Objective(
        id=f"{need_id}.{template_id}",
        need=need_id,
        measure=template.measure,
        comparison=template.comparison,
        target=template.target,
        baseline=baseline,
        text=template.text,
        source=template.source,
    )


def _alternatives_chosen(
    templates: Sequence[ObjectiveTemplate], baseline: Mapping[str, object]
) -> list[ObjectiveTemplate]:
    """Keep ungrouped objectives and, per group, the first one measured at intake."""
    groups: dict[str, list[ObjectiveTemplate]] = {}
    for template in templates:
        if template.group is not None:
            groups.setdefault(template.group, []).append(template)
    chosen = {
        next((t for t in members if t.measure in baseline), members[0]).id
        for members in groups.values()
    }
    return [t for t in templates if t.group is None or t.id in chosen]


def _stage(
    catalogue: Catalogue,
    stage_id: str,
    number: int,
    answers: Answers,
    objectives: Mapping[str, tuple[Objective, ...]],
    within: Edges,
    added: int,
) -> PlannedStage:
    entry = catalogue.stage(stage_id)
    ids = [i.id for i in catalogue.in_stage(stage_id) if i.id in answers]
    ordered = topological(ids, within, "intervention")
    planned = tuple(_planned(catalogue.index, i, tuple(answers[i])) for i in ordered)
    needs = tuple(dict.fromkeys(n for i in planned for n in i.answers))
    base = min(entry.max_sessions, sum(i.sessions for i in planned))
    return PlannedStage(
        id=stage_id,
        number=number,
        phase=entry.phase,
        name=entry.name,
        purpose=entry.purpose,
        sessions=base + added,
        added_sessions=added,
        interventions=planned,
        needs=needs,
        objectives=tuple(o for n in needs for o in objectives[n]),
        precautions=entry.precautions,
        source=entry.source,
    )


@lru_cache(maxsize=4096)
def _planned(
    index: CatalogueIndex, intervention_id: str, answers: tuple[str, ...]
) -> PlannedIntervention:
    # Frozen and free of client data: every plan where it answers these needs shares it.
    entry = index.interventions[intervention_id]
    return PlannedIntervention(
        id=entry.id,
        answers=answers,
        sessions=entry.sessions,
        place=entry.place,
        purpose=entry.purpose,
        strategies=entry.strategies,
        techniques=entry.techniques,
        theory=entry.theory,
        measure=entry.measure,
        source=entry.source,
    )


def _need_plan(
    need: NeedInput,
    catalogue: Catalogue,
    answers: Answers,
    objectives: Mapping[str, tuple[Objective, ...]],
    stages: Sequence[PlannedStage],
) -> NeedPlan:
    return NeedPlan(
        need=need,
        goal=catalogue.need(need.id).goal,
        objectives=objectives[need.id],
        interventions=tuple(i for i, needs in answers.items() if need.id in needs),
        stages=tuple(s.id for s in stages if need.id in s.needs),
    )


def _crisis_plan(
    needs: Sequence[NeedInput], stages: Sequence[PlannedStage], catalogue: Catalogue
) -> CrisisPlan | None:
    in_crisis = {n for s in stages if s.phase == "crisis" for n in s.needs}
    covered = tuple(n.id for n in needs if n.is_safety or n.id in in_crisis)
    return _crisis(catalogue.index, covered) if covered else None


@lru_cache(maxsize=256)
def _crisis(index: CatalogueIndex, needs: tuple[str, ...]) -> CrisisPlan:
    entry = index.crisis_plan
    return CrisisPlan(
        needs=needs,
        referral=entry.referral,
        steps=entry.steps,
        notes=entry.notes,
        source=entry.source,
    )


def _measures(objectives: Mapping[str, tuple[Objective, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.measure for group in objectives.values() for o in group))


@lru_cache(maxsize=1024)
def _follow_up(index: CatalogueIndex, measures: tuple[str, ...]) -> FollowUpPlan:
    entry = index.follow_up
    return FollowUpPlan(
        contacts=entry.contacts,
        remeasure_months=entry.remeasure.months,
        measures=measures,
        note=entry.note,
        source=entry.source,
        remeasure_source=entry.remeasure.source,
    )


def _empty_plan(request: PlanRequest, catalogue: Catalogue) -> CarePlan:
    return CarePlan(
        kind="none",
        language=request.language,
        catalogue=catalogue.label,
        needs=(),
        stages=(),
        crisis_plan=None,
        follow_up=None,
        reasons=(reason("no_needs", "needs"),),
        request=request,
    )
