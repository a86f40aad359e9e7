"""Build a care plan from a `PlanRequest` and the catalogue: one generic path for every case.

The plan's shape (`careplanner.plan._shape`) is shared by every client with the same ids;
this module checks the request and fills the shape with what is the client's own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import TypeVar

from pydantic import BaseModel

from careplanner._content._caches import CACHES, Same
from careplanner._content._vocab import trusted, updated
from careplanner.plan._catalogue import (
    Catalogue,
    CatalogueIndex,
    CrisisPlanEntry,
    InterventionEntry,
    ObjectiveTemplate,
    Precaution,
    StageEntry,
)
from careplanner.plan._load import load_catalogue
from careplanner.plan._plan import (
    CarePlan,
    CrisisPlan,
    FollowUpPlan,
    NeedPlan,
    Objective,
    PlannedIntervention,
    PlannedStage,
)
from careplanner.plan._reasons import reason
from careplanner.plan._request import NeedInput, PlanRequest
from careplanner.plan._shape import Shape, check, ids_of, shape
from careplanner.plan._slots import Slots, fill, has_slots, names_in, need_slots, words_of
from careplanner.plan._types import Facts, FactValue, Text

M = TypeVar("M", bound=BaseModel)
W = TypeVar("W")


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
    evaluation, termination, follow-up [kirst-ashman2014]) and, for the default
    catalogue, the five stages of the seed paper's Table 1 [1]_. See docs/plan.md.

    References
    ----------
    .. [1] The seed paper [shidu-casework]: casework with an urban 失独 mother in Beijing,
       section 4.3, Table 1.
    """
    catalogue = catalogue or load_catalogue()
    return assemble_plan(request, catalogue, delivered=(), added={})


def assemble_plan(
    request: PlanRequest,
    catalogue: Catalogue,
    delivered: Sequence[str],
    added: Mapping[str, int],
) -> CarePlan:
    """Build the plan; `delivered` stages keep their place first, `added` sessions stay.

    Raises the errors of `check_request`.
    """
    index = catalogue.index
    ids = ids_of(index, request, delivered, added)
    if not request.needs:
        check(index, ids)
        return _empty_plan(request, catalogue)
    shared = shape(index, ids)
    slots = request.slots | need_slots(n.id for n in request.needs)
    worded = {n.id: _need_words(index, n.id, request.baseline, slots) for n in request.needs}
    objectives = {need_id: mine for need_id, (_, mine) in worded.items()}
    # Every part was validated when the catalogue was loaded or the shape was built, or is
    # such a part in the client's words: the plan is not validated again.
    return trusted(
        CarePlan,
        kind="casework",
        language=request.language,
        catalogue=catalogue.label,
        needs=tuple(_need_plan(n, shared, worded[n.id]) for n in request.needs),
        stages=tuple(
            _stage(index, stage, names, objectives, slots)
            for stage, names in zip(shared.stages, shared.named, strict=True)
        ),
        crisis_plan=_crisis_plan(index, shared.crisis_plan, slots),
        follow_up=_follow_up(index, _measures(objectives)),
        reasons=shared.reasons,
        request=request,
        sessions=(),
        changes=(),
    )


def check_request(request: PlanRequest, catalogue: Catalogue) -> None:
    """Refuse ids the catalogue does not know, naming the field and the allowed ids."""
    check(catalogue.index, ids_of(catalogue.index, request, (), {}))


#: Catalogue entries' texts in a client's words, by the entry and the words of the slots it
#: names: the same for every client whose slots hold those words (the entries hold them). Keyed
#: on the catalogue's entry, not on a plan part made from it (an intervention answering given
#: needs), so that the entries stop growing once each entry has met the words its slots take.
_WORDED = CACHES.bounded("plan.worded", 8192, recency=False)
#: The shape's interventions in a client's words, by the intervention and its texts' words.
_OWN = CACHES.bounded("plan.own_interventions", 8192, recency=False)
#: A stage's texts and interventions in a client's words, by the catalogue's index, the stage,
#: its interventions and the needs each answers, and the words of the slots they name: one
#: lookup a stage instead of one a catalogue entry.
_STAGES = CACHES.bounded("plan.worded_stages", 8192, recency=False)


def _in_words(entry: M, slots: Slots, word: Callable[[M, Slots], W]) -> W:
    """``word(entry, slots)``, built once for every client with the same words for the slots
    that `entry`, a catalogue entry, names."""
    worded: W = _WORDED.get((Same(entry), _words(entry, slots)), word, entry, slots)
    return worded


