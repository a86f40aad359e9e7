"""Endpoints on one case: validate, migrate, assess, compare, what-if, explain, report, ecomap.

Each takes the case as the request body (JSON or YAML, the case file's format) and its
options as query parameters named like the command line's options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from careplanner._migrate import migrate_case
from careplanner.assess import (
    ASSESSMENT_NAMES,
    AssessmentChoice,
    AssessmentResult,
    Reassessment,
    assess,
    pick_assessment,
    reassess,
)
from careplanner.errors import CaseFileError, CaseValidationError, UnknownCodeError
from careplanner.models import Language
from careplanner.network import (
    build_network,
    deceased_labels,
    ecomap_png,
    ecomap_svg,
    ecomap_title,
)
from careplanner.report import render_html, render_markdown, render_pdf
from careplanner.rules import Explanation, RulePack
from careplanner.rules import explain as explain_facts
from careplanner.serve._body import Body, case_body, read_body
from careplanner.serve._openapi import CASE_BODY, PROBLEMS, raw_answer
from careplanner.serve._problems import ProblemItem
from careplanner.serve._work import compute, pack_named
from careplanner.whatif import WhatIf, what_if

router = APIRouter(prefix="/v1", tags=["casework"], responses=PROBLEMS)

At = Annotated[
    str,
    Query(
        description="Which assessment: latest, intake, review, closure, follow_up, a position "
        "(0 = first) or a date YYYY-MM-DD."
    ),
]
Lang = Annotated[Language | None, Query(description="The client's language by default.")]
Pack = Annotated[
    str | None,
    Query(description="A rule pack the service was started with (--pack NAME=FILE); default."),
]
ShowIdentity = Annotated[bool, Query(description="Show names; pseudonymous ids otherwise.")]
ShowNotes = Annotated[
    bool, Query(description="Show the worker's observations and reflections on each session.")
]


class ValidationReport(BaseModel):
    """Whether a case is valid and, if not, every problem (as ``careplanner validate``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    valid: bool
    problems: list[ProblemItem]


def parse_at(text: str, field: str = "at") -> AssessmentChoice:
    """Read a parameter naming an assessment (`field`): a name, a position or a date."""
    if text in ASSESSMENT_NAMES:
        return cast(AssessmentChoice, text)
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        allowed = [*ASSESSMENT_NAMES, "0, 1, ...", "YYYY-MM-DD"]
        raise UnknownCodeError(field, text, allowed) from None


@router.post("/validate", openapi_extra=CASE_BODY)
async def validate(request: Request) -> ValidationReport:
    """Check a case; every problem with its location (``careplanner validate``)."""
    raw = await read_body(request)
    return await compute(request, lambda: _validation(raw))


def _validation(raw: Body) -> ValidationReport:
    try:
        case_body(raw)
    except CaseValidationError as exc:
        items = [ProblemItem(location=p.location, message=p.message) for p in exc.problems]
        return ValidationReport(valid=False, problems=items)
    except CaseFileError as exc:
        unreadable = ProblemItem(location="", message=exc.reason)
        return ValidationReport(valid=False, problems=[unreadable])
    return ValidationReport(valid=True, problems=[])


@router.post("/migrate", openapi_extra=CASE_BODY)
async def migrate(
    request: Request,
    to: Annotated[Literal["1", "2"], Query(description="Format version to write: 1 or 2.")] = "2",
) -> dict[str, Any]:
    """The case in another format version (version 1 cases upgrade to version 2)."""
    raw = await read_body(request)
    return await compute(request, lambda: migrate_case(case_body(raw), int(to)))


@router.post("/assess", openapi_extra=CASE_BODY)
async def assess_case(request: Request, at: At = "latest", pack: Pack = None) -> AssessmentResult:
    """Assess a case: safety first, then needs, the staged plan and the network."""
    raw, rules = await read_body(request), pack_named(request, pack)
    return await compute(request, lambda: assess(case_body(raw), parse_at(at), pack=rules))


@router.post("/compare", openapi_extra=CASE_BODY)
async def compare(
    request: Request,
    before: At = "intake",
    after: At = "latest",
    pack: Pack = None,
) -> Reassessment:
    """Re-assessment: the intake against a later assessment, objectives met, closure verdict."""
    raw, rules = await read_body(request), pack_named(request, pack)

    def work() -> Reassessment:
        first, last = parse_at(before, "before"), parse_at(after, "after")
        return reassess(case_body(raw), first, last, pack=rules)

    return await compute(request, work)


@router.post("/whatif", openapi_extra=CASE_BODY)
async def whatif(
    request: Request,
    changes: Annotated[
        list[str],
        Query(
            alias="set",
            min_length=1,
            description="A changed answer, repeated: ssrs.item3=4, gds15.item1=yes, "
            "obs.self_blame=false.",
        ),
    ],
    at: At = "latest",
    pack: Pack = None,
) -> WhatIf:
    """Re-run an assessment with changed answers; the results before and after and the change."""
    raw, rules = await read_body(request), pack_named(request, pack)
    return await compute(
        request, lambda: what_if(case_body(raw), changes, parse_at(at), pack=rules)
    )


@router.post("/explain", openapi_extra=CASE_BODY)
async def explain(
    request: Request,
    need: Annotated[str | None, Query(description="Explain only this need.")] = None,
    at: At = "latest",
    pack: Pack = None,
) -> Explanation:
    """Trainer view: which rule fired on which answers, which did not and why, what would change."""
    raw, rules = await read_body(request), pack_named(request, pack)
    return await compute(request, lambda: _explanation(raw, need, parse_at(at), rules))


def _explanation(
    raw: Body, need: str | None, at: AssessmentChoice, rules: RulePack | None
) -> Explanation:
    result = assess(case_body(raw), at, pack=rules)
    explanation = explain_facts(result.facts, rules)
    if need is None:
        return explanation
    chosen = tuple(n for n in explanation.needs if n.need == need)
    if not chosen:
        raise UnknownCodeError("need", need, [n.need for n in explanation.needs])
    return explanation.model_copy(update={"needs": chosen})


_REPORT_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
#: What draws each report format (the same parameters; PDF answers bytes).
_REPORT_RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "html": render_html,
    "md": render_markdown,
    "pdf": render_pdf,
}


