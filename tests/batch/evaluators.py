"""Tiny evaluation functions for batch tests; module-level so worker processes import them.

`tiny` mimics the shape of `careplanner.assess`'s result (findings.needs with id and severity,
plan.stages with id) from two observations. `per_process` also reports which process ran it
and how often that process built its "engine", to show per-process state is built once.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Sequence

from pydantic import BaseModel

from careplanner.errors import CareplannerError, RuleError
from careplanner.models import Case


class Need(BaseModel):
    id: str
    severity: str


class Findings(BaseModel):
    needs: tuple[Need, ...]


class Stage(BaseModel):
    id: str


class Plan(BaseModel):
    stages: tuple[Stage, ...]


class Result(BaseModel):
    client: str
    findings: Findings
    plan: Plan
    pid: int = 0
    builds: int = 0


def tiny(case: Case) -> Result:
    """Safety (high) for suicidal ideation, isolation (low) for living alone."""
    observed = case.latest.observations
    needs = []
    if observed.suicidal_ideation:
        needs.append(Need(id="safety", severity="high"))
    if case.client.living_arrangement == "alone":
        needs.append(Need(id="isolation", severity="low"))
    stages = ("crisis", "engage") if observed.suicidal_ideation else ("engage",)
    return Result(
        client=case.client.id,
        findings=Findings(needs=tuple(needs)),
        plan=Plan(stages=tuple(Stage(id=s) for s in stages)),
    )


_builds: list[int] = []


@functools.cache
def _engine() -> int:
    """Stands for compiling a rule pack: counted each time this process does it."""
    _builds.append(os.getpid())
    return len(_builds)


def per_process(case: Case) -> Result:
    """`tiny`, plus the process id and how many times this process built its engine."""
    return tiny(case).model_copy(update={"pid": os.getpid(), "builds": _engine()})


def refusing(case: Case) -> Result:
    """Refuses clients whose id ends in 3, as the rules engine refuses an out-of-range fact."""
    if case.client.id.endswith("3"):
        raise RuleError("rule 'r1': fact 'phq9.total' must be an int in 0..27")
    return tiny(case)


def crashing(case: Case) -> Result:
    """A bug whose message quotes the case, as a careless KeyError would."""
    raise KeyError(f"no contact for client {case.client.id} named Zhang Wei")


def refusing_many(cases: Sequence[Case]) -> list[Result | CareplannerError]:
    """`refusing` as a batched twin: the refusal is returned in its case's place."""
    results: list[Result | CareplannerError] = []
    for case in cases:
        try:
            results.append(refusing(case))
        except CareplannerError as exc:
            results.append(exc)
    return results


def broken_many(cases: Sequence[Case]) -> list[Result]:
    """A batched twin with a bug that the chunk as a whole runs into."""
    raise KeyError(f"no contact for client {cases[0].client.id} named Zhang Wei")


def slow(case: Case) -> Result:
    """`tiny`, taking 4 ms a case: a batch lasts long enough to be stopped half-way."""
    time.sleep(0.004)
    return tiny(case)
