"""What if an answer were different? Re-run an assessment with changed answers, show the change.

Trainers use it to show how the assessment logic reacts ("at SSRS item 3 = 4, is low support
still flagged?"); workers use it to see which answers a plan hangs on. A change is written
``<scale>.item<id>=<answer>`` (``ssrs.item3=4``, ``gds15.item1=yes``) or
``obs.<field>=<value>`` (``obs.outings_per_week=3``, ``obs.self_blame=false``). The changed
case is validated like any case, so an answer the scale does not allow is refused with the
allowed values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from careplanner._load import case_from_data
from careplanner.assess import AssessmentChoice, AssessmentResult, assess, pick_assessment
from careplanner.errors import UnknownCodeError
from careplanner.models import Case, Observations
from careplanner.rules import EngineChoice, RulePack, resolve_engine

if TYPE_CHECKING:
    from careplanner._content._content import Content

_CHANGE = re.compile(r"^(?P<scope>[a-z0-9_]+)\.(?:item)?(?P<key>[a-z0-9_]+)=(?P<value>.*)$")
_OBSERVATIONS = sorted(Observations.model_fields)


class NeedChange(BaseModel):
    """A need whose flag or severity differs between the two runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    before: str | None
    after: str | None


class WhatIf(BaseModel):
    """The result before and after the changes, and what changed in needs and plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    changes: tuple[str, ...]
    before: AssessmentResult
    after: AssessmentResult
    needs: tuple[NeedChange, ...]
    stages_added: tuple[str, ...]
    stages_removed: tuple[str, ...]


def what_if(
    case: Case,
    changes: Iterable[str],
    at: AssessmentChoice = "latest",
    *,
    pack: RulePack | None = None,
    engine: EngineChoice | None = None,
    content: Content | None = None,
) -> WhatIf:
    """Assess `case` as it is and with `changes` applied to one assessment; compare.

    `pack`, `engine` and `content` are as for `careplanner.assess`; both assessments use the
    same engine.

    Examples
    --------
    >>> from careplanner import load_case
    >>> case = load_case("example:living-alone-crisis")
    >>> changed = what_if(case, ["phq9.item9=0", "obs.suicidal_ideation=false"])
    >>> [(n.id, n.before, n.after) for n in changed.needs if n.id == "suicide_risk"]
    [('suicide_risk', 'high', None)]
    """
    changes = tuple(changes)
    index = pick_assessment(case, at)
    data = case.model_dump(mode="json")
    for change in changes:
        _apply(data["assessments"][index], change)
    changed = case_from_data(data, "the changed case")
    kind = resolve_engine(engine)
    before = assess(case, index, pack=pack, engine=kind, content=content)
    after = assess(changed, index, pack=pack, engine=kind, content=content)
    return what_changed(before, after, changes)


def what_changed(
    before: AssessmentResult, after: AssessmentResult, changes: Iterable[str] = ()
) -> WhatIf:
    """Compare two results of one assessment: needs whose flag or severity moved, stages.

    `changes` says what was changed to get `after`, in the notation of `what_if`; the
    workbench page (``careplanner serve``) compares a case as it was opened with the case on
    screen, ties included, this way.

    Examples
    --------
    >>> from careplanner import assess, load_case
    >>> result = assess(load_case("example:shidu-mother"), "intake")
    >>> what_changed(result, result).needs
    ()
    """
    return WhatIf(
        changes=tuple(changes),
        before=before,
        after=after,
        needs=_need_changes(before, after),
        stages_added=tuple(s for s in after.plan.stage_ids if s not in before.plan.stage_ids),
        stages_removed=tuple(s for s in before.plan.stage_ids if s not in after.plan.stage_ids),
    )


def _apply(assessment: dict[str, Any], change: str) -> None:
    match = _CHANGE.match(change.strip())
    if match is None:
        raise UnknownCodeError(
            "change", change, ["<scale>.item<id>=<answer>", "obs.<field>=<value>"]
        )
    scope, key, value = match["scope"], match["key"], match["value"].strip()
    if scope == "obs":
        if key not in _OBSERVATIONS:
            raise UnknownCodeError("observation", key, _OBSERVATIONS)
        assessment["observations"][key] = _literal(value)
        return
    assessment["scales"].setdefault(scope, {})[key] = _literal(value)


def _literal(text: str) -> int | bool | str | None:
    """Read a value as written on the command line: null, true/false, an integer, or text."""
    lowered = text.lower()
    if lowered in {"null", "none", ""}:
        return None
    if lowered in {"true", "false"}:
        return lowered == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def _need_changes(before: AssessmentResult, after: AssessmentResult) -> tuple[NeedChange, ...]:
    old = {n.id: n.severity for n in before.findings.needs}
    new = {n.id: n.severity for n in after.findings.needs}
    ids = [*old, *(i for i in new if i not in old)]
    return tuple(
        NeedChange(id=i, before=old.get(i), after=new.get(i))
        for i in ids
        if old.get(i) != new.get(i)
    )
