"""The plan catalogue: stages, interventions, need objectives and closure rules, as data.

Three YAML files beside this module hold the domain content -- ``stages.yaml`` (stages, the
interventions in each, the crisis plan, follow-up), ``objectives.yaml`` (goal, measurable
objectives and default interventions per need id) and ``closure.yaml`` (closure-readiness
rules). `load_catalogue` validates them into one frozen `Catalogue`; cross-file references
(an intervention's stage, a need's default interventions, a stage's ``after`` list) and the
stage order's freedom from cycles are checked at load time, so a plan never meets a
dangling id. The entries are indexed by id once per catalogue: a plan only looks them up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, cast, get_args

from pydantic import Field, model_validator

from careplanner._content._conditions import FactTest, deprecated_spelling
from careplanner.errors import OrderingCycleError
from careplanner.plan._order import Edges, topological
from careplanner.plan._types import (
    Code,
    Comparison,
    FactName,
    FactValue,
    Frozen,
    Source,
    Text,
)

Phase = Literal["crisis", "opening", "middle", "closing"]
#: Phases in plan order: a crisis stage leads, the opening stage follows, closing ends.
PHASES: tuple[Phase, ...] = get_args(Phase)
Channel = Literal["phone_or_messaging", "home_visit"]
#: The ``when_*`` slots that can make an intervention unfit for a client (each has its reason).
UnfitWhen = Literal["when_no_safe_relative", "when_cognitive_impairment"]
#: What a closure rule may compare; `careplanner.plan.closure_readiness` computes each.
Quantity = Literal[
    "objectives_met_share",
    "open_safety_needs",
    "new_needs_without_plan",
    "ending_discussions_before_closing",
]


class Precaution(Frozen):
    """A risk precaution attached to a stage: taken before it starts or during it."""

    id: Code
    when: Literal["before", "during"]
    text: Text
    source: Source


class StageEntry(Frozen):
    """A casework stage: its phase, session ceiling, dependencies and precautions."""

    id: Code
    phase: Phase
    always: bool = Field(description="Present in every casework plan (engagement, closure).")
    max_sessions: int = Field(ge=1, le=20)
    cadence_days: int = Field(
        ge=1, le=90, description="Days after the session before it that a session here is due."
    )
    after: tuple[Code, ...] = Field((), description="Stages that must come first, if present.")
    name: Text
    purpose: Text
    precautions: tuple[Precaution, ...] = ()
    source: Source


class Theory(Frozen):
    """A theory or model an intervention rests on, with its citation."""

    name: Text
    citation: Source


class StageMeasure(Frozen):
    """What shows an intervention worked: the facts to look at and a description."""

    facts: tuple[FactName, ...] = Field(min_length=1)
    text: Text


class InterventionEntry(Frozen):
    """One intervention: the stage it belongs to and how it is done."""

    id: Code
    stage: Code
    sessions: int = Field(ge=1, le=20, description="Default sessions when delivered alone.")
    place: Text
    purpose: Text
    strategies: tuple[Text, ...] = Field(min_length=1)
    techniques: tuple[Text, ...] = Field(min_length=1)
    theory: tuple[Theory, ...] = Field(min_length=1)
    measure: StageMeasure
    on_demand: bool = Field(
        False, description="Joins its stage only when it answers a flagged need."
    )
    yields_to: tuple[Code, ...] = Field(
        (),
        description="Left out, its needs handed over, when one of these is in the plan "
        "(e.g. behavioural activation yields to belief work that also treats the low mood).",
    )
    keeps_place_when_urgent: bool = Field(
        False, description="Does not yield when the rules gave it high priority."
    )
    if_groups_declined: Code | None = Field(
        None, description="The one-to-one intervention used instead when groups are declined."
    )
    unfit_when: UnfitWhen | None = Field(
        None,
        description="A 'when_*' slot that says this intervention does not fit the client "
        "(family support when no relative is free of suspected abuse; belief work with severe "
        "cognitive impairment).",
    )
    otherwise: Code | None = Field(
        None, description="The intervention used instead when `unfit_when` holds."
    )
    source: Source


class SafetyStep(Frozen):
    """One step of a written safety plan, with the question that fills it in."""

    id: Code
    title: Text
    prompt: Text


class CrisisPlanEntry(Frozen):
    """The crisis plan every plan with a safety need carries."""

    source: Source
    for_interventions: tuple[Code, ...] = Field(
        min_length=1, description="The plan carries the crisis plan when one of these is in it."
    )
    referral: Text
    steps: tuple[SafetyStep, ...] = Field(min_length=1)
    notes: tuple[Text, ...] = ()


class FollowUpContact(Frozen):
    """A follow-up contact after closure: its channel and purpose."""

    id: Code
    channel: Channel
    purpose: Text
    source: Source


class Remeasure(Frozen):
    """Months after closure at which the objectives' measures are taken again."""

    months: tuple[int, ...] = Field(min_length=1)
    source: Source


