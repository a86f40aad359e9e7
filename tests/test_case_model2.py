"""Case model version 2: new facts, cross-field checks, migration both ways, new pathways."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from careplanner import assess, assessment_facts, case_from_data, load_case, reassess
from careplanner._migrate import migrate_case
from careplanner.errors import CaseValidationError

BASE: dict[str, Any] = {
    "schema_version": 2,
    "client": {
        "id": "c-01",
        "age": 79,
        "sex": "male",
        "living_arrangement": "with_spouse",
        "marital_status": "married",
        "spouse": {"health": "poor", "conditions": ["dementia"], "needs_care": True},
        "caring": [
            {
                "carer": "client",
                "recipient": "wife",
                "hours_per_week": 42,
                "condition": "dementia",
                "sole_carer": True,
            }
        ],
    },
    "contacts": [
        {"id": "wife", "relation": "spouse", "distance": "household", "label": {"en": "wife"}},
        {"id": "son", "relation": "child", "distance": "far", "label": {"en": "son"}},
    ],
    "assessments": [
        {
            "date": "2025-03-01",
            "kind": "intake",
            "worker": "sw-1",
            "observations": {"caregiver_strain": True, "suicidal_ideation": False},
            "ties": [
                {"contact": "wife", "contacts_per_month": 30, "closeness": 5},
                {
                    "contact": "son",
                    "contacts_per_month": 2,
                    "closeness": 4,
                    "support_given": ["emotional"],
                },
            ],
        }
    ],
}


def case_with(**changes: Any) -> Any:
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = value
    return case_from_data(data)


def test_sole_carer_of_wife_with_dementia_gets_high_strain_and_the_carer_stage_first() -> None:
    result = assess(case_with())
    strain = next(n for n in result.findings.needs if n.id == "carer_strain")
    assert strain.severity == "high"
    assert [s.id for s in result.plan.stages][:2] == ["engage_assess", "carer"]
    planned = {i.id for s in result.plan.stages for i in s.interventions}
    assert {"carer_support", "carer_respite"} <= planned
    carer = next(s for s in result.plan.stages if s.id == "carer")
    assert all("their wife" in i.purpose["en"] for i in carer.interventions)


def test_carer_strain_of_a_client_who_cares_for_no_one_is_refused() -> None:
    cared_for = [{"carer": "son", "recipient": "client", "condition": "frailty"}]
    with pytest.raises(CaseValidationError, match="as carer in no role") as caught:
        case_with(client__caring=cared_for)
    assert [p.location for p in caught.value.problems] == [
        "assessments[0].observations.caregiver_strain"
    ]


def test_version_1_file_using_a_version_2_field_is_refused_naming_it() -> None:
    with pytest.raises(CaseValidationError) as caught:
        case_with(schema_version=1)
    locations = [p.location for p in caught.value.problems]
    assert "client.caring" in locations and "client.marital_status" in locations
    assert "needs schema_version 2" in caught.value.problems[0].message


def test_spouse_entry_with_a_widowed_status_is_refused() -> None:
    with pytest.raises(CaseValidationError, match="allowed with a spouse: 'married'"):
        case_with(client__marital_status="widowed")


def test_caring_role_must_name_the_client_exactly_once() -> None:
    role = {"carer": "wife", "recipient": "son"}
    with pytest.raises(CaseValidationError, match="exactly one of 'carer' and 'recipient'"):
        case_with(client__caring=[role])


def test_abuse_concern_contradicting_a_no_is_refused() -> None:
    observations = {"abuse_reported": False, "abuse": [{"type": "financial", "suspected": "son"}]}
    with pytest.raises(CaseValidationError, match=r"false contradicts abuse\[0\].type"):
        case_with(assessments__0__observations=observations)


def test_financial_abuse_gets_safeguarding_not_a_suicide_plan() -> None:
    observations = {"abuse": [{"type": "financial", "suspected": "son"}], "fear_of_going_out": True}
    result = assess(case_with(assessments__0__observations=observations))
    assert result.findings.needs[0].id == "abuse_or_neglect"
    assert [s.id for s in result.plan.stages][:2] == ["crisis", "safeguarding"]
    assert result.plan.crisis_plan is None
    assert "irrational_beliefs" not in result.findings.need_ids  # a realistic fear
    strategies = [
        t["en"] for s in result.plan.stages for i in s.interventions for t in i.strategies
    ]
    assert any("bank cards" in t for t in strategies)
    assert not any("son" in t.split() for t in strategies)  # never pressed toward the suspect


def test_declining_groups_swaps_community_reentry_for_befriending() -> None:
    data = copy.deepcopy(BASE)
    data["client"].update(living_arrangement="alone", marital_status="widowed", caring=[])
    del data["client"]["spouse"]
    data["contacts"] = data["contacts"][1:]
    data["assessments"][0]["ties"] = data["assessments"][0]["ties"][1:]
    data["assessments"][0]["observations"] = {
        "refuses_to_leave_home": True,
        "declines_groups": True,
    }
    result = assess(case_from_data(data))
    planned = {i.id for s in result.plan.stages for i in s.interventions}
    assert "one_to_one_befriending" in planned and "community_reentry" not in planned


def test_network_not_drawn_gives_no_network_fact() -> None:
    case = case_with(assessments__0__ties=[])
    assert not any(name.startswith("net.") for name in assessment_facts(case))


def test_migrate_upgrades_the_seed_and_refuses_a_lossy_downgrade() -> None:
    seed = load_case("example:shidu-mother")
    upgraded = case_from_data(migrate_case(seed, to=2))
    assert upgraded.schema_version == 2
    assert upgraded.assessments[0].observations.depends_on == "husband"
    assert assess(upgraded, "intake").findings.need_ids == assess(seed, "intake").findings.need_ids
    with pytest.raises(CaseValidationError, match="has no place in version 1"):
        migrate_case(upgraded, to=1)
    assert case_from_data(migrate_case(load_case("example:living-alone-well"), to=1))


def test_migrate_command_writes_a_valid_version_2_file(tmp_path: Path) -> None:
    out = tmp_path / "case.yaml"
    command = [
        sys.executable,
        "-m",
        "careplanner",
        "migrate",
        "example:shidu-mother",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    assert yaml.safe_load(out.read_text("utf-8"))["schema_version"] == 2
    assert load_case(out).schema_version == 2


def test_review_with_new_needs_is_not_ready_to_close() -> None:
    data = copy.deepcopy(BASE)
    data["client"].update(caring=[], living_arrangement="alone", marital_status="divorced")
    del data["client"]["spouse"]
    data["contacts"] = data["contacts"][1:]
    later = copy.deepcopy(data["assessments"][0])
    data["assessments"][0]["ties"] = data["assessments"][0]["ties"][1:]
    data["assessments"][0]["observations"] = {"suicidal_ideation": False}
    later.update(date="2025-06-01", kind="review", ties=data["assessments"][0]["ties"])
    later["observations"] = {"hopelessness": True, "suicidal_ideation": False}
    data["assessments"].append(later)
    done = reassess(case_from_data(data))
    assert done.new_needs == ("depressive_symptoms",)
    assert not done.closure.ready
    objectives = next(c for c in done.closure.checks if c.rule == "objectives_met")
    assert "All objectives are met" not in objectives.text["en"]


def test_ecomap_draws_a_deceased_contact_crossed_out_apart_from_the_network() -> None:
    from careplanner.network import build_network, deceased_labels, ecomap_svg

    data = copy.deepcopy(BASE)
    data["contacts"].append(
        {"id": "daughter", "relation": "child", "deceased": True, "label": {"en": "daughter"}}
    )
    data["client"]["bereavements"] = [{"relation": "child", "year": 2020, "contact": "daughter"}]
    case = case_from_data(data)
    labels = deceased_labels(case, "en")
    svg = ecomap_svg(build_network(case), lang="en", deceased=labels)
    assert labels == ["daughter, died 2020"]
    assert "Died (crossed out, as in a genogram):" in svg and ">daughter, died 2020<" in svg
    assert "daughter" not in build_network(case)  # not a node: no tie, no measure
    plain = ecomap_svg(build_network(case), lang="en")
    assert "Died" not in plain


def test_ecomap_lists_every_bereavement_and_every_deceased_contact_once() -> None:
    from careplanner.network import deceased_labels

    data = copy.deepcopy(BASE)
    data["contacts"] += [
        {"id": "lost-son", "relation": "child", "deceased": True, "label": {"zh-CN": "儿子"}},
        {"id": "brother", "relation": "sibling", "deceased": True, "label": {"en": "brother"}},
    ]
    data["client"]["bereavements"] = [
        {"relation": "spouse", "year": 2018},
        {"relation": "child", "year": 2020, "contact": "lost-son"},
        {"relation": "friend", "year": 2021, "label": {"en": "Mr Li from the choir"}},
    ]
    case = case_from_data(data)
    assert deceased_labels(case, "en") == [
        "spouse, died 2018",
        "lost-son, died 2020",  # the contact's own label is missing in English: its id
        "Mr Li from the choir, died 2021",
        "brother",
    ]
    assert deceased_labels(case, "zh-CN")[:2] == ["配偶（2018年去世）", "儿子（2020年去世）"]


def test_deceased_contact_given_a_tie_is_refused() -> None:
    data = copy.deepcopy(BASE)
    data["contacts"].append({"id": "daughter", "relation": "child", "deceased": True})
    tie = {"contact": "daughter", "contacts_per_month": 1, "closeness": 3}
    data["assessments"][0]["ties"].append(tie)
    with pytest.raises(CaseValidationError, match="a deceased contact has no tie"):
        case_from_data(data)


def test_link_suggestion_judges_a_dormant_tie_by_what_it_could_give() -> None:
    from careplanner.network import suggest_links

    data = copy.deepcopy(BASE)
    data["contacts"].append({"id": "friend", "relation": "friend", "label": {"en": "old friend"}})
    dormant = {"contact": "friend", "status": "dormant", "contacts_per_month": 0, "closeness": 3}
    data["assessments"][0]["ties"].append(dormant)
    silent = suggest_links(case_from_data(data))[0]
    dormant["could_give"] = ["companionship"]
    revived = suggest_links(case_from_data(data))[0]
    assert "companionship" not in silent.reason["en"]
    assert "would give companionship, which no one gives now" in revived.reason["en"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--to", "3"], 2, "Invalid value for '--to'"),
        (["--to", "1"], 1, "has no place in version 1"),
    ],
)
def test_migrate_command_refuses_an_unknown_version_or_a_lossy_downgrade(
    tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    upgraded = tmp_path / "v2.yaml"
    run = [sys.executable, "-m", "careplanner", "migrate"]
    subprocess.run([*run, "example:shidu-mother", "-o", str(upgraded)], check=True)
    done = subprocess.run([*run, str(upgraded), *args], capture_output=True, text=True)
    assert done.returncode == code
    assert words in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