def _words(entry: BaseModel, slots: Slots) -> Hashable:
    """The words `slots` holds for the slots the texts of `entry` name."""
    return words_of(names_in(entry), slots)


#: A need's goal and objectives in a client's words.
NeedWords = tuple[Text, tuple[Objective, ...]]


def _need_words(index: CatalogueIndex, need_id: str, baseline: Facts, slots: Slots) -> NeedWords:
    """The need's goal and objectives, shared by every client with the same words for the
    slots its template names and the same baseline values of its objectives' measures."""
    template = index.needs[need_id]
    # By type and repr: a baseline of 1 and one of True, or of 0.0 and -0.0, print differently.
    measured = tuple(
        [(type(value := baseline.get(t.measure)), repr(value)) for t in template.objectives]
    )
    # The index hashes by identity: a key of it and the need's id costs no Python-level hash.
    key = (index, need_id, measured, _words(template, slots))
    worded: NeedWords = _WORDED.get(key, _own_need_words, index, need_id, baseline, slots)
    return worded


def _own_need_words(
    index: CatalogueIndex, need_id: str, baseline: Facts, slots: Slots
) -> NeedWords:
    goal = _filled(index.needs[need_id].goal, slots)
    return goal, _objectives(index, need_id, baseline, slots)


def _objectives(
    index: CatalogueIndex, need_id: str, baseline: Facts, slots: Slots
) -> tuple[Objective, ...]:
    chosen = _alternatives_chosen(index.needs[need_id].objectives, baseline)
    # An objective its baseline already meets sets no change to work for. The objectives
    # whose baseline shows the problem come first: one without a baseline (take it first) is
    # kept only when no baseline shows the problem. A need whose every objective is met
    # keeps them all.
    unmet = [t for t in chosen if not _met_at(baseline, t)]
    unmet = [t for t in unmet if t.measure in baseline] or unmet
    built = (_objective(index, need_id, t.id, baseline.get(t.measure)) for t in unmet or chosen)
    return tuple(_own_words(o, slots) for o in built)


def _met_at(baseline: Facts, template: ObjectiveTemplate) -> bool:
    return template.when.holds(baseline)


def _own_words(objective: Objective, slots: Slots) -> Objective:
    text = objective.text
    if has_slots(text):
        text = fill(text, slots) or text
    if objective.baseline is None:
        text = {lang: _TAKE_BASELINE[lang] + words for lang, words in text.items()}
    if text is objective.text:
        return objective
    return updated(objective, {"text": text})


#: Put before an objective whose measure was not taken at intake.
_TAKE_BASELINE = {"en": "Take the baseline first, then: ", "zh-CN": "先完成基线测量，然后："}


def _objective(
    index: CatalogueIndex, need_id: str, template_id: str, baseline: FactValue | None
) -> Objective:
    # 0.0 and -0.0 would share a cache entry but print differently: floats are built anew.
    if isinstance(baseline, float):
        return _new_objective(index, need_id, template_id, baseline)
    return _shared_objective(index, need_id, template_id, baseline)