@router.post("/report", openapi_extra=CASE_BODY, **raw_answer(_REPORT_TYPES.values()))
async def report(
    request: Request,
    format: Annotated[
        Literal["html", "md", "pdf"],
        Query(description="HTML page, Markdown, or PDF (needs Chromium on the server)."),
    ] = "html",
    at: At = "latest",
    lang: Lang = None,
    show_identity: ShowIdentity = False,
    show_notes: ShowNotes = False,
    compare: Annotated[
        bool, Query(description="The intake plan and its re-assessment at `at`, side by side.")
    ] = False,
    brief: Annotated[
        bool,
        Query(description="The brief plan to hand over and sign (two A4 pages at most)."),
    ] = False,
    pack: Pack = None,
) -> Response:
    """The plan report (or the brief plan) as one self-contained HTML page, Markdown or PDF."""
    raw, rules = await read_body(request), pack_named(request, pack)
    if brief and compare:
        raise UnknownCodeError("brief with compare", "both", ["brief", "compare"])

    def work() -> str | bytes:
        case, choice = case_body(raw), parse_at(at)
        result = assess(case, "intake" if compare else choice, pack=rules)
        later = reassess(case, "intake", choice, pack=rules) if compare else None
        return _REPORT_RENDERERS[format](
            case,
            result,
            lang=lang,
            show_identity=show_identity,
            reassessment=later,
            show_notes=show_notes,
            brief=brief,
        )

    return Response(await compute(request, work), media_type=_REPORT_TYPES[format])


_ECOMAP_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@router.post("/ecomap", openapi_extra=CASE_BODY, **raw_answer(_ECOMAP_TYPES.values()))
async def ecomap(
    request: Request,
    format: Annotated[Literal["svg", "png"], Query(description="SVG or PNG.")] = "svg",
    at: At = "latest",
    lang: Lang = None,
    show_identity: ShowIdentity = False,
) -> Response:
    """The client's support network drawn as an ecomap."""
    raw = await read_body(request)

    def work() -> bytes:
        case = case_body(raw)
        assessment = case.assessments[pick_assessment(case, parse_at(at))]
        graph = build_network(case, assessment, show_identity=show_identity)
        language = lang or case.client.language
        title = ecomap_title(case, assessment, language)
        deceased = deceased_labels(case, language, show_identity=show_identity)
        if format == "svg":
            return ecomap_svg(
                graph, lang=language, show_identity=show_identity, title=title, deceased=deceased
            ).encode()
        return ecomap_png(
            graph, lang=language, show_identity=show_identity, title=title, deceased=deceased
        )

    return Response(await compute(request, work), media_type=_ECOMAP_TYPES[format])
