"""The safety floor: safety signals raise their safety need whatever the rule pack says.

A rule pack is content an organisation may edit; the floor is code. After any engine has run
any pack, `apply_floor` checks the facts against `FLOOR` and makes sure every need a signal
raises is in the findings, marked safety, at high severity, with the signal as evidence
(rule id ``safety_floor:<fact>``). A need the pack already flagged as a high safety need is
left as it is; one it flagged weaker is strengthened; one it lacks is added. The plan then
leads with a crisis-phase stage (``careplanner.plan``); every renderer shows the safety box.
docs/rules.md says why the floor is code and not a check on the pack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from careplanner._content._conditions import holds
from careplanner._content._say import say_all
from careplanner._content._vocab import FactValue
from careplanner.rules import _text
from careplanner.rules._assemble import RANK
from careplanner.rules._catalogue import load_fact_catalogue
from careplanner.rules._results import FactEvidence, Findings, Need, Proposal, TraceEntry


@dataclass(frozen=True)
class Signal:
    """A fact test that always raises a safety need."""

    fact: str
    op: Literal["gt", "ge", "is"]
    bound: int | bool
    need: str

    @property
    def rule(self) -> str:
        """The rule id the floor records, e.g. ``safety_floor:phq9.item9``."""
        return f"safety_floor:{self.fact}"

    def holds(self, facts: Mapping[str, Any]) -> bool:
        """Whether the signal is present in `facts` (a fact not assessed is not a signal)."""
        return holds(facts.get(self.fact), "eq" if self.op == "is" else self.op, self.bound)


#: One line per signal: the fact, its test and bound, the safety need it raises.
FLOOR: tuple[Signal, ...] = (
    Signal("phq9.item9", "gt", 0, "suicide_risk"),
    Signal("obs.suicidal_ideation", "is", True, "suicide_risk"),
    Signal("obs.self_harm", "is", True, "suicide_risk"),
    Signal("phq9.total", "ge", 20, "severe_depression"),
    Signal("gds15.total", "ge", 12, "severe_depression"),
    Signal("obs.abuse_reported", "is", True, "abuse_or_neglect"),
    Signal("obs.neglect_reported", "is", True, "abuse_or_neglect"),
    Signal("obs.self_neglect_reported", "is", True, "abuse_or_neglect"),
)
#: The safety needs the floor can raise, in the order a plan lists them.
FLOOR_NEEDS: tuple[str, ...] = tuple(dict.fromkeys(s.need for s in FLOOR))


def signals(facts: Mapping[str, Any]) -> tuple[Signal, ...]:
    """The floor signals present in `facts`.

    Examples
    --------
    >>> [s.rule for s in signals({"phq9.item9": 1, "obs.self_harm": False})]
    ['safety_floor:phq9.item9']
    """
    return tuple(signal for signal in FLOOR if signal.holds(facts))


def apply_floor(findings: Findings, facts: Mapping[str, FactValue]) -> Findings:
    """`findings` with every need the present signals raise, as a high safety need.

    Returns `findings` itself when the pack already flagged each such need as a high safety
    need; otherwise new findings with the needs added or strengthened, safety first.

    Examples
    --------
    >>> from careplanner.rules import evaluate
    >>> plain = evaluate({"obs.self_harm": True}).model_copy(update={"needs": ()})
    >>> floored = apply_floor(plain, {"obs.self_harm": True})
    >>> [(n.id, n.safety, n.severity, n.rules) for n in floored.needs]
    [('suicide_risk', True, 'high', ('safety_floor:obs.self_harm',))]
    """
    present = signals(facts)
    wanted = [need for need in FLOOR_NEEDS if any(s.need == need for s in present)]
    weak = [n for n in wanted if not _strong(findings.need(n))]
    if not weak:
        return findings
    raised = {n: [s for s in present if s.need == n] for n in weak}
    needs = [n for n in findings.needs if n.id not in raised]
    needs += [_floor_need(findings.need(n), signals_, facts) for n, signals_ in raised.items()]
    needs.sort(key=lambda n: (not n.safety, -RANK[n.severity]))
    safety = {n.id for n in needs if n.safety}
    return findings.model_copy(
        update={
            "needs": tuple(needs),
            "proposals": _proposals(findings.proposals, safety),
            "trace": (*findings.trace, *_entries(raised, facts)),
        }
    )


def _strong(need: Need | None) -> bool:
    return need is not None and need.safety and need.severity == "high"


def _floor_need(
    pack_need: Need | None, present: Iterable[Signal], facts: Mapping[str, Any]
) -> Need:
    present = tuple(present)
    evidence = tuple(_evidence(s, facts[s.fact]) for s in present)
    need_id = present[0].need
    return Need(
        id=need_id,
        safety=True,
        severity="high",
        statement=pack_need.statement if pack_need else _statement(need_id),
        rules=(*(pack_need.rules if pack_need else ()), *(s.rule for s in present)),
        evidence=(*(pack_need.evidence if pack_need else ()), *evidence),
        convention=pack_need.convention if pack_need else False,
        answered_by=pack_need.answered_by if pack_need else (),
    )


def _proposals(proposals: tuple[Proposal, ...], safety: set[str]) -> tuple[Proposal, ...]:
    marked = [
        p if p.safety or not safety & set(p.answers) else p.model_copy(update={"safety": True})
        for p in proposals
    ]
    return tuple(sorted(marked, key=lambda p: not p.safety))


def _entries(raised: Mapping[str, list[Signal]], facts: Mapping[str, Any]) -> list[TraceEntry]:
    return [
        TraceEntry(
            rule=s.rule,
            need=s.need,
            severity="high",
            evidence=(_evidence(s, facts[s.fact]),),
            convention=False,
        )
        for signals_ in raised.values()
        for s in signals_
    ]


def _evidence(signal: Signal, value: FactValue) -> FactEvidence:
    texts = _floor_texts()
    spec = load_fact_catalogue().get(signal.fact)
    assert spec is not None  # a test checks every floor fact is in the catalogue
    label, shown = dict(spec.label), _text.show(value)
    if signal.op == "is":
        text = say_all("floor", "yes_no", label=label, value=shown)
    else:
        bound = _text.show(signal.bound)
        text = say_all("floor", "test", signal.op, label=label, value=shown, bound=bound)
    return FactEvidence(
        fact=signal.fact,
        value=value,
        op=signal.op,
        bound=signal.bound,
        source=texts["source"],
        text=text,
    )


@cache
def _floor_texts() -> dict[str, Any]:
    floor: dict[str, Any] = _text.section("floor")
    return floor


def _statement(need_id: str) -> dict[str, str]:
    return dict(_floor_texts()["needs"][need_id])
