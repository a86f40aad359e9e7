"""The brief plan: what a worker hands over and signs (render_html/render_markdown brief=True)."""

from __future__ import annotations

from typing import Any

import pytest

from careplanner.assess import assess
from careplanner.report import ReportError, render_html, render_markdown

from .report_pages import EXAMPLES, body, case, case_with, intake, parse, seed_reassessment

SEED, CRISIS, WELL = EXAMPLES


def brief(example: str, lang: str = "en", **options: bool) -> str:
    return render_html(case(example), intake(example), lang=lang, brief=True, **options)


def cells(page: str, table_class: str) -> list[list[str]]:
    table = next(t for t in parse(page).all("table") if table_class in t.classes)
    rows = table.all("tbody")[0].all("tr")
    return [[" ".join(c.text().split()) for c in r.all() if c.tag in ("td", "th")] for r in rows]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_brief_opens_with_the_safety_box_when_a_safety_need_exists(lang):
    page = brief(CRISIS, lang)
    first = body(page).elements()[0]
    assert (first.tag, first.attrs.get("id")) == ("section", "safety")
    referral = first.all("p", cls="referral")[0].text()
    assert referral.startswith("Same-day referral" if lang == "en" else "当日转介")
    assert len(first.all("ol", cls="steps")[0].all("li")) == 6


def test_brief_has_no_safety_box_without_a_safety_need():
    page = brief(SEED)
    assert 'id="safety"' not in page
    assert body(page).elements()[0].attrs.get("class") == "top"


def test_brief_lists_each_need_with_severity_and_a_one_line_why():
    rows = cells(brief(SEED), "needs")
    why = "SSRS total 22 < 31.62; SSRS total 22 ≤ 22"
    assert rows[0] == ["Little social support.", "high", why]
    assert rows[-1][:2] == ["Has given up former interests and roles.", "moderate"]
    assert rows[-1][2] == "former hobbies abandoned: yes"
    assert len(rows) == len(intake(SEED).findings.needs) == 10
    assert all("(" not in row[2] for row in rows)  # the threshold's source stays in the report


def test_brief_marks_safety_needs_in_the_needs_table():
    rows = cells(brief(CRISIS), "needs")
    assert rows[0][0].startswith("⚠ Thoughts of death, suicide or self-harm.")
    assert rows[0][2] == "PHQ-9 item 9 2 > 0; suicidal ideation: yes"
    assert not rows[2][0].startswith("⚠")


def test_brief_shows_the_stages_with_sessions_and_purpose():
    rows = cells(brief(SEED, "zh-CN"), "plan")
    assert [row[1] for row in rows] == ["1 次", "2 次", "2 次", "1 次", "1 次"]
    assert rows[0][0] == "第一阶段 建立专业关系，获得相互信任"
    assert "共 5 个阶段，7 次会谈" in brief(SEED, "zh-CN")


def test_brief_next_steps_put_the_referral_first_then_the_dated_sessions_and_follow_up():
    rows = cells(brief(CRISIS), "next-steps")
    assert rows[0][1] == "Today"
    assert rows[0][0].startswith("Same-day referral: ")
    stage = "Stage 1 Crisis response: keep the client safe today (session 1)"
    schedule = intake(CRISIS).schedule
    assert schedule is not None and schedule.next is not None
    assert rows[1] == [stage, schedule.next.date.isoformat()] == [stage, "2025-01-10"]
    assert rows[2:] == [
        ["Re-measure the scales", "2025-07-18 (3 months after the last session)"],
        ["Re-measure the scales", "2026-01-18 (9 months after the last session)"],
    ]


def test_brief_next_steps_show_the_due_dates_in_chinese():
    rows = cells(brief(CRISIS, "zh-CN"), "next-steps")
    assert rows[1] == ["第一阶段 危机介入：当日保障安全（第 1 次会谈）", "2025-01-10"]
    assert rows[2] == ["复测量表", "2025-07-18（末次会谈后 3 个月）"]


