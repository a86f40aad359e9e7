"""What each careplanner concept becomes: codes, safety marking, plan order, provenance."""

from __future__ import annotations

from typing import Any

import pytest

from careplanner import case_from_data
from careplanner.fhir._plan import _detail
from careplanner.plan import Objective

from .fhir_cases import built, by_url, codes_of, export, resources

LOINC = "http://loinc.org"
LOCAL = "https://careplanner.example/fhir/CodeSystem/"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


def _observation(bundle: dict[str, Any], fact: str) -> dict[str, Any]:
    return next(
        o for o in resources(bundle, "Observation") if (LOCAL + "fact", fact) in codes_of(o["code"])
    )


def _condition(bundle: dict[str, Any], need: str) -> dict[str, Any]:
    return next(
        c for c in resources(bundle, "Condition") if (LOCAL + "need", need) in codes_of(c["code"])
    )


@pytest.mark.parametrize(
    ("fact", "loinc", "value"),
    [("phq9.total", "44261-6", 17), ("gds15.total", "48545-8", 13), ("phq9.item9", "44260-8", 2)],
)
def test_scores_with_a_verified_loinc_code_carry_it_and_their_fact_name(
    fact: str, loinc: str, value: int
) -> None:
    observation = _observation(built("living-alone-crisis").bundle, fact)
    assert codes_of(observation["code"]) == [(LOINC, loinc), (LOCAL + "fact", fact)]
    assert (observation["status"], observation["valueInteger"]) == ("final", value)


@pytest.mark.parametrize("fact", ["ucla3.total", "lsns6.total"])
def test_scores_without_a_verified_loinc_code_carry_only_the_local_code(fact: str) -> None:
    observation = _observation(built("living-alone-crisis").bundle, fact)
    assert codes_of(observation["code"]) == [(LOCAL + "fact", fact)]


def test_band_is_the_interpretation_and_a_note_names_the_cutoff_set() -> None:
    observation = _observation(built("living-alone-crisis").bundle, "phq9.total")
    [band] = observation["interpretation"]
    assert codes_of(band) == [(LOCAL + "scale-band", "phq9.kroenke2001_severity.moderately_severe")]
    assert band["text"] == "中重度"
    assert "Kroenke 2001" in observation["note"][0]["text"]
    assert "已发表" in observation["note"][0]["text"]
    # the source cites [kroenke2001] and the note carries its full reference
    assert (
        "[kroenke2001] Kroenke K, Spitzer RL, Williams JBW (2001)" in observation["note"][0]["text"]
    )


def test_score_without_a_band_says_so() -> None:
    observation = _observation(built("living-alone-crisis").bundle, "ucla3.total")
    assert "interpretation" not in observation
    assert observation["note"] == [
        {
            "text": "未采用切分标准：仅报告分数，不作分级。",
            "_text": {
                "extension": [
                    {
                        "url": TRANSLATION,
                        "extension": [
                            {"url": "lang", "valueCode": "en"},
                            {
                                "url": "content",
                                "valueString": "No cut-off set applied: the score is reported "
                                "without a band.",
                            },
                        ],
                    }
                ]
            },
        }
    ]


def test_subscales_are_components_of_the_total() -> None:
    observation = _observation(built("shidu-mother").bundle, "ssrs.total")
    components = [codes_of(c["code"])[0][1] for c in observation["component"]]
    assert components == ["ssrs.objective", "ssrs.subjective", "ssrs.utilisation"]


