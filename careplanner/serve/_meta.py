"""Endpoints that take no case: health, version, schemas, examples, the logic sheet, the demo."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from careplanner._load import list_examples, load_case
from careplanner._version import __version__
from careplanner.assess import RESULT_FORMAT, AssessmentResult, Reassessment, assess, reassess
from careplanner.models import Case, Language
from careplanner.report import render_logic_sheet
from careplanner.rules import Explanation, explain
from careplanner.schemas import schema_for
from careplanner.serve._casework import Pack
from careplanner.serve._openapi import PROBLEMS, raw_answer
from careplanner.serve._work import compute, pack_named, state_of

router = APIRouter(prefix="/v1", tags=["service"], responses=PROBLEMS)

#: The bundled case the demo walks through, as ``careplanner demo``.
DEMO_CASE = "example:shidu-mother"
_SHEET_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Health(_Out):
    """The service answers."""

    status: Literal["ok"] = "ok"


class Version(_Out):
    """What answers: careplanner's version, the API's and the result format's."""

    careplanner: str
    api: Literal["v1"] = "v1"
    result_format: int
    packs: list[str]


class Example(_Out):
    """A bundled example case: use its id with ``GET /v1/examples/{id}``."""

    id: str
    title: dict[Language, str]
    language: str


class Demo(_Out):
    """What ``careplanner demo`` shows: the intake, why, and the closure re-assessment."""

    intake: AssessmentResult
    explanation: Explanation
    reassessment: Reassessment


@router.get("/health")
async def health() -> Health:
    """Liveness: answers without a token and without touching careplanner."""
    return Health()


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    """The OpenAPI document of this service."""
    return JSONResponse(request.app.openapi())


@router.get("/version")
async def version(request: Request) -> Version:
    """careplanner's version, the API version and the rule packs a request may name."""
    packs = sorted(state_of(request).config.rule_packs)
    return Version(careplanner=__version__, result_format=RESULT_FORMAT, packs=packs)


@router.get("/schemas/{kind}")
async def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a document: case, result, compact-result, reassessment or rulepack."""
    return schema_for(kind)


@router.get("/examples")
async def examples(request: Request) -> list[Example]:
    """The bundled example cases."""
    infos = await compute(request, list_examples)
    return [Example(id=i.id, title=dict(i.title), language=i.language) for i in infos]


@router.get("/examples/{example_id}")
async def example(request: Request, example_id: str) -> Case:
    """One bundled example case, ready to send to the other endpoints."""
    return await compute(request, lambda: load_case("example:" + example_id))


@router.get("/logic", **raw_answer(_SHEET_TYPES.values()))
async def logic(
    request: Request,
    format: Annotated[Literal["md", "html"], Query(description="Markdown or HTML.")] = "md",
    lang: Annotated[Language | None, Query(description="Chinese by default.")] = None,
    pack: Pack = None,
) -> Response:
    """The assessment-logic sheet: every rule as a sentence, with thresholds and sources."""
    rules = pack_named(request, pack)
    sheet = await compute(request, lambda: render_logic_sheet(rules, lang=lang, fmt=format))
    return Response(sheet, media_type=_SHEET_TYPES[format])


@router.get("/demo")
async def demo(request: Request) -> Demo:
    """The seed case walked through: intake result, why, and the closure re-assessment."""

    def work() -> Demo:
        case = load_case(DEMO_CASE)
        intake = assess(case, "intake")
        return Demo(intake=intake, explanation=explain(intake.facts), reassessment=reassess(case))

    return await compute(request, work)
