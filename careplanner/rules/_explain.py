"""Explanations: for every need, which rules fired or why not, and what single change flips it.

The findings come from durable-rules (`evaluate`); the "why not" and the counterfactual
search use the reference evaluator, which gives identical findings (tested). A counterfactual
changes one fact at a time to the nearest value across a threshold and re-evaluates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Literal

from careplanner._content._vocab import FactValue, Frozen, Text
from careplanner.rules import _text
from careplanner.rules._catalogue import FactSpec
from careplanner.rules._compiled import CompiledPack, CompiledRule, Leaf, compile_pack
from careplanner.rules._evaluate import evaluate
from careplanner.rules._load import active_pack
from careplanner.rules._pack import RulePack
from careplanner.rules._reference import run_reference
from careplanner.rules._results import Findings

ChangeKind = Literal["at_least", "at_most", "exactly", "below", "above", "is"]


class RuleCheck(Frozen):
    """One rule of a need: whether it fired and, if not, each condition that did not hold."""

    rule: str
    fired: bool
    reasons: tuple[Text, ...]
    not_assessed: tuple[str, ...]


class CounterfactualChange(Frozen):
    """A change of one fact that alone would flip a need (clear it, or flag it)."""

    fact: str
    current: FactValue
    kind: ChangeKind
    target: FactValue
    text: Text


class Counterfactual(Frozen):
    """The smallest single-fact changes that flip a need, nearest first.

    `safety_locked` marks a flagged safety need: it cannot be cleared by improving other
    facts, and no change is offered.
    """

    need: str
    flagged: bool
    safety_locked: bool
    changes: tuple[CounterfactualChange, ...]
    not_assessed: tuple[str, ...]
    note: Text


class NeedExplanation(Frozen):
    """Why a need is or is not flagged."""

    need: str
    flagged: bool
    rules: tuple[RuleCheck, ...]
    counterfactual: Counterfactual


class Explanation(Frozen):
    """Findings with an explanation of every need of the pack, in pack order."""

    findings: Findings
    needs: tuple[NeedExplanation, ...]


def explain(facts: Mapping[str, FactValue], pack: RulePack | None = None) -> Explanation:
    """Evaluate `facts` and explain every need: rules fired or not, and counterfactuals.

    Parameters
    ----------
    facts : mapping of str to int, float or bool
        One client's facts; absent = not assessed.
    pack : RulePack, optional
        The rule pack; the default pack when omitted.

    Returns
    -------
    Explanation

    Raises
    ------
    UnknownCodeError, RuleError
        As `careplanner.rules.evaluate`.

    Examples
    --------
    >>> why = explain({"ssrs.total": 21})
    >>> support = next(n for n in why.needs if n.need == "low_social_support")
    >>> support.counterfactual.changes[0].text["en"]
    'SSRS total 21; at 32 or more this need is not flagged'
    """
    pack = pack or active_pack()
    findings = evaluate(facts, pack)
    compiled = compile_pack(pack)
    values = compiled.check(facts)
    run = run_reference(compiled, values)
    needs = tuple(
        _explain_need(compiled, values, need.id, run.flagged)
        for need in sorted(compiled.needs, key=lambda n: n.index)
    )
    return Explanation(findings=findings, needs=needs)


def _explain_need(
    compiled: CompiledPack,
    values: Mapping[str, FactValue],
    need_id: str,
    flagged: Mapping[str, tuple[CompiledRule, ...]],
) -> NeedExplanation:
    fired = flagged.get(need_id, ())
    checks = tuple(
        _check(rule, values, flagged, rule in fired) for rule in compiled.need(need_id).rules
    )
    counterfactual = _counterfactual(compiled, values, need_id, bool(fired))
    return NeedExplanation(
        need=need_id, flagged=bool(fired), rules=checks, counterfactual=counterfactual
    )


def _check(
    rule: CompiledRule,
    values: Mapping[str, FactValue],
    flagged: Mapping[str, object],
    fired: bool,
) -> RuleCheck:
    reasons: list[Text] = []
    if not fired:
        failing = [leaf for leaf in rule.all if not leaf.holds(values, flagged)]
        if rule.any and not any(leaf.holds(values, flagged) for leaf in rule.any):
            failing += rule.any
        reasons = [_text.unmet(leaf, values.get(leaf.key)) for leaf in failing]
    leaves = (*rule.all, *rule.any)
    missing = [leaf.fact.name for leaf in leaves if leaf.fact and leaf.key not in values]
    return RuleCheck(
        rule=rule.id,
        fired=fired,
        reasons=tuple(reasons),
        not_assessed=tuple(dict.fromkeys(missing)),
    )


def _counterfactual(
    compiled: CompiledPack, values: Mapping[str, FactValue], need_id: str, flagged: bool
) -> Counterfactual:
    specs = _facts_of(compiled, need_id)
    missing = tuple(spec.name for spec in specs if compiled.keys[spec.name] not in values)
    if flagged and compiled.need(need_id).safety:
        triggers = ", ".join(spec.name for spec in specs)
        note = _text.note("safety_locked", triggers=triggers)
        return Counterfactual(
            need=need_id,
            flagged=True,
            safety_locked=True,
            changes=(),
            not_assessed=missing,
            note=note,
        )
    changes = [c for spec in specs if (c := _nearest(compiled, values, need_id, flagged, spec))]
    changes.sort(key=lambda c: _distance(compiled.specs[c.fact], c))
    return Counterfactual(
        need=need_id,
        flagged=flagged,
        safety_locked=False,
        changes=tuple(changes),
        not_assessed=missing,
        note=_note(flagged, bool(changes)),
    )


def _note(flagged: bool, found: bool) -> Text:
    name = ("flagged" if flagged else "unflagged") + ("_changes" if found else "_no_change")
    return _text.note(name)


def _facts_of(compiled: CompiledPack, need_id: str) -> list[FactSpec]:
    """The facts a need's rules read, directly or through the needs they wait for."""
    names: dict[str, None] = {}
    for leaf in _leaves(compiled, need_id, set()):
        if leaf.fact is not None:
            names.setdefault(leaf.fact.name)
    return [compiled.specs[name] for name in names]