def test_unscored_scale_is_reported_absent_with_the_notice(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["scales"]["phq9"]["3"] = None
    bundle = export(case_from_data(seed_data), "intake")
    observation = _observation(bundle, "phq9.total")
    assert "valueInteger" not in observation
    assert codes_of(observation["dataAbsentReason"]) == [
        ("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown")
    ]
    assert "第 3 题未作答" in observation["note"][0]["text"]


def test_safety_needs_lead_with_flags_that_point_to_their_conditions() -> None:
    bundle = built("living-alone-crisis").bundle
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:3] == ["Patient", "Flag", "Flag"]
    entries = by_url(bundle)
    for flag, need in zip(
        resources(bundle, "Flag"), ["suicide_risk", "severe_depression"], strict=True
    ):
        assert flag["status"] == "active"
        assert codes_of(flag["category"][0]) == [
            ("http://terminology.hl7.org/CodeSystem/flag-category", "safety")
        ]
        [detail] = flag["extension"]
        assert detail["url"] == "http://hl7.org/fhir/StructureDefinition/flag-detail"
        condition = entries[detail["valueReference"]["reference"]]
        assert condition == _condition(bundle, need)
        assert (LOCAL + "need-category", "safety") in [
            code for category in condition["category"] for code in codes_of(category)
        ]
        assert codes_of(condition["severity"]) == [(LOCAL + "need-severity", "high")]


@pytest.mark.parametrize("name", ["shidu-mother", "living-alone-well"])
def test_no_flag_without_a_safety_need(name: str) -> None:
    result = built(name).result
    assert not result.safety
    assert resources(built(name).bundle, "Flag") == []


def test_need_is_an_unconfirmed_health_concern_with_its_evidence() -> None:
    bundle = built("living-alone-crisis").bundle
    condition = _condition(bundle, "suicide_risk")
    assert codes_of(condition["verificationStatus"])[0][1] == "unconfirmed"
    assert codes_of(condition["clinicalStatus"])[0][1] == "active"
    evidence = condition["evidence"]
    assert [codes_of(e["code"][0])[0][1] for e in evidence] == [
        "phq9.item9",
        "obs.suicidal_ideation",
    ]
    item9 = by_url(bundle)[evidence[0]["detail"][0]["reference"]]
    assert item9 == _observation(bundle, "phq9.item9")
    assert "detail" not in evidence[1]  # an interview observation has no Observation here


def test_social_needs_carry_the_sdoh_category() -> None:
    condition = _condition(built("living-alone-crisis").bundle, "loneliness")
    categories = [code for category in condition["category"] for code in codes_of(category)]
    assert categories == [
        ("http://hl7.org/fhir/us/core/CodeSystem/condition-category", "health-concern"),
        ("http://hl7.org/fhir/us/core/CodeSystem/us-core-category", "sdoh"),
        (
            "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes",
            "social-connection",
        ),
    ]


def test_need_resting_on_a_convention_says_so() -> None:
    condition = _condition(built("living-alone-crisis").bundle, "loneliness")
    assert built("living-alone-crisis").result.findings.need("loneliness").convention  # type: ignore[union-attr]
    assert "惯例" in condition["note"][1]["text"]


def test_care_plan_activities_follow_the_stages_in_order() -> None:
    _, result, bundle = built("living-alone-crisis")
    [plan] = resources(bundle, "CarePlan")
    assert (plan["status"], plan["intent"]) == ("draft", "proposal")
    stages = [codes_of(a["detail"]["code"])[0][1] for a in plan["activity"]]
    assert stages == list(result.plan.stage_ids)
    assert stages[0] == "crisis"
    total = len(result.plan.stages)
    assert plan["activity"][0]["detail"]["description"].startswith(f"第 1 阶段（共 {total} 阶段）")
    assert plan["note"][0]["text"] == result.plan.crisis_plan.referral["zh-CN"]  # type: ignore[union-attr]


def test_care_plan_links_every_goal_and_condition() -> None:
    _, result, bundle = built("shidu-mother")
    [plan] = resources(bundle, "CarePlan")
    entries = by_url(bundle)
    goals = [entries[g["reference"]] for g in plan["goal"]]
    assert [codes_of(g["description"])[0][1] for g in goals] == list(
        dict.fromkeys(o.id for o in result.plan.objectives)
    )
    addressed = [entries[a["reference"]] for a in plan["addresses"]]
    assert [codes_of(c["code"])[0][1] for c in addressed] == list(result.findings.need_ids)
    first = plan["activity"][0]["detail"]
    assert {entries[r["reference"]]["resourceType"] for r in first["reasonReference"]} == {
        "Condition"
    }


