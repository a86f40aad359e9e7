"""From the rules that fired for one client to `Findings`: shared by both evaluators.

An evaluator records each rule that fired, in firing order, into a `Run` (`record`);
`assemble_findings` turns the run into `Findings`. A failure names the rule and the facts it reads
(`RuleFailure`).
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

from careplanner._content._caches import CACHES
from careplanner._content._vocab import Severity, trusted
from careplanner.rules import _text
from careplanner.rules._compiled import CompiledPack, CompiledRule, Leaf
from careplanner.rules._results import (
    EngineRef,
    Evidence,
    FactEvidence,
    Findings,
    Need,
    NeedEvidence,
    Proposal,
    ProposedOrdering,
    TraceEntry,
)

SEVERITIES: tuple[Severity, ...] = ("low", "moderate", "high")
#: Result parts shared between results: trace entries, needs, proposals, orderings. A key
#: holds the compiled rules (or pack) a part was built from, which hash by identity. A part
#: takes about 6 KiB (its texts in every language): 20,000 keep a worker near 130 MiB of them.
PARTS = CACHES.bounded("rules.parts", 20_000, recency=False)
RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


class RuleFailure(Exception):
    """Recording a rule failed; carries the rule id and the facts it reads."""

    def __init__(self, rule: CompiledRule, reason: str) -> None:
        self.rule = rule.id
        self.facts = sorted(set(rule.facts()))
        super().__init__(f"rule {rule.id!r} (facts {self.facts}): {reason}")


class Run:
    """One client's evaluation so far: needs flagged and rules fired, in firing order."""

    __slots__ = ("fired", "flagged", "seen")

    def __init__(self) -> None:
        self.flagged: dict[str, tuple[CompiledRule, ...]] = {}
        self.fired: list[tuple[CompiledRule, Mapping[str, Any]]] = []
        self.seen: set[str] = set()


def record(run: Run, rule: CompiledRule, values: Mapping[str, Any]) -> bool:
    """Record that `rule` fired for this client; True when it flags a need not flagged before.

    durable-rules fires a disjunction once per branch that holds, so a rule may be reported
    again for the same client: it is recorded once. A rule that waits for a need not yet
    flagged is an inconsistency between the evaluators and an error.
    """
    if rule.id in run.seen:
        return False
    if rule.waits:
        missing = [need for need in rule.waits if need not in run.flagged]
        if missing:
            raise RuleFailure(rule, f"it fired before the needs it waits for: {missing}")
    run.seen.add(rule.id)
    run.fired.append((rule, values))
    need = rule.need
    if need is None:
        return False
    known = run.flagged.get(need)
    run.flagged[need] = (rule,) if known is None else (*known, rule)
    return known is None


def assemble_findings(compiled: CompiledPack, run: Run, engine: EngineRef) -> Findings:
    """The `Findings` of one finished run.

    Every part of a result is frozen, so a part is built once per distinct content and shared
    between results (the ``rules.parts`` cache, keyed by the compiled rules and the values
    they read); only the `Findings` itself is new each time.
    """
    memo = PARTS
    fired = run.fired
    keys = tuple([_entry_key(rule, values, run) for rule, values in fired])
    trace = tuple(
        memo.get(key, _entry, rule, values, run)
        for key, (rule, values) in zip(keys, fired, strict=True)
    )
    needs = _needs(compiled, run, trace, keys)
    combinations = tuple(rule for rule, _ in fired if rule.need is None)
    need_key = tuple((need.id, need.severity) for need in needs)
    proposals = memo.get(
        ("proposals", compiled, need_key, combinations), _proposals, compiled, needs, combinations
    )
    orderings = memo.get(
        ("orderings", compiled, tuple(p.intervention for p in proposals), combinations),
        _orderings,
        compiled,
        proposals,
        combinations,
    )
    return trusted(
        Findings,
        pack=compiled.reference,
        engine=engine,
        needs=needs,
        proposals=proposals,
        orderings=orderings,
        trace=trace,
    )


def _entry_key(rule: CompiledRule, values: Mapping[str, Any], run: Run) -> tuple[Any, ...]:
    """What a trace entry depends on: the rule, the values it read, the needs it waited for."""
    seen = tuple(map(values.get, rule.keys))
    if not rule.waits:
        return (rule, seen, tuple(map(type, seen)))
    waited = tuple(run.flagged[need] for need in rule.waits)
    return (rule, seen, tuple(map(type, seen)), waited)


def _entry(rule: CompiledRule, values: Mapping[str, Any], run: Run) -> TraceEntry:
    leaves = [*rule.all, *(leaf for leaf in rule.any if leaf.holds(values, run.flagged))]
    evidence = tuple(_evidence(leaf, values, run) for leaf in leaves)
    convention = any(isinstance(e, FactEvidence) and e.basis == "convention" for e in evidence)
    return trusted(
        TraceEntry,
        rule=rule.id,
        need=rule.need,
        severity=rule.severity,
        evidence=evidence,
        convention=convention,
    )


def _evidence(leaf: Leaf, values: Mapping[str, Any], run: Run) -> Evidence:
    if leaf.need is not None:
        via = tuple(rule.id for rule in run.flagged[leaf.need])
        text = _text.flagged_need(leaf.need, via)
        return trusted(NeedEvidence, kind="need", need=leaf.need, via=via, text=text)
    assert leaf.fact is not None and leaf.op is not None and leaf.bound is not None
    value = values[leaf.key]
    threshold = leaf.threshold
    return trusted(
        FactEvidence,
        kind="fact",
        fact=leaf.fact.name,
        value=value,
        op=leaf.op,
        bound=leaf.bound,
        threshold=leaf.threshold_id,
        basis=threshold.basis if threshold else None,
        source=threshold.source if threshold else None,
        source_text=_text.localised(threshold, "source") if threshold else None,
        text=_text.matched(leaf, value),
    )


