"""fhir_bundle on the bundled examples: valid R4B, self-contained, deterministic, pseudonymous."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from careplanner import Case, load_case
from careplanner.assess import assess
from careplanner.fhir import FhirExportError, check_bundle, fhir_bundle
from careplanner.synth import generate_case

from .fhir_cases import EXAMPLES, built, export, references, resources, text

UUID_URL = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_every_resource_validates_with_its_r4b_model(name: str) -> None:
    bundle = built(name).bundle
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert model.get_resource_type() == resource["resourceType"]
    parsed = Bundle.model_validate(bundle)
    assert len(parsed.entry or []) == len(bundle["entry"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_survives_an_r4b_round_trip_unchanged(name: str) -> None:
    # Nothing is dropped, renamed or retyped by the R4B models.
    bundle = built(name).bundle
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle


def test_r4b_validation_refuses_a_resource_without_a_required_element() -> None:
    # The validation above can fail: an Observation without status is refused.
    observation = dict(resources(built("living-alone-crisis").bundle, "Observation")[0])
    del observation["status"]
    with pytest.raises(ValidationError, match="status"):
        get_fhir_model_class("Observation").model_validate(observation)


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_passes_careplanners_code_and_reference_checks(name: str) -> None:
    assert check_bundle(built(name).bundle) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_references_all_resolve_to_uuid_entries(name: str) -> None:
    bundle = built(name).bundle
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(UUID_URL.match(url) for url in urls)
    assert len(set(urls)) == len(urls)
    found = list(references(bundle))
    assert len(found) > len(urls)  # patient links alone outnumber entries
    assert set(found) <= set(urls)


def test_fhir_bundle_is_a_collection_in_the_clients_language() -> None:
    bundle = built("living-alone-crisis").bundle
    assert (bundle["resourceType"], bundle["type"], bundle["language"]) == (
        "Bundle",
        "collection",
        "zh-CN",
    )
    assert {e["resource"]["language"] for e in bundle["entry"]} == {"zh-CN"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_gives_identical_json_for_the_same_input(name: str) -> None:
    case = load_case(f"example:{name}")
    first = fhir_bundle(case, assess(case, EXAMPLES[name]))
    again = fhir_bundle(load_case(f"example:{name}"), assess(case, EXAMPLES[name]))
    assert text(first) == text(again) == text(built(name).bundle)


def test_fhir_bundle_keeps_patient_ids_and_changes_assessment_ids_across_assessments() -> None:
    intake, closure = (built("shidu-mother", at).bundle for at in ("intake", "latest"))
    assert intake["entry"][0]["fullUrl"] == closure["entry"][0]["fullUrl"]  # the Patient
    intake_plan = [
        e["fullUrl"] for e in intake["entry"] if e["resource"]["resourceType"] == "CarePlan"
    ]
    closure_plan = [
        e["fullUrl"] for e in closure["entry"] if e["resource"]["resourceType"] == "CarePlan"
    ]
    assert intake_plan != closure_plan


def _named(case: Case) -> Case:
    """The case with a name for the client and every contact (the examples name the client)."""
    contacts = tuple(
        c.model_copy(update={"name": f"联系人{i}号 Contact Person {i}"})
        for i, c in enumerate(case.contacts)
    )
    client = case.client.model_copy(update={"name": case.client.name or "王秀英 Wang Xiuying"})
    return case.model_copy(update={"client": client, "contacts": contacts})


def _names(case: Case) -> list[str]:
    return [n for n in [case.client.name, *(c.name for c in case.contacts)] if n]


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_carries_no_name_when_pseudonymised(name: str) -> None:
    case = _named(load_case(f"example:{name}"))
    exported = text(export(case, EXAMPLES[name]))
    assert len(_names(case)) == 1 + len(case.contacts)
    assert [n for n in _names(case) if n in exported] == []


def test_fhir_bundle_names_the_client_and_tied_people_when_asked() -> None:
    case = _named(load_case("example:living-alone-crisis"))
    bundle = export(case, pseudonymise=False)
    patient = resources(bundle, "Patient")[0]
    assert patient["name"] == [{"text": "刘奶奶"}]
    named = sorted(p["name"][0]["text"] for p in resources(bundle, "RelatedPerson"))
    assert named == sorted(c.name for c in case.contacts if c.name)


@pytest.mark.parametrize("name", EXAMPLES)
def test_fhir_bundle_patient_has_only_the_pseudonymous_id_and_sex(name: str) -> None:
    case, _, bundle = built(name)
    patient = resources(bundle, "Patient")[0]
    assert patient["identifier"] == [
        {"system": "https://careplanner.example/fhir/id/client", "value": case.client.id}
    ]
    assert patient["gender"] == case.client.sex
    assert not {"name", "birthDate", "telecom", "address", "photo", "contact"} & set(patient)


def test_fhir_bundle_refuses_a_result_of_another_case() -> None:
    crisis, other = built("living-alone-crisis"), built("shidu-mother")
    with pytest.raises(FhirExportError, match="client id") as info:
        fhir_bundle(crisis.case, other.result)
    assert crisis.case.client.name not in str(info.value)


def test_fhir_bundle_refuses_a_result_of_another_assessment() -> None:
    case, result, _ = built("shidu-mother", "latest")
    shortened = case.model_copy(update={"assessments": case.assessments[:1]})
    with pytest.raises(FhirExportError, match=r"result.assessment \(index 1\)"):
        fhir_bundle(shortened, result)


SYNTHETIC = st.builds(
    generate_case,
    seed=st.integers(min_value=0, max_value=2**32),
    index=st.integers(min_value=0, max_value=10**6),
    cohort=st.sampled_from(["general", "shidu"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=SYNTHETIC)
def test_fhir_bundle_of_any_synthetic_case_is_valid_and_nameless(case: Case) -> None:
    case = _named(case)
    bundle: dict[str, Any] = export(case)
    Bundle.model_validate(bundle)
    assert check_bundle(bundle) == []
    exported = text(bundle)
    assert [n for n in _names(case) if n in exported] == []
