"""render_logic_sheet: the rule pack as a trainer's printable handout."""

from __future__ import annotations

import pytest

from careplanner.errors import UnknownCodeError
from careplanner.report import render_logic_sheet
from careplanner.rules import default_pack

from .report_pages import parse

PACK = default_pack()


@pytest.fixture(scope="module")
def sheet() -> str:
    return render_logic_sheet(lang="en")


def test_logic_sheet_lists_every_rule_threshold_and_intervention(sheet):
    rules = [r.id for need in PACK.needs.values() for r in need.rules]
    combos = [c.id for c in PACK.combinations]
    for name in [*rules, *combos, *PACK.thresholds, *PACK.interventions, *PACK.needs]:
        assert f"<code>{name}</code>" in sheet, name


@pytest.mark.parametrize(
    "sentence",
    [
        "Flag it (high) when PHQ-9 item 9 &gt; 0 [phq9_item9_any, convention].",
        "Flag it (moderate) when SSRS total &lt; 31.62 [ssrs_total_norm, norm-referenced].",
        "Flag it (high) when intense grief: yes and months since the loss ≥ 6 "
        "[grief_months, published].",
        "Flag it (moderate) when abuse or neglect reported: no and at least one of: "
        "catastrophising fear of infection: yes; or catastrophising fear of going out: yes.",
    ],
)
def test_logic_sheet_writes_rules_as_sentences(sheet, sentence):
    assert sentence in sheet


def test_logic_sheet_labels_every_convention_threshold(sheet):
    rows = parse(sheet).by_id("thresholds").all("tbody")[0].all("tr")
    shown = {row.all("code")[0].text(): row.all("span")[0].text() for row in rows}
    expected = {k: {"published": "published", "norm": "norm-referenced"}.get(t.basis, "convention")
                for k, t in PACK.thresholds.items()}  # fmt: skip
    assert shown == expected


def test_logic_sheet_shows_the_norm_formula(sheet):
    assert "39.51 - 1 x 7.89 = 31.62 (Shenzhen adults aged 60+, n = 7,201)" in sheet


def test_logic_sheet_writes_combinations_and_orderings(sheet):
    text = " ".join(parse(sheet).by_id("combinations").text().split())
    assert "raise the priority of Rebuilding the support network" in text
    order = " ".join(parse(sheet).by_id("interventions").text().split())
    assert "Learning a messaging app (e.g. WeChat) before Rebuilding the support network" in order


def test_logic_sheet_in_markdown_carries_the_same_rules():
    text = render_logic_sheet(lang="zh-CN", fmt="md")
    assert text.startswith("# 评估逻辑说明\n")
    rule = "- **ucla3_lonely**: 当三条目孤独感量表总分 ≥ 6 \\[ucla3_lonely, 惯例\\]时标记（中）。"
    assert rule in text


def test_logic_sheet_refuses_an_unknown_format():
    with pytest.raises(UnknownCodeError, match="'fmt' must be one of"):
        render_logic_sheet(fmt="pdf")
