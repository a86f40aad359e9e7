"""Explanations: why each need is (not) flagged, and the single change that flips it."""

from __future__ import annotations

from careplanner.rules import Explanation, explain, resolve_engine

from .cases import LIVING_ALONE_CRISIS, SHIDU_MOTHER


def test_counterfactual_gives_the_nearest_value_that_clears_a_need() -> None:
    cf = next(n for n in explain({"ssrs.total": 21}).needs if n.need == "low_social_support")
    assert cf.flagged
    change = cf.counterfactual.changes[0]
    assert (change.fact, change.current, change.kind, change.target) == (
        "ssrs.total",
        21,
        "at_least",
        32,
    )
    assert change.text == {
        "en": "SSRS total 21; at 32 or more this need is not flagged",
        "zh-CN": "社会支持评定量表总分 21；达到 32 或以上时不再标记此需要",
    }


def test_counterfactual_of_a_float_threshold_says_below() -> None:
    why = explain({"net.dependency": 0.75, "net.size": 3})
    changes = next(n for n in why.needs if n.need == "over_dependence").counterfactual.changes
    change = next(c for c in changes if c.fact == "net.dependency")
    assert (change.kind, change.target) == ("below", 0.6)
    assert change.text["en"] == (
        "share of support from the largest contributor 0.75; below 0.6 this need is not flagged"
    )


def test_unflagged_need_says_how_close_it_was() -> None:
    loneliness = next(n for n in explain({"ucla3.total": 5}).needs if n.need == "loneliness")
    assert not loneliness.flagged
    assert loneliness.rules[0].reasons[0]["en"] == (
        "UCLA-3 loneliness total 5, needs ≥ 6 (convention: UCLA-3 >= 6, a research convention;"
        " no published clinical cut-off [hughes2004])"
    )
    assert loneliness.counterfactual.changes[0].text["en"] == (
        "UCLA-3 loneliness total 5; at 6 or more this need is flagged"
    )


def test_not_assessed_is_said_plainly() -> None:
    grief = next(n for n in explain({}).needs if n.need == "prolonged_grief")
    assert [r["en"] for r in grief.rules[3].reasons] == [
        "intense grief: not assessed",
        "months since the loss: not assessed",
    ]
    assert grief.counterfactual.not_assessed == (
        "pg13r.total",
        "profile.months_since_loss",
        "obs.grief_functional_impairment",
        "obs.intense_grief",
        "grief.signs",
    )
    assert grief.counterfactual.changes == ()


def test_safety_need_cannot_be_cleared_by_improving_other_facts() -> None:
    why = explain(LIVING_ALONE_CRISIS)
    risk = next(n for n in why.needs if n.need == "suicide_risk")
    assert risk.counterfactual.safety_locked and risk.counterfactual.changes == ()
    assert risk.counterfactual.note["en"].startswith(
        "A safety need cannot be cleared by improving other facts (support, mood, network)."
    )


def test_a_need_flagged_by_several_facts_has_no_single_change() -> None:
    beliefs = next(n for n in explain(SHIDU_MOTHER).needs if n.need == "irrational_beliefs")
    assert beliefs.flagged and beliefs.counterfactual.changes == ()
    assert beliefs.counterfactual.note["en"] == (
        "No change of a single fact clears this need: several facts flag it."
    )


def test_explanation_covers_every_need_in_pack_order_with_the_engines_findings() -> None:
    why = explain(SHIDU_MOTHER)
    assert why.findings.engine.name == (
        "durable-rules" if resolve_engine() == "durable" else "python"
    )
    assert [n.need for n in why.needs][:3] == [
        "suicide_risk",
        "severe_depression",
        "abuse_or_neglect",
    ]
    assert {n.need for n in why.needs if n.flagged} == set(why.findings.need_ids)
    assert Explanation.model_validate_json(why.model_dump_json()) == why
