"""The staged plan -> one Goal per objective and a CarePlan with one activity per stage.

The plan was built by rules and awaits the worker, so the CarePlan is a ``draft`` with intent
``proposal``, the Goals are ``proposed`` and every activity is ``not-started``. Activities keep
the stages' delivery order (a crisis stage first) and say their number in their description;
each points to the Goals of its objectives and the Conditions of its needs.
"""

from __future__ import annotations

from careplanner.errors import FhirExportError
from careplanner.fhir._context import Context, Json, Words, coding, fill
from careplanner.fhir._scales import fact_concept
from careplanner.fhir._tables import codes, texts
from careplanner.plan import CarePlan, Objective, PlannedStage


def plan_entries(ctx: Context) -> list[tuple[str, Json]]:
    """The Goals of the plan's objectives (need by need), then the CarePlan."""
    plan = ctx.result.plan
    flagged = set(ctx.result.findings.need_ids)
    missing = [n.need.id for n in plan.needs if n.need.id not in flagged]
    if missing:
        raise FhirExportError(f"plan needs {missing} are not flagged needs of result.findings")
    goals = [(ctx.url("goal", o.id), _goal(ctx, o)) for o in _objectives(plan)]
    return [*goals, (ctx.url("careplan"), _care_plan(ctx, plan))]


def _objectives(plan: CarePlan) -> list[Objective]:
    return list({o.id: o for o in plan.objectives}.values())


def _goal(ctx: Context, objective: Objective) -> Json:
    need = next(n.need for n in ctx.result.plan.needs if n.need.id == objective.need)
    priority = "high" if need.is_safety else need.severity
    goal = ctx.resource(
        "Goal",
        lifecycleStatus="proposed",
        priority=ctx.concept([coding(codes().codings[f"priority_{priority}"])]),
        description=ctx.concept(
            [ctx.local("objective", objective.id, objective.text)], objective.text
        ),
        subject=ctx.ref("patient"),
        startDate=ctx.date,
        target=[{"measure": fact_concept(ctx, objective.measure), **_detail(objective)}],
        addresses=[ctx.ref("need", objective.need)],
    )
    if objective.baseline is not None:
        baseline = fill(texts().baseline, value=fact_value(objective.baseline))
        goal["note"] = [ctx.text({}, "text", baseline)]
    return goal


def _detail(objective: Objective) -> Json:
    """The target as Goal.target.detail[x]: a boolean, a bound of a range, or an exact value."""
    comparison, target = objective.comparison, objective.target
    if isinstance(target, bool) and comparison in ("==", "!="):
        return {"detailBoolean": target == (comparison == "==")}
    if not isinstance(target, bool) and comparison in ("<=", ">=", "=="):
        bound = {"value": target}
        if comparison == "==":
            return {"detailQuantity": bound}
        return {"detailRange": {"high" if comparison == "<=" else "low": bound}}
    return {"detailString": f"{comparison} {fact_value(target)}"}


def fact_value(value: float | bool) -> object:
    """A fact's value as written in a text: a number, or yes/no words."""
    return texts().values[str(value).lower()] if isinstance(value, bool) else value


def _care_plan(ctx: Context, plan: CarePlan) -> Json:
    care_plan = ctx.resource(
        "CarePlan",
        status="draft",
        intent="proposal",
        subject=ctx.ref("patient"),
        period={"start": ctx.date},
        created=ctx.date,
    )
    ctx.text(care_plan, "title", texts().plan_title)
    if plan.needs:
        care_plan["addresses"] = [ctx.ref("need", n.need.id) for n in plan.needs]
        care_plan["goal"] = [ctx.ref("goal", o.id) for o in _objectives(plan)]
    if plan.stages:
        care_plan["activity"] = [_activity(ctx, s, len(plan.stages)) for s in plan.stages]
    notes = _notes(plan)
    if notes:
        care_plan["note"] = [ctx.text({}, "text", words) for words in notes]
    return care_plan


def _activity(ctx: Context, stage: PlannedStage, count: int) -> Json:
    detail: Json = {
        "code": ctx.concept([ctx.local("stage", stage.id, stage.name)], stage.name),
        "status": "not-started",
    }
    if stage.objectives:
        objectives = dict.fromkeys(o.id for o in stage.objectives)
        detail["goal"] = [ctx.ref("goal", o) for o in objectives]
    if stage.needs:
        detail["reasonReference"] = [ctx.ref("need", n) for n in stage.needs]
    ctx.text(detail, "scheduledString", fill(texts().sessions, sessions=stage.sessions))
    words = fill(texts().stage, number=stage.number, count=count, purpose=stage.purpose)
    return {"detail": ctx.text(detail, "description", words)}


def _notes(plan: CarePlan) -> list[Words]:
    """The crisis referral first, then the follow-up, then why the plan looks as it does."""
    notes: list[Words] = []
    if plan.crisis_plan is not None:
        notes.append(plan.crisis_plan.referral)
    if plan.follow_up is not None:
        months = {
            lang: sep.join(str(m) for m in plan.follow_up.remeasure_months)
            for lang, sep in texts().list.items()
        }
        notes.append(fill(texts().follow_up, note=plan.follow_up.note, months=months))
    notes += [reason.text for reason in plan.reasons]
    return notes
