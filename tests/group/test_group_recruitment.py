"""Outreach and the recruitment funnel, and the coded notes of interviews and sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplanner.errors import CaseValidationError, UnknownCodeError
from careplanner.group import GroupWork, Resident, load_residents, plan_groups, work_text
from careplanner.group._notes import Coded, load_themes, summarise_themes
from careplanner.group._recruitment import Outreach, load_recruitment, recruitment_funnel
from careplanner.group._residents import load_outreach


@pytest.fixture(scope="module")
def funnel_work(residents: tuple[Resident, ...]) -> GroupWork:
    return plan_groups(residents, outreach=load_outreach("example:residents"))


def test_recruitment_funnel_counts_every_stage_of_the_example(funnel_work: GroupWork) -> None:
    f = funnel_work.funnel
    assert (f.approached, f.not_reached, f.contacted, f.interested) == (21, 1, 20, 15)
    assert (f.suitable, f.joined, f.waiting, f.outreach_not_recorded) == (12, 12, 0, 1)


def test_recruitment_funnel_counts_each_channel(funnel_work: GroupWork) -> None:
    rows = {
        c.channel: (c.approached, c.contacted, c.interested, c.suitable, c.joined)
        for c in funnel_work.funnel.channels
    }
    assert rows["agency_referral"] == (5, 5, 4, 3, 3)
    assert rows["home_visit"] == (4, 3, 2, 2, 2)
    assert rows["not_recorded"] == (1, None, None, 0, 0)
    assert sum(r[0] for r in rows.values()) == 22  # 21 approached + r17 not recorded


def test_recruitment_funnel_lists_reasons_for_not_joining(funnel_work: GroupWork) -> None:
    declined = [(r.code, r.count) for r in funnel_work.funnel.declined]
    assert declined == [
        ("not_interested", 1),
        ("health", 1),
        ("time_clash", 1),
        ("shy_of_strangers", 1),
        ("reason_not_recorded", 1),
    ]
    out = {r.code: r.count for r in funnel_work.funnel.screened_out}
    assert out == {
        "casework_first": 1,
        "crisis": 1,
        "declined": 1,
        "excluded": 1,
        "not_indicated": 1,
    }


def test_work_text_shows_the_funnel_in_both_languages(funnel_work: GroupWork) -> None:
    en = work_text(funnel_work, "en")
    assert en.startswith("Recruitment: approached 21, not reached 1")
    assert "Rules and settings used: group_recruitment@1" in en  # in the appendix
    assert "Reasons for declining: not interested in a group 1" in en
    zh = work_text(funnel_work, "zh-CN")
    assert zh.startswith("招募：接触 21 人")
    assert "未记录招募方式" in zh


def test_recruitment_funnel_refuses_an_unknown_channel(funnel_work: GroupWork) -> None:
    odd = [("r01", Outreach(channel="radio", response="interested"))]
    with pytest.raises(UnknownCodeError, match=r"'residents\[r01\].outreach.channel'"):
        recruitment_funnel(odd, funnel_work.screening, funnel_work.composition)


def test_recruitment_funnel_refuses_an_unknown_reason(funnel_work: GroupWork) -> None:
    odd = [("r01", Outreach(channel="notice", response="declined", reason="busy"))]
    with pytest.raises(UnknownCodeError, match=r"must be one of .*'not_interested'"):
        recruitment_funnel(odd, funnel_work.screening, funnel_work.composition)


def test_load_outreach_lists_problems_by_location(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("residents: []\noutreach:\n  - {id: x1, channel: notice}\n", encoding="utf-8")
    with pytest.raises(CaseValidationError, match=r"outreach\[0\].response"):
        load_outreach(bad)


def test_load_residents_reads_interviews_and_outreach(residents: tuple[Resident, ...]) -> None:
    r01 = residents[0]
    assert r01.outreach is not None and r01.outreach.channel == "home_visit"
    assert [(i.kind, i.themes) for i in r01.interviews] == [
        ("needs", ("loneliness", "missing_family"))
    ]
    assert "儿子" not in repr(r01.interviews)  # the note's text stays out of reprs


def test_recruitment_codes_load_with_a_source() -> None:
    spec = load_recruitment()
    assert spec.source.strip()
    assert {c.basis for c in spec.channels} == {"evidence", "convention"}


def test_summarise_themes_counts_every_code_once_per_note() -> None:
    notes = [
        Coded(person="a", stage="before", themes=("loneliness",), field="f"),
        Coded(person="b", stage="before", themes=("loneliness", "health_worry"), field="f"),
        Coded(person=None, stage="session", themes=("belonging",), field="f"),
        Coded(person="a", stage="member", themes=("belonging",), field="f"),
    ]
    counts = {c.code: c for c in summarise_themes(notes, load_themes())}
    assert (counts["loneliness"].interviews_before, counts["loneliness"].people) == (2, ("a", "b"))
    assert (counts["belonging"].sessions, counts["belonging"].people) == (1, ("a",))
    assert counts["self_esteem"].people == ()


def test_summarise_themes_uses_the_workers_own_codebook(tmp_path: Path) -> None:
    own = tmp_path / "themes.yaml"
    own.write_text(
        "id: mine\nversion: 2\nsource: our team's codes\nthemes:\n"
        "  - {code: tea_time, area: outcome, label: {en: tea time, zh-CN: 喝茶}}\n",
        encoding="utf-8",
    )
    book = load_themes(own)
    notes = [Coded(person="a", stage="after", themes=("tea_time",), field="f")]
    assert [(c.code, c.interviews_after) for c in summarise_themes(notes, book)] == [
        ("tea_time", 1)
    ]
    with pytest.raises(UnknownCodeError, match="'f' must be one of"):
        summarise_themes([Coded(person="a", stage="after", themes=("joy",), field="f")], book)


def test_example_residents_load_with_outreach_left_out_of_the_funnel_count(
    residents: tuple[Resident, ...],
) -> None:
    assert len(load_residents("example:residents")) == len(residents) == 17