def _leaves(compiled: CompiledPack, need_id: str, seen: set[str]) -> Iterator[Leaf]:
    seen.add(need_id)
    for rule in compiled.need(need_id).rules:
        for leaf in (*rule.all, *rule.any):
            yield leaf
            if leaf.need is not None and leaf.need not in seen:
                yield from _leaves(compiled, leaf.need, seen)


def _nearest(
    compiled: CompiledPack,
    values: Mapping[str, FactValue],
    need_id: str,
    flagged: bool,
    spec: FactSpec,
) -> CounterfactualChange | None:
    key = compiled.keys[spec.name]
    current = values.get(key)
    if current is None:
        return None
    bounds = [
        float(leaf.bound)
        for leaf in _leaves(compiled, need_id, set())
        if leaf.fact is spec and isinstance(leaf.bound, int | float)
    ]

    def flips(candidate: FactValue) -> bool:
        trial = {**values, key: candidate}
        return (need_id in run_reference(compiled, trial).flagged) != flagged

    for candidate in _candidates(spec, current, bounds):
        if flips(candidate):
            kind, target = _describe(spec, current, candidate, bounds, flips)
            text = _text.change(dict(spec.label), current, kind, target, clears=flagged)
            return CounterfactualChange(
                fact=spec.name, current=current, kind=kind, target=target, text=text
            )
    return None


def _candidates(spec: FactSpec, current: FactValue, bounds: list[float]) -> list[FactValue]:
    """Values just either side of each threshold, in range, nearest to `current` first."""
    if spec.type == "bool":
        return [not current]
    found: set[float] = set()
    for bound in bounds:
        if spec.type == "int":
            found.update(
                {math.floor(bound) - 1, math.floor(bound), math.ceil(bound), math.ceil(bound) + 1}
            )
        else:
            found.update({bound, math.nextafter(bound, -math.inf), math.nextafter(bound, math.inf)})
    low = -math.inf if spec.min is None else spec.min
    high = math.inf if spec.max is None else spec.max
    kept = [c for c in found if low <= c <= high and c != current]
    cast = int if spec.type == "int" else float
    return [cast(c) for c in sorted(kept, key=lambda c: (abs(c - float(current)), c))]


def _describe(
    spec: FactSpec,
    current: FactValue,
    candidate: FactValue,
    bounds: list[float],
    flips: Callable[[FactValue], bool],
) -> tuple[ChangeKind, FactValue]:
    """How to say the change: "at 23 or more", "below 0.6", "if it were no"."""
    if spec.type == "bool":
        return "is", candidate
    assert isinstance(current, int | float) and isinstance(candidate, int | float)
    up = candidate > current
    if spec.type == "float":
        nearest = min(bounds, key=lambda b: abs(b - candidate))
        if candidate != nearest:  # just beside a threshold: "below t" / "above t"
            return ("above" if up else "below"), nearest
    far = spec.max if up else spec.min
    if far is None:
        far = candidate + 1000 if up else candidate - 1000
    if not flips(int(far) if spec.type == "int" else float(far)):
        return "exactly", candidate
    return ("at_least" if up else "at_most"), candidate


def _distance(spec: FactSpec, change: CounterfactualChange) -> float:
    """How far a change goes, as a share of the fact's range; a yes/no flip counts as 1."""
    if spec.type == "bool":
        return 1.0
    assert isinstance(change.target, int | float) and isinstance(change.current, int | float)
    span = (spec.max - spec.min) if spec.max is not None and spec.min is not None else None
    span = span or max(abs(float(change.current)), 1.0) * 2
    return abs(float(change.target) - float(change.current)) / span
