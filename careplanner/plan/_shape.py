"""A plan's shape: what the ids of a request decide, whoever the client is.

The stages in order, the interventions in each and the needs they answer, the crisis plan
and the reasons depend only on the needs flagged (and which are safety needs), the proposed
interventions, the ordering constraints and, for an adjusted plan, the stages already
delivered and the sessions added. Many clients share those ids, so `shape` is computed once
per distinct ids and catalogue and shared; `careplanner.plan._build` then fills in what is
the client's own (baselines, need statements and severities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from careplanner._content._caches import CACHES
from careplanner._content._vocab import trusted
from careplanner.errors import PlanError, UnknownCodeError
from careplanner.plan._catalogue import CatalogueIndex, UnfitWhen
from careplanner.plan._order import Edges, topological
from careplanner.plan._plan import (
    CrisisPlan,
    PlannedIntervention,
    PlannedStage,
    Reason,
    ReasonKind,
)
from careplanner.plan._reasons import reason
from careplanner.plan._request import PlanRequest
from careplanner.plan._slots import names_in

#: Intervention id -> the need ids it answers, in the order they were assigned.
Answers = dict[str, list[str]]


class Ids(NamedTuple):
    """Everything a plan's shape depends on besides the catalogue."""

    #: ``(need id, is safety)`` per flagged need.
    needs: tuple[tuple[str, bool], ...]
    #: ``(intervention id, need ids it answers, priority)`` per proposal.
    interventions: tuple[tuple[str, tuple[str, ...], str | None], ...]
    #: ``(before, after)`` per ordering constraint.
    ordering: tuple[tuple[str, str], ...]
    #: Stages with recorded sessions, which keep their place first.
    delivered: tuple[str, ...]
    #: ``(stage id, sessions added)`` by plan adjustments.
    added: tuple[tuple[str, int], ...]
    #: The client declines group activities.
    declines_groups: bool = False
    #: The slots the client's case fills among those that say an intervention does not fit
    #: (the catalogue's ``unfit_when``), by name: other slots do not change the shape.
    slots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shape:
    """The stages in order, each need's interventions and stages, crisis plan, reasons.

    The stages are complete but for their objectives, which hold the client's baselines.
    """

    stages: tuple[PlannedStage, ...]
    interventions: Mapping[str, tuple[str, ...]]
    stages_of: Mapping[str, tuple[str, ...]]
    crisis_plan: CrisisPlan | None
    reasons: tuple[Reason, ...]
    #: Per stage, the slots its texts and its interventions' texts name, sorted.
    named: tuple[tuple[str, ...], ...]


_NEED_IDS = attrgetter("id", "is_safety")
_PROPOSAL_IDS = attrgetter("id", "answers", "priority")
_ORDERING_IDS = attrgetter("before", "after")


def ids_of(
    index: CatalogueIndex,
    request: PlanRequest,
    delivered: Sequence[str],
    added: Mapping[str, int],
) -> Ids:
    """Return what the shape of this request's plan depends on (ids not yet checked)."""
    return Ids(
        needs=tuple(map(_NEED_IDS, request.needs)),
        interventions=tuple(map(_PROPOSAL_IDS, request.interventions)),
        ordering=tuple(map(_ORDERING_IDS, request.ordering)),
        delivered=tuple(delivered),
        added=tuple(added.items()),
        declines_groups=request.declines_groups,
        slots=tuple(sorted(index.unfit_slots.intersection(request.slots))),
    )


def check(index: CatalogueIndex, ids: Ids) -> None:
    """Refuse ids the catalogue does not know, naming the field and the allowed ids."""
    seen: set[str] = set()
    for n, (need_id, _) in enumerate(ids.needs):
        if need_id in seen:
            raise PlanError(f"'needs[{n}].id': {need_id!r} is listed more than once")
        seen.add(need_id)
        if need_id not in index.needs:
            raise UnknownCodeError(f"needs[{n}].id", need_id, index.need_ids)
    for n, (intervention_id, answers, _) in enumerate(ids.interventions):
        if intervention_id not in index.interventions:
            raise UnknownCodeError(
                f"interventions[{n}].id", intervention_id, index.intervention_ids
            )
        for k, need_id in enumerate(answers):
            if need_id not in seen:
                raise UnknownCodeError(f"interventions[{n}].answers[{k}]", need_id, seen)
    for n, (before, after) in enumerate(ids.ordering):
        for field, value in (("before", before), ("after", after)):
            if value not in index.interventions:
                raise UnknownCodeError(f"ordering[{n}].{field}", value, index.intervention_ids)


