"""The bundled examples as FHIR bundles, and small readers of a bundle for the tests.

No ``__init__.py`` in this folder on purpose: a test package named ``fhir`` would shadow the
``fhir.resources`` library.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from careplanner import Case, load_case
from careplanner.assess import AssessmentChoice, AssessmentResult, assess
from careplanner.fhir import fhir_bundle

#: The examples the export is tested on, with the assessment exported.
EXAMPLES: dict[str, AssessmentChoice] = {
    "shidu-mother": "intake",
    "living-alone-well": "latest",
    "living-alone-crisis": "latest",
}


class Built(NamedTuple):
    case: Case
    result: AssessmentResult
    bundle: dict[str, Any]


@cache
def built(name: str, at: AssessmentChoice | None = None, pseudonymise: bool = True) -> Built:
    """The example `name` exported (cached: tests must not change what they get)."""
    case = load_case(f"example:{name}")
    result = assess(case, EXAMPLES[name] if at is None else at)
    return Built(case, result, fhir_bundle(case, result, pseudonymise=pseudonymise))


def export(case: Case, at: AssessmentChoice = "latest", **kwargs: bool) -> dict[str, Any]:
    return fhir_bundle(case, assess(case, at), **kwargs)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The resources of type `kind`, in bundle order."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def references(node: object) -> Iterator[str]:
    """Every ``reference`` string anywhere below `node`."""
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node["reference"]
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def codes_of(concept: dict[str, Any]) -> list[tuple[str, str]]:
    """The (system, code) pairs of a CodeableConcept."""
    return [(c["system"], c["code"]) for c in concept.get("coding", [])]


def text(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False)
