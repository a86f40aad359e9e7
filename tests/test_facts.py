"""Facts of an assessment: what the rules read, and nothing guessed."""

from __future__ import annotations

from typing import Any

from careplanner import case_from_data, load_case, load_content
from careplanner._content._scope import using
from careplanner.facts import assessment_facts


def test_seed_intake_facts_match_the_paper() -> None:
    case = load_case("example:shidu-mother")
    facts = assessment_facts(case, case.intake)
    expected = {
        "profile.shidu": True,
        "profile.months_since_loss": 27,  # December 2019 -> March 2022
        "ssrs.total": 22,
        "ssrs.utilisation": 4,
        "gds15.total": 7,
        "phq9.item9": 0,
        "obs.fear_of_infection": True,
        "obs.uses_messaging_app": False,
        "net.size": 1,  # only the husband is an active tie at intake
        "net.top_contributor_is_spouse": True,
    }
    assert {name: facts[name] for name in expected} == expected


def test_observations_not_asked_give_no_fact() -> None:
    facts = assessment_facts(load_case("example:living-alone-crisis"))
    assert "obs.self_blame" not in facts
    assert facts["obs.suicidal_ideation"] is True
    assert not any(name.startswith("ssrs.") for name in facts)  # SSRS not administered


def test_safety_item_counts_even_when_the_form_is_incomplete(seed_data: dict[str, Any]) -> None:
    answers = seed_data["assessments"][0]["scales"]["phq9"]
    answers.update({"3": None, "9": 2})
    case = case_from_data(seed_data)
    facts = assessment_facts(case, case.intake)
    assert facts["phq9.item9"] == 2
    assert "phq9.total" not in facts


def test_unknown_month_of_loss_counts_from_december(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["child_loss"]["month"] = None
    seed_data["assessments"][0]["date"] = "2020-11-30"
    case = case_from_data(seed_data)
    assert assessment_facts(case, case.intake)["profile.months_since_loss"] == 11


def test_scale_facts_read_safety_items_of_the_running_content() -> None:
    """A content whose scale flags another item gives that item's fact, whatever ran before."""
    case = load_case("example:shidu-mother")
    flag = {
        "id": "lonely_now",
        "kind": "safety",
        "label": {"en": "lonely", "zh-CN": "孤独"},
        "items": ["1"],
        "min_score": 1,
        "rule": "item 1 scored 1 or more",
        "source": "russell1996",
        "verified": False,
    }
    flagged = load_content(
        overlay={
            "content.yaml": {"id": "more-flags", "version": "1.0.0"},
            "instruments/scales/ucla3.yaml": {"item_flags": [flag]},
        }
    )
    assert "ucla3.item1" not in assessment_facts(case)  # the bundled content first
    with using(flagged):
        assert assessment_facts(case)["ucla3.item1"] == case.latest.scales["ucla3"]["1"]
    assert "ucla3.item1" not in assessment_facts(case)
