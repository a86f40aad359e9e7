"""The programme: stages in order, activities that answer the group, immutable adjustment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from careplanner.errors import UnknownCodeError
from careplanner.group import (
    EmergedNeed,
    GroupDataError,
    GroupError,
    GroupSessionRecord,
    GroupWork,
    Programme,
    adjust_programme,
    load_activities,
    load_sessions,
    plan_programme,
    record_group_session,
)
from careplanner.group._programme import choose

from .group_cases import bundled, written

START = dt.date(2025, 4, 7)
EVERYONE = ("r03", "r04", "r06", "r07", "r10", "r11")


@pytest.fixture
def programme(work: GroupWork) -> Programme:
    """The programme of hepingli-g2 (r03, r04, r06, r07, r10, r11)."""
    return work.programmes[1]


def record(
    number: int, attended: tuple[str, ...] = EVERYONE, **fields: object
) -> GroupSessionRecord:
    return GroupSessionRecord.model_validate(
        {
            "number": number,
            "date": START + dt.timedelta(weeks=number - 1),
            "attended": attended,
            **fields,
        }
    )


def held(programme: Programme, *records: GroupSessionRecord) -> Programme:
    for r in records:
        programme = record_group_session(programme, r)
    return programme


def test_plan_programme_follows_the_stages_in_order_when_twelve_sessions(
    programme: Programme,
) -> None:
    stages = [s.stage for s in programme.sessions]
    assert stages == list(load_activities().schedule(12))
    assert [s.activity for s in programme.sessions[:2]] == ["ice_breaking", "group_contract"]
    assert programme.sessions[-1].activity == "closing_ritual"
    assert [s.fixed for s in programme.sessions].count(True) == 3


def test_plan_programme_answers_every_need_of_the_group_when_example(work: GroupWork) -> None:
    """Each need a member has is answered by at least one session, the most common most often."""
    for programme in work.programmes:
        answered = [n for s in programme.sessions for n in s.answers]
        assert set(programme.needs) <= set(answered)
        top = next(iter(programme.needs))
        assert answered.count(top) == max(answered.count(n) for n in programme.needs)


def test_plan_programme_answers_digital_exclusion_only_where_a_member_has_it(
    work: GroupWork,
) -> None:
    first, second = work.programmes
    wechat = [s for s in first.sessions if s.activity == "messaging_app"]
    assert [s.answers for s in wechat] == [("digital_exclusion", "social_isolation")]  # r01
    assert all("digital_exclusion" not in s.answers for s in second.sessions)


@pytest.mark.parametrize("index", [0, 1])
def test_plan_programme_repeats_no_activity_within_the_variety_gap(
    work: GroupWork, index: int
) -> None:
    """Group reminiscence used to come three times; now no activity returns within 3."""
    activities = [s.activity for s in work.programmes[index].sessions]
    for n, activity in enumerate(activities):
        assert activity not in activities[n + 1 : n + 4]
    assert activities.count("reminiscence") == 2


def test_choose_lets_the_workers_choice_override_the_variety_rule(work: GroupWork) -> None:
    programme = work.programmes[1]
    catalogue = load_activities()
    stages = [s.stage for s in programme.sessions]
    plain = choose(catalogue, stages, programme.members, {}, ())
    assert plain[4] != "reminiscence"  # session 4 held it
    picked = choose(catalogue, stages, programme.members, {}, (), {5: "reminiscence"})
    assert picked[3:5] == ["reminiscence", "reminiscence"]
    assert picked[:4] == plain[:4]


def test_plan_programme_notes_escorts_on_the_outing_when_a_member_needs_one(
    programme: Programme,
) -> None:
    outing = next(s for s in programme.sessions if s.activity == "community_outing")
    assert outing.notes == (
        {
            "en": "Outing: arrange an escort for 1 member (r06).",
            "zh-CN": "外出活动：为 1 位组员安排陪同（r06）。",
        },
    )


def test_plan_programme_dates_sessions_weekly_and_meets_at_the_common_time(
    work: GroupWork, profiles: tuple
) -> None:
    programme = plan_programme(work.composition.groups[0], profiles, sessions=8, start=START)
    assert [s.date for s in programme.sessions][:2] == [START, START + dt.timedelta(weeks=1)]
    assert len(programme.sessions) == 8
    assert programme.meeting_time == "weekday_afternoon"


def test_plan_programme_refuses_fewer_sessions_than_the_stages_need(
    work: GroupWork, profiles: tuple
) -> None:
    with pytest.raises(GroupError, match="'sessions' must be from 6 to 60, got 5"):
        plan_programme(work.composition.groups[0], profiles, sessions=5)


def test_record_session_returns_a_new_programme_when_valid(programme: Programme) -> None:
    later = record_group_session(programme, record(1))
    assert later.records == (record(1),)
    assert programme.records == ()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (record(2), "'number' must be 1, the next session, got 2"),
        (record(1, ("r03", "r99")), "'attended' must be one of"),
        (
            record(1, emerged=[{"member": "r01", "need": "loneliness"}]),
            "'emerged.member' must be one of",
        ),
    ],
)
def test_record_session_refuses_a_record_when_it_does_not_fit(
    programme: Programme, bad: GroupSessionRecord, message: str
) -> None:
    with pytest.raises((GroupError, UnknownCodeError), match=message):
        record_group_session(programme, bad)


def test_adjust_programme_adds_an_answer_when_a_need_emerges(programme: Programme) -> None:
    emerged = [EmergedNeed(member="r11", need="digital_exclusion")]
    adjusted = adjust_programme(held(programme, record(1), record(2, emerged=emerged)), START)
    (change,) = adjusted.changes
    assert (change.trigger, change.members) == ("need_emerged", ("r11",))
    remaining = [s.activity for s in adjusted.sessions[2:]]
    assert "messaging_app" in remaining
    assert [s.activity for s in adjusted.sessions[:2]] == ["ice_breaking", "group_contract"]
    assert "digital_exclusion" in adjusted.members[-1].needs
    assert programme.changes == ()


def test_adjust_programme_refers_a_safety_need_and_never_plans_it_into_the_group(
    programme: Programme,
) -> None:
    emerged = [EmergedNeed(member="r07", need="suicide_risk")]
    adjusted = adjust_programme(held(programme, record(1, emerged=emerged)), START)
    (change,) = adjusted.changes
    assert change.trigger == "safety_referral"
    assert change.summary["en"].startswith("Safety need (suicide risk for r07): refer the same day")
    assert adjusted.referred == ("r07",)
    assert adjusted.sessions == programme.sessions


def test_adjust_programme_contacts_absent_members_when_attendance_falls(
    programme: Programme,
) -> None:
    adjusted = adjust_programme(held(programme, record(1, ("r03", "r04", "r06", "r07"))), START)
    (change,) = adjusted.changes
    assert (change.trigger, change.members) == ("attendance_drop", ("r10", "r11"))
    assert (
        adjusted.sessions[1].notes[-1]["en"] == "Before this session, contact personally: r10, r11."
    )


def test_adjust_programme_leaves_the_plan_when_attendance_holds(programme: Programme) -> None:
    five_of_six = ("r03", "r04", "r06", "r07", "r11")  # 83%, above the 75% threshold
    adjusted = adjust_programme(held(programme, record(1, five_of_six)), START)
    assert adjusted.changes == ()
    assert adjusted.sessions == programme.sessions


def test_adjust_programme_logs_a_member_once_when_absent_session_after_session(
    programme: Programme,
) -> None:
    for number in range(1, 13):
        programme = record_group_session(programme, load_sessions("example:sessions")[number - 1])
        programme = adjust_programme(programme, START)
    triggers = [(c.trigger, c.members) for c in programme.changes]
    assert triggers == [
        ("need_emerged", ("r11",)),
        ("attendance_drop", ("r10",)),
        ("attendance_drop", ("r06", "r10")),
    ]


def test_adjust_programme_refuses_another_catalogue(programme: Programme) -> None:
    other = load_activities().model_copy(update={"version": 2})
    with pytest.raises(GroupError, match="'catalogue' must be 'group_programme@1'"):
        adjust_programme(programme, START, catalogue=other)


def test_load_activities_refuses_an_interest_that_is_no_survey_option(tmp_path: Path) -> None:
    data = bundled("activities.yaml")
    data["activities"][2]["interests"] = ["knitting"]
    with pytest.raises(
        GroupDataError, match="interest 'knitting' is not an option of 'activities'"
    ):
        load_activities(written(tmp_path, "a.yaml", data))


def test_every_activity_cites_a_source_and_a_basis() -> None:
    for activity in load_activities().activities:
        assert activity.source.strip()
        assert activity.basis in ("evidence", "convention")
        assert activity.label["zh-CN"].strip() and activity.label["en"].strip()
