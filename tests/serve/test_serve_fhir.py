"""The FHIR endpoints: the same resources as the library, and answers read back into a case."""

from __future__ import annotations

import json
from pathlib import Path

from careplanner import assess, load_case, reassess
from careplanner.fhir import (
    fhir_bundle,
    fhir_knowledge,
    fhir_questionnaires,
    fhir_reassessment,
    fhir_responses,
    import_responses,
)
from careplanner.serve import ServeConfig

from .http_service import Served, StartService, is_problem

SEED = "example:shidu-mother"
FHIR = {"Content-Type": "application/fhir+json"}


def test_export_is_the_pseudonymised_bundle(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/fhir/export", seed_yaml, bundle="transaction")
    case = load_case(SEED)
    assert response.headers["content-type"] == "application/fhir+json"
    assert response.json() == fhir_bundle(case, assess(case), bundle="transaction")


def test_reassessment_is_the_library_bundle(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/fhir/reassessment", seed_yaml)
    case = load_case(SEED)
    assert response.json() == fhir_reassessment(case, reassess(case))


def test_questionnaires_and_logic_are_the_library_bundles(served: Served) -> None:
    questionnaires = served.client.get("/v1/fhir/questionnaires", params={"lang": "en"})
    assert questionnaires.json() == fhir_questionnaires(lang="en")
    assert served.client.get("/v1/fhir/logic").json() == fhir_knowledge()


def test_responses_read_back_into_the_same_answers(served: Served, seed_yaml: bytes) -> None:
    written = served.post_yaml("/v1/fhir/responses", seed_yaml, at="intake").json()
    assert written == fhir_responses(load_case(SEED), "intake")
    body = json.dumps({"source": written}).encode()
    read = served.client.post(
        "/v1/fhir/import",
        content=body,
        headers=FHIR,
        params={"kind": "intake", "age": 68, "living_arrangement": "alone"},
    )
    expected = import_responses(
        written, client={"age": 68, "living_arrangement": "alone"}, kind="intake"
    )
    assert read.status_code == 200, read.text
    assert read.json() == {
        "case": expected.case.model_dump(mode="json"),
        "unmapped": list(expected.unmapped),
    }


def test_import_into_a_case_adds_to_it(served: Served, seed_yaml: bytes) -> None:
    case = load_case(SEED)
    written = fhir_responses(case, "intake")
    body = {"source": written, "into": case.model_dump(mode="json")}
    read = served.client.post("/v1/fhir/import", content=json.dumps(body), headers=FHIR)
    expected = import_responses(written, case=case)
    assert read.json()["case"] == expected.case.model_dump(mode="json")


def test_import_refuses_a_body_without_a_source(served: Served) -> None:
    for body in (b"{}", b'{"source": [1]}', b'{"source": {}, "extra": 1}'):
        response = served.client.post("/v1/fhir/import", content=body, headers=FHIR)
        assert response.status_code in (400, 422)
        assert response.headers["content-type"] == "application/problem+json"
    bad = served.client.post("/v1/fhir/import", content=b'{"source": 3}', headers=FHIR)
    assert is_problem(bad, 400, "unreadable-body")


def test_import_that_makes_no_valid_case_lists_the_problems(served: Served) -> None:
    written = fhir_responses(load_case(SEED), "intake")
    response = served.client.post(
        "/v1/fhir/import",
        content=json.dumps({"source": written}),
        headers=FHIR,
        params={"age": 68, "living_arrangement": "with_spouse"},
    )
    assert is_problem(response, 422, "invalid-case")
    assert [p["location"] for p in response.json()["problems"]] == ["client"]


def test_the_settings_file_the_service_was_started_with_is_used(
    served_with: StartService, seed_yaml: bytes, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("fhir:\n  base: https://fhir.example-org.cn/careplanner\n", "utf-8")
    configured = served_with(ServeConfig(fhir_settings=str(settings)))
    bundle = configured.post_yaml("/v1/fhir/export", seed_yaml).text
    assert "https://fhir.example-org.cn/careplanner/" in bundle
    assert (
        "https://fhir.example-org.cn/"
        not in served_with(ServeConfig()).post_yaml("/v1/fhir/export", seed_yaml).text
    )
