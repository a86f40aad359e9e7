"""The seed mother end to end: case file -> facts -> plan -> sessions -> evaluation -> closure."""

from __future__ import annotations

import datetime as dt

import pytest

from careplanner import assessment_facts, load_case
from careplanner.plan import (
    CarePlan,
    SessionRecord,
    build_plan,
    closure_readiness,
    evaluate_progress,
    record_session,
)

from .plan_cases import seed_request

CASE = load_case("example:shidu-mother")
INTAKE = assessment_facts(CASE, CASE.intake)
CLOSURE = assessment_facts(CASE, CASE.latest)


@pytest.fixture
def delivered() -> CarePlan:
    """The seed plan with its seven weekly sessions; the ending named at sessions 1 and 6."""
    plan = build_plan(seed_request(baseline=INTAKE))
    stages = [s.id for s in plan.stages for _ in range(s.sessions)]
    for n, stage in enumerate(stages, start=1):
        record = SessionRecord(
            date=CASE.intake.date + dt.timedelta(weeks=n - 1),
            stage=stage,
            done="session",
            ending_discussed=n in (1, 6),
        )
        plan = record_session(plan, record)
    return plan


def test_seed_case_facts_give_the_baselines_of_the_plan() -> None:
    plan = build_plan(seed_request(baseline=INTAKE))
    baselines = {o.measure: o.baseline for o in plan.objectives}
    assert baselines["gds15.total"] == 7
    assert baselines["net.confidants_besides_spouse"] == 0
    assert baselines["obs.outings_per_week"] == 0
    assert plan.planned_sessions == 7


def test_seed_case_closure_meets_every_objective(delivered: CarePlan) -> None:
    result = evaluate_progress(delivered, INTAKE, CLOSURE)
    assert [r.objective.id for r in result.objectives if r.status != "met"] == []
    gds = next(s for s in result.scales if s.scale == "gds15")
    assert (gds.before, gds.after) == (7, 3)
    assert gds.cutoff is not None and gds.cutoff.after.band == "normal"


def test_seed_case_closure_improves_support_by_a_reliable_ssrs_change(
    delivered: CarePlan,
) -> None:
    ssrs = next(
        s for s in evaluate_progress(delivered, INTAKE, CLOSURE).scales if s.scale == "ssrs"
    )
    assert (ssrs.before, ssrs.after) == (22, 36)
    assert ssrs.reliable is not None
    assert (ssrs.reliable.direction, ssrs.reliable.provisional) == ("improved", True)


def test_seed_case_is_ready_to_close_at_the_closure_assessment(delivered: CarePlan) -> None:
    networks = {name: value for name, value in INTAKE.items() if name.startswith("net.")}
    later = {name: value for name, value in CLOSURE.items() if name.startswith("net.")}
    evaluation = evaluate_progress(
        delivered, INTAKE, CLOSURE, network_before=networks, network_after=later
    )
    size = next(f for f in evaluation.network if f.name == "net.size")
    assert (size.before, size.after) == (1, 6)
    verdict = closure_readiness(delivered, evaluation)
    assert verdict.ready
    assert all(check.passed for check in verdict.checks)
