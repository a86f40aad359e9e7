"""Topological ordering: constraints respected, default order kept otherwise, cycles named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner.plan import OrderingCycleError
from careplanner.plan._order import topological

NODES = ("a", "b", "c", "d", "e", "f")


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({}, ("a", "b", "c")),
        ({("a", "b"): "r"}, ("a", "b", "c")),
        ({("c", "a"): "r"}, ("b", "c", "a")),
        ({("c", "b"): "r", ("b", "a"): "s"}, ("c", "b", "a")),
        ({("x", "a"): "outside"}, ("a", "b", "c")),
    ],
)
def test_topological_orders_known_cases_when_edges_given(
    edges: dict[tuple[str, str], str], expected: tuple[str, ...]
) -> None:
    assert topological(["a", "b", "c"], edges, "stage") == expected


def test_topological_names_cycle_and_origins_when_constraints_loop() -> None:
    edges = {("a", "b"): "rule 1", ("b", "c"): "rule 2", ("c", "a"): "rule 3"}
    with pytest.raises(OrderingCycleError) as caught:
        topological(["a", "b", "c"], edges, "stage")
    error = caught.value
    assert error.cycle[0] == error.cycle[-1]
    assert set(error.cycle) == {"a", "b", "c"}
    assert sorted(error.origins) == ["rule 1", "rule 2", "rule 3"]
    assert "stage ordering constraints form a cycle" in str(error)
    assert "'c' before 'a' (rule 3)" in str(error)


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[str], dict[tuple[str, str], str]]:
    """Nodes in a random order and edges that follow a hidden random order (so no cycle)."""
    hidden = draw(st.permutations(NODES))
    pairs = [(a, b) for i, a in enumerate(hidden) for b in hidden[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True))
    nodes = draw(st.permutations(NODES))
    return list(nodes), {pair: f"edge {n}" for n, pair in enumerate(chosen)}


@given(dags())
def test_topological_respects_every_edge_when_acyclic(
    graph: tuple[list[str], dict[tuple[str, str], str]],
) -> None:
    nodes, edges = graph
    order = topological(nodes, edges, "stage")
    assert sorted(order) == sorted(nodes)
    for a, b in edges:
        assert order.index(a) < order.index(b)


@given(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=12))
def test_topological_orders_or_names_a_real_cycle_when_edges_arbitrary(
    pairs: list[tuple[str, str]],
) -> None:
    edges = {(a, b): f"edge {a}{b}" for a, b in pairs if a != b}
    try:
        order = topological(list(NODES), edges, "stage")
    except OrderingCycleError as error:
        steps = list(zip(error.cycle, error.cycle[1:], strict=False))
        assert error.cycle[0] == error.cycle[-1]
        assert all(step in edges for step in steps)
    else:
        assert all(order.index(a) < order.index(b) for a, b in edges)
