"""Session records and plan adjustments: new plans, logged changes, refused bad records."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest
import yaml

from careplanner.errors import UnknownCodeError
from careplanner.plan import (
    AddNeed,
    AddSessions,
    CarePlan,
    PlanError,
    PlanRequest,
    ProposedIntervention,
    SessionRecord,
    adjust_plan,
    build_plan,
    load_catalogue,
    record_session,
)

from .plan_cases import need

DAY = dt.date(2022, 3, 8)


def session(stage: str, days: int = 0, **fields: object) -> SessionRecord:
    return SessionRecord.model_validate(
        {"date": DAY + dt.timedelta(days=days), "stage": stage, "done": "worked", **fields}
    )


def delivered(plan: CarePlan, *stages: str) -> CarePlan:
    for days, stage in enumerate(stages):
        plan = record_session(plan, session(stage, days * 7))
    return plan


@pytest.fixture
def plan(seed: PlanRequest) -> CarePlan:
    return build_plan(seed)


def test_record_session_returns_new_plan_when_valid(plan: CarePlan) -> None:
    first = session("engage_assess", ending_discussed=True, interventions=["engagement_assessment"])
    later = record_session(plan, first)
    assert later.sessions == (first,)
    assert plan.sessions == ()


def test_record_session_names_plan_stages_when_stage_unknown(plan: CarePlan) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        record_session(plan, session("grief"))
    assert caught.value.field == "stage"
    assert caught.value.allowed == sorted(plan.stage_ids)


def test_record_session_names_stage_interventions_when_intervention_elsewhere(
    plan: CarePlan,
) -> None:
    with pytest.raises(UnknownCodeError, match=r"'interventions\[0\]' must be one of"):
        record_session(plan, session("beliefs", interventions=["family_support"]))


def test_record_session_refuses_date_before_previous_session(plan: CarePlan) -> None:
    plan = record_session(plan, session("engage_assess", 7))
    with pytest.raises(PlanError, match="'date' must not be before"):
        record_session(plan, session("beliefs", 6))


def test_record_session_accepts_same_day_as_previous_session(plan: CarePlan) -> None:
    plan = record_session(plan, session("engage_assess", 7))
    assert len(record_session(plan, session("beliefs", 7)).sessions) == 2


def test_record_session_refuses_session_beyond_plan_until_one_is_added(plan: CarePlan) -> None:
    plan = delivered(plan, "engage_assess", "beliefs", "beliefs")
    with pytest.raises(PlanError, match="all 2 planned session\\(s\\) of 'beliefs' are recorded"):
        record_session(plan, session("beliefs", 30))
    grown = adjust_plan(plan, AddSessions(stage="beliefs", reason="more disputing"), on=DAY)
    assert len(record_session(grown, session("beliefs", 30)).sessions) == 4


def test_adjust_plan_adds_sessions_and_logs_the_change(plan: CarePlan) -> None:
    grown = adjust_plan(plan, AddSessions(stage="social_reentry", count=2), on=DAY)
    stage = grown.stages[3]
    assert (stage.id, stage.sessions, stage.added_sessions) == ("social_reentry", 3, 2)
    assert grown.planned_sessions == plan.planned_sessions + 2
    assert [(c.date, c.adjustment.kind) for c in grown.changes] == [(DAY, "add_sessions")]
    assert grown.changes[0].summary["en"] == "Added 2 sessions to stage 'social_reentry'."
    assert plan.changes == () and plan.stages[3].sessions == 1


def test_adjust_plan_names_plan_stages_when_stage_unknown(plan: CarePlan) -> None:
    with pytest.raises(UnknownCodeError, match="'stage' must be one of"):
        adjust_plan(plan, AddSessions(stage="carer"), on=DAY)


def test_adjust_plan_inserts_grief_stage_after_delivered_stages_when_grief_emerges() -> None:
    request = PlanRequest(needs=(need("loneliness"), need("irrational_beliefs")))
    plan = delivered(build_plan(request), "engage_assess", "beliefs")
    plan = adjust_plan(plan, AddSessions(stage="social_reentry"), on=DAY)
    grown = adjust_plan(plan, AddNeed(need=need("prolonged_grief")), on=DAY)
    assert grown.stage_ids == (
        "engage_assess",
        "beliefs",
        "grief",
        "social_reentry",
        "consolidate_close",
    )
    assert grown.sessions == plan.sessions
    assert grown.stages[3].added_sessions == 1
    assert [c.adjustment.kind for c in grown.changes] == ["add_sessions", "add_need"]


def test_adjust_plan_puts_crisis_stage_next_when_safety_need_emerges(plan: CarePlan) -> None:
    plan = delivered(plan, "engage_assess", "beliefs")
    grown = adjust_plan(plan, AddNeed(need=need("suicide_risk", "high", safety=True)), on=DAY)
    assert grown.stage_ids[:3] == ("engage_assess", "beliefs", "crisis")
    assert grown.crisis_plan is not None
    delivered_first = [r.subject for r in grown.reasons if r.kind == "delivered_first"]
    assert delivered_first == ["engage_assess", "beliefs"]


def test_adjust_plan_uses_proposals_for_the_new_need(plan: CarePlan) -> None:
    change = AddNeed(
        need=need("carer_strain"),
        interventions=(ProposedIntervention(id="family_support", answers=("carer_strain",)),),
    )
    grown = adjust_plan(plan, change, on=DAY)
    assert "carer" not in grown.stage_ids
    assert "carer_strain" in grown.stages[2].needs


def test_adjust_plan_refuses_need_already_in_plan(plan: CarePlan) -> None:
    with pytest.raises(PlanError, match=r"'need\.id': 'loneliness' is already in the plan"):
        adjust_plan(plan, AddNeed(need=need("loneliness")), on=DAY)


def test_adjust_plan_names_field_when_new_need_unknown(plan: CarePlan) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        adjust_plan(plan, AddNeed(need=need("boredom")), on=DAY)
    assert caught.value.field == "need.id"


def test_adjust_plan_names_field_when_new_proposal_unknown(plan: CarePlan) -> None:
    change = AddNeed(
        need=need("carer_strain"),
        interventions=(ProposedIntervention(id="respite", answers=("carer_strain",)),),
    )
    with pytest.raises(UnknownCodeError) as caught:
        adjust_plan(plan, change, on=DAY)
    assert caught.value.field == "interventions[0].id"


def test_adjusted_plan_round_trips_through_json(plan: CarePlan) -> None:
    plan = delivered(plan, "engage_assess")
    plan = adjust_plan(plan, AddSessions(stage="beliefs"), on=DAY)
    plan = adjust_plan(plan, AddNeed(need=need("carer_strain")), on=DAY)
    assert CarePlan.model_validate_json(plan.model_dump_json()) == plan


def test_adjust_plan_refuses_a_catalogue_other_than_the_plans(
    plan: CarePlan, tmp_path: Path
) -> None:
    closure = yaml.safe_load(
        (resources.files("careplanner.plan") / "closure.yaml").read_text(encoding="utf-8")
    )
    closure["version"] = 2
    path = tmp_path / "closure.yaml"
    path.write_text(yaml.safe_dump(closure, allow_unicode=True), encoding="utf-8")
    other = load_catalogue(closure=path)
    with pytest.raises(PlanError, match="'catalogue' must be the plan's"):
        adjust_plan(plan, AddNeed(need=need("carer_strain")), on=DAY, catalogue=other)
