"""Invariants of the measures over random ego maps (hypothesis)."""

from __future__ import annotations

import random

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from careplanner.network import SUPPORT_TYPES, measure

from .network_strategies import ego_maps, tie_attributes


@given(ego_maps(), tie_attributes("c"))
def test_adding_active_tie_never_lowers_size_or_coverage(G, data):
    before = measure(G)
    G.add_node("newcomer", kind="person")
    G.add_edge("c", "newcomer", **(data | {"status": "active"}))
    after = measure(G)
    assert after.size == before.size + 1
    assert all(after.providers[t] >= before.providers[t] for t in SUPPORT_TYPES)
    assert set(after.uncovered) <= set(before.uncovered)
    assert after.fragility.risk <= before.fragility.risk


@given(ego_maps())
def test_removing_top_contributor_never_lowers_fragility_risk(G):
    """Risk = number of support types with fewer than two providers (`Fragility.risk`)."""
    before = measure(G)
    if before.top_contributor is not None:
        G.remove_node(before.top_contributor)
    after = measure(G)
    assert after.fragility.risk >= before.fragility.risk
    assert set(after.fragility.at_risk) >= set(before.fragility.at_risk)


@given(ego_maps(), st.randoms(use_true_random=False))
def test_measures_are_invariant_to_insertion_order(G, rng: random.Random):
    nodes, edges = list(G.nodes(data=True)), list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.Graph(**G.graph)
    H.add_nodes_from(nodes)
    H.add_edges_from((v, u, d) if rng.random() < 0.5 else (u, v, d) for u, v, d in edges)
    assert measure(H) == measure(G)


@given(ego_maps())
def test_measure_json_round_trips(G):
    m = measure(G)
    assert type(m).model_validate_json(m.model_dump_json()) == m
