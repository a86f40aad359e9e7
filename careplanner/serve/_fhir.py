"""Endpoints of FHIR R4: export a case, a re-assessment, questionnaires, answers and the logic;
import answers into a case.

The organisation's FHIR settings (base URL, identifier systems) are the file the service was
started with (``--fhir-settings``), never one a request names.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from careplanner._load import case_from_data
from careplanner.assess import assess, reassess
from careplanner.errors import CaseFileError, UnknownCodeError
from careplanner.fhir import (
    fhir_bundle,
    fhir_knowledge,
    fhir_questionnaires,
    fhir_reassessment,
    fhir_responses,
    import_responses,
)
from careplanner.models import AssessmentKind, Case, Language
from careplanner.serve._body import FHIR_TYPES, SOURCE, case_body, parse_body, read_body
from careplanner.serve._casework import At, Pack, ShowIdentity, parse_at
from careplanner.serve._openapi import CASE_BODY, IMPORT_BODY, PROBLEMS, raw_answer
from careplanner.serve._work import compute, pack_named, state_of

router = APIRouter(prefix="/v1/fhir", tags=["FHIR"], responses=PROBLEMS)

MEDIA_TYPE = FHIR_TYPES[0]
Bundle = Annotated[
    Literal["collection", "transaction"],
    Query(description="collection (a file) or transaction (what a FHIR server stores)."),
]
_FHIR_ANSWER = raw_answer([MEDIA_TYPE])


class ImportedCase(BaseModel):
    """The case the answers gave, and every answer that could not be mapped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: Case
    unmapped: list[str]


def fhir_answer(data: dict[str, object]) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type=MEDIA_TYPE)


@router.post("/export", openapi_extra=CASE_BODY, **_FHIR_ANSWER)
async def export(
    request: Request,
    at: At = "latest",
    bundle: Bundle = "collection",
    show_identity: ShowIdentity = False,
    pack: Pack = None,
) -> Response:
    """An assessment as a FHIR R4 Bundle, pseudonymised unless ``show_identity`` is set."""
    raw, rules = await read_body(request), pack_named(request, pack)
    settings = state_of(request).config.fhir

    def work() -> dict[str, object]:
        case = case_body(raw)
        result = assess(case, parse_at(at), pack=rules)
        private = not show_identity
        return fhir_bundle(case, result, pseudonymise=private, bundle=bundle, settings=settings)

    return fhir_answer(await compute(request, work))


@router.post("/reassessment", openapi_extra=CASE_BODY, **_FHIR_ANSWER)
async def reassessment(
    request: Request,
    before: At = "intake",
    after: At = "latest",
    bundle: Bundle = "collection",
    show_identity: ShowIdentity = False,
    pack: Pack = None,
) -> Response:
    """A re-assessment: the intake's goals with their outcome, and the closure verdict."""
    raw, rules = await read_body(request), pack_named(request, pack)
    settings = state_of(request).config.fhir

    def work() -> dict[str, object]:
        case = case_body(raw)
        done = reassess(case, parse_at(before, "before"), parse_at(after, "after"), pack=rules)
        return fhir_reassessment(
            case, done, bundle=bundle, pseudonymise=not show_identity, settings=settings
        )

    return fhir_answer(await compute(request, work))


@router.get("/questionnaires", **_FHIR_ANSWER)
async def questionnaires(
    request: Request,
    lang: Annotated[Language, Query(description="The language written first.")] = "zh-CN",
    bundle: Bundle = "collection",
) -> Response:
    """A FHIR Questionnaire for every bundled scale."""
    settings = state_of(request).config.fhir

    def work() -> dict[str, object]:
        return fhir_questionnaires(bundle=bundle, lang=lang, settings=settings)

    return fhir_answer(await compute(request, work))


@router.post("/responses", openapi_extra=CASE_BODY, **_FHIR_ANSWER)
async def responses(request: Request, at: At = "latest", bundle: Bundle = "collection") -> Response:
    """An assessment's scale answers as FHIR QuestionnaireResponses."""
    raw, settings = await read_body(request), state_of(request).config.fhir

    def work() -> dict[str, object]:
        return fhir_responses(case_body(raw), parse_at(at), bundle=bundle, settings=settings)

    return fhir_answer(await compute(request, work))


@router.get("/logic", **_FHIR_ANSWER)
async def logic(request: Request, bundle: Bundle = "collection", pack: Pack = None) -> Response:
    """The rule pack and stage catalogue as PlanDefinitions, ActivityDefinitions and a Library."""
    rules, settings = pack_named(request, pack), state_of(request).config.fhir

    def work() -> dict[str, object]:
        return fhir_knowledge(pack=rules, bundle=bundle, settings=settings)

    return fhir_answer(await compute(request, work))


@router.post("/import", openapi_extra=IMPORT_BODY)
async def import_answers(
    request: Request,
    kind: Annotated[
        AssessmentKind, Query(description="The kind of each new assessment.")
    ] = "review",
    worker: Annotated[
        str | None, Query(description="Worker id where a response names none.")
    ] = None,
    age: Annotated[int | None, Query(description="Without 'into': the client's age.")] = None,
    living_arrangement: Annotated[
        str | None, Query(description="Without 'into': the living arrangement.")
    ] = None,
) -> ImportedCase:
    """Read scale answers from QuestionnaireResponses into a case (a new one, or ``into``)."""
    raw, settings = await read_body(request, FHIR_TYPES), state_of(request).config.fhir
    fields = (("age", age), ("living_arrangement", living_arrangement))
    client = {key: value for key, value in fields if value is not None}

    def work() -> ImportedCase:
        source, into = _import_parts(parse_body(raw))
        done = import_responses(
            source, case=into, client=client, kind=kind, worker=worker, settings=settings
        )
        return ImportedCase(case=done.case, unmapped=list(done.unmapped))

    return await compute(request, work)


def _import_parts(data: object) -> tuple[dict[str, Any], Case | None]:
    if not isinstance(data, dict) or not isinstance(data.get("source"), dict):
        raise CaseFileError(SOURCE, "the body must be a mapping with a FHIR resource as 'source'")
    unknown = sorted(set(data) - {"source", "into"})
    if unknown:
        raise UnknownCodeError("body", unknown, ["into", "source"])
    into = data.get("into")
    return data["source"], None if into is None else case_from_data(into, SOURCE)
