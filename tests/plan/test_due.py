"""Due dates: delivered sessions, sessions still due by the stage cadence, follow-up dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner import assess, case_from_data, due, load_case
from careplanner.errors import CaseValidationError, UnknownCodeError
from careplanner.plan import (
    CarePlan,
    NeedInput,
    PlanRequest,
    SessionRecord,
    add_months,
    build_plan,
    load_catalogue,
    record_session,
)


def _seed_data(keep: int, **extra: Any) -> dict[str, Any]:
    data = load_case("example:shidu-mother").model_dump(mode="json", exclude_defaults=True)
    data["sessions"] = data["sessions"][:keep]
    data["assessments"] = data["assessments"][:1]
    return {**data, "schema_version": 2, **extra}


def test_assess_records_the_seed_sessions_on_the_intake_plan() -> None:
    result = assess(load_case("example:shidu-mother"), "intake")
    assert result.schedule is not None
    got = [(s.stage, s.number, s.date.isoformat(), s.delivered) for s in result.schedule.sessions]
    assert got == [
        ("engage_assess", 1, "2022-03-08", True),
        ("beliefs", 1, "2022-03-15", True),
        ("beliefs", 2, "2022-03-22", True),
        ("strengths_family", 1, "2022-04-12", True),
        ("strengths_family", 2, "2022-04-26", True),
        ("social_reentry", 1, "2022-05-17", True),
        ("consolidate_close", 1, "2022-06-14", True),
    ]
    assert result.schedule.next is None
    assert [(f.months, f.date.isoformat()) for f in result.schedule.follow_up] == [
        (3, "2022-09-14"),
        (9, "2023-03-14"),
    ]


def test_assess_keeps_the_workers_reflections_out_of_the_result() -> None:
    case = load_case("example:shidu-mother")
    result = assess(case, "intake")
    assert case.sessions[0].reflection is not None
    assert [s.reflection for s in result.plan.sessions] == [None] * 7
    assert result.plan.sessions[0].done == case.sessions[0].done
    assert case.sessions[0].reflection not in result.model_dump_json()


def test_assess_at_closure_holds_no_session_of_the_intake_plan() -> None:
    result = assess(load_case("example:shidu-mother"), "latest")
    assert result.plan.sessions == ()
    assert result.schedule is not None
    assert result.schedule.start == dt.date(2022, 6, 14)


def test_due_dates_follow_the_catalogue_cadence_after_the_last_delivered_session() -> None:
    result = assess(case_from_data(_seed_data(3)))
    assert result.schedule is not None
    upcoming = [(s.stage, s.number, s.date.isoformat()) for s in result.schedule.upcoming]
    # 2022-03-22 + 14 (strengths_family) + 14 + 21 (social_reentry) + 28 (consolidate_close)
    assert upcoming == [
        ("strengths_family", 1, "2022-04-05"),
        ("strengths_family", 2, "2022-04-19"),
        ("social_reentry", 1, "2022-05-10"),
        ("consolidate_close", 1, "2022-06-07"),
    ]
    assert result.schedule.follow_up[0].date == dt.date(2022, 9, 7)


def test_due_dates_use_the_cases_start_and_cadence_when_it_sets_them() -> None:
    schedule = {"start": "2022-03-10", "cadence_days": {"engage_assess": 3, "beliefs": 10}}
    result = assess(case_from_data(_seed_data(0, schedule=schedule)))
    assert result.schedule is not None
    dates = [(s.stage, s.date.isoformat()) for s in result.schedule.sessions[:3]]
    assert dates == [
        ("engage_assess", "2022-03-10"),
        ("beliefs", "2022-03-20"),
        ("beliefs", "2022-03-30"),
    ]
    assert result.schedule.cadence_days["strengths_family"] == 14


def test_due_refuses_a_cadence_for_a_stage_the_catalogue_lacks() -> None:
    plan = assess(load_case("example:shidu-mother"), "intake").plan
    with pytest.raises(UnknownCodeError) as caught:
        due(plan, dt.date(2022, 3, 8), cadence={"tea_party": 7})
    assert "'schedule.cadence_days'" in str(caught.value)
    assert "consolidate_close" in str(caught.value)


def test_case_refuses_a_cadence_outside_one_to_ninety_days() -> None:
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(_seed_data(0, schedule={"cadence_days": {"beliefs": 0}}))
    assert "schedule.cadence_days.beliefs" in str(caught.value)


def test_recorded_adjustment_adds_a_session_that_falls_due() -> None:
    adjustments = [
        {"kind": "add_sessions", "date": "2022-03-22", "worker": "sw-01", "stage": "beliefs"}
    ]
    result = assess(case_from_data(_seed_data(3, adjustments=adjustments)))
    assert result.schedule is not None
    beliefs = [(s.number, s.delivered) for s in result.schedule.sessions if s.stage == "beliefs"]
    assert beliefs == [(1, True), (2, True), (3, False)]
    assert result.schedule.next is not None
    assert (result.schedule.next.stage, result.schedule.next.date) == (
        "beliefs",
        dt.date(2022, 3, 29),
    )
    assert [c.adjustment.kind for c in result.plan.changes] == ["add_sessions"]


def test_recorded_adjustment_the_plan_cannot_take_is_left_out_with_a_notice() -> None:
    adjustments = [{"kind": "add_sessions", "date": "2022-03-22", "worker": "sw-01", "stage": "x"}]
    result = assess(case_from_data(_seed_data(3, adjustments=adjustments)))
    assert [n.code for n in result.notices] == ["adjustment_left_out"]
    assert result.plan.changes == ()


def test_every_catalogue_stage_states_a_cadence() -> None:
    catalogue = load_catalogue()
    assert all(1 <= catalogue.stage(s).cadence_days <= 90 for s in catalogue.stage_ids)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2022-06-14", 3, "2022-09-14"),
        ("2022-11-30", 3, "2023-02-28"),
        ("2024-11-30", 3, "2025-02-28"),
        ("2023-11-29", 3, "2024-02-29"),
        ("2022-10-31", 1, "2022-11-30"),
        ("2022-12-31", 12, "2023-12-31"),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: str, months: int, expected: str
) -> None:
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected


@st.composite
def delivered_plans(draw: st.DrawFn) -> tuple[CarePlan, dt.date, dict[str, int]]:
    """A plan for random needs with its first sessions (in plan order) delivered."""
    ids = draw(st.lists(st.sampled_from(load_catalogue().need_ids), min_size=1, max_size=5))
    plan = build_plan(
        PlanRequest(needs=tuple(NeedInput(id=i, severity="moderate") for i in dict.fromkeys(ids)))
    )
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))
    slots = [s.id for s in plan.stages for _ in range(s.sessions)]
    day = start
    for stage in slots[: draw(st.integers(0, len(slots)))]:
        day += dt.timedelta(days=draw(st.integers(0, 40)))
        plan = record_session(plan, SessionRecord(date=day, stage=stage, done="x"))
    stage_ids = st.sampled_from(plan.stage_ids or ("engage_assess",))
    cadence = draw(st.dictionaries(stage_ids, st.integers(1, 90), max_size=3))
    return plan, start, cadence


@settings(max_examples=60, deadline=None)
@given(delivered_plans())
def test_due_gives_every_planned_session_one_date_in_order(
    case: tuple[CarePlan, dt.date, dict[str, int]],
) -> None:
    plan, start, cadence = case
    schedule = due(plan, start, cadence=cadence)
    assert len(schedule.sessions) == plan.planned_sessions
    assert [s.date for s in schedule.sessions if s.delivered] == [s.date for s in plan.sessions]
    upcoming = [s.date for s in schedule.upcoming]
    assert upcoming == sorted(upcoming)
    if schedule.next is not None:
        previous = plan.sessions[-1].date if plan.sessions else None
        gap = schedule.cadence_days[schedule.next.stage]
        assert schedule.next.date == (start if previous is None else previous + dt.timedelta(gap))
    last = max(s.date for s in schedule.sessions)
    assert [f.date > last for f in schedule.follow_up] == [True] * len(schedule.follow_up)