def test_goal_states_measure_target_priority_and_need() -> None:
    bundle = built("living-alone-crisis").bundle
    goal = next(
        g
        for g in resources(bundle, "Goal")
        if codes_of(g["description"])[0][1] == "depressive_symptoms.gds15_below_cutoff"
    )
    [target] = goal["target"]
    assert codes_of(target["measure"]) == [(LOINC, "48545-8"), (LOCAL + "fact", "gds15.total")]
    assert target["detailRange"] == {"high": {"value": 5}}
    assert codes_of(goal["priority"])[0][1] == "high-priority"
    assert by_url(bundle)[goal["addresses"][0]["reference"]] == _condition(
        bundle, "depressive_symptoms"
    )
    assert goal["lifecycleStatus"] == "proposed"


def _objective(comparison: str, target: float | bool) -> Objective:
    return Objective(
        id="n.o", need="n", measure="gds15.total", comparison=comparison,  # type: ignore[arg-type]
        target=target, text={"en": "t", "zh-CN": "t"}, source="s",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("comparison", "target", "detail"),
    [
        ("<=", 5, {"detailRange": {"high": {"value": 5}}}),
        (">=", 2, {"detailRange": {"low": {"value": 2}}}),
        ("==", 3, {"detailQuantity": {"value": 3}}),
        ("==", False, {"detailBoolean": False}),
        ("!=", False, {"detailBoolean": True}),
        ("<", 6, {"detailString": "< 6"}),
        (">", 0, {"detailString": "> 0"}),
    ],
)
def test_goal_target_detail_matches_the_objective(
    comparison: str, target: float | bool, detail: dict[str, Any]
) -> None:
    assert _detail(_objective(comparison, target)) == detail


def test_related_people_are_coded_and_groups_left_out() -> None:
    bundle = built("living-alone-crisis").bundle
    people = resources(bundle, "RelatedPerson")
    relations = [
        (p["relationship"][0].get("coding", [{}])[0].get("code"), p["active"]) for p in people
    ]
    assert relations == [("CHILD", True), ("NBOR", True), (None, False)]  # staff: text only
    assert people[2]["relationship"][0]["text"] == "社区专干"


def test_provenance_names_the_rule_pack_and_careplanner() -> None:
    _, result, bundle = built("living-alone-crisis")
    [provenance] = resources(bundle, "Provenance")
    pack = result.findings.pack
    [entity] = provenance["entity"]
    assert entity["what"]["identifier"]["value"] == f"{pack.id}@{pack.version}"
    assert pack.content_hash in entity["what"]["display"]
    software = provenance["agent"][0]["who"]["identifier"]["value"]
    assert software == f"careplanner@{result.careplanner_version}"
    assert provenance["agent"][1]["who"]["identifier"]["value"] == result.assessment.worker
    targets = {t["reference"] for t in provenance["target"]}
    derived = {
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] not in ("Patient", "RelatedPerson", "Provenance")
    }
    assert targets == derived
    assert provenance["recorded"] == "2025-01-10T00:00:00Z"


@pytest.mark.parametrize(("name", "first", "other", "translation"), [
    ("living-alone-crisis", "个案服务计划", "en", "Casework plan"),
    ("living-alone-well", "Casework plan", "zh-CN", "个案服务计划"),
])  # fmt: skip
def test_texts_are_in_the_clients_language_with_the_other_as_translation(
    name: str, first: str, other: str, translation: str
) -> None:
    [plan] = resources(built(name).bundle, "CarePlan")
    assert plan["title"] == first
    assert plan["_title"] == {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": other},
                    {"url": "content", "valueString": translation},
                ],
            }
        ]
    }


@pytest.mark.parametrize("name", ["shidu-mother", "living-alone-well", "living-alone-crisis"])
def test_care_plan_ends_its_notes_with_why_it_looks_as_it_does(name: str) -> None:
    _, result, bundle = built(name)
    [plan] = resources(bundle, "CarePlan")
    assert ("activity" in plan) == bool(result.plan.stages)
    assert ("goal" in plan) == bool(result.plan.objectives)
    reasons = [r.text[result.plan.language] for r in result.plan.reasons]
    assert reasons
    assert [n["text"] for n in plan["note"]][-len(reasons) :] == reasons
