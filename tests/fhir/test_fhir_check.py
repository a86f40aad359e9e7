"""check_bundle and the code tables: what fhir.resources does not check, careplanner does."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from careplanner import load_case
from careplanner.assess import reassess
from careplanner.fhir import check_bundle, fhir_knowledge, fhir_questionnaires, fhir_reassessment
from careplanner.fhir._tables import codes

from .fhir_cases import built, resources

LOCAL_NEED = "https://careplanner.example/fhir/CodeSystem/need"

# Code-typed elements whose allowed values the R4B models list (their enum_values).
MODEL_ENUMS = [
    ("Bundle", "type", "Bundle.type"),
    ("Patient", "gender", "Patient.gender"),
    ("CarePlan", "status", "CarePlan.status"),
    ("CarePlan", "intent", "CarePlan.intent"),
    ("CarePlanActivityDetail", "kind", "CarePlan.activity.detail.kind"),
    ("CarePlanActivityDetail", "status", "CarePlan.activity.detail.status"),
    ("Goal", "lifecycleStatus", "Goal.lifecycleStatus"),
    ("Flag", "status", "Flag.status"),
    ("ProvenanceEntity", "role", "Provenance.entity.role"),
    ("BundleEntryRequest", "method", "Bundle.entry.request.method"),
    ("Questionnaire", "status", "Questionnaire.status"),
    ("QuestionnaireResponse", "status", "QuestionnaireResponse.status"),
    ("PlanDefinition", "status", "PlanDefinition.status"),
    ("ActivityDefinition", "status", "ActivityDefinition.status"),
    ("Library", "status", "Library.status"),
    ("PlanDefinitionActionCondition", "kind", "PlanDefinition.action.action.condition.kind"),
    ("RelatedArtifact", "type", "PlanDefinition.relatedArtifact.type"),
    (
        "PlanDefinitionActionRelatedAction",
        "relationship",
        "PlanDefinition.action.relatedAction.relationship",
    ),
]


@pytest.mark.parametrize(("model", "field", "path"), MODEL_ENUMS)
def test_allowed_values_match_the_r4b_model_bindings(model: str, field: str, path: str) -> None:
    extra = get_fhir_model_class(model).model_fields[field].json_schema_extra
    assert isinstance(extra, dict)
    assert sorted(codes().allowed.elements[path].values) == sorted(extra["enum_values"])


def test_allowed_observation_status_extends_the_truncated_r4b_list() -> None:
    # The R4B model lists "registered, preliminary, final, amended, +" (the "+" stands for the
    # descendants); the table spells them out from the R4 core value set.
    assert codes().allowed.elements["Observation.status"].values == (
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    )


@pytest.mark.parametrize("entry", codes().entries(), ids=lambda e: f"{e.system}#{e.code}")
def test_every_code_of_the_tables_is_an_allowed_value(entry: Any) -> None:
    assert entry.code in codes().allowed.codings[entry.system].values


def test_every_allowed_list_names_its_source() -> None:
    allowed = codes().allowed
    assert all(a.source.strip() for a in [*allowed.elements.values(), *allowed.codings.values()])


def test_check_bundle_passes_an_exported_example() -> None:
    assert check_bundle(built("living-alone-crisis").bundle) == []


def _set_careplan_status(bundle: dict[str, Any]) -> None:
    resources(bundle, "CarePlan")[0]["status"] = "bogus"


def _set_activity_status(bundle: dict[str, Any]) -> None:
    resources(bundle, "CarePlan")[0]["activity"][0]["detail"]["status"] = "planned"


def _set_language(bundle: dict[str, Any]) -> None:
    resources(bundle, "Goal")[0]["language"] = "zh"


def _unknown_loinc(bundle: dict[str, Any]) -> None:
    resources(bundle, "Observation")[0]["code"]["coding"][0]["code"] = "44262-4"


def _unknown_role(bundle: dict[str, Any]) -> None:
    resources(bundle, "RelatedPerson")[0]["relationship"][0]["coding"][0]["code"] = "MTH"


def _unknown_system(bundle: dict[str, Any]) -> None:
    coding = resources(bundle, "Condition")[0]["severity"]["coding"][0]
    coding["system"] = "http://snomed.info/sct"


def _unknown_local_system(bundle: dict[str, Any]) -> None:
    coding = resources(bundle, "Condition")[0]["code"]["coding"][0]
    coding["system"] = LOCAL_NEED + "s"


def _dangling_reference(bundle: dict[str, Any]) -> None:
    resources(bundle, "Goal")[0]["addresses"][0]["reference"] = "urn:uuid:0"


def _duplicate_url(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["fullUrl"] = bundle["entry"][0]["fullUrl"]


def _unknown_extension(bundle: dict[str, Any]) -> None:
    resources(bundle, "Flag")[0]["extension"][0]["url"] = "http://example.org/detail"


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (_set_careplan_status, "CarePlan.status: 'bogus'"),
        (_set_activity_status, "CarePlan.activity.detail.status: 'planned'"),
        (_set_language, "*.language: 'zh'"),
        (_unknown_loinc, "http://loinc.org: code '44262-4'"),
        (_unknown_role, "v3-RoleCode: code 'MTH'"),
        (_unknown_system, "code system 'http://snomed.info/sct'"),
        (_unknown_local_system, "is not one of careplanner's"),
        (_dangling_reference, "reference 'urn:uuid:0' does not resolve"),
        (_duplicate_url, "is used by more than one entry"),
        (_unknown_extension, "extension 'http://example.org/detail'"),
    ],
)
def test_check_bundle_reports_what_r4b_validation_lets_through(
    break_it: Callable[[dict[str, Any]], None], expected: str
) -> None:
    bundle = copy.deepcopy(built("living-alone-crisis").bundle)
    break_it(bundle)
    Bundle.model_validate(bundle)  # fhir.resources accepts it ...
    problems = check_bundle(bundle)  # ... careplanner does not
    assert len(problems) >= 1
    assert any(expected in p for p in problems), problems


def _new_types() -> dict[str, Any]:
    case = load_case("example:shidu-mother")
    entries = [
        *fhir_questionnaires()["entry"],  # type: ignore[misc]
        *fhir_knowledge()["entry"],  # type: ignore[misc]
        *fhir_reassessment(case, reassess(case))["entry"],  # type: ignore[misc]
    ]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _first(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return resources(bundle, kind)[0]


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda b: _first(b, "Questionnaire").update(status="final"), "Questionnaire.status"),
        (
            lambda b: _first(b, "Questionnaire")["item"][0].update(type="radio"),
            "Questionnaire.item.type: 'radio'",
        ),
        (
            lambda b: _first(b, "Goal")["achievementStatus"]["coding"][0].update(code="done"),
            "goal-achievement: code 'done'",
        ),
        (
            lambda b: _first(b, "PlanDefinition")["action"][0]["action"][0]["condition"][0][
                "expression"
            ].update(language="text/python"),
            "expression.language: 'text/python'",
        ),
        (
            lambda b: _first(b, "Library")["type"]["coding"][0].update(code="cql-library"),
            "library-type: code 'cql-library'",
        ),
    ],
)
def test_check_bundle_reports_bad_codes_of_the_new_resource_types(
    break_it: Callable[[dict[str, Any]], None], expected: str
) -> None:
    bundle = _new_types()
    assert check_bundle(bundle) == []
    break_it(bundle)
    problems = check_bundle(bundle)
    assert any(expected in p for p in problems), problems
