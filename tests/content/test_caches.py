"""The one home of the engine's and planner's caches: bounded, evicting, resettable."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from careplanner import assess, load_case, load_content
from careplanner._content._caches import Bounded, Caches
from careplanner.rules import evaluate, load_pack

DEFAULT: dict[str, Any] = yaml.safe_load(
    resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
)


def _pack(number: int) -> Any:
    data = copy.deepcopy(DEFAULT)
    data["id"] = f"org-{number}"
    return load_pack(yaml.safe_dump(data, allow_unicode=True))


def test_bounded_evicts_the_least_recently_used_beyond_its_bound() -> None:
    evicted: list[str] = []
    cache: Bounded[str] = Bounded("test", 2, on_evict=evicted.append)
    assert cache.get("a", str.upper, "a") == "A"
    cache.get("b", str.upper, "b")
    cache.get("a", str.upper, "never built again")  # "a" is now the most recently used
    cache.get("c", str.upper, "c")
    assert (len(cache), evicted) == (2, ["B"])
    assert cache.peek("a") == "A" and cache.peek("b") is None


def test_bounded_without_recency_evicts_the_first_inserted() -> None:
    cache: Bounded[int] = Bounded("test", 2, recency=False)
    for key in ("a", "b", "a", "c"):
        cache.get(key, len, key)
    assert (cache.peek("a"), cache.peek("b"), cache.peek("c")) == (None, 1, 1)


def test_bounded_refuses_a_bound_below_one() -> None:
    with pytest.raises(ValueError, match="'test': bound must be at least 1, not 0"):
        Bounded("test", 0)


def test_memoise_keeps_equal_arguments_of_other_types_apart_when_typed() -> None:
    caches = Caches()
    calls: list[object] = []

    def kind(value: object) -> str:
        calls.append(value)
        return type(value).__name__

    typed = caches.memoise("typed", 8, typed=True)(kind)
    assert [typed(1), typed(True), typed(1.0), typed(1)] == ["int", "bool", "float", "int"]
    assert calls == [1, True, 1.0]
    assert caches.sizes() == {"typed": (3, 8)}
    with pytest.raises(ValueError, match="'typed' is registered already"):
        caches.bounded("typed", 1)


def test_content_caches_stay_within_their_bounds_and_reset_empties_them() -> None:
    caches = load_content().caches
    case = load_case("example:living-alone-crisis")
    assess(case)
    sizes = caches.sizes()
    assert {"rules.compiled", "rules.parts", "plan.shape"} <= set(sizes)
    assert all(
        0 < used <= bound for name, (used, bound) in sizes.items() if name != "rules.durable"
    )
    caches.reset()
    assert all(used == 0 for used, _ in caches.sizes().values())
    assert assess(case) == assess(case)  # refilled on use, the same result


def test_many_distinct_packs_keep_the_native_rulesets_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine_module = pytest.importorskip(
        "careplanner.rules.engine",
        reason="durable-rules cannot be imported here",
        exc_type=ImportError,
    )
    monkeypatch.setenv("CAREPLANNER_ENGINE", "durable")
    bound = engine_module.MAX_RULESETS
    for number in range(3 * bound):
        assert evaluate({"ucla3.total": 8}, _pack(number)).need_ids == ("loneliness",)
        assert engine_module.native_rulesets() <= bound
    assert engine_module.registered() == bound
    load_content().caches.reset("rules.durable")  # frees every native ruleset
    assert (engine_module.registered(), engine_module.native_rulesets()) == (0, 0)
    assert evaluate({"ucla3.total": 8}).need_ids == ("loneliness",)
