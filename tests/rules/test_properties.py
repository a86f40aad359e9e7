"""Invariants over generated fact sets: determinism, monotonicity, safety (on either engine)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner.rules import default_pack, evaluate, evaluate_many

from .strategies import CATALOGUE, fact_sets, values, worse

PACK = default_pack()
RANK = {"low": 0, "moderate": 1, "high": 2}
SAFETY_TRIGGERS = {
    need_id: [(c.fact, c.value if c.yes_no else None) for rule in need.rules for c in rule.all]
    for need_id, need in PACK.needs.items()
    if need.safety
}
SUPPORT_FACTS = [
    s.name for s in CATALOGUE.facts if s.name.startswith(("ssrs.", "lsns6.")) and s.worse == "lower"
]
SUPPORT_FACTS += [
    "net.size",
    "net.informal_size",
    "net.monthly_contacts",
    "net.confidants_besides_spouse",
]


def severities(facts: dict[str, Any]) -> dict[str, int]:
    return {need.id: RANK[need.severity] for need in evaluate(facts).needs}


@settings(max_examples=40, deadline=None)
@given(facts=fact_sets())
def test_evaluation_is_deterministic(facts: dict[str, Any]) -> None:
    first = evaluate(facts)
    assert evaluate(dict(reversed(list(facts.items())))) == first == evaluate(facts)


@settings(max_examples=30, deadline=None)
@given(clients=st.lists(fact_sets(), min_size=1, max_size=25), size=st.integers(1, 30))
def test_batches_give_each_client_its_own_findings(
    clients: list[dict[str, Any]], size: int
) -> None:
    assert evaluate_many(clients, batch_size=size) == [evaluate(facts) for facts in clients]


@st.composite
def one_fact_worse(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    facts = draw(fact_sets())
    spec = draw(st.sampled_from([s for s in CATALOGUE.facts if s.worse is not None]))
    value = facts[spec.name] if spec.name in facts else draw(values(spec))
    return {**facts, spec.name: value}, {**facts, spec.name: worse(spec, value, draw)}


@settings(max_examples=150, deadline=None)
@given(pair=one_fact_worse())
def test_a_worse_fact_never_removes_or_softens_a_need(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = (severities(facts) for facts in pair)
    assert set(before) <= set(after)
    assert all(after[need] >= rank for need, rank in before.items())


@st.composite
def more_support(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    facts = draw(fact_sets())
    name = draw(st.sampled_from(SUPPORT_FACTS))
    spec = next(s for s in CATALOGUE.facts if s.name == name)
    low = int(spec.min or 0)
    value = draw(st.integers(low, int(spec.max or 40)))
    better = draw(st.integers(value, int(spec.max or 40)))
    return {**facts, name: value}, {**facts, name: better}


@settings(max_examples=100, deadline=None)
@given(pair=more_support())
def test_more_support_never_adds_a_support_need(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = (set(evaluate(facts).need_ids) for facts in pair)
    support_needs = {"low_social_support", "low_support_utilisation", "social_isolation"}
    assert after & support_needs <= before & support_needs


@settings(max_examples=100, deadline=None)
@given(facts=fact_sets(), need=st.sampled_from(sorted(SAFETY_TRIGGERS)), data=st.data())
def test_safety_need_is_present_whenever_its_trigger_is(
    facts: dict[str, Any], need: str, data: st.DataObject
) -> None:
    fact, answer = data.draw(st.sampled_from(SAFETY_TRIGGERS[need]))
    spec = next(s for s in CATALOGUE.facts if s.name == fact)
    triggered = answer if answer is not None else int(spec.max or 0)  # the worst score
    findings = evaluate({**facts, fact: triggered})
    assert need in findings.need_ids
    assert findings.needs[0].safety  # and safety needs lead
