"""render_html: the plan report a social worker previews and prints."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from careplanner.assess import assess
from careplanner.errors import UnknownCodeError
from careplanner.report import render_html
from careplanner.report._compare import check_outcome

from .report_pages import Node, body, case, case_with, intake, parse, seed_reassessment

SEED = "shidu-mother"
CRISIS = "living-alone-crisis"


@pytest.fixture(scope="module")
def seed_page() -> str:
    return render_html(case(SEED), intake(SEED), reassessment=seed_reassessment())


@pytest.fixture(scope="module")
def crisis_page() -> str:
    return render_html(case(CRISIS), intake(CRISIS), lang="en")


def plan_table(page: str) -> Node:
    return next(t for t in parse(page).all("table") if "plan" in t.classes)


def plan_rows(page: str) -> list[list[str]]:
    rows = plan_table(page).all("tbody")[0].all("tr")
    return [[" ".join(td.text().split()) for td in row.all("td")] for row in rows]


def test_render_html_plan_table_has_the_seed_papers_five_stages_and_sessions(seed_page):
    rows = plan_rows(seed_page)
    stages = [span.text() for span in plan_table(seed_page).all("span", cls="stage-name")]
    assert stages == ["第一阶段", "第二阶段", "第三阶段", "第四阶段", "第五阶段"]
    assert [row[1] for row in rows] == ["1 次", "2 次", "2 次", "1 次", "1 次"]
    assert "建立专业关系，获得相互信任" in rows[0][0]
    assert "巩固案主改变，结束专业关系" in rows[4][0]
    assert "理性情绪疗法（ABCDE）" in rows[1][5]  # the theory column
    assert "共 5 个阶段，7 次会谈" in seed_page


def test_render_html_plan_table_has_table_1_columns(seed_page):
    headers = [th.text() for th in plan_table(seed_page).all("th")]
    assert headers == ["个案进程", "次数", "预期目标", "介入策略", "方法与技巧", "理论依据"]


def test_render_html_draws_a_bar_per_scored_scale_with_the_score_marked(seed_page):
    scales = parse(seed_page).by_id("scales")
    bars = scales.all("svg", cls="bar")
    assert len(bars) == len(intake(SEED).scales) == 5
    gds = bars[1]  # GDS-15: 7 on 0..15, track from 8 to 252
    marker = gds.all("circle")[0]
    assert float(marker.attrs["cx"]) == pytest.approx(8 + 244 * 7 / 15, abs=0.1)


def test_render_html_marks_convention_cutoffs_and_shows_the_ssrs_norm(seed_page):
    rows = parse(seed_page).by_id("scales").all("tbody")[0].all("tr")
    ssrs, ucla = rows[0], rows[3]
    assert "惯例" in ssrs.text() and ssrs.all("span", cls="convention")
    assert "z = -2.22" in ssrs.text() and "n = 7201" in ssrs.text()
    assert "深圳" in ssrs.text()  # the norm used is named, in the report's language
    assert ucla.all("span", cls="convention")
    dashed = [line for line in ucla.all("line") if "stroke-dasharray" in line.attrs]
    assert len(dashed) == 1  # the convention cut-off at 6 is drawn dashed


def test_render_html_embeds_the_ecomap_svg_inline(seed_page):
    figure = parse(seed_page).by_id("ecomap")
    (svg,) = figure.all("svg")
    assert svg.attrs["xmlns"] == "http://www.w3.org/2000/svg"
    assert "老伴" in svg.text() and "妹妹" in svg.text()


def test_render_html_is_self_contained(seed_page):
    tree = parse(seed_page)
    assert not tree.all("script") and not tree.all("link") and not tree.all("img")
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", seed_page)
    assert "@import" not in seed_page and "url(http" not in seed_page


def test_render_html_shows_no_name_unless_asked(seed_page):
    assert "张女士" not in seed_page
    assert "shidu-mother-01" in seed_page
    shown = render_html(case(SEED), intake(SEED), show_identity=True)
    assert "张女士" in shown


def test_render_html_leads_with_the_safety_banner_in_a_crisis(crisis_page):
    first = body(crisis_page).elements()[0]
    assert first.tag == "section" and first.attrs["id"] == "safety"
    text = " ".join(first.text().split())
    assert "Same-day referral" in text
    assert "Thoughts of death, suicide or self-harm" in text
    assert len(first.all("ol")[0].all("li")) == 6  # the six safety-plan steps
    assert text.index("Thoughts of death") < text.index("Severe depressive symptoms")


def test_render_html_has_no_safety_section_without_a_safety_signal(seed_page):
    assert 'id="safety"' not in seed_page
    assert "未识别出安全需要" in seed_page


def test_render_html_puts_an_unanswered_safety_item_in_the_safety_section():
    def skip_item_9(data):
        data["assessments"][0]["scales"]["phq9"]["9"] = None

    unscreened = case_with(SEED, skip_item_9)
    page = render_html(unscreened, assess(unscreened, "intake"), lang="en")
    first = body(page).elements()[0]
    assert first.attrs["id"] == "safety"
    assert "Suicide risk was not screened." in first.text()
    assert "phq9 item 9 (self-harm) was not answered" in first.text()
    phq9 = parse(page).by_id("scales").all("tbody")[0].all("tr")[2]
    assert "not scored" in phq9.text() and "Unanswered items: 9" in phq9.text()
    assert "no published cut-off" not in phq9.text()


def test_render_html_escapes_free_text_from_the_case():
    attack = "<script>alert(1)</script>"

    def inject(data):
        data["contacts"][1]["label"] = {"en": attack, "zh-CN": attack}
        data["contacts"][1]["name"] = attack
        data["client"]["name"] = attack
        data["title"] = {"en": attack, "zh-CN": attack}

    hostile = case_with(SEED, inject)
    for identity in (False, True):
        page = render_html(hostile, assess(hostile, "intake"), show_identity=identity)
        assert "<script" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_render_html_reassessment_shows_scores_maps_objectives_and_verdict(seed_page):
    section = parse(seed_page).by_id("reassessment")
    text = " ".join(section.text().split())
    assert "提示抑郁，需进一步评估 → 正常 跨越划界分" in text  # GDS-15 7 -> 3
    assert "RCI +4.44" in text  # SSRS 22 -> 36, reliable
    objectives = seed_reassessment().evaluation.objectives
    met = sum(o.status == "met" for o in objectives)
    assert f"{len(objectives)} 项中达成 {met} 项" in text
    table = next(t for t in section.all("table") if "objectives" in t.classes)
    marks = [row.all("span")[0].attrs["class"] for row in table.all("tbody")[0].all("tr")]
    assert marks.count("ok") == met and len(marks) == len(objectives)
    closure = seed_reassessment().closure
    assert ("目前可以考虑结案" if closure.ready else "暂不宜结案") in text
    items = section.all("li", cls="check")
    assert len(items) == len(closure.checks)
    for item, check in zip(items, closure.checks, strict=True):
        outcome = "ok" if check.passed else ("fail" if check.blocking else "caution")
        assert outcome in item.classes and check.text["zh-CN"] in item.text()
    assert len(section.all("svg")) == 2  # intake and closure maps side by side


def test_render_html_uses_the_clients_language_unless_told(seed_page):
    assert '<html lang="zh-CN">' in seed_page
    english = render_html(case(SEED), intake(SEED), lang="en")
    assert '<html lang="en">' in english and "Staged care plan" in english


def test_render_html_refuses_an_unknown_language():
    with pytest.raises(UnknownCodeError, match="'lang' must be one of"):
        render_html(case(SEED), intake(SEED), lang="fr")  # type: ignore[arg-type]


def test_render_html_prints_with_page_breaks_and_cjk_fonts_first(seed_page):
    assert "@media print" in seed_page and "break-before: page" in seed_page
    fonts = re.search(r"font-family: ([^;]+);", seed_page)
    assert fonts is not None
    assert fonts.group(1).split(",")[0] == '"Noto Sans CJK SC"'


def test_report_marks_nothing_safe_but_the_ecomap():
    package = resources.files("careplanner.report")
    for template in package.joinpath("templates").iterdir():
        assert "|safe" not in template.read_text("utf-8").replace(" ", ""), template.name
    calls = {
        f.name: f.read_text("utf-8").count("Markup(")
        for f in package.iterdir()
        if f.name.endswith(".py")
    }
    # the ecomap from ecomap_svg, and Markdown text after markdown_escape escaped it
    assert {name: n for name, n in calls.items() if n} == {"_network.py": 1, "_render.py": 1}


@pytest.mark.parametrize(
    ("passed", "blocking", "outcome"),
    [(True, True, "ok"), (True, False, "ok"), (False, True, "fail"), (False, False, "caution")],
)
def test_check_outcome_marks_a_failed_advisory_rule_as_a_caution(passed, blocking, outcome):
    assert check_outcome(passed, blocking) == outcome
