"""Endpoints of group work: survey, plan and evaluate a mutual-support group.

The body is a residents document (``careplanner/examples/group/residents.yaml`` has the
format), or for ``evaluate`` the residents before and after and the session records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import TypeAdapter, ValidationError

from careplanner._content._problems import problems_of
from careplanner.errors import CaseFileError, CaseValidationError, Problem, UnknownCodeError
from careplanner.group import (
    Approached,
    GroupEvaluation,
    GroupSessionRecord,
    GroupSize,
    GroupWork,
    Resident,
    SurveySummary,
    evaluate_group,
    load_questionnaire,
    plan_groups,
    profile_residents,
    residents_from_data,
    summarise_survey,
    survey_html,
    work_html,
)
from careplanner.models import Language
from careplanner.serve._body import SOURCE, parse_body, read_body
from careplanner.serve._openapi import EVALUATION_BODY, PROBLEMS, RESIDENTS_BODY, text_response
from careplanner.serve._work import compute

router = APIRouter(prefix="/v1/group", tags=["group work"], responses=PROBLEMS)

Lang = Annotated[Language, Query(description="Language of the page.")]
Format = Annotated[
    Literal["json", "html"], Query(description="The result as JSON, or a printable HTML page.")
]
_HTML = "text/html; charset=utf-8"
_PAGE = text_response([_HTML])
#: The top-level fields of a residents document, as of a residents file.
RESIDENTS_FIELDS = ("outreach", "residents", "residents_format", "title")
_SESSIONS = TypeAdapter(tuple[GroupSessionRecord, ...])
_OUTREACH = TypeAdapter(tuple[Approached, ...])


def residents_of(data: object, where: str = "") -> tuple[Resident, ...]:
    """Validate a residents document; problems are located from the body's root."""
    if not isinstance(data, dict) or not isinstance(data.get("residents"), list):
        what = repr(where) if where else "the body"
        raise CaseFileError(SOURCE, f"{what} must be a mapping with a 'residents' list")
    unknown = sorted(set(data) - set(RESIDENTS_FIELDS))
    if unknown:
        raise UnknownCodeError(f"{where or 'body'} field", unknown, RESIDENTS_FIELDS)
    try:
        return residents_from_data(data["residents"], load_questionnaire(), SOURCE)
    except CaseValidationError as exc:
        if not where:
            raise
        moved = [Problem(f"{where}.{p.location}", p.message) for p in exc.problems]
        raise CaseValidationError(SOURCE, moved) from None


@router.post("/survey", openapi_extra=RESIDENTS_BODY, response_model=SurveySummary, responses=_PAGE)
async def survey(
    request: Request, format: Format = "json", lang: Lang = "zh-CN"
) -> SurveySummary | Response:
    """Needs survey: how many residents have each need, scores, preferences, mobility."""
    raw = await read_body(request)

    def work() -> SurveySummary:
        return summarise_survey(profile_residents(residents_of(parse_body(raw))))

    summary = await compute(request, work)
    if format == "html":
        return Response(survey_html(summary, lang), media_type=_HTML)
    return summary


@router.post("/plan", openapi_extra=RESIDENTS_BODY, response_model=GroupWork, responses=_PAGE)
async def plan(
    request: Request,
    size_min: Annotated[int, Query(alias="min", description="Smallest group.")] = 6,
    size_max: Annotated[int, Query(alias="max", description="Largest group.")] = 10,
    target: Annotated[int, Query(description="Size aimed at.")] = 8,
    sessions: Annotated[int | None, Query(description="Sessions per group.")] = None,
    start: Annotated[dt.date | None, Query(description="First session, YYYY-MM-DD.")] = None,
    format: Format = "json",
    lang: Lang = "zh-CN",
) -> GroupWork | Response:
    """Screen residents (every decision explained), form groups and plan their sessions."""
    raw, size = await read_body(request), _size(size_min, size_max, target)

    def work() -> GroupWork:
        data = parse_body(raw)
        residents = residents_of(data)
        return plan_groups(
            residents, size=size, sessions=sessions, start=start, outreach=_outreach(data)
        )

    result = await compute(request, work)
    if format == "html":
        return Response(work_html(result, lang), media_type=_HTML)
    return result


@router.post("/evaluate", openapi_extra=EVALUATION_BODY)
async def evaluate(
    request: Request,
    sd_from_baseline: Annotated[
        bool, Query(description="The group's own baseline SD for the reliable change index.")
    ] = False,
) -> GroupEvaluation:
    """Evaluate a group: emotional, social and cognitive change per member, and retention."""
    raw = await read_body(request)

    def work() -> GroupEvaluation:
        data = parse_body(raw)
        if not isinstance(data, dict) or not {"before", "after"} <= set(data):
            raise CaseFileError(SOURCE, "the body must be a mapping with 'before' and 'after'")
        unknown = sorted(set(data) - {"before", "after", "sessions"})
        if unknown:
            raise UnknownCodeError("body", unknown, ["before", "after", "sessions"])
        return evaluate_group(
            residents_of(data["before"], "before"),
            residents_of(data["after"], "after"),
            records=_records(data.get("sessions") or ()),
            sd_from_baseline=sd_from_baseline,
        )

    return await compute(request, work)


def _outreach(data: object) -> Sequence[Approached]:
    """The people approached but not surveyed, as the residents file lists them."""
    listed = data.get("outreach") if isinstance(data, dict) else None
    try:
        return _OUTREACH.validate_python(listed or [])
    except ValidationError as exc:
        raise CaseValidationError(SOURCE, problems_of(exc, "outreach")) from None


def _records(data: object) -> Sequence[GroupSessionRecord]:
    try:
        return _SESSIONS.validate_python(data)
    except ValidationError as exc:
        raise CaseValidationError(SOURCE, problems_of(exc, "sessions")) from None


def _size(low: int, high: int, target: int) -> GroupSize:
    try:
        return GroupSize(min=low, max=high, target=target)
    except ValidationError:
        raise UnknownCodeError(
            "group size", f"{low}/{target}/{high}", ["2 <= min <= target <= max <= 30"]
        ) from None
