"""The catalogue files load, and a malformed catalogue is refused with the field named."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from careplanner.plan import CatalogueError, catalogue_from_data, load_catalogue

BUNDLED = ("stages.yaml", "objectives.yaml", "closure.yaml", "messages.yaml")


def bundled(name: str) -> Any:
    text = (resources.files("careplanner.plan") / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@pytest.fixture
def data() -> dict[str, Any]:
    """The bundled catalogue as mutable data, to be bent into bad catalogues."""
    return {
        "stages": bundled("stages.yaml"),
        "needs": bundled("objectives.yaml"),
        "closure": bundled("closure.yaml"),
    }


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_file_names_its_id_version_and_source(name: str) -> None:
    content = bundled(name)
    assert isinstance(content["id"], str)
    assert content["version"] == 1
    assert len(content["source"]) > 10


def test_load_catalogue_links_every_intervention_to_a_stage_when_bundled() -> None:
    catalogue = load_catalogue()
    assert catalogue.stage_ids == (
        "crisis",
        "safeguarding",
        "engage_assess",
        "carer",
        "depression",
        "grief",
        "beliefs",
        "strengths_family",
        "social_reentry",
        "consolidate_close",
    )
    stages = {i: catalogue.intervention(i).stage for i in catalogue.intervention_ids}
    assert stages == {
        "crisis_referral": "crisis",
        "safety_planning": "crisis",
        "safeguarding_plan": "safeguarding",
        "engagement_assessment": "engage_assess",
        "bereavement_support": "engage_assess",
        "clinical_assessment_referral": "engage_assess",
        "carer_support": "carer",
        "carer_respite": "carer",
        "behavioural_activation": "depression",
        "grief_work": "grief",
        "rebt_belief_work": "beliefs",
        "strengths_life_review": "strengths_family",
        "family_support": "strengths_family",
        "messaging_app_skills": "strengths_family",
        "network_rebuilding": "social_reentry",
        "community_reentry": "social_reentry",
        "one_to_one_befriending": "social_reentry",
        "consolidation_closure": "consolidate_close",
    }


def test_load_catalogue_keeps_seed_session_counts_as_stage_ceilings() -> None:
    catalogue = load_catalogue()
    seed_stages = ("engage_assess", "beliefs", "strengths_family", "social_reentry")
    counts = [catalogue.stage(s).max_sessions for s in (*seed_stages, "consolidate_close")]
    assert counts == [1, 2, 2, 1, 1]


def test_load_catalogue_gives_every_need_an_objective_with_a_fact_measure() -> None:
    catalogue = load_catalogue()
    for need_id in catalogue.need_ids:
        objectives = catalogue.need(need_id).objectives
        assert objectives, need_id
        assert all("." in o.measure for o in objectives)


def test_catalogue_from_data_names_field_when_intervention_stage_unknown(
    data: dict[str, Any],
) -> None:
    data["stages"]["interventions"][0]["stage"] = "nowhere"
    with pytest.raises(CatalogueError, match=r"interventions\[0\]\.stage: 'nowhere' must be one"):
        catalogue_from_data(data)


def test_catalogue_from_data_names_field_when_default_intervention_unknown(
    data: dict[str, Any],
) -> None:
    data["needs"]["needs"][1]["default_interventions"] = ["hugging"]
    with pytest.raises(CatalogueError, match=r"needs\[1\]\.default_interventions: 'hugging'"):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_stage_without_intervention(data: dict[str, Any]) -> None:
    data["stages"]["interventions"] = [
        i for i in data["stages"]["interventions"] if i["stage"] != "carer"
    ]
    with pytest.raises(CatalogueError, match="stage 'carer' has no intervention"):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_duplicate_need(data: dict[str, Any]) -> None:
    data["needs"]["needs"].append(copy.deepcopy(data["needs"]["needs"][0]))
    with pytest.raises(CatalogueError, match="needs: id 'suicide_risk' is listed more than once"):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_yes_no_target_with_ordering_comparison(
    data: dict[str, Any],
) -> None:
    data["needs"]["needs"][0]["objectives"][1]["comparison"] = "<="  # a yes/no target
    message = r"objectives\[1\]\.when: a yes/no 'value' is tested only with the ops 'eq' and 'ne'"
    with pytest.raises(CatalogueError, match=message):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_text_missing_a_language(data: dict[str, Any]) -> None:
    del data["stages"]["stages"][0]["name"]["zh-CN"]
    with pytest.raises(CatalogueError, match=r"stages\.stages\[0\]\.name: text needs"):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_empty_source(data: dict[str, Any]) -> None:
    data["stages"]["interventions"][2]["source"] = ""
    with pytest.raises(CatalogueError, match=r"interventions\[2\]\.source: String should"):
        catalogue_from_data(data)


def test_catalogue_from_data_refuses_unknown_placeholder_in_closure_text(
    data: dict[str, Any],
) -> None:
    data["closure"]["rules"][0]["failed"]["en"] = "only {share} met"
    with pytest.raises(CatalogueError, match=r"rules\[0\]\.failed\.en: bad placeholder"):
        catalogue_from_data(data)


def test_load_catalogue_replaces_only_the_file_given(tmp_path: Path) -> None:
    closure = bundled("closure.yaml")
    closure["id"], closure["rules"][0]["threshold"] = "lenient_closure", 0.8
    path = tmp_path / "closure.yaml"
    path.write_text(yaml.safe_dump(closure, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(closure=path)
    assert catalogue.label == "casework_stages@1+need_objectives@1+lenient_closure@1"
    assert catalogue.closure.rules[0].threshold == 0.8


def test_load_catalogue_names_the_file_when_missing(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"absent\.yaml: no such file"):
        load_catalogue(stages=tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    ("stage", "after", "origin"),
    [
        ("beliefs", "social_reentry", "catalogue: stage 'social_reentry' after 'beliefs'"),
        ("engage_assess", "carer", "phase order: crisis, opening, middle, closing"),
    ],
)
def test_catalogue_from_data_refuses_stage_order_cycle_at_load(
    data: dict[str, Any], stage: str, after: str, origin: str
) -> None:
    """A cycle no plan could order is refused when loaded, not when a plan meets it."""
    entry = next(s for s in data["stages"]["stages"] if s["id"] == stage)
    entry["after"] = [after]
    with pytest.raises(CatalogueError, match="stage ordering constraints form a cycle") as e:
        catalogue_from_data(data)
    assert origin in str(e.value)


def _in_todays_spelling(data: dict[str, Any]) -> dict[str, Any]:
    """The catalogue with objectives and closure rules in the fields written before the grammar."""
    symbols = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}
    today = copy.deepcopy(data)
    for need in today["needs"]["needs"]:
        for objective in need["objectives"]:
            when = objective.pop("when")
            objective |= {"measure": when["fact"], "target": when["value"]}
            objective["comparison"] = symbols[when["op"]]
    for rule in today["closure"]["rules"]:
        when = rule.pop("when")
        rule |= {"quantity": when["fact"].removeprefix("closure."), "threshold": when["value"]}
        rule["comparison"] = symbols[when["op"]]
    return today


def test_catalogue_in_todays_spelling_reads_as_the_same_catalogue(data: dict[str, Any]) -> None:
    today = _in_todays_spelling(data)
    assert "measure" in today["needs"]["needs"][0]["objectives"][0]
    with pytest.warns(DeprecationWarning, match="measure/comparison/target are deprecated"):
        assert catalogue_from_data(today).needs == catalogue_from_data(data).needs
    assert catalogue_from_data(today).closure == catalogue_from_data(data).closure


def test_objective_in_todays_spelling_changes_a_condition_in_the_grammar(
    data: dict[str, Any],
) -> None:
    """An overlay written before the grammar changes the keys it names of ``when``."""
    objective = data["needs"]["needs"][0]["objectives"][0]
    objective["target"] = 1
    template = catalogue_from_data(data).needs.needs[0].objectives[0]
    assert (template.measure, template.comparison, template.target) == ("phq9.item9", "==", 1)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            {"fact": "closure.open_needs"},
            r"closure\.rules\[3\]\.when\.fact: Input should be 'closure\.objectives_met_share',",
        ),
        (
            {"value": "one_discussion"},
            r"closure\.rules\[3\]\.when\.value: 'one_discussion' names no threshold: this file "
            r"gives the value itself",
        ),
        (
            {"op": "at_least"},
            r"closure\.rules\[3\]\.when\.op: Input should be 'lt', 'le', 'gt', 'ge', 'eq' or 'ne'",
        ),
    ],
)
def test_closure_rule_with_a_bad_condition_is_refused_at_its_field(
    data: dict[str, Any], when: dict[str, Any], message: str
) -> None:
    data["closure"]["rules"][3]["when"] |= when
    with pytest.raises(CatalogueError, match=message):
        catalogue_from_data(data)
