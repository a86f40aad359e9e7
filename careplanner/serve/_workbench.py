"""The workbench: a page at ``/`` where a worker tries a plan and a trainer shows the logic.

The page (``careplanner/serve/workbench/``: HTML, ES modules, CSS) is served by this router
and needs nothing from another host. It holds the case in the browser and sends it with every
change to the endpoints below; the service keeps nothing between requests. A workbench body is
JSON: ``{"case": ..., "baseline": ... or null, "thresholds": {name: value}}``: the case on
screen, the case as it was opened (to show what a change adds or removes, as ``careplanner
whatif`` does) and the thresholds a trainer edited (`careplanner.serve._overlay`).
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from careplanner._content._content import Content
from careplanner._content._loader import load_bundled
from careplanner._load import case_from_data
from careplanner.assess import AssessmentResult, assess
from careplanner.errors import CaseValidationError, Problem
from careplanner.fhir import fhir_bundle
from careplanner.models import Case, Language, Observations
from careplanner.report import render_html, render_logic_sheet, render_markdown, render_pdf
from careplanner.report._text import catalogue
from careplanner.rules import SAFETY_FLOOR, Explanation, explain
from careplanner.rules._catalogue import load_fact_catalogue
from careplanner.serve._body import JSON, parse_body, read_body
from careplanner.serve._casework import At, Lang, parse_at
from careplanner.serve._fhir import MEDIA_TYPE as FHIR_MEDIA_TYPE
from careplanner.serve._fhir import fhir_answer
from careplanner.serve._openapi import OVERLAY_BODY, PROBLEMS, WORKBENCH_BODY, raw_answer
from careplanner.serve._overlay import ThresholdInfo, edited_content, threshold_infos
from careplanner.serve._problems import ServiceError
from careplanner.serve._work import compute, state_of
from careplanner.whatif import WhatIf, what_changed

router = APIRouter(tags=["workbench"], responses=PROBLEMS)

PAGE = "workbench"
_ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
#: The page's own policy: scripts, styles and calls to this service only; images it made.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' blob: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
#: Sections of the report's words the page labels its form and results with.
_REPORT_WORDS = (
    "relation.",
    "tie_status.",
    "support.",
    "sex.",
    "living.",
    "kind.",
    "severity.",
    "basis.",
)
_REPORT_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
Threshold = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Body = TypeVar("Body", bound=BaseModel)


class OverlayBody(BaseModel):
    """Thresholds a trainer edited, by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    thresholds: dict[str, Threshold] = Field(default_factory=dict)


class WorkbenchBody(OverlayBody):
    """What the page sends: the case on screen, the case as opened, edited thresholds."""

    case: dict[str, Any]
    baseline: dict[str, Any] | None = None


class WorkbenchView(BaseModel):
    """What the page shows: the result, why each need fired or not, and the change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    result: AssessmentResult
    explanation: Explanation
    whatif: WhatIf | None


class WorkbenchContent(BaseModel):
    """What the page builds its form from: scales, observations, words, thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scales: list[dict[str, Any]]
    observations: list[dict[str, Any]]
    words: dict[str, dict[Language, str]]
    thresholds: list[ThresholdInfo]


@router.get("/", include_in_schema=False)
async def page() -> Response:
    """The workbench page."""
    return _asset_response("index.html", "text/html; charset=utf-8")


@router.get("/workbench/{name}", include_in_schema=False)
async def asset(name: str) -> Response:
    """A script or style sheet of the page; only the files shipped with it."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if name not in _assets() or suffix not in _ASSET_TYPES:
        raise ServiceError(404, "not-found", "Not found", "the page has no such file")
    return _asset_response(name, _ASSET_TYPES[suffix])


@router.get("/v1/workbench/content")
async def content(request: Request) -> WorkbenchContent:
    """Everything the page's form and labels need, in both languages."""
    content = state_of(request).config.loaded_content
    return await compute(request, lambda: _content(content))


@router.post("/v1/workbench", openapi_extra=WORKBENCH_BODY)
async def workbench(request: Request, at: At = "latest") -> WorkbenchView:
    """Assess the case on screen with the edited thresholds; what changed since it was opened."""
    body = await _workbench_body(request)

    def work() -> WorkbenchView:
        case, content, choice = _case(body.case, "case"), _edited(request, body), parse_at(at)
        result = assess(case, choice, content=content)
        changed = None
        if body.baseline is not None:
            before = assess(_case(body.baseline, "baseline"), choice, content=content)
            changed = what_changed(before, result, _edits(body.baseline, body.case, result))
        return WorkbenchView(
            result=result, explanation=explain(result.facts, content.pack), whatif=changed
        )

    return await compute(request, work)


@router.post(
    "/v1/workbench/report", openapi_extra=WORKBENCH_BODY, **raw_answer(_REPORT_TYPES.values())
)
async def report(
    request: Request,
    at: At = "latest",
    lang: Lang = None,
    format: Annotated[
        Literal["html", "md", "pdf"], Query(description="HTML page, Markdown or A4 PDF.")
    ] = "html",
    brief: Annotated[
        bool, Query(description="The brief plan to hand over and sign, not the full report.")
    ] = False,
) -> Response:
    """The plan report (or the brief plan) of the case on screen, with the edited thresholds."""
    body = await _workbench_body(request)

    def work() -> str | bytes:
        case, content = _case(body.case, "case"), _edited(request, body)
        result = assess(case, parse_at(at), content=content)
        if format == "pdf":
            return render_pdf(case, result, lang=lang, brief=brief, content=content)
        render = render_html if format == "html" else render_markdown
        return render(case, result, lang=lang, brief=brief, content=content)

    return Response(await compute(request, work), media_type=_REPORT_TYPES[format])