def _new_objective(
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


#: Typed, so that a baseline of 1 and one of True are kept apart.
_shared_objective = CACHES.memoise("plan.objectives", 2048, typed=True)(_new_objective)


def _alternatives_chosen(
    templates: Sequence[ObjectiveTemplate], baseline: Facts
) -> Sequence[ObjectiveTemplate]:
    """Keep ungrouped objectives and, per group, the first one whose baseline shows the
    problem, else the first one measured at intake."""
    groups: dict[str, list[ObjectiveTemplate]] = {}
    for template in templates:
        if template.group is not None:
            groups.setdefault(template.group, []).append(template)
    if not groups:
        return templates
    chosen = {_first_to_work_for(members, baseline).id for members in groups.values()}
    return [t for t in templates if t.group is None or t.id in chosen]


def _first_to_work_for(members: Sequence[ObjectiveTemplate], baseline: Facts) -> ObjectiveTemplate:
    # A measure the need fired on, not a sibling measure the client already meets (GDS-15
    # in range while PHQ-9 shows mild depression).
    measured = [t for t in members if t.measure in baseline]
    return next((t for t in measured if not _met_at(baseline, t)), (measured or members)[0])


#: What a shape's intervention is made of besides the catalogue: its id and the needs it answers.
_PLANNED = attrgetter("id", "answers")


def _stage(
    index: CatalogueIndex,
    shared: PlannedStage,
    names: tuple[str, ...],
    objectives: Mapping[str, tuple[Objective, ...]],
    slots: Slots,
) -> PlannedStage:
    """The shape's stage in this client's words, with this client's objectives; `names` are
    the slots it and its interventions name."""
    planned = tuple(map(_PLANNED, shared.interventions))
    key = (index, shared.id, planned, words_of(names, slots))
    own: dict[str, object] = _STAGES.get(key, _own_stage, index, shared, slots)
    mine = tuple(o for n in shared.needs for o in objectives[n])
    return updated(shared, {**own, "objectives": mine})


def _own_stage(index: CatalogueIndex, shared: PlannedStage, slots: Slots) -> dict[str, object]:
    """The shape's stage in this client's words, objectives aside."""
    name, purpose, precautions = _in_words(index.stages[shared.id], slots, _stage_words)
    return {
        "name": name,
        "purpose": purpose,
        "precautions": precautions,
        "interventions": tuple(_intervention(index, i, slots) for i in shared.interventions),
    }


def _stage_words(entry: StageEntry, slots: Slots) -> tuple[Text, Text, tuple[Precaution, ...]]:
    """A stage's own name, purpose and precautions in this client's words."""
    return (
        _filled(entry.name, slots),
        _filled(entry.purpose, slots),
        tuple(_own_precautions(entry.precautions, slots)),
    )


def _own_precautions(precautions: Sequence[Precaution], slots: Slots) -> Iterator[Precaution]:
    """Precautions that apply to this client (one whose slot has no value is left out)."""
    for precaution in precautions:
        if not has_slots(precaution.text):
            yield precaution
        elif (text := fill(precaution.text, slots)) is not None:
            yield updated(precaution, {"text": text})


def _intervention(
    index: CatalogueIndex, shared: PlannedIntervention, slots: Slots
) -> PlannedIntervention:
    """The shape's intervention in this client's words."""
    changes = _in_words(index.interventions[shared.id], slots, _intervention_words)
    if changes is None:
        return shared
    # Shared by every client with the same words, so that the compact writer writes it once;
    # an evicted one costs only the copy.
    own: PlannedIntervention = _OWN.get((Same(shared), Same(changes)), updated, shared, changes)
    return own


def _intervention_words(entry: InterventionEntry, slots: Slots) -> dict[str, object] | None:
    """An intervention's texts in this client's words (slots filled, sentences without a value
    left out), or None when they stay as the catalogue words them."""
    strategies = _applicable(entry.strategies, slots)
    techniques = _applicable(entry.techniques, slots)
    measure = entry.measure
    if has_slots(measure.text):
        measure = updated(measure, {"text": _filled(measure.text, slots)})
    if (
        strategies == entry.strategies
        and techniques == entry.techniques
        and not has_slots(entry.purpose)
        and not has_slots(entry.place)
        and measure is entry.measure
    ):
        return None
    return {
        "strategies": strategies,
        "techniques": techniques,
        "purpose": _filled(entry.purpose, slots),
        "place": _filled(entry.place, slots),
        "measure": measure,
    }


def _applicable(texts: Sequence[Text], slots: Slots) -> tuple[Text, ...]:
    """The texts in this client's words; one whose slot has no value is left out."""
    return tuple(filled for text in texts if (filled := fill(text, slots)) is not None)


def _crisis_plan(index: CatalogueIndex, plan: CrisisPlan | None, slots: Slots) -> CrisisPlan | None:
    if plan is None or not has_slots(plan.referral):
        return plan
    return updated(plan, {"referral": _in_words(index.crisis_plan, slots, _referral)})


def _referral(entry: CrisisPlanEntry, slots: Slots) -> Text:
    return _filled(entry.referral, slots)


def _filled(text: Text, slots: Slots) -> Text:
    # A purpose or goal always keeps a wording: the catalogue gives neutral words for its slots.
    return (fill(text, slots) or text) if has_slots(text) else text


def _need_plan(need: NeedInput, shared: Shape, worded: NeedWords) -> NeedPlan:
    goal, objectives = worded
    return trusted(
        NeedPlan,
        need=need,
        goal=goal,
        objectives=objectives,
        interventions=shared.interventions[need.id],
        stages=shared.stages_of[need.id],
    )


def _measures(objectives: Mapping[str, tuple[Objective, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.measure for group in objectives.values() for o in group))


@CACHES.memoise("plan.follow_up", 512)
def _follow_up(index: CatalogueIndex, measures: tuple[str, ...]) -> FollowUpPlan:
    # Many plans measure a mix of their own: the catalogue's validated parts and the
    # objectives' measures are not validated again.
    entry = index.follow_up
    return trusted(
        FollowUpPlan,
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
