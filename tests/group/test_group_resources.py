"""The resource register matched to the programme's sessions, gaps flagged before the start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner.cli import app
from careplanner.errors import CaseValidationError
from careplanner.group import (
    GroupWork,
    Programme,
    Register,
    Resident,
    load_register,
    match_resources,
    plan_groups,
    work_html,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def g2(work: GroupWork) -> Programme:
    return work.programmes[1]


def register(**changes: object) -> Register:
    base = load_register("example:resources").model_dump()
    return Register.model_validate({**base, **changes})


def test_match_resources_flags_the_missing_escort_of_the_example(g2: Programme) -> None:
    plan = match_resources(g2, load_register("example:resources"))
    assert [(g.session, g.kind, g.need) for g in plan.gaps] == [(8, "volunteer", "escort")]
    assert plan.gaps[0].text == {
        "en": "Session 8: no volunteer for the role escort at weekday mornings",
        "zh-CN": "第 8 节：工作日上午 缺少担任 陪同 的志愿者",
    }
    assert {s.venue for s in plan.sessions} == {"activity-room"}


def test_match_resources_adds_the_costs_of_venue_activity_and_partner(g2: Programme) -> None:
    plan = match_resources(g2, load_register("example:resources"))
    # reminiscence 2 x 10, outing 60, closing ritual 80; the room is free
    assert plan.cost == 160
    by_number = {s.number: s.cost for s in plan.sessions}
    assert (by_number[4], by_number[8], by_number[12], by_number[1]) == (10, 60, 80, 0)


def test_match_resources_closes_the_gap_when_an_escort_comes_in_the_morning(
    g2: Programme,
) -> None:
    volunteers = [*load_register("example:resources").model_dump()["volunteers"]]
    volunteers.append(
        {"id": "v09", "roles": ["escort"], "times": ["weekday_morning"], "max_sessions": 1}
    )
    plan = match_resources(g2, register(volunteers=volunteers))
    assert plan.gaps == ()
    assert next(s for s in plan.sessions if s.number == 8).volunteers == ("v09",)


def test_match_resources_needs_a_step_free_venue_for_members_with_a_walking_aid(
    g2: Programme,
) -> None:
    assert any(m.step_free for m in g2.members)  # r06 needs an escort
    rooms = [{**v, "step_free": False} for v in register().model_dump()["venues"]]
    plan = match_resources(g2, register(venues=rooms))
    assert [g.kind for g in plan.gaps].count("venue") == 12


def test_match_resources_flags_the_budget_when_costs_exceed_it(g2: Programme) -> None:
    plan = match_resources(g2, register(budget=100))
    gap = plan.gaps[-1]
    assert (gap.session, gap.kind, gap.need) == (None, "budget", "CNY")
    assert gap.text["en"] == "The programme costs more than the budget (CNY): 160 > 100"


def test_match_resources_respects_a_volunteers_number_of_sessions(work: GroupWork) -> None:
    g1 = work.programmes[0]
    tutor = {
        "id": "t1",
        "roles": ["smartphone_tutor"],
        "times": ["weekday_afternoon"],  # group 1 meets on weekday afternoons
        "max_sessions": 1,
    }
    twice = g1.model_copy(
        update={
            "sessions": tuple(
                s.model_copy(update={"activity": "messaging_app"}) if s.number in (6, 7) else s
                for s in g1.sessions
            )
        }
    )
    plan = match_resources(twice, register(volunteers=[tutor]))
    # the tutor gives the first WeChat session and has none left for the others
    wechat = [s.number for s in twice.sessions if s.activity == "messaging_app"]
    assert len(wechat) >= 2
    assert [(g.session, g.need) for g in plan.gaps] == [(n, "smartphone_tutor") for n in wechat[1:]]
    assert next(s for s in plan.sessions if s.number == wechat[0]).volunteers == ("t1",)


def test_match_resources_skips_a_venue_closed_on_the_session_date(
    residents: tuple[Resident, ...],
) -> None:
    dated = plan_groups(residents, start=dt.date(2025, 4, 7)).programmes[1]
    rooms = register().model_dump()["venues"]
    rooms[0]["closed"] = [dt.date(2025, 4, 14)]  # session 2
    plan = match_resources(dated, register(venues=rooms))
    assert [(g.session, g.kind) for g in plan.gaps][:1] == [(2, "venue")]


def test_load_register_lists_problems_by_location(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("venues:\n  - {id: room, capacity: 0}\n", encoding="utf-8")
    with pytest.raises(CaseValidationError, match=r"venues\[0\].capacity"):
        load_register(bad)


def test_group_plan_prints_resource_gaps_in_both_languages() -> None:
    args = ["group", "plan", "example:residents", "--resources", "example:resources"]
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "Resources of hepingli-g2 (160 of budget 600 CNY); gaps" in en.stdout
    assert "  Session 8: no volunteer for the role escort at weekday mornings" in en.stdout
    zh = runner.invoke(app, args)
    assert "hepingli-g2 资源匹配（费用 160，预算 600 CNY）" in zh.stdout


def test_work_html_shows_the_funnel_and_the_gaps(residents: tuple[Resident, ...]) -> None:
    work = plan_groups(residents, register=load_register("example:resources"))
    page = work_html(work, "en")
    assert '<p class="notice gap">Session 8: no volunteer for the role escort' in page
    assert "<th>Outreach channel</th>" in page
