"""The needs survey: counts, score distributions, and its text and HTML views."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from careplanner.group import GroupWork, ResidentProfile, SurveySummary, summarise_survey
from careplanner.group._html import survey_html, work_html
from careplanner.group._text import survey_text, work_text

from .group_cases import profile


@pytest.fixture(scope="module")
def summary(profiles: tuple[ResidentProfile, ...]) -> SurveySummary:
    return summarise_survey(profiles)


def test_summarise_survey_counts_needs_as_flagged_when_example(summary: SurveySummary) -> None:
    counts = {n.need: n.count for n in summary.needs}
    assert (counts["loneliness"], counts["suicide_risk"], counts["cognitive_impairment"]) == (
        17,
        1,
        1,
    )
    assert [n.need for n in summary.needs if n.safety] == [
        "suicide_risk",
        "severe_depression",
        "abuse_or_neglect",
    ]


def test_summarise_survey_counts_every_answer_of_every_question(summary: SurveySummary) -> None:
    mobility = next(q for q in summary.questions if q.id == "mobility")
    assert {o.code: o.count for o in mobility.options} == {
        "independent": 12,
        "walks_with_aid": 2,
        "needs_escort": 3,
        "housebound": 0,
    }
    times = next(q for q in summary.questions if q.id == "times")
    assert {o.code: o.count for o in times.options}["weekday_afternoon"] == 7
    assert [q.id for q in summary.questions] == [
        "willing",
        "activities",
        "times",
        "mobility",
        "languages",
        "hearing",
        "expectations",
        "spiritual_needs",
        "comfort_ways",
        "services_used",
        "services_opinion",
        "services_missing",
    ]


def test_summarise_survey_keeps_not_asked_apart_from_no(summary: SurveySummary) -> None:
    """r13-r15 and r17 were not asked about services; r02 and r07 answered "none used"."""
    used = next(q for q in summary.questions if q.id == "services_used")
    assert (used.not_asked, used.none_chosen) == (4, 3)
    assert sum(o.count for o in used.options) == 12
    opinion = next(q for q in summary.questions if q.id == "services_opinion")
    assert {o.code: o.count for o in opinion.options} == {
        "well": 2,
        "partly": 6,
        "not_at_all": 3,
        "dont_know": 2,
    }
    assert (opinion.not_asked, opinion.none_chosen) == (4, 0)


def test_summarise_survey_counts_needs_not_assessed_apart_from_not_flagged(
    summary: SurveySummary,
) -> None:
    """Nobody in the example took the SSRS: low social support is not assessed, not absent."""
    counts = {n.need: (n.count, n.not_assessed) for n in summary.needs}
    assert counts["low_social_support"] == (0, 17)
    assert counts["loneliness"] == (17, 0)
    assert counts["suicide_risk"] == (1, 0)


def test_survey_text_prints_not_asked_and_not_assessed(summary: SurveySummary) -> None:
    text = survey_text(summary, "en")
    rows = [line.split() for line in text.splitlines()]
    assert ["low", "social", "support", "0", "17"] in rows
    assert ["answered:", "none", "of", "these", "3"] in rows
    assert ["not", "asked", "4"] in rows
    zh = survey_text(summary, "zh-CN")
    assert "未询问" in zh and "未评估人数" in zh


def test_summarise_survey_bins_ucla3_totals_one_per_score(summary: SurveySummary) -> None:
    ucla3 = next(s for s in summary.scales if s.scale == "ucla3")
    assert [(b.low, b.high, b.count) for b in ucla3.bins] == [
        (3, 3, 0),
        (4, 4, 0),
        (5, 5, 0),
        (6, 6, 5),
        (7, 7, 9),
        (8, 8, 2),
        (9, 9, 1),
    ]
    assert (ucla3.n, ucla3.lowest, ucla3.highest, ucla3.median) == (17, 6, 9, 7)


@settings(max_examples=40, deadline=None)
@given(totals=st.lists(st.integers(0, 30), max_size=30))
def test_summarise_survey_bins_hold_every_total_once_when_any_totals(totals: list[int]) -> None:
    people = [profile(f"p{i}", facts={"lsns6.total": t}) for i, t in enumerate(totals)]
    scales = summarise_survey(people).scales
    if not totals:
        assert scales == ()
        return
    (lsns6,) = scales
    assert sum(b.count for b in lsns6.bins) == len(totals)
    assert lsns6.bins[0].low == 0 and lsns6.bins[-1].high == 30
    assert len(lsns6.bins) <= 12


def test_survey_text_lines_up_chinese_columns(summary: SurveySummary) -> None:
    lines = survey_text(summary, "zh-CN").splitlines()
    header = lines.index("识别出的需要")
    assert set(lines[header + 2]) == {"─"}  # rich's ruled header
    rows = lines[header + 3 : header + 3 + len(summary.needs)]
    # the last column holds numbers, right-aligned: every row ends where its heading ends
    assert {cell_len(row) for row in rows} == {cell_len(lines[header + 1])}
    assert any("孤独感" in row for row in rows)
    assert lines[0] == "需求调查：17 位居民（group_needs_survey@1）"


def test_survey_html_draws_one_chart_per_section_and_escapes_text(summary: SurveySummary) -> None:
    question = summary.questions[0].model_copy(
        update={"text": {"en": "<b>bold</b>", "zh-CN": "<b>粗</b>"}}
    )
    page = survey_html(
        summary.model_copy(update={"questions": (question, *summary.questions[1:])}), "en"
    )
    assert page.count("<svg") == 1 + len(summary.scales) + len(summary.questions)
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold" not in page
    assert 'font-family: "Noto Sans CJK SC"' in page  # the style sheet itself is not escaped
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_outputs_carry_ids_but_never_names(work: GroupWork, summary: SurveySummary) -> None:
    pages = [
        survey_html(summary),
        work_html(work),
        work_text(work),
        survey_text(summary),
        work.model_dump_json(),
    ]
    for page in pages:
        assert "王阿姨" not in page and "Margaret" not in page
    page = work_html(work, "en")
    assert "<td>needs.safety is true</td>" in page  # r13's evidence, no name

    assert "<td>needs.group &gt;= 1 (5)</td>" in page  # r01's evidence with its value
