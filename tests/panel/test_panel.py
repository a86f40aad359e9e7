"""The client panel: synthetic clients and what a social worker expects careplanner to say.

Each file in ``cases/`` is one client in the case format; the file of the same name in
``expected/`` says, in YAML a worker can read and edit, which needs must be flagged (and how
severe), which must not, how the plan opens, which interventions it must and must not hold,
whether the case is a safety case, and why (README.md lists every key). An expected file may
hold several YAML documents, one per assessment checked.

A failure names the client, the expectation and its reason, and lists every expectation the
client misses, not only the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import careplanner
from careplanner.plan import load_catalogue

PANEL = Path(__file__).parent
CASES = PANEL / "cases"
EXPECTED = PANEL / "expected"
VOCABULARY: dict[str, list[str]] = yaml.safe_load((PANEL / "vocabulary.yaml").read_text("utf-8"))

#: Expectation key -> the vocabulary its ids come from (None: a single value, not ids).
EXPECTATIONS: dict[str, str | None] = {
    "needs": "needs",
    "not_flagged": "needs",
    "first_stages": "stages",
    "stage_order": "stages",
    "interventions": "interventions",
    "absent_interventions": "interventions",
    "safety": None,
    "plan_never_mentions": None,
    "closure_ready": None,
}
#: Keys of one document of an expected file; ``description`` only in the first.
DOCUMENT_KEYS = {"description", "at", "expect", "why"}
#: Languages of the plan's texts searched by ``plan_never_mentions``.
TEXT_LANGUAGES = ("en", "zh-CN")


@dataclass(frozen=True)
class Check:
    """One document of an expected file: what one assessment of one client should give."""

    name: str
    case: Path
    at: str | int
    expect: dict[str, Any]
    why: dict[str, str]


@dataclass(frozen=True)
class Observed:
    """What careplanner said about one assessment, reduced to what the panel checks."""

    needs: dict[str, str]
    stages: list[str]
    interventions: set[str]
    safety: bool
    texts: list[str]
    closure_ready: bool | None


def load_checks() -> list[Check]:
    """Every document of every expected file, named ``<file stem>`` or ``<stem>@<at>``."""
    checks = []
    for path in sorted(EXPECTED.glob("*.yaml")):
        documents = list(yaml.safe_load_all(path.read_text("utf-8")))
        for document in documents:
            at = document.get("at", "latest")
            name = path.stem if len(documents) == 1 else f"{path.stem}@{at}"
            checks.append(
                Check(
                    name=name,
                    case=CASES / path.name,
                    at=at,
                    expect=document.get("expect") or {},
                    why=document.get("why") or {},
                )
            )
    return checks


CHECKS = load_checks()


def expectation_items(expect: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each expectation as (key, id): ``("needs", "loneliness")``, ``("safety", "safety")``."""
    for key, value in expect.items():
        if EXPECTATIONS.get(key) is None or key in ("first_stages", "stage_order"):
            yield key, key
        else:
            yield from ((key, item) for item in value)


def shape_problems(check: Check) -> list[str]:
    """What is wrong with an expected document itself: unknown keys or ids, missing reasons."""
    problems = [f"unknown expectation {key!r}" for key in check.expect if key not in EXPECTATIONS]
    for key, kind in EXPECTATIONS.items():
        if kind is not None and key in check.expect:
            problems += [
                f"{key}: unknown id {item!r}; known: {VOCABULARY[kind]}"
                for item in check.expect[key]
                if item not in VOCABULARY[kind]
            ]
    for need, severity in (check.expect.get("needs") or {}).items():
        allowed = [severity] if isinstance(severity, str) else severity
        problems += [
            f"needs.{need}: severity {s!r} must be 'any' or one of {VOCABULARY['severities']}"
            for s in allowed
            if s != "any" and s not in VOCABULARY["severities"]
        ]
    both = set(check.expect.get("needs") or {}) & set(check.expect.get("not_flagged") or [])
    both |= set(check.expect.get("interventions") or []) & set(
        check.expect.get("absent_interventions") or []
    )
    problems += [f"{item!r} is expected both present and absent" for item in sorted(both)]
    problems += [
        f"{key}: {item} has no 'why'"
        for key, item in expectation_items(check.expect)
        if not check.why.get(item)
    ]
    if "closure_ready" in check.expect and check.at == "intake":
        problems.append("closure_ready needs a later assessment than the intake ('at')")
    if not check.case.exists():
        problems.append(f"no case file {check.case.name} in cases/")
    return problems


def observe(check: Check) -> Observed:
    """Assess the client at the check's assessment (and re-assess when closure is checked)."""
    case = careplanner.load_case(check.case)
    result = careplanner.assess(case, check.at)
    plan = result.plan
    closure = None
    if "closure_ready" in check.expect:
        closure = careplanner.reassess(case, "intake", check.at).closure.ready
    return Observed(
        needs={need.id: need.severity for need in result.findings.needs},
        stages=[stage.id for stage in plan.stages],
        interventions={i.id for stage in plan.stages for i in stage.interventions},
        safety=result.safety,
        texts=list(_texts(plan.model_dump(mode="json", exclude={"request", "catalogue"}))),
        closure_ready=closure,
    )