@router.post("/v1/workbench/fhir", openapi_extra=WORKBENCH_BODY, **raw_answer([FHIR_MEDIA_TYPE]))
async def fhir(request: Request, at: At = "latest") -> Response:
    """The FHIR R4 Bundle (pseudonymised) of the case on screen, with the edited thresholds."""
    body = await _workbench_body(request)
    settings = state_of(request).config.fhir

    def work() -> dict[str, object]:
        case, content = _case(body.case, "case"), _edited(request, body)
        result = assess(case, parse_at(at), content=content)
        return fhir_bundle(case, result, pseudonymise=True, settings=settings, content=content)

    return fhir_answer(await compute(request, work))


@router.post(
    "/v1/workbench/logic", openapi_extra=OVERLAY_BODY, **raw_answer([_REPORT_TYPES["html"]])
)
async def logic(request: Request, lang: Lang = None) -> Response:
    """The assessment-logic sheet (HTML) of the rule pack with the edited thresholds."""
    body = await _body(request, OverlayBody)
    sheet = await compute(
        request, lambda: render_logic_sheet(_edited(request, body).pack, lang=lang, fmt="html")
    )
    return Response(sheet, media_type=_REPORT_TYPES["html"])


def _edited(request: Request, body: OverlayBody) -> Content:
    """The service's content with the thresholds the page edited."""
    return edited_content(body.thresholds, state_of(request).config.loaded_content)


async def _workbench_body(request: Request) -> WorkbenchBody:
    return await _body(request, WorkbenchBody)


async def _body(request: Request, model: type[Body]) -> Body:
    data = parse_body(await read_body(request, (JSON,)))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(".".join(str(part) for part in error["loc"]), error["msg"])
            for error in exc.errors(include_input=False, include_url=False)
        ]
        raise CaseValidationError("workbench body", problems) from None


def _case(data: dict[str, Any], part: str) -> Case:
    return case_from_data(data, f"workbench body '{part}'")


def _edits(before: dict[str, Any], after: dict[str, Any], result: AssessmentResult) -> list[str]:
    """The changes from `before` to `after` at the assessed one, written as ``whatif`` does."""
    index = result.assessment.index
    old, new = before["assessments"][index], after["assessments"][index]
    edits: list[str] = []
    for scale in sorted({*old.get("scales", {}), *new.get("scales", {})}):
        was, now = old.get("scales", {}).get(scale, {}), new.get("scales", {}).get(scale, {})
        edits += [
            f"{scale}.item{item}={_shown(now.get(item))}"
            for item in sorted({*was, *now})
            if was.get(item) != now.get(item)
        ]
    was_obs, now_obs = old.get("observations", {}), new.get("observations", {})
    edits += [
        f"obs.{name}={_shown(now_obs.get(name))}"
        for name in sorted({*was_obs, *now_obs})
        if was_obs.get(name) != now_obs.get(name) and name != "notes"
    ]
    return edits + _tie_edits(old.get("ties", []), new.get("ties", []))


def _tie_edits(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    was = {tie["contact"]: tie for tie in old}
    now = {tie["contact"]: tie for tie in new}
    edits = [f"tie.{contact}=removed" for contact in was if contact not in now]
    for contact, tie in now.items():
        before = was.get(contact, {})
        edits += [
            f"tie.{contact}.{key}={_shown(tie.get(key))}"
            for key in sorted({*before, *tie} - {"contact"})
            if before.get(key) != tie.get(key)
        ]
    return edits


def _shown(value: object) -> str:
    """A value as the command line writes it: ``true``, ``null``, ``4``, ``emotional,practical``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join(str(each) for each in value)
    return json.dumps(value)


@lru_cache(maxsize=4)
def _content(content: Content) -> WorkbenchContent:
    """What the page needs of `content` (its scales, observations and thresholds)."""
    scales = [scale.model_dump(mode="json", by_alias=True) for scale in content.scales.values()]
    signals = {signal.fact for signal in SAFETY_FLOOR}
    observed = [
        spec
        for spec in load_fact_catalogue().facts
        if spec.name.startswith("obs.")
        and spec.name.removeprefix("obs.") in Observations.model_fields
    ]
    observations = [  # the safety signals first
        spec.model_dump(mode="json", include={"name", "type", "min", "max", "label"})
        for spec in sorted(observed, key=lambda spec: spec.name not in signals)
    ]
    words = {
        key: text for key, text in catalogue().items() if key.startswith(_REPORT_WORDS)
    } | _page_words()
    return WorkbenchContent(
        scales=scales,
        observations=observations,
        words=words,
        thresholds=threshold_infos(content.pack),
    )


def _page_words() -> dict[str, dict[Language, str]]:
    data = load_bundled("careplanner.serve", f"{PAGE}/text.yaml")
    assert isinstance(data, dict)  # a packaging error otherwise
    return {f"page.{key}": text for key, text in data["text"].items()}


@cache
def _assets() -> frozenset[str]:
    folder = resources.files("careplanner.serve").joinpath(PAGE)
    return frozenset(entry.name for entry in folder.iterdir() if entry.is_file())


def _asset_response(name: str, media_type: str) -> Response:
    text = resources.files("careplanner.serve").joinpath(PAGE, name).read_bytes()
    return Response(text, media_type=media_type, headers={"content-security-policy": PAGE_POLICY})
