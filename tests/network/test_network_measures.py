"""measure, measure_all, fragility, brokers, validate: values worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given

from careplanner.network import brokers, build_network, fragility, measure, measure_all

from .network_cases import CLOSURE, INTAKE, SEED_CASE
from .network_strategies import community_maps, ego_map, ego_maps, link, tie


def spouse_friend_staff() -> nx.Graph:
    """Client c: spouse s, friend f, community staff w active; sister d dormant.

    Links s-f (counted) and s-d (d is dormant: left out).
    """
    return ego_map(
        {
            "s": tie("c", relation="spouse", distance="household", contacts_per_month=30,
                     closeness=5, given=("emotional", "practical", "companionship"),
                     received=("practical",)),
            "f": tie("c", relation="friend", contacts_per_month=4, closeness=4,
                     given=("emotional",), received=("emotional",)),
            "w": tie("c", relation="community_staff", contacts_per_month=0.5, closeness=2,
                     given=("informational", "practical")),
            "d": tie("c", relation="sibling", distance="far", status="dormant",
                     contacts_per_month=0, given=("financial",)),
        },
        links=(("s", "f"), ("s", "d")),
    )  # fmt: skip


def test_measure_counts_structure_when_graph_is_hand_drawn():
    m = measure(spouse_friend_staff())
    # active alters s, f, w (d is dormant); w is formal; s is the only kin
    assert (m.size, m.informal_size, m.formal_size, m.kin_size, m.nonkin_size) == (3, 2, 1, 1, 2)
    assert (m.kin_share, m.formal_share) == (1 / 3, 1 / 3)
    assert m.informal_outside_household == 1  # f; s is in the household, w is formal
    assert m.far_ties == 1  # d is far and dormant: still family far away
    assert m.monthly_contacts == 2  # s 30, f 4; w 0.5 is less than monthly
    assert m.contacts_per_month == 34.5  # 30 + 4 + 0.5
    assert m.diversity == 3  # spouse, friend, community_staff


def test_measure_counts_support_when_graph_is_hand_drawn():
    m = measure(spouse_friend_staff())
    assert m.providers == {
        "emotional": 2,  # s, f
        "practical": 2,  # s, w
        "informational": 1,  # w
        "companionship": 1,  # s
        "financial": 0,  # only d, dormant
    }
    assert m.uncovered == ("financial",)
    assert m.confidants_besides_spouse == 1  # f
    assert m.reciprocity == 2 / 3  # s and f give and receive; w only gives
    assert m.density == 1 / 3  # s-f among 3 alters: 1 of 3 pairs
    # support links: s 3, f 1, w 2 = 6; s carries 3/6
    assert (m.dependency, m.top_contributor, m.top_contributor_is_spouse) == (0.5, "s", True)
    assert m.types_lost_if_top_removed == 1  # companionship: s alone
    assert m.isolated is False


def test_fragility_lists_single_providers_when_graph_is_hand_drawn():
    frail = fragility(spouse_friend_staff())
    assert frail.lost_if_removed == {"s": ("companionship",), "w": ("informational",)}
    assert frail.at_risk == ("informational", "companionship", "financial")
    assert frail.risk == 3


def test_measure_gives_zeros_when_network_is_empty():
    m = measure(ego_map({}))
    assert (m.size, m.dependency, m.top_contributor, m.density, m.reciprocity) == (
        0,
        0.0,
        None,
        0.0,
        0.0,
    )
    assert m.isolated is True
    assert m.fragility.risk == 5


@pytest.mark.parametrize(
    ("closeness_a", "per_month_a", "top"),
    [(3, 4.0, "b"), (4, 4.0, "a"), (4, 2.0, "b"), (4, 8.0, "a")],
)
def test_measure_breaks_top_contributor_ties_by_closeness_then_frequency(
    closeness_a, per_month_a, top
):
    G = ego_map(
        {
            "a": tie("c", closeness=closeness_a, contacts_per_month=per_month_a,
                     given=("emotional", "practical")),
            "b": tie("c", closeness=4, contacts_per_month=4, given=("emotional", "companionship")),
        }
    )  # fmt: skip
    m = measure(G)
    assert (m.top_contributor, m.dependency) == (top, 0.5)


@pytest.mark.parametrize(
    ("relation", "distance", "per_month", "isolated"),
    [
        ("friend", "nearby", 1.0, False),
        ("friend", "nearby", 0.99, True),  # no monthly contact
        ("friend", "household", 4.0, True),  # no informal tie outside the household
        ("community_staff", "nearby", 4.0, True),  # formal ties do not count
        ("volunteer", "nearby", 4.0, False),  # volunteers are informal
        ("sibling", "far", 1.0, False),
    ],
)
def test_measure_flags_isolation_on_both_sides_of_each_threshold(
    relation, distance, per_month, isolated
):
    G = ego_map({"x": tie("c", relation=relation, distance=distance, contacts_per_month=per_month)})
    assert measure(G).isolated is isolated


def test_measure_reports_paper_facts_when_seed_intake():
    m = measure(build_network(SEED_CASE, INTAKE))
    # the husband alone, in the household: he carries all support (3 links of 3)
    assert (m.size, m.dependency, m.top_contributor, m.top_contributor_is_spouse) == (
        1,
        1.0,
        "husband",
        True,
    )
    assert m.isolated is True
    assert m.types_lost_if_top_removed == 3  # emotional, practical, companionship
    assert m.fragility.risk == 5


def test_measure_reports_rebuilt_network_when_seed_closure():
    m = measure(build_network(SEED_CASE, CLOSURE))
    assert (m.size, m.informal_size, m.formal_size, m.kin_size) == (6, 5, 1, 2)
    # links: husband 3, sister 1, friend 2, dance team 1, staff 2, volunteers 2 = 11
    assert m.dependency == 3 / 11
    assert m.types_lost_if_top_removed == 0
    assert (m.isolated, m.far_ties, m.confidants_besides_spouse) == (False, 1, 2)
    assert m.reciprocity == 4 / 6  # husband, sister, friend, dance team
    assert m.density == 3 / 15  # 3 links among 6 alters
    assert m.fragility.at_risk == ("informational", "financial")


def test_measure_uses_given_ego_when_graph_is_community_map():
    G = nx.Graph()
    G.add_nodes_from(["a", "b", "c"], kind="person")
    G.add_edge("a", "b", **tie("a", given=("emotional",), received=("practical",)))
    G.add_edge("b", "c", **tie("c", given=("companionship",)))
    # b is the other end of both ties, so both flip: a gives b practical and gets emotional;
    # c gets companionship from b and gives nothing back.
    m = measure(G, "b")
    assert (m.size, m.providers["practical"], m.providers["emotional"]) == (2, 1, 0)
    assert m.reciprocity == 1 / 2  # only the tie with a flows both ways
    assert (m.dependency, m.top_contributor) == (1.0, "a")  # 1 support link of 1


@given(ego_maps())
def test_measure_density_matches_networkx_when_ego_map_is_random(G):
    m = measure(G)
    alters = [a for a in G.adj["c"] if G.edges["c", a]["status"] == "active"]
    H = nx.Graph()
    H.add_nodes_from(alters)
    H.add_edges_from(
        (u, v)
        for u, v, d in G.subgraph(alters).edges(data=True)
        if d["kind"] == "link" or d["status"] == "active"
    )
    expected = nx.density(H) if len(alters) > 1 else 0.0
    assert math.isclose(m.density, expected)


@given(community_maps())
def test_measure_all_equals_measure_for_every_node_when_community_map(G):
    every = measure_all(G)
    assert sorted(every) == sorted(G)
    assert all(every[node] == measure(G, node) for node in G)


def test_brokers_finds_articulation_points_of_active_network():
    G = nx.Graph()
    G.add_nodes_from(["a", "b", "c", "d"], kind="person")
    G.add_edge("a", "b", **link())
    G.add_edge("b", "c", **tie("b"))
    G.add_edge("c", "d", **tie("c"))
    G.add_edge("a", "d", **tie("a", status="dormant"))  # would close the cycle if active
    assert brokers(G) == sorted(nx.articulation_points(nx.path_graph(["a", "b", "c", "d"])))
    assert brokers(G) == ["b", "c"]
