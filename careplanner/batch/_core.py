"""The per-line work of a batch, shared by every runner so their outputs are identical.

A chunk of raw lines goes in; out come the result lines, the errors (with the line's place in
the chunk) and a tally of needs, severities and stages. A worker process installs the
evaluation function once (`install`), then runs chunks with `run_installed`.

Error records say where and why, never what: a line of a case file holds personal data, so
no part of it is ever copied into an error (only JSON syntax messages, which carry positions,
and validation problems, which name fields -- see `careplanner.errors`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Protocol

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import parse_json
from careplanner._load import MAX_CASE_BYTES, case_from_data
from careplanner._signals import text_signal
from careplanner.batch._gc import chunk_collections
from careplanner.errors import (
    SAFETY_SUFFIX,
    CareplannerError,
    CaseValidationError,
    DataFileError,
)
from careplanner.models import Case


class _Need(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...


class _Findings(Protocol):
    @property
    def needs(self) -> Sequence[_Need]: ...


class _Stage(Protocol):
    @property
    def id(self) -> str: ...


class _Plan(Protocol):
    @property
    def stages(self) -> Sequence[_Stage]: ...


class Assessed(Protocol):
    """What a batch needs of a result: its JSON, its needs and its plan's stages."""

    @property
    def findings(self) -> _Findings: ...
    @property
    def plan(self) -> _Plan: ...
    def model_dump_json(self) -> str: ...


#: The evaluation a batch runs on every case; `careplanner.assess` by default.
Evaluate = Callable[[Case], Assessed]
#: Many cases at once -> a result or an error each, in order (`careplanner.assess_many`).
EvaluateMany = Callable[[Sequence[Case]], Sequence["Assessed | CareplannerError"]]


@dataclass(frozen=True)
class Evaluator:
    """What a worker runs: a per-case evaluation and, when it has one, its batched twin.

    The twin (`careplanner.assess_many` for `careplanner.assess`) shares one rules session
    among a chunk's clients, which is what makes a batch fast; the per-case function is the
    fallback that isolates a case whose evaluation raises an unexpected error.
    """

    one: Evaluate
    many: EvaluateMany | None = None
    #: Writes one result as JSON bytes: in full (`json_bytes`) or, for ``detail="compact"``,
    #: `careplanner.result_json` on the evaluation's content.
    write: Callable[[Assessed], bytes] | None = None


@dataclass(frozen=True)
class RecordError:
    """Why one line was not assessed: a kind, a message, and the problems of an invalid case."""

    kind: str
    message: str
    problems: tuple[str, ...] = ()
    safety_signal: bool = False


@dataclass
class Tally:
    """Cases per need, flagged needs per severity, cases per plan stage."""

    needs: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)

    def add(self, results: Sequence[Assessed]) -> None:
        """Count `results` (a chunk's at once: each count's update has its own cost)."""
        needs = [{need.id: need.severity for need in r.findings.needs} for r in results]
        self.needs.update(chain.from_iterable(needs))
        self.severities.update(chain.from_iterable(n.values() for n in needs))
        self.stages.update(chain.from_iterable({s.id for s in r.plan.stages} for r in results))

    def merge(self, other: Tally) -> None:
        self.needs += other.needs
        self.severities += other.severities
        self.stages += other.stages


@dataclass
class ChunkOutcome:
    """What one chunk gives: results and errors by position in the chunk, and a tally.

    Results are UTF-8 JSON bytes, not text: a worker sends them to the writing process, and
    pickling ~40 KB of mostly Chinese text costs about four times as much as the same bytes.
    """

    lines: int
    results: list[tuple[int, bytes]] = field(default_factory=list)
    errors: list[tuple[int, RecordError]] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


