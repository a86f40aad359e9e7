"""Questionnaires for the scales; answers out as QuestionnaireResponses and back into a case."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplanner import Case, load_case
from careplanner.assess import assess
from careplanner.errors import CareplannerError, CaseValidationError
from careplanner.fhir import (
    FhirExportError,
    check_bundle,
    fhir_questionnaires,
    fhir_responses,
    import_responses,
)
from careplanner.instruments import get_scale, load_scales
from careplanner.synth import generate_case

from .fhir_cases import resources

EXAMPLE_NAMES = ["shidu-mother", "living-alone-well", "living-alone-crisis"]
ANSWER = "https://careplanner.example/fhir/CodeSystem/answer"
LOINC = "http://loinc.org"
WORKER = "https://careplanner.example/fhir/id/worker"


def _valid(bundle: dict[str, Any]) -> None:
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert check_bundle(bundle) == []


@pytest.mark.parametrize("kind", ["collection", "transaction"])
def test_fhir_questionnaires_validate_with_r4b_and_careplanners_checks(kind: str) -> None:
    _valid(fhir_questionnaires(bundle=kind))  # type: ignore[arg-type]


def _questionnaire(scale_id: str) -> dict[str, Any]:
    found = [q for q in resources(fhir_questionnaires(lang="en"), "Questionnaire")]
    return next(q for q in found if q["url"].endswith(f"/Questionnaire/{scale_id}"))


def _leaves(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [leaf for i in items for leaf in (_leaves(i["item"]) if "item" in i else [i])]


@pytest.mark.parametrize("scale_id", sorted(load_scales()))
def test_questionnaire_has_every_item_with_every_answer_of_the_scale(scale_id: str) -> None:
    scale = get_scale(scale_id)
    leaves = _leaves(_questionnaire(scale_id)["item"])
    assert [leaf["linkId"] for leaf in leaves] == list(scale.item_ids)
    for leaf in leaves:
        assert len(leaf["answerOption"]) == len(scale.answer_scores(leaf["linkId"]))


@pytest.mark.parametrize("scale_id", sorted(load_scales()))
def test_questionnaire_writes_item_wording_only_where_the_descriptor_ships_it(
    scale_id: str,
) -> None:
    scale = get_scale(scale_id)
    for leaf in _leaves(_questionnaire(scale_id)["item"]):
        item = scale.item(leaf["linkId"])
        if item.text is None:
            assert leaf["text"].endswith(f"item {item.id}")
        else:
            assert leaf["text"] == item.text.en


def test_phq9_questionnaire_uses_the_verified_loinc_panel_items_and_answers() -> None:
    phq9 = _questionnaire("phq9")
    assert phq9["code"][0]["code"] == "44249-1"
    item9 = phq9["item"][8]
    assert item9["code"][0]["code"] == "44260-8"
    assert [o["valueCoding"]["code"] for o in item9["answerOption"]] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]


def test_sgabs_questionnaire_is_a_draft_without_item_wording() -> None:
    sgabs = _questionnaire("sgabs")
    assert sgabs["status"] == "draft"
    assert sgabs["item"][0]["answerOption"][0]["valueCoding"]["code"] == "sgabs.agreement.1"


def test_ssrs_item_5_is_a_group_of_its_sub_items() -> None:
    group = next(i for i in _questionnaire("ssrs")["item"] if i["linkId"] == "5")
    assert group["type"] == "group"
    assert [i["linkId"] for i in group["item"]] == ["5a", "5b", "5c", "5d", "5e"]


def _without_scales(case: Case, index: int) -> Case:
    emptied = case.assessments[index].model_copy(update={"scales": {}})
    assessments = (*case.assessments[:index], emptied, *case.assessments[index + 1 :])
    return case.model_copy(update={"assessments": assessments})


def _answered(case: Case, index: int) -> dict[str, dict[str, Any]]:
    return {
        scale: {item: a for item, a in answers.items() if a is not None}
        for scale, answers in case.assessments[index].scales.items()
        if scale in load_scales()
    }


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_responses_round_trip_gives_the_same_answers_and_scores(name: str) -> None:
    case = load_case(f"example:{name}")
    for index in range(len(case.assessments)):
        responses = fhir_responses(case, index)
        _valid(responses)
        back = import_responses(responses, case=_without_scales(case, index))
        assert back.unmapped == ()
        assert _answered(back.case, index) == _answered(case, index)
        assert assess(back.case, index).scales == assess(case, index).scales


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.builds(
        generate_case,
        seed=st.integers(min_value=0, max_value=2**32),
        index=st.integers(min_value=0, max_value=10**6),
        cohort=st.sampled_from(["general", "shidu"]),
    )
)
def test_responses_round_trip_of_any_synthetic_case_keeps_the_scores(case: Case) -> None:
    back = import_responses(fhir_responses(case, 0), case=_without_scales(case, 0))
    assert back.unmapped == ()
    assert assess(back.case, 0).scales == assess(case, 0).scales


def test_import_builds_a_new_case_from_the_patient_and_the_given_client_fields() -> None:
    case = load_case("example:living-alone-crisis")
    client = {"age": case.client.age, "living_arrangement": case.client.living_arrangement}
    back = import_responses(fhir_responses(case), client=client, kind="intake")
    assert (back.case.client.id, back.case.client.sex) == (case.client.id, case.client.sex)
    assert back.case.assessments[0].kind == "intake"
    assert _answered(back.case, 0) == _answered(case, len(case.assessments) - 1)


def test_import_reads_the_related_people_as_contacts_of_a_new_case() -> None:
    case = load_case("example:living-alone-crisis")
    client = {"age": case.client.age, "living_arrangement": case.client.living_arrangement}
    back = import_responses(fhir_responses(case), client=client)
    people = {
        c.id: c.relation for c in case.contacts if c.relation not in ("group", "organisation")
    }
    tied = {t.contact for t in case.latest.ties}
    expected = {i: r for i, r in people.items() if i in tied}
    assert {c.id: c.relation for c in back.case.contacts} == {
        i: r if r in {"spouse", "child", "sibling", "other_kin", "friend", "neighbour"} else "other"
        for i, r in expected.items()
    }


def test_import_reports_a_relationship_it_cannot_map() -> None:
    case = load_case("example:living-alone-crisis")
    responses = fhir_responses(case)
    person = resources(responses, "RelatedPerson")[0]
    person["relationship"][0]["coding"] = [{"system": "http://example.org", "code": "X"}]
    client = {"age": case.client.age, "living_arrangement": case.client.living_arrangement}
    back = import_responses(responses, client=client)
    assert any("relationship ['X'] is none of" in u for u in back.unmapped)


def test_import_marks_an_unmapped_safety_item_for_review_by_hand() -> None:
    response = copy.deepcopy(US_CORE_PHQ9)
    response["item"][8]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    back = import_responses(response, case=load_case("example:living-alone-well"))
    assert back.unmapped == (
        "SAFETY ITEM, review by hand: QuestionnaireResponse 0 (phq9) item '44260-8': the answer "
        "must be one of ['0', '1', '2', '3']",
    )


def test_import_without_client_fields_names_the_missing_ones() -> None:
    with pytest.raises(CaseValidationError, match=r"client\.age"):
        import_responses(fhir_responses(load_case("example:living-alone-crisis")))


US_CORE_PHQ9 = {
    "resourceType": "QuestionnaireResponse",
    "questionnaire": "http://hl7.org/fhir/us/core/Questionnaire/us-core-phq-9",
    "status": "completed",
    "authored": "2024-05-02T10:00:00+08:00",
    "author": {
        "identifier": {"system": "https://careplanner.example/fhir/id/worker", "value": "w1"}
    },
    "item": [
        {"linkId": code, "answer": [{"valueCoding": {"system": LOINC, "code": answer}}]}
        for code, answer in [
            ("44250-9", "LA6569-3"),
            ("44255-8", "LA6570-1"),
            ("44259-0", "LA6571-9"),
            ("44254-1", "LA6568-5"),
            ("44251-7", "LA6568-5"),
            ("44258-2", "LA6569-3"),
            ("44252-5", "LA6568-5"),
            ("44253-3", "LA6568-5"),
            ("44260-8", "LA6569-3"),
        ]
    ],
}


def test_import_reads_a_loinc_coded_phq9_with_loinc_answers() -> None:
    case = load_case("example:living-alone-well")
    back = import_responses(US_CORE_PHQ9, case=case)
    added = next(a for a in back.case.assessments if a.date.isoformat() == "2024-05-02")
    assert added.scales == {
        "phq9": {"1": 1, "2": 2, "3": 3, "4": 0, "5": 0, "6": 1, "7": 0, "8": 0, "9": 1}
    }
    assert added.worker == "w1"
    assert back.unmapped == ()
    result = assess(back.case, dt.date(2024, 5, 2))
    assert result.scales["phq9"].total == 8
    assert "suicide_risk" in result.findings.need_ids  # item 9 answered above 0


def test_import_reports_every_unmapped_answer_and_keeps_the_rest() -> None:
    response = copy.deepcopy(US_CORE_PHQ9)
    response["item"][0]["answer"][0]["valueCoding"]["code"] = "LA9999-9"
    response["item"][1]["linkId"] = "99999-9"
    response["item"][2]["answer"] = [{"valueString": "a free text answer"}]
    back = import_responses(response, case=load_case("example:living-alone-well"))
    assert len(back.unmapped) == 3
    assert "item '44250-9': the answer must be one of ['0', '1', '2', '3']" in back.unmapped[0]
    assert "item '99999-9': not an item of the scale" in back.unmapped[1]
    assert "a free text answer" not in " ".join(back.unmapped)
    added = next(a for a in back.case.assessments if a.date.isoformat() == "2024-05-02")
    assert sorted(added.scales["phq9"]) == ["4", "5", "6", "7", "8", "9"]


def test_import_reports_a_response_of_an_unknown_questionnaire() -> None:
    other = {**US_CORE_PHQ9, "item": [{"linkId": "q1", "answer": [{"valueInteger": 2}]}]}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": other}, {"resource": US_CORE_PHQ9}],
    }
    back = import_responses(bundle, case=load_case("example:living-alone-well"))
    assert back.unmapped == (
        "QuestionnaireResponse 0: questionnaire "
        "'http://hl7.org/fhir/us/core/Questionnaire/us-core-phq-9' is not one of careplanner's "
        "scales",
    )


def test_import_refuses_data_without_a_readable_response() -> None:
    with pytest.raises(FhirExportError, match="holds no QuestionnaireResponse"):
        import_responses({**US_CORE_PHQ9, "status": "in-progress"})


def test_import_refuses_a_patient_of_another_client() -> None:
    responses = fhir_responses(load_case("example:living-alone-crisis"))
    with pytest.raises(FhirExportError, match=r"Patient\.identifier"):
        import_responses(responses, case=load_case("example:living-alone-well"))


_KEYS = st.sampled_from(
    [
        "resourceType",
        "status",
        "authored",
        "item",
        "linkId",
        "answer",
        "valueCoding",
        "system",
        "code",
        "valueInteger",
        "valueString",
        "questionnaire",
        "author",
        "identifier",
        "value",
        "entry",
        "resource",
        "relationship",
        "coding",
        "name",
        "text",
        "gender",
    ]
)
_WORDS = st.sampled_from(
    [
        "QuestionnaireResponse",
        "Bundle",
        "Patient",
        "RelatedPerson",
        "completed",
        "2024-05-02",
        "9",
        "44260-8",
        LOINC,
        "LA6569-3",
        WORKER,
        "w1",
        ANSWER,
        "phq9.frequency.2",
        "https://careplanner.example/fhir/Questionnaire/phq9",
    ]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | _WORDS | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=30,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_JSON)
def test_import_of_any_json_gives_a_case_or_a_careplanner_error(data: Any) -> None:
    try:
        import_responses(data, case=load_case("example:living-alone-well"), worker="w1")
    except CareplannerError as exc:
        assert "Traceback" not in str(exc)