# A shape costs about half as much to build as the rest of the plan, and some are far more common
# than others: the least recently used is evicted first, so that a long batch keeps those.
@CACHES.memoise("plan.shape", 4096, recency=True)
def shape(index: CatalogueIndex, ids: Ids) -> Shape:
    """Return the shape of the plan for these ids (at least one need); shared, so frozen.

    The ids are checked (`check`) the first time: only ids that passed have a shape. Its
    parts are made from the catalogue's validated entries and not validated again.
    """
    check(index, ids)
    reasons: list[Reason] = []
    answers = _answers(index, ids, reasons)
    between, within = _split_ordering(index, ids.ordering, answers, reasons)
    ranks = _stage_ranks(index, ids, answers)
    order = _stage_order(index, answers, between, ids.delivered, reasons, ranks)
    added = dict(ids.added)
    stages = tuple(
        _stage(index, s, number, answers, within, added.get(s, 0))
        for number, s in enumerate(order, start=1)
    )
    reasons += [
        reason("stage_left_out", s)
        for s in index.stage_ids
        if s not in order and not index.stages[s].always
    ]
    needs = [need_id for need_id, _ in ids.needs]
    return Shape(
        stages=stages,
        interventions={n: tuple(i for i, a in answers.items() if n in a) for n in needs},
        stages_of={n: tuple(s.id for s in stages if n in s.needs) for n in needs},
        crisis_plan=_crisis_plan(index, answers),
        reasons=tuple(reasons),
        named=tuple(_named(index, stage) for stage in stages),
    )


def _named(index: CatalogueIndex, stage: PlannedStage) -> tuple[str, ...]:
    return _stage_names(index, stage.id, tuple(i.id for i in stage.interventions))


@CACHES.memoise("plan.stage_names", 1024)
def _stage_names(
    index: CatalogueIndex, stage_id: str, intervention_ids: tuple[str, ...]
) -> tuple[str, ...]:
    entries = (index.stages[stage_id], *map(index.interventions.__getitem__, intervention_ids))
    return tuple(sorted({name for entry in entries for name in names_in(entry)}))


def _answers(index: CatalogueIndex, ids: Ids, reasons: list[Reason]) -> Answers:
    answers: Answers = {}
    for intervention_id, needs, _ in ids.interventions:
        answers.setdefault(intervention_id, [])
        for need_id in needs:
            _assign(answers, intervention_id, need_id)
    # A safety need nothing answers in the crisis phase gets the first crisis stage.
    in_crisis = index.in_phase.get("crisis", ())
    first = in_crisis[0].stage if in_crisis else None
    crisis = index.in_stage[first] if first is not None else ()
    for need_id, is_safety in ids.needs:
        if not any(need_id in needs for needs in answers.values()):
            for intervention_id in index.needs[need_id].default_interventions:
                _assign(answers, intervention_id, need_id)
            reasons.append(reason("default_interventions", need_id))
        if is_safety and not any(need_id in answers.get(e.id, ()) for e in in_crisis):
            for entry in crisis:
                _assign(answers, entry.id, need_id)
            reasons.append(reason("crisis_added", need_id))
    for stage_id in index.stage_ids:
        if index.stages[stage_id].always:
            for entry in index.in_stage[stage_id]:
                if not entry.on_demand:
                    answers.setdefault(entry.id, [])
    urgent = {i: priority for i, _, priority in ids.interventions}
    _hand_over(index, answers, ids, urgent, reasons)
    return answers


#: The reason given when an intervention's ``unfit_when`` slot holds, by slot.
_UNFIT_REASONS: dict[UnfitWhen, ReasonKind] = {
    "when_no_safe_relative": "does_not_fit",
    "when_cognitive_impairment": "unfit_cognition",
}


def _hand_over(
    index: CatalogueIndex,
    answers: Answers,
    ids: Ids,
    urgent: Mapping[str, str | None],
    reasons: list[Reason],
) -> None:
    """Replace what does not fit the client, and leave out what another one covers."""
    for intervention_id in list(answers):
        entry = index.interventions[intervention_id]
        if ids.declines_groups and entry.if_groups_declined is not None:
            _move(answers, intervention_id, entry.if_groups_declined)
            reasons.append(reason("groups_declined", intervention_id))
        elif entry.unfit_when is not None and entry.unfit_when in ids.slots:
            if entry.otherwise is not None:
                _move(answers, intervention_id, entry.otherwise)
            reasons.append(reason(_UNFIT_REASONS[entry.unfit_when], intervention_id))
    for intervention_id in list(answers):
        entry = index.interventions[intervention_id]
        covering = [i for i in entry.yields_to if i in answers]
        # Belief work covers a mild low mood, not a depression the rules judged severe.
        keeps = entry.keeps_place_when_urgent and urgent.get(intervention_id) == "high"
        if covering and not keeps:
            _move(answers, intervention_id, covering[0])
            reasons.append(reason("covered_by_another", intervention_id))


