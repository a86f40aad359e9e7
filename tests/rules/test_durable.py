"""durable-rules against the python engine, and what only durable-rules can get wrong.

The differential test evaluates 10,000 generated fact sets on both engines, 1,000 clients to a
durable-rules session, and asks for identical findings. The fact sets come from a seeded
`random.Random` rather than Hypothesis so that ten thousand cost seconds; values cluster at
the pack's thresholds, where the engines could disagree.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from careplanner.errors import RuleError
from careplanner.rules import (
    FactSpec,
    Findings,
    default_pack,
    evaluate,
    evaluate_many,
    load_fact_catalogue,
    reference_evaluate,
    resolve_engine,
)

# The only skip of the suite: durable-rules does not load on Python 3.13 and later.
engine_module = pytest.importorskip(
    "careplanner.rules.engine", reason="durable-rules cannot be imported here", exc_type=ImportError
)

CATALOGUE = load_fact_catalogue()
CUTS = sorted({t.cut for t in default_pack().thresholds.values()})
#: Largest value drawn for a count with no upper bound.
UNBOUNDED_MAX = 40
FACT_SETS = 10_000


@pytest.fixture(autouse=True)
def _durable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run this module on durable-rules whatever ``CAREPLANNER_ENGINE`` says."""
    monkeypatch.setenv("CAREPLANNER_ENGINE", "durable")


def _value(spec: FactSpec, rng: random.Random) -> Any:
    """A valid value of one fact: a threshold or a neighbour of one half the time."""
    if spec.type == "bool":
        return rng.random() < 0.5
    low = 0 if spec.min is None else spec.min
    high = UNBOUNDED_MAX if spec.max is None else spec.max
    near = [c for c in CUTS if low <= c <= high]
    if spec.type == "float":
        return rng.choice(near) if near and rng.random() < 0.5 else rng.uniform(low, high)
    if near and rng.random() < 0.5:
        return min(max(int(rng.choice(near)) + rng.choice((-1, 0, 1)), int(low)), int(high))
    return rng.randint(int(low), int(high))


def fact_sets(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """`count` fact sets; each fact is assessed with a probability drawn per set."""
    rng = random.Random(seed)
    for _ in range(count):
        assessed = rng.choice((0.2, 0.6, 0.9))
        yield {s.name: _value(s, rng) for s in CATALOGUE.facts if rng.random() < assessed}


def test_fact_sets_reach_every_need_of_the_pack() -> None:
    """The generator is not too tame: across the sets, every need of the pack is flagged."""
    flagged = {
        n
        for f in evaluate_many(list(fact_sets(2_000, seed=1)), engine="python")
        for n in f.need_ids
    }  # type: ignore[union-attr]
    assert flagged == set(default_pack().needs)


def test_durable_rules_and_python_engine_agree_on_10000_fact_sets() -> None:
    clients = list(fact_sets(FACT_SETS, seed=17))
    durable = evaluate_many(clients, batch_size=1000, engine="durable")
    python = evaluate_many(clients, engine="python")
    assert {type(f) for f in durable} == {Findings}
    assert [f.engine.name for f in durable[:1] + python[:1]] == ["durable-rules", "python"]  # type: ignore[union-attr]
    ref = python[0].engine  # type: ignore[union-attr]
    disagree = [
        n
        for n, (d, p) in enumerate(zip(durable, python, strict=True))
        if d.model_copy(update={"engine": ref}) != p  # type: ignore[union-attr]
    ]
    assert disagree == []


def test_durable_rules_is_sent_exactly_the_values_that_meet_a_condition() -> None:
    ruleset = engine_module.ruleset_for(None)
    compiled = ruleset.compiled
    leaves = [leaf for rule in compiled.firing_order for leaf in (*rule.all, *rule.any)]
    for facts in fact_sets(2_000, seed=5):
        values = compiled.check(facts)
        sent = ruleset._fact(values, 3, "7")
        meeting = {leaf.key for leaf in leaves if leaf.need is None and leaf.holds(values, {})}
        assert sent == {"id": "c3", "sid": "7", "c": 3} | {k: values[k] for k in meeting}


def test_auto_picks_durable_rules_where_it_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAREPLANNER_ENGINE")
    assert resolve_engine() == "durable"
    findings = evaluate({"ucla3.total": 7})
    assert findings.engine == engine_module.ENGINE
    assert findings.engine.version.endswith("; durable-rules 2.0.28")


def test_failing_action_names_rule_and_fact_and_returns_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = engine_module.record

    def broken(run: Any, rule: Any, values: Any) -> bool:
        if rule.id == "ucla3_lonely":
            raise ZeroDivisionError
        return real(run, rule, values)

    monkeypatch.setattr(engine_module, "record", broken)
    with pytest.raises(RuleError) as caught:
        evaluate({"ucla3.total": 8, "gds15.total": 9})
    assert str(caught.value) == (
        "pack careplanner-default@1.0.0: rule 'ucla3_lonely' (facts ['ucla3.total']):"
        " its action raised ZeroDivisionError"
    )
    results = evaluate_many([{"gds15.total": 9}, {"ucla3.total": 8}, {"gds15.total": 9}])
    assert isinstance(results[1], RuleError)
    assert (
        results[0]
        == results[2]
        == reference_evaluate({"gds15.total": 9}).model_copy(
            update={"engine": engine_module.ENGINE}
        )
    )


def test_a_session_failing_as_a_whole_is_rerun_client_by_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Escapes(BaseException):
        """Not an Exception, so not kept with its client: the session as a whole fails."""

    real = engine_module.record
    key = engine_module.ruleset_for(None).compiled.keys["ucla3.total"]

    def broken(run: Any, rule: Any, values: Any) -> bool:
        if values.get(key) == 9:
            raise Escapes
        return real(run, rule, values)

    monkeypatch.setattr(engine_module, "record", broken)
    clients = [{"ucla3.total": 7}, {"ucla3.total": 9}, {"gds15.total": 8}]
    results = evaluate_many(clients)
    assert isinstance(results[1], RuleError)
    assert "an action failed inside durable-rules" in str(results[1])
    monkeypatch.setattr(engine_module, "record", real)
    assert [results[0], results[2]] == [evaluate(clients[0]), evaluate(clients[2])]


def test_every_bundled_example_assesses_the_same_on_both_engines() -> None:
    from careplanner import assess, list_examples, load_case

    for info in list_examples():
        case = load_case(f"example:{info.id}")
        durable, python = assess(case, engine="durable"), assess(case, engine="python")
        findings = durable.findings.model_copy(update={"engine": python.findings.engine})
        assert durable.model_copy(update={"findings": findings}) == python, info.id
