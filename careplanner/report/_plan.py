"""The staged plan as the seed paper's Table 1 lays it out, plus objectives and follow-up.

Table 1 of the seed paper [shidu-casework] (section 4.3.2) has one row per stage: the stage,
its sessions, the expected objectives and the intervention strategies; the report adds the
methods and the theory each stage rests on, from the plan catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplanner._content._say import say
from careplanner._sources import cited_keys
from careplanner.plan import CarePlan, FollowUpPlan, NeedPlan, PlannedStage, load_catalogue
from careplanner.plan._reasons import reason
from careplanner.plan._slots import fill
from careplanner.report._text import Words
from careplanner.rules import active_pack, load_fact_catalogue

_ZH_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class StageView:
    """One row of the plan table."""

    id: str
    number: int
    ordinal: str
    name: str
    crisis: bool
    sessions: int
    added_sessions: int
    place: str
    purpose: str
    outcomes: tuple[str, ...]
    strategies: tuple[str, ...]
    precautions: tuple[str, ...]
    techniques: tuple[str, ...]
    #: Each theory followed by the keys its citation cites: ``Life review [butler1963]``.
    theories: tuple[str, ...]


@dataclass(frozen=True)
class ObjectiveView:
    """A measurable objective with its baseline and target."""

    text: str
    measure: str
    baseline: str
    target: str


@dataclass(frozen=True)
class GoalView:
    """The goal of one need and its objectives."""

    need: str
    goal: str
    objectives: tuple[ObjectiveView, ...]


@dataclass(frozen=True)
class FollowUpView:
    """Contacts after closure and the months of re-measurement."""

    contacts: tuple[tuple[str, str], ...]
    months: str
    note: str


@dataclass(frozen=True)
class PlanView:
    """The plan: stages, goals, follow-up and why it looks as it does."""

    none: bool
    sessions: int
    stages: tuple[StageView, ...]
    goals: tuple[GoalView, ...]
    follow_up: FollowUpView | None
    reasons: tuple[str, ...]


def plan_view(plan: CarePlan, statements: dict[str, str], words: Words) -> PlanView:
    """The plan in one language; `statements` maps need ids to their statements."""
    return PlanView(
        none=plan.kind == "none",
        sessions=plan.planned_sessions,
        stages=tuple(_stage(s, words) for s in plan.stages),
        goals=tuple(_goal(n, statements, words) for n in plan.needs),
        follow_up=None if plan.follow_up is None else _follow_up(plan.follow_up, words),
        reasons=_reasons(plan, words),
    )


def _reasons(plan: CarePlan, words: Words) -> tuple[str, ...]:
    """Why the plan looks as it does, naming stages, interventions and needs as a worker
    reads them; the stages left out go on one line."""
    names = _names(words)
    left_out = [names.get(r.subject, r.subject) for r in plan.reasons if r.kind == "stage_left_out"]
    shown = [
        words.pick(reason(r.kind, names.get(r.subject, r.subject)).text)
        for r in plan.reasons
        # a constraint between interventions this plan does not hold says nothing of the client
        if r.kind not in ("stage_left_out", "ordering_ignored")
    ]
    if left_out:
        shown.append(words("plan.left_out", stages=words.join_long(left_out)))
    return tuple(shown)


def _names(words: Words) -> dict[str, str]:
    """Stage, intervention and need ids -> what the report calls them, in this language."""
    pack = active_pack()
    names = {i: words.pick(spec.label) for i, spec in pack.interventions.items()}
    # a need by the first sentence of its statement, without the urgent instruction
    names |= {
        i: words.pick(n.statement).split(". ")[0].split("。")[0] for i, n in pack.needs.items()
    }
    for stage in load_catalogue().index.stages.values():
        # the wording a stage has for a client none of its conditions holds for
        names[stage.id] = words.pick(fill(stage.name, {}) or stage.name)
    return names


def ordinal(number: int, words: Words) -> str:
    """``Stage 2`` or ``第二阶段``."""
    shown = str(number)
    if words.lang == "zh-CN" and number <= len(_ZH_NUMERALS):
        shown = _ZH_NUMERALS[number - 1]
    return words("plan.stage_n", n=shown)


def _stage(stage: PlannedStage, words: Words) -> StageView:
    items = stage.interventions
    return StageView(
        id=stage.id,
        number=stage.number,
        ordinal=ordinal(stage.number, words),
        name=words.pick(stage.name),
        crisis=stage.phase == "crisis",
        sessions=stage.sessions,
        added_sessions=stage.added_sessions,
        place=words.join_long(dict.fromkeys(words.pick(i.place) for i in items)),
        purpose=words.pick(stage.purpose),
        outcomes=tuple(dict.fromkeys(words.pick(i.measure.text) for i in items)),
        strategies=tuple(words.pick(s) for i in items for s in i.strategies),
        precautions=tuple(words.pick(p.text) for p in stage.precautions),
        techniques=tuple(words.pick(t) for t in stage.techniques),
        theories=tuple(_theory(words.pick(t.name), t.citation) for t in stage.theory),
    )


def _theory(name: str, citation: str) -> str:
    keys = " ".join(f"[{key}]" for key in cited_keys(citation))
    return f"{name} {keys}" if keys else name


def _goal(need: NeedPlan, statements: dict[str, str], words: Words) -> GoalView:
    return GoalView(
        need=statements.get(need.need.id, need.need.id),
        goal=words.pick(need.goal),
        objectives=tuple(
            ObjectiveView(
                text=words.pick(o.text),
                measure=fact_label(o.measure, words),
                baseline=words("common.not_assessed")
                if o.baseline is None
                else show(o.baseline, words),
                target=say("target", words.lang, "test", o.comparison, bound=show(o.target, words)),
            )
            for o in need.objectives
        ),
    )


def show(value: object, words: Words) -> str:
    if isinstance(value, bool):
        return words("common.yes") if value else words("common.no")
    return str(value)


def fact_label(name: str, words: Words) -> str:
    spec = load_fact_catalogue().get(name)
    return name if spec is None else words.pick(spec.label)


def _follow_up(follow: FollowUpPlan, words: Words) -> FollowUpView:
    return FollowUpView(
        contacts=tuple(
            (words(f"channel.{c.channel}"), words.pick(c.purpose)) for c in follow.contacts
        ),
        months=", ".join(str(m) for m in follow.remeasure_months),
        note=words.pick(follow.note),
    )
