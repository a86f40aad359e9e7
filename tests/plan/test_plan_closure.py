"""closure_readiness: ready only with objectives met, no open safety need, ending prepared."""

from __future__ import annotations

import datetime as dt

import pytest

from careplanner.plan import (
    CarePlan,
    ClosureVerdict,
    PlanRequest,
    SessionRecord,
    build_plan,
    closure_readiness,
    evaluate_progress,
    load_catalogue,
    record_session,
)

from .plan_cases import SEED_CLOSURE, SEED_INTAKE, need

START = dt.date(2022, 3, 8)
#: The seed's seven sessions, stage by stage (Table 1: 1, 2, 2, 1, 1).
SEED_SESSIONS = (
    "engage_assess",
    "beliefs",
    "beliefs",
    "strengths_family",
    "strengths_family",
    "social_reentry",
    "consolidate_close",
)


def delivered(plan: CarePlan, ending_in: set[int]) -> CarePlan:
    """Record the stages' sessions weekly; the ending is discussed in sessions `ending_in`."""
    for n, stage in enumerate(s.id for s in plan.stages for _ in range(s.sessions)):
        record = SessionRecord(
            date=START + dt.timedelta(weeks=n),
            stage=stage,
            done="session",
            ending_discussed=n + 1 in ending_in,
        )
        plan = record_session(plan, record)
    return plan


def failed(verdict: ClosureVerdict) -> list[str]:
    return [c.rule for c in verdict.checks if not c.passed]


@pytest.fixture
def plan(seed: PlanRequest) -> CarePlan:
    return build_plan(seed)


def test_closure_readiness_is_ready_when_seed_closure_and_ending_named_early(
    plan: CarePlan,
) -> None:
    plan = delivered(plan, ending_in={1, 6, 7})
    assert [s.stage for s in plan.sessions] == list(SEED_SESSIONS)
    verdict = closure_readiness(plan, evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE))
    assert verdict.ready
    assert [c.rule for c in verdict.checks] == [
        "objectives_met",
        "no_open_safety_need",
        "no_new_need_without_plan",
        "ending_prepared",
    ]
    assert verdict.checks[0].text["en"] == "All objectives are met (100%)."
    assert verdict.checks[3].value == 2.0


def test_closure_readiness_cautions_when_ending_first_raised_in_closing_session(
    plan: CarePlan,
) -> None:
    """The seed announced the ending only in session 7, and the client took it hard.

    The objectives were met, so the case may close; the late ending is a caution on how.
    """
    plan = delivered(plan, ending_in={7})
    verdict = closure_readiness(plan, evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE))
    assert verdict.ready
    assert failed(verdict) == ["ending_prepared"]
    assert verdict.cautions == ("ending_prepared",)
    assert "Expect strong separation feelings" in verdict.checks[3].text["en"]
    assert "离别情绪较强" in verdict.checks[3].text["zh-CN"]


def test_closure_readiness_refuses_when_a_blocking_rule_fails(plan: CarePlan) -> None:
    plan = delivered(plan, ending_in={7})
    later = {**SEED_CLOSURE, "gds15.total": 6}
    verdict = closure_readiness(plan, evaluate_progress(plan, SEED_INTAKE, later))
    assert not verdict.ready
    assert failed(verdict) == ["objectives_met", "ending_prepared"]


def test_closure_readiness_names_unmet_objective_when_depression_persists(
    plan: CarePlan,
) -> None:
    plan = delivered(plan, ending_in={1})
    later = {**SEED_CLOSURE, "gds15.total": 6}
    verdict = closure_readiness(plan, evaluate_progress(plan, SEED_INTAKE, later))
    assert failed(verdict) == ["objectives_met"]
    assert verdict.checks[0].items == ("depressive_symptoms.gds15_below_cutoff",)
    assert "depressive_symptoms.gds15_below_cutoff" in verdict.checks[0].text["en"]


def test_closure_readiness_refuses_when_safety_need_flagged_again(plan: CarePlan) -> None:
    plan = delivered(plan, ending_in={1})
    evaluation = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE)
    verdict = closure_readiness(plan, evaluation, open_needs=[need("suicide_risk", safety=True)])
    # New at the later assessment, so it also has no plan yet.
    assert failed(verdict) == ["no_open_safety_need", "no_new_need_without_plan"]
    assert verdict.checks[1].items == ("suicide_risk",)


def test_closure_readiness_ignores_open_needs_that_are_not_safety(plan: CarePlan) -> None:
    plan = delivered(plan, ending_in={1})
    evaluation = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE)
    assert closure_readiness(plan, evaluation, open_needs=[need("loneliness")]).ready


def test_closure_readiness_keeps_crisis_case_open_while_ideation_persists(
    crisis: PlanRequest,
) -> None:
    plan = delivered(build_plan(crisis), ending_in={2})
    later = {
        "obs.suicidal_ideation": True,
        "obs.self_harm": False,
        "gds15.total": 4,
        "ucla3.total": 4,
        "lsns6.total": 14,
        "obs.outings_per_week": 2,
    }
    verdict = closure_readiness(plan, evaluate_progress(plan, {}, later))
    assert failed(verdict) == ["objectives_met", "no_open_safety_need"]
    assert verdict.checks[1].items == ("suicide_risk",)


def test_closure_readiness_closes_on_a_share_when_rules_ask_for_less(plan: CarePlan) -> None:
    plan = delivered(plan, ending_in={1})
    evaluation = evaluate_progress(plan, SEED_INTAKE, {**SEED_CLOSURE, "gds15.total": 6})
    strict = load_catalogue().closure
    first = strict.rules[0]
    ninety = first.model_copy(update={"when": first.when.model_copy(update={"value": 0.9})})
    lenient = strict.model_copy(update={"rules": (ninety, *strict.rules[1:])})
    assert evaluation.met_share == pytest.approx(16 / 17)
    assert closure_readiness(plan, evaluation, rules=lenient).ready
    assert not closure_readiness(plan, evaluation, rules=strict).ready


def test_closure_verdict_round_trips_through_json(plan: CarePlan) -> None:
    plan = delivered(plan, ending_in={1})
    verdict = closure_readiness(plan, evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE))
    assert ClosureVerdict.model_validate_json(verdict.model_dump_json()) == verdict