def _texts(value: object) -> Iterator[str]:
    """Every worded text in a dumped plan: the values of its ``{"en": ..., "zh-CN": ...}``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_LANGUAGES and isinstance(item, str):
                yield item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def misses(check: Check, seen: Observed) -> list[tuple[str, str, str]]:
    """Every expectation the client misses, as (expectation, item, what was found)."""
    expect, found = check.expect, []
    for need, severity in (expect.get("needs") or {}).items():
        allowed = [severity] if isinstance(severity, str) else list(severity)
        if need not in seen.needs:
            found.append(("needs", need, f"expected flagged ({'/'.join(allowed)}), not flagged"))
        elif "any" not in allowed and seen.needs[need] not in allowed:
            found.append(("needs", need, f"expected {'/'.join(allowed)}, got {seen.needs[need]}"))
    found += [
        ("not_flagged", need, f"flagged ({seen.needs[need]}) but must not be")
        for need in expect.get("not_flagged") or []
        if need in seen.needs
    ]
    found += _stage_misses(expect, seen.stages)
    found += [
        ("interventions", i, "not in the plan")
        for i in expect.get("interventions") or []
        if i not in seen.interventions
    ]
    found += [
        ("absent_interventions", i, "in the plan but must not be")
        for i in expect.get("absent_interventions") or []
        if i in seen.interventions
    ]
    if "safety" in expect and seen.safety is not expect["safety"]:
        found.append(("safety", "safety", f"expected {expect['safety']}, got {seen.safety}"))
    hits = {
        f"{word!r} in {text!r}": None
        for word in expect.get("plan_never_mentions") or []
        for text in seen.texts
        if word.lower() in text.lower()
    }
    if hits:
        found.append(("plan_never_mentions", "plan_never_mentions", "; ".join(hits)))
    if "closure_ready" in expect and seen.closure_ready is not expect["closure_ready"]:
        found.append(
            (
                "closure_ready",
                "closure_ready",
                f"expected {expect['closure_ready']}, got {seen.closure_ready}",
            )
        )
    return found


def _stage_misses(expect: dict[str, Any], stages: list[str]) -> list[tuple[str, str, str]]:
    found = []
    if "first_stages" in expect:
        first = list(expect["first_stages"])
        # An empty list means no plan at all: nothing to open with.
        wanted = stages[: len(first)] if first else stages
        if wanted != first:
            found.append(("first_stages", "first_stages", f"expected {first}, got {stages}"))
    if "stage_order" in expect:
        order = list(expect["stage_order"])
        present = [stage for stage in stages if stage in order]
        if present != order:
            found.append(("stage_order", "stage_order", f"expected {order} in order, got {stages}"))
    return found


def report(check: Check, found: list[tuple[str, str, str]]) -> str:
    """The failure message: the client, each missed expectation, what was found, and why."""
    lines = [f"panel client {check.name} (at {check.at}) misses {len(found)} expectation(s):"]
    for key, item, what in found:
        label = key if item == key else f"{key}.{item}"
        lines += [f"  - {label}: {what}", f"      why: {check.why.get(item, '?')}"]
    return "\n".join(lines)


@pytest.mark.parametrize("check", CHECKS, ids=[check.name for check in CHECKS])
def test_panel_client_gets_what_a_worker_expects(check: Check) -> None:
    problems = shape_problems(check)
    assert not problems, f"expected/{check.case.name}: " + "; ".join(problems)
    try:
        seen = observe(check)
    except careplanner.CareplannerError as exc:
        pytest.fail(f"panel client {check.name} (at {check.at}) could not be assessed: {exc}")
    found = misses(check, seen)
    assert not found, report(check, found)


def test_panel_pairs_every_case_with_its_expectations() -> None:
    cases = {path.name for path in CASES.glob("*.yaml")}
    expected = {path.name for path in EXPECTED.glob("*.yaml")}
    assert cases == expected, f"unpaired: {sorted(cases ^ expected)}"
    assert len(cases) >= 24


def test_panel_first_documents_describe_the_client() -> None:
    missing = [
        path.name
        for path in sorted(EXPECTED.glob("*.yaml"))
        if not next(yaml.safe_load_all(path.read_text("utf-8"))).get("description")
    ]
    unknown = [
        f"{path.name}: {sorted(set(document) - DOCUMENT_KEYS)}"
        for path in sorted(EXPECTED.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text("utf-8"))
        if set(document) - DOCUMENT_KEYS
    ]
    assert not missing, f"no description: {missing}"
    assert not unknown, f"unknown keys: {unknown}"


def test_panel_vocabulary_is_known_to_careplanner() -> None:
    pack = careplanner.default_pack()
    stages = load_catalogue().stages
    known = {
        "needs": set(pack.needs),
        "stages": {stage.id for stage in stages.stages},
        "interventions": {entry.id for entry in stages.interventions},
    }
    unknown = {
        kind: sorted(set(VOCABULARY[kind]) - known[kind])
        for kind in known
        if set(VOCABULARY[kind]) - known[kind]
    }
    assert not unknown, f"ids the panel uses that careplanner does not define: {unknown}"
