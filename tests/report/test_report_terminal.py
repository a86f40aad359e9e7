"""The terminal views: assess, compare and explain, readable in 80 columns and in a pipe."""

from __future__ import annotations

from importlib import resources

import pytest
from rich.cells import cell_len

from careplanner.assess import assess
from careplanner.errors import RulePackError, UnknownCodeError
from careplanner.report import (
    as_text,
    render_explanation,
    render_reassessment_terminal,
    render_terminal,
)
from careplanner.rules import load_pack

from .report_pages import EXAMPLES, case, case_with, intake, seed_reassessment

CRISIS = "living-alone-crisis"
BOX = str.maketrans("", "", "│┃╭╮╰╯┏┓┗┛")


def flat(text: str) -> str:
    """The words of a view, without panel borders or line breaks."""
    return " ".join(text.translate(BOX).split())


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_render_terminal_fits_80_columns_as_plain_text(example, lang):
    text = as_text(render_terminal(intake(example), lang=lang))
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text  # no colour codes outside a terminal


def test_render_terminal_puts_safety_before_needs_stages_and_network():
    text = as_text(render_terminal(intake(CRISIS), lang="en"))
    order = ["Safety first", "Same-day referral", "Flagged needs", "Staged care plan"]
    positions = [text.index(marker) for marker in [*order, "Support network"]]
    assert positions == sorted(positions)
    assert "⚠ Thoughts of death, suicide or self-harm." in text
    assert "Stage 1 Crisis response" in text


def test_render_terminal_without_a_safety_signal_has_no_safety_panel():
    text = as_text(render_terminal(intake("shidu-mother"), lang="en"))
    assert "Safety first" not in text
    assert "5 stages, 7 sessions" in text
    assert "Revive the dormant tie with sister" in text


def test_render_terminal_warns_first_when_suicide_risk_was_not_screened():
    def skip_item_9(data):
        data["assessments"][0]["scales"]["phq9"]["9"] = None

    result = assess(case_with("shidu-mother", skip_item_9), "intake")
    text = flat(as_text(render_terminal(result, lang="en")))
    assert text.index("Safety first") < text.index("Flagged needs")
    assert "Suicide risk was not screened." in text
    assert "! phq9 item 9 (self-harm) was not answered" in text


def test_render_reassessment_terminal_gives_verdict_changes_and_objectives():
    text = as_text(render_reassessment_terminal(seed_reassessment(), lang="en"))
    lines = text.splitlines()
    assert lines[0] == "intake 2022-03-08 compared with closure 2022-06-14"
    closure = seed_reassessment().closure
    verdict = "Closing the case is reasonable now." if closure.ready else "Not ready to close yet."
    assert verdict in text
    for check in closure.checks:
        mark = "✓" if check.passed else ("✗" if check.blocking else "⚠")
        assert f"{mark} {check.text['en']}" in flat(text)
    assert "RCI +4.44: reliable, improved" in text
    assert "7 → 3 (-4)" in text
    assert max(cell_len(line) for line in lines) <= 80


def test_render_explanation_shows_fired_rules_sources_and_what_would_change():
    text = flat(as_text(render_explanation(intake("shidu-mother"), lang="en")))
    assert "✓ ssrs_total_very_low (fired, high)" in text
    assert "convention · Source: The widely quoted SSRS bands" in text
    assert "✗ ssrs_objective_below_norm (did not fire)" in text
    assert "SSRS objective support 6, needs < 2.92" in text
    assert "→ SSRS total 22; at 32 or more this need is not flagged" in text


def test_render_explanation_never_offers_a_way_out_of_a_safety_need():
    text = as_text(render_explanation(intake(CRISIS), need="suicide_risk", lang="en"))
    assert text.startswith("╭─ suicide_risk — flagged")
    assert "A safety need cannot be cleared by improving other facts" in flat(text)
    assert "→" not in text


def test_render_explanation_of_one_need_shows_only_that_need():
    text = as_text(render_explanation(intake(CRISIS), need="loneliness", lang="en"))
    assert "loneliness — flagged" in text and "suicide_risk" not in text


def test_render_explanation_refuses_an_unknown_need():
    with pytest.raises(UnknownCodeError, match="'need' must be one of"):
        render_explanation(intake(CRISIS), need="no_such_need")


def test_render_explanation_refuses_a_pack_the_result_did_not_use():
    text = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    other = load_pack(text.replace('version: "1.0.0"', 'version: "9.9.9"'))
    result = assess(case(CRISIS), "intake")
    with pytest.raises(RulePackError, match="pass that pack"):
        render_explanation(result, pack=other)