def test_brief_next_steps_list_every_session_left_in_the_next_stage_with_its_date():
    """A session recorded in stage 1 leaves stage 2's two sessions due, a cadence apart."""

    def keep_first_session(data: dict[str, Any]) -> None:
        data["sessions"] = data["sessions"][:1]

    one = case_with(SEED, keep_first_session)
    result = assess(one, "intake")
    assert result.schedule is not None
    due = [s for s in result.schedule.upcoming if s.stage == result.schedule.upcoming[0].stage]
    rows = cells(render_html(one, result, lang="en", brief=True), "next-steps")
    stage = "Stage 2 Correct irrational beliefs and ease negative emotions"
    assert rows[: len(due)] == [[f"{stage} (session {s.number})", s.date.isoformat()] for s in due]
    assert len(due) == 2 and due[0].date < due[1].date
    assert [row[0] for row in rows[len(due) :]] == ["Re-measure the scales"] * 2


def test_brief_next_steps_without_a_schedule_count_sessions_and_months():
    result = intake(CRISIS).model_copy(update={"schedule": None})
    page = render_html(case(CRISIS), result, lang="en", brief=True)
    rows = cells(page, "next-steps")
    assert rows[1] == ["Stage 1 Crisis response: keep the client safe today", "Next · sessions: 1"]
    assert rows[2] == ["Re-measure the scales", "3, 9 months after closure"]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_brief_ends_with_a_signature_block_for_worker_supervisor_and_client(lang):
    page = brief(SEED, lang)
    rows = cells(page, "signatures")
    roles = {"en": ["Social worker", "Supervisor", "Client or representative"],
             "zh-CN": ["社工", "督导", "服务对象或其代理人"]}[lang]  # fmt: skip
    assert [row[0] for row in rows] == roles
    assert rows[0][1] == "sw-01"  # the worker's pseudonymous id, from the assessment
    assert [len(row) for row in rows] == [4, 4, 4]  # role, name, signature, date
    signatures = parse(page).by_id("signatures")
    assert ("agrees to take part" if lang == "en" else "同意参与") in signatures.text()


def test_brief_is_pseudonymous_unless_identity_is_asked():
    plain, named = brief(SEED), brief(SEED, show_identity=True)
    name = case(SEED).client.name
    assert name and name not in plain
    assert name in named
    assert "pseudonymised" in plain and "pseudonymised" not in named


def test_brief_carries_the_ecomap_and_leaves_out_the_evidence():
    page = brief(SEED)
    assert len(parse(page).by_id("ecomap").all("svg")) == 1
    for left_out in ('id="evidence"', 'id="sources"', 'id="scales"', "phq9_item9_positive"):
        assert left_out not in page


def test_brief_without_needs_says_so_and_still_has_the_signature_block():
    page = brief(WELL)
    assert "No need was flagged." in page
    assert 'id="signatures"' in page


def test_brief_markdown_has_the_same_parts():
    text = render_markdown(case(CRISIS), intake(CRISIS), lang="en", brief=True)
    lines = text.splitlines()
    assert lines[0] == "# Brief care plan: Older woman living alone, in crisis (safety path)"
    assert lines[2] == "> [!CAUTION]"
    for heading in ("## Flagged needs", "## Staged care plan", "## Next steps",
                    "## Support network", "## Agreement and signatures"):  # fmt: skip
        assert heading in lines
    assert "| Social worker | sw-03 | | |" in lines
    assert "The ecomap picture is in the HTML report" in text


def test_brief_markdown_links_the_ecomap_when_told_where_it_is():
    text = render_markdown(
        case(SEED), intake(SEED), lang="en", brief=True, ecomap_link="plan.ecomap.svg"
    )
    assert "![Ecomap, 2022-03-08](plan.ecomap.svg)" in text.splitlines()


def test_brief_refuses_a_reassessment():
    with pytest.raises(ReportError, match="pass reassessment=None"):
        render_html(case(SEED), intake(SEED), brief=True, reassessment=seed_reassessment())
