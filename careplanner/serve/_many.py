"""Endpoints for many cases: a batch of cases in JSON Lines, and synthetic cases.

A batch answers one JSON line per case line, in order: ``{"line": n, "result": {...}}`` or
``{"line": n, "problem": {...}}`` (a problem as the other endpoints give it); one bad line does
not spoil the others. The whole body stays under the service's body limit.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from careplanner.assess import AssessmentResult, assess_many
from careplanner.errors import CareplannerError
from careplanner.models import Case
from careplanner.rules import RulePack
from careplanner.serve._body import NDJSON_TYPES, Body, case_body, read_body
from careplanner.serve._casework import At, Pack, parse_at
from careplanner.serve._openapi import BATCH_BODY, PROBLEMS, raw_answer
from careplanner.serve._problems import ServiceError, from_careplanner
from careplanner.serve._work import compute, pack_named
from careplanner.synth import generate_cases

router = APIRouter(prefix="/v1", tags=["many cases"], responses=PROBLEMS)

#: Most cases one request may carry or ask for; larger batches belong to ``careplanner batch``.
MAX_CASES = 1000
_NDJSON = "application/x-ndjson"


@router.post("/batch", openapi_extra=BATCH_BODY, **raw_answer([_NDJSON]))
async def batch(request: Request, at: At = "latest", pack: Pack = None) -> Response:
    """Assess every case of a JSON Lines body; one line of result or problem per case."""
    raw, rules = await read_body(request, NDJSON_TYPES), pack_named(request, pack)
    lines = [Body(line, json=True) for line in raw.raw.split(b"\n")]
    if lines and not lines[-1].raw.strip():
        lines.pop()
    if len(lines) > MAX_CASES:
        raise ServiceError(
            413, "too-many-lines", "Too many lines", f"a batch may have at most {MAX_CASES} lines"
        )
    return Response(await compute(request, lambda: _batch(lines, at, rules)), media_type=_NDJSON)


def _batch(lines: list[Body], at: str, rules: RulePack | None) -> bytes:
    choice = parse_at(at)
    parsed: list[Case | CareplannerError] = []
    for line in lines:
        try:
            parsed.append(case_body(line))
        except CareplannerError as exc:
            parsed.append(exc)
    cases = [item for item in parsed if isinstance(item, Case)]
    results = iter(assess_many(cases, choice, pack=rules))
    out: list[bytes] = []
    for number, item in enumerate(parsed, start=1):
        answer = next(results) if isinstance(item, Case) else item
        out.append(_line(number, answer))
    return b"".join(out)


def _line(number: int, answer: AssessmentResult | CareplannerError) -> bytes:
    if isinstance(answer, CareplannerError):
        problem = from_careplanner(answer).model_dump(exclude_none=True)
        line = json.dumps({"line": number, "problem": problem}, ensure_ascii=False) + "\n"
        return line.encode()
    return b'{"line":%d,"result":%b}\n' % (number, answer.__pydantic_serializer__.to_json(answer))


@router.get("/synth", **raw_answer([_NDJSON]))
async def synth(
    request: Request,
    count: Annotated[int, Query(ge=1, le=MAX_CASES, description="How many cases.")],
    seed: Annotated[int, Query(description="The same seed gives the same cases.")] = 0,
    cohort: Annotated[
        str | None, Query(description="Only one cohort of the population model.")
    ] = None,
) -> Response:
    """Synthetic cases as JSON Lines, one case a line (as ``careplanner synth``)."""

    def work() -> bytes:
        cases = generate_cases(count, seed, cohort=cohort)
        return "".join(c.model_dump_json(exclude_defaults=True) + "\n" for c in cases).encode()

    return Response(await compute(request, work), media_type=_NDJSON)
