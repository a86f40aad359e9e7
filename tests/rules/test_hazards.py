"""One test per durable-rules 2.0.28 hazard (careplanner.rules.engine): each is neutralised."""

from __future__ import annotations

import threading
import time
import warnings
from importlib import resources
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from careplanner.errors import RuleError, RulePackError
from careplanner.rules import default_pack, evaluate, evaluate_many, load_pack, reference_evaluate
from careplanner.rules._compiled import (
    check_distinct_hashes,
    check_priority,
    compile_pack,
    fnv1a_32,
)

from .cases import LIVING_ALONE_CRISIS, SHIDU_MOTHER

# The only skip of the suite: durable-rules does not load on Python 3.13 and later.
engine_module = pytest.importorskip(
    "careplanner.rules.engine", reason="durable-rules cannot be imported here", exc_type=ImportError
)


@pytest.fixture(autouse=True)
def _durable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test durable-rules whatever ``CAREPLANNER_ENGINE`` says."""
    monkeypatch.setenv("CAREPLANNER_ENGINE", "durable")


def ruleset() -> Any:
    return engine_module.ruleset_for(default_pack())


def _fresh_pack(version: str) -> Any:
    text = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["version"] = version
    return load_pack(yaml.safe_dump(data, allow_unicode=True))


def test_hazard_1_a_registered_pack_starts_no_timer_thread() -> None:
    before = threading.active_count()
    fresh = engine_module.DurableRuleset(compile_pack(_fresh_pack("hazard-1")))
    time.sleep(0.3)  # durable-rules' own timers would have started by now (0.1 s)
    assert threading.active_count() == before
    assert fresh.run([{}])[0].fired == []  # it evaluates with no thread of its own
    assert threading.active_count() == before


def test_hazard_1_eight_threads_on_two_packs_give_what_a_loop_gives() -> None:
    clients = [SHIDU_MOTHER, LIVING_ALONE_CRISIS, {"ucla3.total": 6}, {}] * 25
    packs = [default_pack(), _fresh_pack("threads")]
    expected = [[evaluate(facts, pack) for facts in clients] for pack in packs]
    results: dict[int, list[Any]] = {}

    def work(n: int) -> None:
        pack = packs[n % 2]
        if n % 4 < 2:
            results[n] = [evaluate(facts, pack) for facts in clients]
        else:
            results[n] = evaluate_many(clients, pack, batch_size=7)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected[n % 2] for n in range(8))


def test_hazard_2_sessions_are_deleted_so_the_1024_limit_is_never_reached() -> None:
    for _ in range(2000):  # a leak would raise MemoryError at the 1,025th live session
        evaluate({"ucla3.total": 7})
    assert ruleset()._live == set()


def test_hazard_2_colliding_ids_are_refused() -> None:
    assert fnv1a_32("costarring") == fnv1a_32("liquid")  # a known FNV-1a collision
    with pytest.raises(RulePackError, match="fact id 'costarring' and 'liquid' share a 32-bit"):
        check_distinct_hashes("fact id", ["c0", "costarring", "liquid"])


def test_hazard_2_a_session_first_holding_a_client_number_checks_its_fact_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = engine_module.DurableRuleset(compile_pack(_fresh_pack("hazard-2")))
    monkeypatch.setattr(engine_module, "_FACT_IDS", ("c0", "costarring", "liquid"))
    assert fresh.run([{}])[0].fired == []  # one client: its ids alone are checked
    with pytest.raises(RulePackError, match="fact id 'costarring' and 'liquid' share a 32-bit"):
        fresh.run([{}, {}, {}])
    assert fresh._live == set()  # refused before a session opened
    assert len(fresh.run([{}, {}])) == 2


def test_hazard_2_a_full_batch_has_every_fact_id_checked() -> None:
    fresh = engine_module.DurableRuleset(compile_pack(_fresh_pack("hazard-2-full")))
    fresh.run([{}] * engine_module.MAX_BATCH)
    referenced = len(fresh.compiled.referenced)
    assert referenced > 0
    assert len(fresh._id_hashes) == 1 + engine_module.MAX_BATCH * (1 + referenced)


def test_hazard_2_a_session_id_whose_hash_is_live_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rs = ruleset()
    monkeypatch.setattr(rs, "_sids", iter(["costarring", "safe"]))
    monkeypatch.setattr(rs, "_live", {fnv1a_32("liquid")})
    session = rs._open([{}])
    assert session.sid == "safe"
    rs._delete(session)


def test_hazard_3_facts_matching_no_rule_and_sessions_without_a_rule_do_not_crash() -> None:
    # Unhandled facts used to raise MessageNotHandledException and crash delete_state; a
    # session where no action fired used to crash too. The sink and the end rule prevent both.
    for _ in range(2500):
        assert evaluate({}).trace == ()
        assert evaluate({"net.density": 0.5, "profile.age": 70}).trace == ()
    definition = ruleset()._definition()
    assert definition["engine:sink"]["pri"] == 65534 and len(definition["engine:sink"]["all"]) == 2
    assert definition["engine:end"]["pri"] == 65535 and len(definition["engine:end"]["all"]) == 1


def test_hazard_4_an_error_inside_an_action_is_raised_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Escapes(BaseException):
        """Not an Exception: `_fired` keeps an Exception with its client, not this."""

    def boom(run: Any, rule: Any, values: Any) -> bool:
        raise Escapes

    monkeypatch.setattr(engine_module, "record", boom)
    with pytest.raises(RuleError, match="an action failed inside durable-rules"):
        evaluate({"ucla3.total": 8})
    assert ruleset()._live == set()  # the session was still deleted


def test_hazard_5_priorities_stay_in_16_bits_and_safety_fires_first() -> None:
    for bad in (-1, 65534, 70000):
        with pytest.raises(RulePackError, match=rf"priority {bad} is outside 0..65533"):
            check_priority(bad)
    definition = ruleset()._definition()
    safety = {f"rule:{r.id}" for n in default_pack().needs.values() if n.safety for r in n.rules}
    assert {definition[name]["pri"] for name in safety} == {0}
    others = [d["pri"] for name, d in definition.items() if name not in safety]
    assert min(others) >= 1 and max(others) <= 65535
    # A pack that lists its safety need last still fires it first.
    text = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["needs"]["suicide_risk"] = data["needs"].pop("suicide_risk")
    data["version"] = "safety-last"
    reordered = load_pack(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    first = evaluate(LIVING_ALONE_CRISIS, reordered).trace[0]
    assert reordered.needs[first.need].safety, first.rule


def test_hazard_6_a_value_of_the_wrong_type_is_refused_before_it_can_mismatch() -> None:
    # durable-rules matches 1 against "is true" and True against ">= 0.6"; careplanner refuses.
    for facts in ({"obs.self_blame": 1}, {"net.dependency": True}):
        with pytest.raises(RuleError, match="has the wrong type"):
            evaluate(facts)


def test_hazard_7_batched_and_single_sessions_fire_in_the_same_order() -> None:
    clients = [LIVING_ALONE_CRISIS, SHIDU_MOTHER] * 10
    batched = evaluate_many(clients, batch_size=20)
    assert [f.trace for f in batched] == [evaluate(f).trace for f in clients]  # type: ignore[union-attr]
    assert [f.trace for f in batched] == [reference_evaluate(f).trace for f in clients]  # type: ignore[union-attr]


def test_hazard_8_deprecation_of_utcfromtimestamp_cannot_break_warnings_as_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    durable_engine = pytest.importorskip("durable.engine")

    def utcfromtimestamp(_: float) -> Any:
        warnings.warn("datetime.utcfromtimestamp() is deprecated", DeprecationWarning, stacklevel=2)

    fake = SimpleNamespace(
        datetime=SimpleNamespace(utcfromtimestamp=utcfromtimestamp, now=time.time)
    )
    monkeypatch.setattr(durable_engine, "datetime", fake)  # what 3.12 does
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert evaluate({"ucla3.total": 7}).need_ids == ("loneliness",)
    # careplanner drives the C engine itself and never calls durable-rules' Python layer
    assert not hasattr(engine_module, "durable_engine")


def test_hazard_9_floats_python_writes_with_an_exponent_reach_durable_rules_intact() -> None:
    # durable-rules reads "1e-05" as 1 and then crashes on "e-05" (found by the property tests).
    for tiny in (1e-05, 2.5e-07, 5e-324):
        facts = {"net.dependency": tiny, "net.reciprocity": tiny, "obs.self_harm": True}
        findings = evaluate(facts)
        assert findings.need_ids == ("suicide_risk",)
        assert findings.model_dump(exclude={"engine"}) == reference_evaluate(facts).model_dump(
            exclude={"engine"}
        )
    assert engine_module.facts_json([{"f": 1e-05}]) == '[{"f":0.00001}]'


def test_hazard_9_counts_are_bounded_so_durable_rules_reads_them_as_64_bit_ints() -> None:
    with pytest.raises(
        RuleError, match=r"must be an int in 0\.\.10000; the value given is out of range"
    ):
        evaluate({"net.size": 2**64})
