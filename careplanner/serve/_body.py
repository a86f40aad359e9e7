"""Request bodies: capped while they arrive, then parsed by careplanner's own document loader.

A body is counted as it streams in and refused (413) the moment it passes the limit, before
it is parsed; a declared ``Content-Length`` over the limit is refused without reading. The
text goes through `careplanner._load.parse_document`, the loader every case file goes
through, so every limit it sets holds here too.
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio
from starlette.requests import Request

from careplanner._load import case_from_data, parse_document
from careplanner.errors import CaseFileError
from careplanner.models import Case
from careplanner.serve._problems import ServiceError
from careplanner.serve._work import state_of

SOURCE = "request body"
JSON = "application/json"
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")
NDJSON_TYPES = ("application/x-ndjson", "application/jsonl")
#: What a document body (a case, residents) may be sent as.
DOCUMENT_TYPES = (JSON, *YAML_TYPES)
#: What a body holding FHIR resources may be sent as: FHIR's JSON or plain JSON.
FHIR_TYPES = ("application/fhir+json", JSON)


async def read_body(request: Request, allowed: tuple[str, ...] = DOCUMENT_TYPES) -> Body:
    """Return the body if its type is allowed and it fits the service's size and time limits.

    Raises
    ------
    ServiceError
        415 for another ``Content-Type``, 413 for a body over the size limit, 408 for one
        still arriving when the time limit passes.
    """
    config = state_of(request).config
    try:
        with anyio.fail_after(config.timeout_seconds):
            return await _receive(request, config.max_body_bytes, allowed)
    except TimeoutError:
        raise ServiceError(
            408,
            "body-timeout",
            "Request body too slow",
            f"the body did not arrive within the service's limit of {config.timeout_seconds:g} s",
        ) from None


async def _receive(request: Request, limit: int, allowed: tuple[str, ...]) -> Body:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in allowed:
        raise ServiceError(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"'Content-Type' must be one of {sorted(allowed)}",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return Body(b"".join(chunks), json=media in (JSON, *NDJSON_TYPES, *FHIR_TYPES))


@dataclass(frozen=True)
class Body:
    """A request body as received, and whether its media type says JSON."""

    raw: bytes
    json: bool


def parse_body(body: Body) -> object:
    """Decode and parse a JSON or YAML body with the case-file loader.

    Raises
    ------
    CaseFileError
        The body is empty, not UTF-8, not JSON/YAML, or nested too deeply.
    """
    try:
        text = body.raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError(SOURCE, f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise CaseFileError(SOURCE, "the request body is empty; send the document as JSON or YAML")
    try:  # the loader reads a source named *.json as JSON, anything else by its first character
        return parse_document(text, f"{SOURCE}.json" if body.json else SOURCE)
    except RecursionError:
        raise CaseFileError(SOURCE, "nested too deeply to be a careplanner document") from None


def case_body(body: Body) -> Case:
    """Parse and validate a body holding one case."""
    return case_from_data(parse_body(body), SOURCE)


def _too_large(limit: int) -> ServiceError:
    return ServiceError(
        413,
        "too-large",
        "Request body too large",
        f"the request body may have at most {limit} bytes",
    )