class FollowUpEntry(Frozen):
    """Follow-up after closure, with a note on what the sources do not give."""

    source: Source
    note: Text
    contacts: tuple[FollowUpContact, ...] = Field(min_length=1)
    remeasure: Remeasure


class StageCatalogue(Frozen):
    """The content of ``stages.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    stages: tuple[StageEntry, ...] = Field(min_length=1)
    interventions: tuple[InterventionEntry, ...] = Field(min_length=1)
    crisis_plan: CrisisPlanEntry
    follow_up: FollowUpEntry


def _in_the_grammar(data: object, fields: tuple[str, str, str], namespace: str = "") -> object:
    """Today's ``<measure> <comparison> <target>`` fields as the ``when`` condition.

    Given beside a ``when`` (an overlay in today's spelling over a file in the grammar), they
    change those keys of it.
    """
    if not isinstance(data, dict) or not set(fields) & set(data):
        return data
    deprecated_spelling("/".join(fields))
    data = dict(data)
    given = {
        key: data.pop(name) for key, name in zip(_GRAMMAR, fields, strict=True) if name in data
    }
    if namespace and isinstance(given.get("fact"), str):
        given["fact"] = namespace + given["fact"]
    when = data.get("when")
    data["when"] = {**when, **given} if isinstance(when, dict) else given
    return data


_GRAMMAR = ("fact", "op", "value")


class ObjectiveTemplate(Frozen):
    """A measurable objective, met at re-assessment ``when`` its fact passes the test.

    ``when`` is a condition of the one grammar with its value given (``{fact: gds15.total,
    op: le, value: 5}``); today's ``measure``, ``comparison`` and ``target`` are read as it.
    Objectives of one need that share a `group` are alternatives (e.g. the same target on
    GDS-15 or on PHQ-9): a plan keeps the first whose measure was taken at intake.
    """

    id: Code
    group: Code | None = None
    when: FactTest
    text: Text
    source: Source

    _spelling = model_validator(mode="before")(
        lambda data: _in_the_grammar(data, ("measure", "comparison", "target"))
    )

    @property
    def measure(self) -> FactName:
        """The fact measured."""
        return self.when.fact

    @property
    def comparison(self) -> Comparison:
        """The test, as the plan writes it (``<=``)."""
        return cast(Comparison, self.when.comparison)

    @property
    def target(self) -> FactValue:
        """The value the measure is compared with."""
        return self.when.value


class NeedTemplate(Frozen):
    """The goal, objectives and default interventions of one need id."""

    id: Code
    goal: Text
    default_interventions: tuple[Code, ...] = Field(min_length=1)
    objectives: tuple[ObjectiveTemplate, ...] = Field(min_length=1)


class NeedCatalogue(Frozen):
    """The content of ``objectives.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    needs: tuple[NeedTemplate, ...] = Field(min_length=1)


class ClosureTest(FactTest):
    """A closure rule's test: one quantity careplanner computes (``closure.<quantity>``)."""

    fact: Literal[
        "closure.objectives_met_share",
        "closure.open_safety_needs",
        "closure.new_needs_without_plan",
        "closure.ending_discussions_before_closing",
    ]


class ClosureRule(Frozen):
    """One closure-readiness rule: it passes ``when`` its quantity passes the test.

    ``when`` is ``{fact: closure.<quantity>, op, value}``; today's ``quantity``,
    ``comparison`` and ``threshold`` are read as it. ``passed`` and ``failed`` may use
    ``{value}``, ``{threshold}`` and ``{items}``.
    """

    id: Code
    when: ClosureTest
    blocking: bool = Field(
        True,
        description="A failed blocking rule keeps the case open; a failed advisory rule "
        "(false) is a caution on how to close.",
    )
    passed: Text
    failed: Text
    nothing_to_count: Text | None = Field(
        None, description="Said instead of `passed` when the quantity had nothing to count."
    )
    source: Source

    _spelling = model_validator(mode="before")(
        lambda data: _in_the_grammar(data, ("quantity", "comparison", "threshold"), "closure.")
    )

    @property
    def quantity(self) -> Quantity:
        """The quantity compared (``objectives_met_share`` ...)."""
        return cast(Quantity, self.when.fact.removeprefix("closure."))

    @property
    def threshold(self) -> float:
        """The value the quantity is compared with."""
        return float(self.when.value)


class ClosureRules(Frozen):
    """The content of ``closure.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    rules: tuple[ClosureRule, ...] = Field(min_length=1)


@dataclass(frozen=True, eq=False)
class CatalogueIndex:
    """A catalogue's entries by id, in catalogue order, and its stage constraints.

    One per catalogue, compared by identity: the planner keys its caches of plan parts
    built from catalogue entries on it.
    """

    stages: Mapping[str, StageEntry]
    interventions: Mapping[str, InterventionEntry]
    needs: Mapping[str, NeedTemplate]
    stage_ids: tuple[str, ...]
    intervention_ids: tuple[str, ...]
    need_ids: tuple[str, ...]
    #: The interventions of each stage, and of the stages of each phase, in catalogue order.
    in_stage: Mapping[str, tuple[InterventionEntry, ...]]
    in_phase: Mapping[str, tuple[InterventionEntry, ...]]
    #: "Stage a before stage b" by phase order and the ``after`` lists, with their origins
    #: (a pair in both is named by its phase order); checked at load to form no cycle.
    stage_edges: Edges
    crisis_plan: CrisisPlanEntry
    follow_up: FollowUpEntry
    #: The slots that say an intervention does not fit a client (``unfit_when``): the only
    #: slots a plan's shape depends on.
    unfit_slots: frozenset[str]


class Catalogue(Frozen):
    """Everything the planner reads: stages, need objectives and closure rules.

    Build one with `load_catalogue` or `catalogue_from_data`, which check it; a copy with
    other stages or needs (``model_copy(update=...)``) is neither checked nor re-indexed.
    """

    stages: StageCatalogue
    needs: NeedCatalogue
    closure: ClosureRules

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalogue:
        problems = catalogue_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def index(self) -> CatalogueIndex:
        """The entries by id; built on first use and kept, so a plan only looks them up."""
        return _build_index(self.stages, self.needs)

    @property
    def label(self) -> str:
        """``<id>@<version>`` of each file, e.g. ``casework_stages@1+need_objectives@1+...``."""
        parts = (self.stages, self.needs, self.closure)
        return "+".join(f"{p.id}@{p.version}" for p in parts)

    def stage(self, stage_id: str) -> StageEntry:
        """Return the stage with this id; `KeyError` if there is none."""
        return self.index.stages[stage_id]

    def intervention(self, intervention_id: str) -> InterventionEntry:
        """Return the intervention with this id; `KeyError` if there is none."""
        return self.index.interventions[intervention_id]

    def need(self, need_id: str) -> NeedTemplate:
        """Return the need template with this id; `KeyError` if there is none."""
        return self.index.needs[need_id]

    @property
    def stage_ids(self) -> tuple[str, ...]:
        """Stage ids in catalogue order."""
        return self.index.stage_ids

    @property
    def intervention_ids(self) -> tuple[str, ...]:
        """Intervention ids in catalogue order."""
        return self.index.intervention_ids

    @property
    def need_ids(self) -> tuple[str, ...]:
        """Need ids with a template, in catalogue order."""
        return self.index.need_ids


def _build_index(stages: StageCatalogue, needs: NeedCatalogue) -> CatalogueIndex:
    by_stage = {s.id: s for s in stages.stages}
    in_stage: dict[str, tuple[InterventionEntry, ...]] = {}
    in_phase: dict[str, tuple[InterventionEntry, ...]] = {}
    for entry in stages.interventions:
        in_stage[entry.stage] = (*in_stage.get(entry.stage, ()), entry)
        phase = by_stage[entry.stage].phase
        in_phase[phase] = (*in_phase.get(phase, ()), entry)
    return CatalogueIndex(
        stages=by_stage,
        interventions={i.id: i for i in stages.interventions},
        needs={n.id: n for n in needs.needs},
        stage_ids=tuple(by_stage),
        intervention_ids=tuple(i.id for i in stages.interventions),
        need_ids=tuple(n.id for n in needs.needs),
        in_stage=in_stage,
        in_phase=in_phase,
        stage_edges=_constraints(stages.stages),
        crisis_plan=stages.crisis_plan,
        follow_up=stages.follow_up,
        unfit_slots=frozenset(i.unfit_when for i in stages.interventions if i.unfit_when),
    )


def _constraints(stages: Sequence[StageEntry]) -> dict[tuple[str, str], str]:
    # A pair both in phase order and in an `after` list is named by its phase order.
    edges: dict[tuple[str, str], str] = {}
    for a in stages:
        for before in a.after:
            edges[(before, a.id)] = f"catalogue: stage {a.id!r} after {before!r}"
    for a in stages:
        for b in stages:
            if PHASES.index(a.phase) < PHASES.index(b.phase):
                edges[(a.id, b.id)] = "phase order: crisis, opening, middle, closing"
    return edges


def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """Return every dangling reference or duplicate id in a catalogue, as field-named text."""
    stages, needs = catalogue.stages, catalogue.needs
    stage_ids = {s.id for s in stages.stages}
    intervention_ids = {i.id for i in stages.interventions}
    problems = _duplicates("stages", (s.id for s in stages.stages))
    problems += _duplicates("interventions", (i.id for i in stages.interventions))
    problems += _duplicates("needs", (n.id for n in needs.needs))
    problems += _duplicates("rules", (r.id for r in catalogue.closure.rules))
    for n, stage in enumerate(stages.stages):
        problems += _unknown(f"stages[{n}].after", stage.after, stage_ids)
    for n, entry in enumerate(stages.interventions):
        problems += _unknown(f"interventions[{n}].stage", (entry.stage,), stage_ids)
        problems += _unknown(f"interventions[{n}].yields_to", entry.yields_to, intervention_ids)
        for field in ("if_groups_declined", "otherwise"):
            value = getattr(entry, field)
            alternative = () if value is None else (value,)
            problems += _unknown(f"interventions[{n}].{field}", alternative, intervention_ids)
    problems += _unknown(
        "crisis_plan.for_interventions", stages.crisis_plan.for_interventions, intervention_ids
    )
    for n, need in enumerate(needs.needs):
        field = f"needs[{n}].default_interventions"
        problems += _unknown(field, need.default_interventions, intervention_ids)
        problems += _duplicates(f"needs[{n}].objectives", (o.id for o in need.objectives))
    used = {i.stage for i in stages.interventions}
    problems += [f"stage {s!r} has no intervention" for s in sorted(stage_ids - used)]
    return problems + _cycle_problems(stages.stages) + _template_problems(catalogue.closure)


def _cycle_problems(stages: tuple[StageEntry, ...]) -> list[str]:
    # Checked once here so that a plan only meets cycles its own request makes.
    try:
        topological([s.id for s in stages], _constraints(stages), "stage")
    except OrderingCycleError as exc:
        return [f"stages: {exc}"]
    return []


def _duplicates(field: str, ids: Iterable[str]) -> list[str]:
    counts = Counter(ids)
    return [f"{field}: id {i!r} is listed more than once" for i, c in counts.items() if c > 1]


def _unknown(field: str, ids: Iterable[str], allowed: set[str]) -> list[str]:
    return [f"{field}: {i!r} must be one of {sorted(allowed)}" for i in ids if i not in allowed]


def _template_problems(closure: ClosureRules) -> list[str]:
    problems = []
    for n, rule in enumerate(closure.rules):
        for key, text in (("passed", rule.passed), ("failed", rule.failed)):
            for lang, template in text.items():
                try:
                    template.format(value=0.5, threshold=1.0, items="-")
                except (KeyError, ValueError, IndexError) as exc:
                    problems.append(
                        f"rules[{n}].{key}.{lang}: bad placeholder ({exc}); "
                        "allowed: {value}, {threshold}, {items}"
                    )
    return problems