def _case(raw: bytes) -> Case | RecordError:
    line = raw.removesuffix(b"\n").removesuffix(b"\r")
    if not line.strip():
        return RecordError("empty", "the line is empty; one case per line")
    if len(line) > MAX_CASE_BYTES:
        return RecordError("too_large", f"longer than the {MAX_CASE_BYTES} bytes a case may have")
    try:  # a valid line in one pass; anything else is judged below, with its precise reason
        return Case.model_validate_json(line)
    except ValidationError:
        pass
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RecordError("not_utf8", f"not UTF-8 text (byte {exc.start})")
    try:
        data = parse_json(text, "line")
    except DataFileError as exc:  # bad syntax, too deep, a repeated key, NaN
        signal = text_signal(line)
        return RecordError("not_json", _flagged(exc.reason, signal), safety_signal=signal)
    try:
        return case_from_data(data, "line")
    except CaseValidationError as exc:
        problems = tuple(str(p) for p in exc.problems)
        noun = "problem" if len(problems) == 1 else "problems"
        message = _flagged(f"not a valid case ({len(problems)} {noun})", exc.safety_signal)
        return RecordError("invalid_case", message, problems, exc.safety_signal)
    except CareplannerError as exc:  # not a mapping
        return RecordError("invalid_case", str(exc))


def _flagged(message: str, signal: bool) -> str:
    return message + SAFETY_SUFFIX if signal else message


def evaluate_chunk(lines: Sequence[bytes], evaluator: Evaluator) -> ChunkOutcome:
    """Validate and evaluate each raw line; a bad line becomes a `RecordError`, never a stop.

    Valid cases are evaluated together (`Evaluator.many`) when the evaluation has a batched
    twin. An exception that is not a `CareplannerError` is a careplanner bug: the chunk is then
    evaluated case by case, so the error stays with its case, recorded as ``internal_error``
    with its type only, since its message might quote the case.
    """
    with chunk_collections():
        return _evaluate_lines(lines, evaluator)


def _evaluate_lines(lines: Sequence[bytes], evaluator: Evaluator) -> ChunkOutcome:
    outcome = ChunkOutcome(lines=len(lines))
    positions: list[int] = []
    cases: list[Case] = []
    for position, raw in enumerate(lines):
        case = _case(raw)
        if isinstance(case, RecordError):
            outcome.errors.append((position, case))
        else:
            positions.append(position)
            cases.append(case)
    write = evaluator.write or json_bytes
    assessed: list[Assessed] = []
    for position, result in zip(positions, _evaluate_all(cases, evaluator), strict=True):
        if isinstance(result, RecordError):
            outcome.errors.append((position, result))
        else:
            outcome.results.append((position, write(result)))
            assessed.append(result)
    outcome.tally.add(assessed)
    outcome.errors.sort(key=lambda error: error[0])
    return outcome


def json_bytes(result: Assessed) -> bytes:
    """The result's JSON as UTF-8 bytes, the same as ``result.model_dump_json().encode()``.

    A pydantic model is serialised straight to bytes by pydantic-core, without the text that
    ``model_dump_json`` decodes them into and the batch would encode again.
    """
    if isinstance(result, BaseModel):
        return result.__pydantic_serializer__.to_json(result)
    return result.model_dump_json().encode()


def _evaluate_all(cases: list[Case], evaluator: Evaluator) -> list[Assessed | RecordError]:
    if evaluator.many is not None and cases:
        try:
            results = evaluator.many(cases)
        except Exception:  # a bug somewhere in the chunk: find its case below
            pass
        else:
            return [
                _evaluation_failed(r) if isinstance(r, CareplannerError) else r for r in results
            ]
    return [_evaluate_one(case, evaluator.one) for case in cases]


def _evaluate_one(case: Case, evaluate: Evaluate) -> Assessed | RecordError:
    try:
        return evaluate(case)
    except CareplannerError as exc:
        return _evaluation_failed(exc)
    except Exception as exc:
        return RecordError(
            "internal_error", f"{type(exc).__name__} while evaluating (message withheld)"
        )


def _evaluation_failed(exc: CareplannerError) -> RecordError:
    # careplanner's messages name rules and fields, never values, so they may be kept
    return RecordError("evaluation_failed", str(exc))


_installed: list[Evaluator] = []


def install(evaluator: Evaluator) -> None:
    """Keep the evaluation for this process: run once per worker, when it starts."""
    _installed[:] = [evaluator]


def run_installed(lines: Sequence[bytes]) -> ChunkOutcome:
    """Evaluate a chunk with the evaluation `install` kept in this process."""
    if not _installed:
        raise CareplannerError("no evaluation installed in this worker process")
    return evaluate_chunk(lines, _installed[0])