def _needs(
    compiled: CompiledPack,
    run: Run,
    trace: tuple[TraceEntry, ...],
    keys: tuple[tuple[Any, ...], ...],
) -> tuple[Need, ...]:
    mine: dict[str, list[int]] = {}
    for n, (rule, _) in enumerate(run.fired):
        if rule.need is not None:
            mine.setdefault(rule.need, []).append(n)
    ranked = []
    for need_id, holding in run.flagged.items():
        positions = mine[need_id]
        key = ("need", need_id, *[keys[n] for n in positions])
        entries = tuple([trace[n] for n in positions])
        ranked.append(PARTS.get(key, _ranked_need, compiled, need_id, holding, entries))
    ranked.sort(key=itemgetter(0))  # safety first, then by severity, then in pack order
    return tuple([need for _, need in ranked])


def _ranked_need(
    compiled: CompiledPack,
    need_id: str,
    holding: tuple[CompiledRule, ...],
    entries: tuple[TraceEntry, ...],
) -> tuple[tuple[bool, int, int], Need]:
    need = _need(compiled, need_id, holding, entries)
    return (not need.safety, -RANK[need.severity], compiled.need_order[need_id]), need


def _need(
    compiled: CompiledPack,
    need_id: str,
    holding: tuple[CompiledRule, ...],
    entries: tuple[TraceEntry, ...],
) -> Need:
    evidence: dict[tuple[str, str], Evidence] = {}
    for entry in entries:  # the same fact can back two rules of a need: list it once
        for item in entry.evidence:
            evidence.setdefault((item.kind, item.text["en"]), item)
    spec = compiled.pack.needs[need_id]
    return trusted(
        Need,
        id=need_id,
        safety=spec.safety,
        severity=max((r.severity for r in holding if r.severity), key=RANK.__getitem__),
        statement=spec.statement,
        rules=tuple(r.id for r in holding),
        evidence=tuple(evidence.values()),
        convention=any(e.convention for e in entries),
        answered_by=spec.answered_by,
    )


class _Slot:
    """An intervention being proposed: what it answers, its rank and who added or raised it."""

    __slots__ = ("added", "answers", "raised", "rank", "safety")

    def __init__(self, rank: int) -> None:
        self.answers: list[str] = []
        self.safety = False
        self.rank = rank
        self.raised: list[str] = []
        self.added: list[str] = []

    def key(self) -> tuple[object, ...]:
        """What the proposal made of this slot depends on, besides its intervention."""
        return tuple(self.answers), self.safety, self.rank, tuple(self.raised), tuple(self.added)


def _proposals(
    compiled: CompiledPack, needs: tuple[Need, ...], combinations: tuple[CompiledRule, ...]
) -> tuple[Proposal, ...]:
    pack = compiled.pack
    slots: dict[str, _Slot] = {}

    def slot(intervention: str, answers: list[str], rank: int) -> _Slot:
        entry = slots.setdefault(intervention, _Slot(rank))
        entry.answers += [a for a in answers if a not in entry.answers]
        entry.rank = max(entry.rank, rank)
        return entry

    for need in needs:
        for intervention in need.answered_by:
            slot(intervention, [need.id], RANK[need.severity]).safety |= need.safety
    if needs:
        top = max(RANK[n.severity] for n in needs)
        for intervention in pack.frame:
            slot(intervention, [n.id for n in needs], top).added.append("frame")
    severity = {need.id: RANK[need.severity] for need in needs}
    for rule in combinations:
        answers = [leaf.need for leaf in rule.all if leaf.need]
        rank = max((severity[a] for a in answers), default=0)
        for intervention in rule.propose:
            slot(intervention, answers, rank).added.append(rule.id)
        for intervention in rule.raise_priority:
            entry = slot(intervention, answers, rank)
            entry.raised.append(rule.id)
            entry.rank = min(entry.rank + 1, RANK["high"])
    order = compiled.intervention_order
    ranked = sorted(slots.items(), key=lambda i: (not i[1].safety, -i[1].rank, order[i[0]]))
    return tuple(
        [
            PARTS.get(("proposal", compiled, name, *entry.key()), _proposal, compiled, name, entry)
            for name, entry in ranked
        ]
    )


def _proposal(compiled: CompiledPack, name: str, entry: _Slot) -> Proposal:
    """One proposal, shared by every result that proposes it alike."""
    return trusted(
        Proposal,
        intervention=name,
        label=compiled.pack.interventions[name].label,
        answers=tuple(entry.answers),
        safety=entry.safety,
        priority=SEVERITIES[entry.rank],
        raised_by=tuple(entry.raised),
        added_by=tuple(entry.added),
    )


def _orderings(
    compiled: CompiledPack, proposals: tuple[Proposal, ...], combinations: tuple[CompiledRule, ...]
) -> tuple[ProposedOrdering, ...]:
    proposed = {p.intervention for p in proposals}
    pairs = [("pack", pair) for pair in compiled.order_pairs]
    pairs += [(rule.id, pair) for rule in combinations for pair in rule.order_pairs]
    merged: dict[tuple[str, str], list[str]] = {}
    for source, (before, after) in pairs:
        if before in proposed and after in proposed:
            sources = merged.setdefault((before, after), [])
            sources += [source] if source not in sources else []
    return tuple(
        trusted(ProposedOrdering, before=b, after=a, sources=tuple(s))
        for (b, a), s in merged.items()
    )
