"""fhir_bundle(bundle="transaction"): what a FHIR server stores, and stores once."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from careplanner import load_case
from careplanner.assess import AssessmentChoice, assess
from careplanner.errors import UnknownCodeError
from careplanner.fhir import check_bundle, fhir_bundle

from .fhir_cases import EXAMPLES, references
from .fhir_server import Store, TransactionFailed


def transaction(name: str, at: AssessmentChoice | None = None) -> dict[str, Any]:
    case = load_case(f"example:{name}")
    return fhir_bundle(case, assess(case, at or EXAMPLES[name]), bundle="transaction")


def collection(name: str) -> dict[str, Any]:
    case = load_case(f"example:{name}")
    return fhir_bundle(case, assess(case, EXAMPLES[name]))


@pytest.mark.parametrize("name", EXAMPLES)
def test_transaction_validates_with_r4b_and_careplanners_checks(name: str) -> None:
    bundle = transaction(name)
    assert bundle["type"] == "transaction"
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert check_bundle(bundle) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_transaction_puts_every_resource_by_its_fullurl_uuid_but_the_patient(name: str) -> None:
    bundle = transaction(name)
    patient, *others = bundle["entry"]
    assert patient["request"] == {
        "method": "POST",
        "url": "Patient",
        "ifNoneExist": "identifier=https://careplanner.example/fhir/id/client|"
        + load_case(f"example:{name}").client.id,
    }
    assert "id" not in patient["resource"]
    for entry in others:
        uuid = entry["fullUrl"].removeprefix("urn:uuid:")
        kind = entry["resource"]["resourceType"]
        assert entry["request"] == {"method": "PUT", "url": f"{kind}/{uuid}"}
        assert entry["resource"]["id"] == uuid


@pytest.mark.parametrize("name", EXAMPLES)
def test_transaction_holds_the_collections_resources_with_ids_added(name: str) -> None:
    stripped = [
        {k: v for k, v in e["resource"].items() if k != "id"} for e in transaction(name)["entry"]
    ]
    assert stripped == [e["resource"] for e in collection(name)["entry"]]


@pytest.mark.parametrize("name", EXAMPLES)
def test_transaction_stored_twice_leaves_one_copy_of_each_resource(name: str) -> None:
    bundle = transaction(name)
    store = Store()
    first = store.transaction(bundle)
    stored = copy.deepcopy(store.resources)
    assert store.transaction(bundle) == first
    assert store.resources == stored
    assert len(stored) == len(bundle["entry"])


def test_transaction_links_to_the_hosts_patient_without_changing_it() -> None:
    bundle = transaction("living-alone-crisis")
    host_patient = {
        "resourceType": "Patient",
        "identifier": [bundle["entry"][0]["resource"]["identifier"][0]],
        "name": [{"text": "kept by the host"}],
    }
    store = Store()
    key = store.add(host_patient)
    store.transaction(bundle)
    assert store.resources[key]["name"] == [{"text": "kept by the host"}]
    patients = [k for k in store.resources if k.startswith("Patient/")]
    assert patients == [key]
    subjects = {r["subject"]["reference"] for r in store.resources.values() if "subject" in r}
    assert subjects == {key}


def test_transaction_of_the_closure_keeps_the_patient_and_adds_the_closure_resources() -> None:
    store = Store()
    intake = store.transaction(transaction("shidu-mother", "intake"))
    closure = store.transaction(transaction("shidu-mother", "latest"))
    assert intake[0] == closure[0]
    assert len(store.resources) == len(set(intake) | set(closure))


def test_transaction_references_resolve_in_the_store() -> None:
    store = Store()
    store.transaction(transaction("living-alone-crisis"))
    found = set(references(list(store.resources.values())))
    assert found <= set(store.resources)
    assert found


def test_store_refuses_a_transaction_with_a_dangling_reference() -> None:
    # The store above can fail: the test of references is not vacuous.
    bundle = copy.deepcopy(transaction("living-alone-crisis"))
    bundle["entry"][-1]["resource"]["target"][0]["reference"] = "urn:uuid:0"
    with pytest.raises(TransactionFailed, match="urn:uuid:0"):
        Store().transaction(bundle)


def test_fhir_bundle_refuses_an_unknown_bundle_type() -> None:
    case = load_case("example:living-alone-well")
    with pytest.raises(UnknownCodeError, match=r"'bundle'.*\['collection', 'transaction'\]"):
        fhir_bundle(case, assess(case), bundle="document")  # type: ignore[arg-type]


def _drop_request(bundle: dict[str, Any]) -> None:
    del bundle["entry"][1]["request"]


def _request_in_collection(bundle: dict[str, Any]) -> None:
    bundle["type"] = "collection"


def _wrong_id(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["request"]["url"] = bundle["entry"][2]["request"]["url"]


def _wrong_type(bundle: dict[str, Any]) -> None:
    request = bundle["entry"][1]["request"]
    request["url"] = "Basic/" + request["url"].split("/")[1]


def _twice(bundle: dict[str, Any]) -> None:
    bundle["entry"][2]["resource"]["id"] = bundle["entry"][1]["resource"]["id"]
    bundle["entry"][2]["request"]["url"] = bundle["entry"][1]["request"]["url"]
    bundle["entry"][2]["resource"]["resourceType"] = bundle["entry"][1]["resource"]["resourceType"]


def _two_patients(bundle: dict[str, Any]) -> None:
    twin = copy.deepcopy(bundle["entry"][0])
    twin["fullUrl"] = "urn:uuid:00000000-0000-5000-8000-000000000000"
    bundle["entry"].append(twin)


def _bad_method(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["request"]["method"] = "SEND"


def _post_with_id(bundle: dict[str, Any]) -> None:
    bundle["entry"][0]["resource"]["id"] = "p1"


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (_drop_request, "entry[1].request is required in a transaction"),
        (_request_in_collection, "entry[0].request is only allowed in a transaction or batch"),
        (_wrong_id, "entry[1].request PUT"),
        (_wrong_type, "does not match the entry's resource"),
        (_twice, "writes the same resource twice"),
        (_two_patients, "'Patient?identifier=https://careplanner.example/fhir/id/client|"),
        (_bad_method, "Bundle.entry.request.method: 'SEND'"),
        (_post_with_id, "entry[0].request POST 'Patient' does not match"),
    ],
)
def test_check_bundle_reports_broken_transaction_rules(
    break_it: Callable[[dict[str, Any]], None], expected: str
) -> None:
    bundle = copy.deepcopy(transaction("living-alone-crisis"))
    break_it(bundle)
    problems = check_bundle(bundle)
    assert any(expected in p for p in problems), problems


def test_check_bundle_accepts_a_conditional_reference_only_in_a_transaction() -> None:
    bundle = copy.deepcopy(transaction("living-alone-crisis"))
    system = bundle["entry"][0]["resource"]["identifier"][0]["system"]
    for entry in bundle["entry"][1:]:
        if "subject" in entry["resource"]:
            entry["resource"]["subject"] = {"reference": f"Patient?identifier={system}|C-1"}
    assert check_bundle(bundle) == []
    bundle["type"] = "collection"
    for entry in bundle["entry"]:
        del entry["request"]
    assert any("Patient?identifier=" in p for p in check_bundle(bundle))
