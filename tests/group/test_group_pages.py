"""The group pages read like the casework report: its header and styles, plain words in the
body, the optimiser's terms only in the appendix, no empty columns, an evaluation page."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from careplanner.group import (
    GroupWork,
    Resident,
    evaluate_group,
    evaluation_html,
    load_residents,
    load_sessions,
    plan_groups,
    profile_residents,
    summarise_survey,
    survey_html,
    work_html,
)
from careplanner.group._text import compromises

#: What an optimiser or a rule file calls things; a worker reading the page should not meet it.
INTERNALS = re.compile(
    r"目标函数|[Oo]bjective(,| \(| terms)|common_language|shared_need|no_cliques|escort_spread"
    r"|meeting_time=|\(exact\)|local_search|@\d|safety_first|[a-z]+_[a-z]+=\d"
)


class _Tables(HTMLParser):
    """Collects the header cells of every table and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[list[str]] = []
        self.columns: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.headers.append([])
            self.columns.append([])
        elif tag == "tr" and self.headers:
            self.columns[-1].append([])
        elif tag in ("th", "td"):
            self._cell, self._where = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            (self.headers[-1] if tag == "th" else self.columns[-1][-1]).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    return parser


def body_and_appendix(page: str) -> tuple[str, str]:
    body, _, appendix = page.partition('<section id="details"')
    return body, appendix


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_work_html_body_speaks_plainly_and_keeps_optimiser_terms_for_the_appendix(
    work: GroupWork, lang: str
) -> None:
    body, appendix = body_and_appendix(work_html(work, lang))  # type: ignore[arg-type]
    style_end = body.index("</style>")
    assert not INTERNALS.findall(body[style_end:])
    assert "safety_first" in appendix and "common_language=0" in appendix
    assert "group_screening@1" in appendix and "(exact)" not in appendix
    assert ("目标函数值" if lang == "zh-CN" else "objective, lower is better") in appendix


@pytest.mark.parametrize(
    "render",
    [
        lambda w, s, e: work_html(w, "en"),
        lambda w, s, e: survey_html(s, "en"),
        lambda w, s, e: evaluation_html(e, "en"),
    ],
    ids=["plan", "survey", "evaluation"],
)
def test_group_pages_carry_the_reports_confidentiality_header_and_styles(
    work: GroupWork, residents: tuple[Resident, ...], after: tuple[Resident, ...], render
) -> None:
    summary = summarise_survey(profile_residents(residents))
    evaluation = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    page = render(work, summary, evaluation)
    assert '<span class="confidential">Confidential</span>' in page
    assert "Pseudonymised: residents appear by id only." in page
    assert "--accent: #2c5a96" in page  # the report's own style sheet
    assert "<style>\nbody{" not in page  # not the old inline sheet


def test_work_html_leaves_out_columns_no_session_fills(residents: tuple[Resident, ...]) -> None:
    undated = tables(work_html(plan_groups(residents), "en"))
    programme_headers = [h for h in undated.headers if "Session" in h]
    assert programme_headers and all("Date" not in h for h in programme_headers)
    assert ["Notes" in h for h in programme_headers] == [
        any(s.notes for s in p.sessions) for p in plan_groups(residents).programmes
    ]
    dated = tables(work_html(plan_groups(residents, start=dt.date(2025, 3, 3)), "en"))
    dated_headers = [h for h in dated.headers if "Session" in h]
    assert all("Date" in h for h in dated_headers)
    for parsed in (undated, dated):
        for header, rows in zip(parsed.headers, parsed.columns, strict=True):
            filled = [row for row in rows if row]
            for index, heading in enumerate(header):
                assert any(row[index] for row in filled), heading  # no column left empty


def test_work_html_names_compromises_in_the_terms_own_words(work: GroupWork) -> None:
    group = work.composition.groups[0]
    assert compromises(group, "en") == "none"  # the example's groups need none
    terms = tuple(
        v.model_copy(update={"value": 2}) if v.term == "common_language" else v for v in group.terms
    )
    strained = group.model_copy(update={"terms": terms, "cost": 16})
    assert compromises(strained, "en") == (
        "members who do not speak the group's most common language (2)"
    )
    assert compromises(strained, "zh-CN") == "不会说组内最通用语言的成员（2）"
    work = work.model_copy(
        update={"composition": work.composition.model_copy(update={"groups": (strained,)})}
    )
    body, appendix = body_and_appendix(work_html(work, "en"))
    assert "most common language (2)</td>" in body and "common_language=2" in appendix


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_evaluation_html_shows_retention_change_ties_and_themes(
    residents: tuple[Resident, ...], after: tuple[Resident, ...], lang: str
) -> None:
    evaluation = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    page = evaluation_html(evaluation, lang)  # type: ignore[arg-type]
    parsed = tables(page)
    scales, themes = parsed.columns
    assert [row[1] for row in scales[1:]] == [s.scale for s in evaluation.scales]
    gds15 = next(row for row in scales if row and row[1] == "gds15")
    assert gds15[3:6] == ["4.8", "3.5", "-1.3"] and gds15[-1] == "2"  # 2 crossed the cut-off
    if lang == "en":
        assert "Retention: 5 of 6 who started stayed to the end (83%)" in page
        assert "Ties between members: 1 -&gt; 5" in page
        assert "not scorable (scoring unverified)" in page
        assert "<b>83%</b>" in page  # retention in the header
    else:
        assert "开始参加的 6 人中 5 人坚持到最后（83%）" in page
    assert len(themes) - 1 == sum(
        1
        for c in evaluation.themes
        if c.interviews_before or c.interviews_after or c.sessions or c.people
    )
    assert not INTERNALS.findall(page[page.index("</style>") :].replace("group_themes@1", ""))


def test_group_pages_are_well_formed_svg_and_escape_names(work: GroupWork) -> None:
    page = work_html(work, "en")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for svg in re.findall(
        r"<svg.*?</svg>",
        survey_html(summarise_survey(profile_residents(load_residents("example:residents"))), "en"),
        re.S,
    ):
        ET.fromstring(svg)


def test_every_need_of_the_rule_pack_has_a_short_group_label_in_both_languages() -> None:
    from careplanner.group._words import words
    from careplanner.rules import default_pack

    needs = list(default_pack().needs)
    labels = words().needs
    assert [n for n in needs if n not in labels] == []
    assert all(set(labels[n]) == {"en", "zh-CN"} for n in needs)
