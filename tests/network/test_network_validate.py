"""validate: a graph built by hand or read from a file must follow the schema."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pytest

from careplanner.errors import NetworkError
from careplanner.network import measure, validate

from .network_strategies import ego_map, link, tie


def base() -> nx.Graph:
    return ego_map({"f": tie("c", given=("emotional",)), "g": tie("c")}, links=(("f", "g"),))


def _set(key: str, value: object) -> Callable[[nx.Graph], None]:
    def change(G: nx.Graph) -> None:
        G.edges["c", "f"][key] = value

    return change


def _add_unknown(G: nx.Graph) -> None:
    G.add_edge("c", "ghost", **tie("c"))


def _add_self_tie(G: nx.Graph) -> None:
    G.add_edge("f", "f", **link())


def _second_client(G: nx.Graph) -> None:
    G.nodes["f"]["kind"] = "client"


def _wrong_ego(G: nx.Graph) -> None:
    G.graph["ego"] = "f"


def _kindless_node(G: nx.Graph) -> None:
    G.add_node("lonely")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_add_unknown, r"tie \('c', 'ghost'\): 'ghost' is not a known node"),
        (_add_self_tie, r"tie \('f', 'f'\): a person cannot be tied to themself"),
        (
            _set("contacts_per_month", -1.0),
            r"tie \('c', 'f'\): 'contacts_per_month' must be a "
            r"number from 0 to 100, got -1.0",
        ),
        (_set("contacts_per_month", float("nan")), r"'contacts_per_month' must be a number"),
        (_set("contacts_per_month", True), r"'contacts_per_month' must be a number"),
        (_set("contacts_per_month", 100.5), r"'contacts_per_month' must be a number"),
        (_set("closeness", 6), r"'closeness' must be an int from 1 to 5, got 6"),
        (_set("closeness", 0), r"'closeness' must be an int from 1 to 5, got 0"),
        (_set("closeness", 3.0), r"'closeness' must be an int from 1 to 5"),
        (_set("relation", "cousin"), r"'relation' must be one of \['child', "),
        (_set("distance", "moon"), r"'distance' must be one of"),
        (_set("status", "gone"), r"'status' must be one of \['active', 'dormant', 'possible'\]"),
        (_set("rater", "g"), r"'rater' must be one of its ends \['c', 'f'\]"),
        (_set("kind", "friendship"), r"'kind' must be one of \['link', 'tie'\]"),
        (_set("support_given", ("love",)), r"'support_given' must be a tuple of distinct"),
        (_set("support_given", ("practical", "emotional")), r"'support_given' must be a tuple"),
        (_set("support_received", ["emotional"]), r"'support_received' must be a tuple"),
        (_set("stressful", "yes"), r"'stressful' must be a bool"),
        (_second_client, r"at most one node may have kind 'client', found \['c', 'f'\]"),
        (_wrong_ego, r"graph attribute 'ego' must name the client node: 'c'"),
        (_kindless_node, r"node 'lonely': 'kind' must be one of"),
    ],
)
def test_validate_names_the_tie_when_graph_breaks_schema(change, message):
    G = base()
    change(G)
    with pytest.raises(NetworkError, match=message):
        validate(G)


def test_validate_accepts_graph_when_schema_followed():
    validate(base())  # raises on any problem; the cases above show it can


@pytest.mark.parametrize("graph_class", [nx.DiGraph, nx.MultiGraph])
def test_validate_raises_when_graph_is_not_simple_undirected(graph_class):
    with pytest.raises(NetworkError, match=r"undirected networkx\.Graph"):
        validate(graph_class(base()))


def test_validate_keeps_names_out_of_message_when_id_is_not_pseudonym():
    G = base()
    G.add_node("Zhang San", kind="person")
    with pytest.raises(NetworkError) as raised:
        validate(G)
    assert "Zhang" not in str(raised.value)
    assert "1 do not" in str(raised.value)


def test_measure_raises_when_no_ego_in_community_map():
    G = nx.Graph()
    G.add_node("a", kind="person")
    with pytest.raises(NetworkError, match="'ego' must be given"):
        measure(G)
    with pytest.raises(NetworkError, match="'ego' 'zz' is not a node"):
        measure(G, "zz")
