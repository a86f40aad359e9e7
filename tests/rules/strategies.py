"""Hypothesis strategies for fact sets: every catalogue fact, present or not assessed."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from careplanner.rules import FactSpec, default_pack, load_fact_catalogue

CATALOGUE = load_fact_catalogue()
#: Thresholds of the default pack, so that numbers cluster where rules change their answer.
CUTS = sorted({t.cut for t in default_pack().thresholds.values()})
#: Largest value drawn for a count with no upper bound.
UNBOUNDED_MAX = 40


def values(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Valid values of one fact, near the pack's thresholds more often than not."""
    if spec.type == "bool":
        return st.booleans()
    low = 0 if spec.min is None else spec.min
    high = UNBOUNDED_MAX if spec.max is None else spec.max
    if spec.type == "float":
        near = [c for c in CUTS if low <= c <= high]
        return st.one_of(st.sampled_from(near or [low]), st.floats(low, high, allow_nan=False))
    near_ints = sorted({int(c) + d for c in CUTS for d in (-1, 0, 1) if low <= int(c) + d <= high})
    any_int = st.integers(int(low), int(high))
    return st.one_of(st.sampled_from(near_ints), any_int) if near_ints else any_int


@st.composite
def fact_sets(draw: st.DrawFn, assessed: float = 0.6) -> dict[str, Any]:
    """A fact set: each catalogue fact assessed with probability about `assessed`."""
    facts: dict[str, Any] = {}
    for spec in CATALOGUE.facts:
        if draw(st.floats(0, 1)) < assessed:
            facts[spec.name] = draw(values(spec))
    return facts


def worse(spec: FactSpec, value: Any, draw: st.DrawFn) -> Any:
    """A value of the same fact that signals at least as much need (its `worse` direction)."""
    if spec.worse in (True, False):
        return spec.worse if draw(st.booleans()) else value
    low = 0 if spec.min is None else spec.min
    high = UNBOUNDED_MAX if spec.max is None else spec.max
    cast = int if spec.type == "int" else float
    if spec.worse == "higher":
        return (
            draw(st.integers(int(value), int(high)))
            if cast is int
            else draw(st.floats(value, high))
        )
    return draw(st.integers(int(low), int(value))) if cast is int else draw(st.floats(low, value))