def _move(answers: Answers, source: str, target: str) -> None:
    """Hand the needs `source` answers over to `target`, and leave `source` out."""
    for need_id in answers.pop(source):
        _assign(answers, target, need_id)
    answers.setdefault(target, [])


#: Severity -> rank; a stage with a more urgent intervention comes earlier.
_URGENCY = {"high": 0, "moderate": 1, "low": 2, None: 3}


def _stage_ranks(index: CatalogueIndex, ids: Ids, answers: Answers) -> dict[str, int]:
    """Each stage's most urgent proposal (0 high ... 3 none) among those in the plan."""
    ranks: dict[str, int] = {}
    for intervention_id, _, priority in ids.interventions:
        if intervention_id in answers:
            stage = index.interventions[intervention_id].stage
            ranks[stage] = min(ranks.get(stage, 3), _URGENCY[priority])
    return ranks


def _assign(answers: Answers, intervention_id: str, need_id: str) -> None:
    needs = answers.setdefault(intervention_id, [])
    if need_id not in needs:
        needs.append(need_id)


def _split_ordering(
    index: CatalogueIndex,
    ordering: Sequence[tuple[str, str]],
    answers: Answers,
    reasons: list[Reason],
) -> tuple[Edges, Edges]:
    """Return the request's constraints between stages and those within one stage.

    Between stages, only those the catalogue does not make already: it names a pair both
    make. Within a stage, a later constraint on the same pair names it.
    """
    between: dict[tuple[str, str], str] = {}
    within: dict[tuple[str, str], str] = {}
    for n, (before, after) in enumerate(ordering):
        if before not in answers or after not in answers:
            reasons.append(reason("ordering_ignored", f"ordering[{n}]"))
            continue
        pair = index.interventions[before].stage, index.interventions[after].stage
        origin = f"ordering[{n}]: {before} before {after}"
        if pair[0] == pair[1]:
            within[(before, after)] = origin
        elif pair not in index.stage_edges and pair not in between:
            between[pair] = origin
    return between, within


def _stage_order(
    index: CatalogueIndex,
    answers: Answers,
    between: Edges,
    delivered: Sequence[str],
    reasons: list[Reason],
    ranks: Mapping[str, int],
) -> tuple[str, ...]:
    present = {index.interventions[i].stage for i in answers}
    # Catalogue order, the more urgent stages first: constraints and phases still hold, as
    # `topological` breaks only ties by this order.
    nodes = sorted(
        (s for s in index.stage_ids if s in present and s not in delivered),
        key=lambda s: ranks.get(s, 3),
    )
    reasons += [reason("delivered_first", s) for s in delivered if s in present]
    kept = tuple(s for s in delivered if s in present)
    # The catalogue's constraints over all its stages: `topological` ignores those touching
    # a stage not in `nodes`, so these are exactly the constraints between the stages present.
    return kept + topological(nodes, {**index.stage_edges, **between}, "stage")


def _stage(
    index: CatalogueIndex,
    stage_id: str,
    number: int,
    answers: Answers,
    within: Edges,
    added: int,
) -> PlannedStage:
    entry = index.stages[stage_id]
    ids = [i.id for i in index.in_stage[stage_id] if i.id in answers]
    ordered = topological(ids, within, "intervention") if within else ids
    planned = tuple(_planned(index, i, tuple(answers[i])) for i in ordered)
    base = min(entry.max_sessions, sum(i.sessions for i in planned))
    return trusted(
        PlannedStage,
        id=stage_id,
        number=number,
        phase=entry.phase,
        name=entry.name,
        purpose=entry.purpose,
        sessions=base + added,
        added_sessions=added,
        interventions=planned,
        needs=tuple(dict.fromkeys(n for i in planned for n in i.answers)),
        objectives=(),
        precautions=entry.precautions,
        source=entry.source,
    )


@CACHES.memoise("plan.interventions", 8192)
def _planned(
    index: CatalogueIndex, intervention_id: str, answers: tuple[str, ...]
) -> PlannedIntervention:
    # Shapes differ in many ways but repeat an intervention answering the same needs.
    entry = index.interventions[intervention_id]
    return trusted(
        PlannedIntervention,
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


def _crisis_plan(index: CatalogueIndex, answers: Answers) -> CrisisPlan | None:
    entry = index.crisis_plan
    covered = tuple(dict.fromkeys(n for i in entry.for_interventions for n in answers.get(i, ())))
    if not covered:
        return None
    return trusted(
        CrisisPlan,
        needs=covered,
        referral=entry.referral,
        steps=entry.steps,
        notes=entry.notes,
        source=entry.source,
    )
