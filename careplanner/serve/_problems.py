"""Errors as ``application/problem+json`` (RFC 9457), with the CLI's field paths and values.

Every answer that is not a success is one problem object: ``type`` (a URN naming the kind),
``title``, ``status``, ``detail`` and, where they apply, ``field`` and ``allowed`` (a value
outside a closed set) or ``problems`` (every problem of an invalid case, each with its
``location`` and ``message``). A problem never repeats what the client sent.

References
----------
.. [1] Nottingham M., Wilde E., Dalal S. "Problem Details for HTTP APIs". RFC 9457, IETF,
   July 2023.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from careplanner.errors import (
    CareplannerError,
    CaseFileError,
    CaseValidationError,
    UnknownCodeError,
)

MEDIA_TYPE = "application/problem+json"
_URN = "urn:careplanner:problem:"
_HTTP = {404: ("not-found", "Not found"), 405: ("method-not-allowed", "Method not allowed")}


class ProblemItem(BaseModel):
    """One problem of an invalid document: where (a dotted path) and what is wrong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    location: str
    message: str


class ProblemDetails(BaseModel):
    """An error answer (RFC 9457)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    allowed: list[str] | None = None
    problems: list[ProblemItem] | None = None


class ServiceError(Exception):
    """A request the service refuses before careplanner sees it (size, type, token, time)."""

    def __init__(self, status: int, kind: str, title: str, detail: str) -> None:
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        super().__init__(detail)


def problem(details: ProblemDetails, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The HTTP answer carrying `details`."""
    body = details.model_dump(exclude_none=True)
    return JSONResponse(body, details.status, headers=headers, media_type=MEDIA_TYPE)


def from_careplanner(exc: CareplannerError) -> ProblemDetails:
    """Turn a careplanner error into a problem, keeping its field paths, never the value."""
    if isinstance(exc, CaseValidationError):
        items = [ProblemItem(location=p.location, message=p.message) for p in exc.problems]
        count = len(items)
        noun = "problem" if count == 1 else "problems"
        detail = f"the document breaks its model ({count} {noun})"
        return _details(422, "invalid-case", "Invalid document", detail, problems=items)
    if isinstance(exc, UnknownCodeError):
        detail = f"{exc.field!r} must be one of {exc.allowed}"
        return _details(
            422, "unknown-code", "Value not allowed", detail, field=exc.field, allowed=exc.allowed
        )
    if isinstance(exc, CaseFileError):
        return _details(400, "unreadable-body", "Unreadable request body", exc.reason)
    kind = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower().removesuffix("-error")
    return _details(422, kind, "Cannot be done as asked", str(exc))


def from_request_validation(exc: RequestValidationError) -> ProblemDetails:
    """Turn FastAPI's check of query and path parameters into a problem with the allowed values."""
    errors: Sequence[Any] = exc.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"])
    expected = first.get("ctx", {}).get("expected")
    if expected is not None:
        allowed = [part.strip(" '") for part in str(expected).replace(" or ", ",").split(",")]
        detail = f"{where!r} must be one of {allowed}"
        return _details(400, "unknown-code", "Value not allowed", detail, where, allowed)
    items = [
        ProblemItem(location=".".join(str(p) for p in e["loc"]), message=e["msg"]) for e in errors
    ]
    detail = f"{where}: {first['msg']}"
    return _details(400, "bad-parameter", "Bad parameter", detail, where, problems=items)


def from_http(exc: HTTPException) -> ProblemDetails:
    """Turn Starlette's 404, 405 and the like into a problem."""
    kind, title = _HTTP.get(exc.status_code, ("http-error", "HTTP error"))
    return _details(exc.status_code, kind, title, str(exc.detail))


def from_service(exc: ServiceError) -> ProblemDetails:
    """Turn a refusal of the service itself into a problem."""
    return _details(exc.status, exc.kind, exc.title, exc.detail)


def internal() -> ProblemDetails:
    """The problem for an unexpected failure: nothing of it reaches the client."""
    return _details(
        500, "internal-error", "Internal error", "careplanner failed unexpectedly; nothing was kept"
    )


def install(app: FastAPI) -> None:
    """Answer every known kind of error on `app` with a problem."""

    async def careplanner_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, CareplannerError)
        return problem(from_careplanner(exc))

    async def request_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(from_request_validation(exc))

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return problem(from_http(exc), headers=exc.headers)

    async def service_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        return problem(from_service(exc))

    app.add_exception_handler(CareplannerError, careplanner_error)
    app.add_exception_handler(RequestValidationError, request_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(ServiceError, service_error)


def _details(
    status: int,
    kind: str,
    title: str,
    detail: str,
    field: str | None = None,
    allowed: list[str] | None = None,
    problems: list[ProblemItem] | None = None,
) -> ProblemDetails:
    return ProblemDetails(
        type=_URN + kind,
        title=title,
        status=status,
        detail=detail,
        field=field,
        allowed=allowed,
        problems=problems,
    )
