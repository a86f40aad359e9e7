"""evaluate_progress: objectives met or not, scale changes with cut-offs and RCI, network."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner.plan import (
    CarePlan,
    Evaluation,
    PlanError,
    PlanRequest,
    build_plan,
    evaluate_progress,
)

from .plan_cases import SEED_CLOSURE, SEED_INTAKE, need


@pytest.fixture
def plan(seed: PlanRequest) -> CarePlan:
    return build_plan(seed)


def depression_plan() -> CarePlan:
    return build_plan(PlanRequest(needs=(need("depressive_symptoms"),)))


def test_evaluate_progress_meets_every_seed_objective_at_closure(plan: CarePlan) -> None:
    result = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE)
    assert {r.status for r in result.objectives} == {"met"}
    assert result.met_share == 1.0
    assert result.unmet == ()


def test_evaluate_progress_reports_seed_improvements_at_closure(plan: CarePlan) -> None:
    result = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE)
    found = {r.objective.id: (r.before, r.after) for r in result.objectives}
    assert found["depressive_symptoms.gds15_below_cutoff"] == (7, 3)
    assert found["low_social_support.two_confidants_besides_spouse"] == (0, 2)
    assert found["social_isolation.weekly_outing"] == (0, 3)
    assert found["digital_exclusion.uses_messaging_app"] == (False, True)
    assert found["loss_of_interests.hobbies_resumed"] == (True, False)


@pytest.mark.parametrize(("score", "status"), [(5, "met"), (6, "not_met")])
def test_evaluate_progress_judges_gds15_objective_on_both_sides_of_cutoff(
    score: int, status: str
) -> None:
    result = evaluate_progress(depression_plan(), {"gds15.total": 7}, {"gds15.total": score})
    assert result.objectives[0].status == status


def test_evaluate_progress_marks_objective_not_measured_when_fact_absent() -> None:
    result = evaluate_progress(depression_plan(), {"gds15.total": 7}, {})
    assert (result.objectives[0].status, result.met_share) == ("not_measured", 0.0)
    assert result.unmet == ("depressive_symptoms.gds15_below_cutoff",)


def test_evaluate_progress_names_the_fact_when_types_do_not_compare() -> None:
    with pytest.raises(PlanError, match=r"fact 'gds15\.total': cannot compare"):
        evaluate_progress(depression_plan(), {}, {"gds15.total": True})


def test_evaluate_progress_crosses_gds15_cutoff_when_seed(plan: CarePlan) -> None:
    gds = next(
        s for s in evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE).scales if s.scale == "gds15"
    )
    assert (gds.before, gds.after, gds.change) == (7, 3, -4)
    assert gds.cutoff is not None
    assert (gds.cutoff.before.band, gds.cutoff.after.band, gds.cutoff.crossed) == (
        "suggests_depression",
        "normal",
        True,
    )


def test_evaluate_progress_says_why_no_rci_when_scale_has_no_published_sd(
    plan: CarePlan,
) -> None:
    gds = next(
        s for s in evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE).scales if s.scale == "gds15"
    )
    assert gds.reliable is None
    assert any("no published reference SD" in why for why in gds.not_computed)


@pytest.mark.parametrize(
    ("sd", "rci", "direction"), [(3.0, -1.87, "no_reliable_change"), (2.0, -2.80, "improved")]
)
def test_evaluate_progress_computes_rci_when_caller_gives_reference_sd(
    plan: CarePlan, sd: float, rci: float, direction: str
) -> None:
    """GDS-15 7 -> 3 with the scale's default alpha .745: SE = sd * sqrt(1 - .745)."""
    result = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE, reference_sd={"gds15": sd})
    gds = next(s for s in result.scales if s.scale == "gds15")
    assert gds.reliable is not None
    assert (round(gds.reliable.rci, 2), gds.reliable.direction) == (rci, direction)
    assert gds.reliable.sd.origin == "caller"


def test_evaluate_progress_compares_only_scales_measured_at_both_dates(plan: CarePlan) -> None:
    later = {k: v for k, v in SEED_CLOSURE.items() if k != "ucla3.total"}
    scales = [s.scale for s in evaluate_progress(plan, SEED_INTAKE, later).scales]
    assert scales == ["gds15", "lsns6", "phq9", "ssrs"]


def test_evaluate_progress_reports_network_change_when_measures_given(plan: CarePlan) -> None:
    result = evaluate_progress(
        plan,
        SEED_INTAKE,
        SEED_CLOSURE,
        network_before={"net.size": 1, "net.isolated": True},
        network_after={"net.size": 6, "net.isolated": False},
    )
    assert [(f.name, f.before, f.after, f.change) for f in result.network] == [
        ("net.size", 1, 6, 5.0),
        ("net.isolated", True, False, None),
    ]


def test_evaluation_round_trips_through_json(plan: CarePlan) -> None:
    result = evaluate_progress(plan, SEED_INTAKE, SEED_CLOSURE, reference_sd={"gds15": 3.0})
    assert Evaluation.model_validate_json(result.model_dump_json()) == result


@given(st.integers(min_value=0, max_value=15), st.integers(min_value=0, max_value=15))
def test_evaluate_progress_meets_gds15_objective_exactly_at_or_below_5(
    before: int, after: int
) -> None:
    result = evaluate_progress(depression_plan(), {"gds15.total": before}, {"gds15.total": after})
    assert (result.objectives[0].status == "met") == (after <= 5)
    assert result.scales[0].change == after - before
