"""to_graphml/from_graphml and to_csv/from_csv: a round trip loses nothing."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from hypothesis import given, settings

from careplanner.errors import NetworkError
from careplanner.network import build_network, from_csv, from_graphml, to_csv, to_graphml

from .network_cases import CLOSURE, SEED_CASE
from .network_strategies import community_maps, ego_map, ego_maps, tie


def same(G: nx.Graph, H: nx.Graph) -> bool:
    edges = {frozenset(e[:2]): e[2] for e in G.edges(data=True)}
    return (
        dict(G.nodes(data=True)) == dict(H.nodes(data=True))
        and edges == {frozenset(e[:2]): e[2] for e in H.edges(data=True)}
        and G.graph == H.graph
    )


@settings(max_examples=60)
@given(ego_maps(names=True) | community_maps(names=True))
def test_graphml_round_trip_keeps_every_attribute(G):
    assert same(from_graphml(to_graphml(G, show_identity=True)), G)


@settings(max_examples=60)
@given(ego_maps(names=True) | community_maps(names=True))
def test_csv_round_trip_keeps_every_attribute(G):
    assert same(from_csv(*to_csv(G, show_identity=True)), G)


def test_to_csv_writes_gephi_columns_and_encoded_support():
    nodes, edges = to_csv(build_network(SEED_CASE, CLOSURE))
    assert nodes.splitlines()[0] == "Id,kind,label_en,label_zh-CN"
    header, *rows = edges.splitlines()
    assert header == (
        "Source,Target,Type,kind,rater,relation,distance,status,contacts_per_month,closeness,"
        "support_given,support_received,stressful,formal,kin,circle,strength,flow"
    )
    assert (
        "client-003,community-staff,Undirected,tie,client-003,community_staff,nearby,active,"
        "2.0,3,practical;informational,,false,true,false,middle,weak,in"
    ) in rows


def test_to_graphml_declares_typed_keys_and_is_deterministic():
    G = build_network(SEED_CASE, CLOSURE)
    text = to_graphml(G)
    assert '<key id="e6" for="edge" attr.name="closeness" attr.type="int" />' in text
    assert 'attr.name="contacts_per_month" attr.type="double"' in text
    assert text == to_graphml(build_network(SEED_CASE, CLOSURE))
    read = nx.read_graphml(io.BytesIO(text.encode()))
    read.graph = {}  # networkx adds node_default and edge_default
    assert same(read, _as_networkx_reads(G))


def test_exports_leave_names_out_unless_identity_shown():
    G = ego_map({"f": tie("c")})
    G.nodes["f"]["name"] = "Wang Fang"
    assert "Wang" not in to_graphml(G) and "Wang" not in to_csv(G)[0]
    assert "Wang Fang" in to_csv(G, show_identity=True)[0]


@pytest.mark.parametrize("label", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "'quoted"])
def test_csv_defuses_formulas_and_restores_them_when_read(label):
    G = ego_map({"f": tie("c")})
    G.nodes["f"]["label_en"] = label
    nodes, edges = to_csv(G)
    assert f"f,person,'{label}" in nodes
    assert from_csv(nodes, edges).nodes["f"]["label_en"] == label


NODES = "Id,kind\nc,client\nf,person\n"
EDGE_HEAD = (
    "Source,Target,kind,rater,relation,distance,status,contacts_per_month,closeness,"
    "support_given,support_received,stressful\n"
)
GOOD_EDGE = "c,f,tie,c,friend,nearby,active,4.0,3,emotional,,false\n"


@pytest.mark.parametrize(
    ("nodes", "edges", "message"),
    [
        (NODES, EDGE_HEAD + "c,ghost,tie,c,friend,nearby,active,4,3,,,false\n",
         r"tie \('c', 'ghost'\): 'ghost' is not a known node"),
        (NODES, EDGE_HEAD + "f,f,link,,,,,,3,,,\n", r"tie \('f', 'f'\): a person cannot be tied"),
        (NODES, EDGE_HEAD + "c,f,tie,c,friend,nearby,active,-2,3,,,false\n",
         r"tie \('c', 'f'\): 'contacts_per_month' must be a number from 0 to 100, got -2.0"),
        (NODES, EDGE_HEAD + "c,f,tie,c,friend,nearby,active,often,3,,,false\n",
         r"'contacts_per_month' must be a number, got 'often'"),
        (NODES, EDGE_HEAD + "c,f,tie,c,friend,nearby,active,4,close,,,false\n",
         r"'closeness' must be a number, got 'close'"),
        (NODES, EDGE_HEAD + "c,f,tie,c,friend,nearby,active,4,3,love,,false\n",
         r"'support_given' must be a tuple of distinct support types"),
        (NODES, EDGE_HEAD + "c,f,tie,c,friend,nearby,active,4,3,,,maybe\n",
         r"'stressful' must be true or false, got 'maybe'"),
        (NODES + "f,group\n", EDGE_HEAD, r"node 'f': listed twice with different attributes"),
        (NODES, EDGE_HEAD + GOOD_EDGE + "f,c,tie,c,friend,nearby,active,9,3,emotional,,false\n",
         r"tie \('f', 'c'\): listed twice with different attributes"),
        ("kind\nclient\n", EDGE_HEAD, r"CSV must have the columns \['Id'\]; missing \['Id'\]"),
        (NODES + "Wang Fang,person\n", EDGE_HEAD, r"^node row 3: ids must be pseudonymous"),
        (NODES, EDGE_HEAD + "c,Li Hua,tie,c,friend,nearby,active,4,3,,,false\n",
         r"^edge row 1: ids must be pseudonymous identifiers matching '\[A-Za-z0-9\]"),
    ],
)  # fmt: skip
def test_from_csv_names_the_tie_when_file_is_inconsistent(nodes, edges, message):
    with pytest.raises(NetworkError, match=message):
        from_csv(nodes, edges)


def test_from_csv_keeps_one_copy_when_row_repeated_identically():
    G = from_csv(NODES + "f,person\n", EDGE_HEAD + GOOD_EDGE + GOOD_EDGE)
    assert (G.number_of_nodes(), G.number_of_edges(), G.graph) == (2, 1, {"ego": "c"})
    assert G.edges["c", "f"]["support_given"] == ("emotional",)


def test_from_csv_reorders_support_codes_into_canonical_order():
    row = "c,f,tie,c,friend,nearby,active,4.0,3,practical;emotional,,false\n"
    assert from_csv(NODES, EDGE_HEAD + row).edges["c", "f"]["support_given"] == (
        "emotional",
        "practical",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<graphml><graph", "not a GraphML document"),
        ('<graphml><graph edgedefault="directed"/></graphml>', "edgedefault='undirected'"),
        ("<graphml/>", "must hold one <graph"),
        (
            '<graphml><graph edgedefault="undirected"><node id="a"/>'
            '<edge source="a" target="a" directed="true"/></graph></graphml>',
            "edges must be undirected",
        ),
    ],
)
def test_from_graphml_raises_when_document_is_not_undirected_graphml(text, message):
    with pytest.raises(NetworkError, match=message):
        from_graphml(text)


def test_from_graphml_refuses_duplicate_node_with_other_attributes():
    text = to_graphml(ego_map({"f": tie("c")}))
    duplicated = text.replace('<node id="f">', '<node id="f"><data key="n0">group</data></node>'
                              '<node id="f">', 1)  # fmt: skip
    with pytest.raises(NetworkError, match="node 'f': listed twice"):
        from_graphml(duplicated)


def test_from_graphml_applies_key_defaults_when_data_missing():
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="k" for="node" attr.name="kind"><default>person</default></key>'
        '<graph edgedefault="undirected"><node id="a"/><node id="b"/></graph></graphml>'
    )
    assert dict(from_graphml(text).nodes(data=True)) == {
        "a": {"kind": "person"},
        "b": {"kind": "person"},
    }


def test_to_graphml_raises_when_label_has_control_character():
    G = ego_map({"f": tie("c")})
    G.nodes["f"]["label_en"] = "bell\x07"
    with pytest.raises(NetworkError, match=r"'label_en' has a character XML 1\.0 cannot carry"):
        to_graphml(G)


def _as_networkx_reads(G: nx.Graph) -> nx.Graph:
    """networkx reads tuples back as the text we wrote and knows no graph attribute."""
    H = G.copy()
    H.graph = {}
    for _, _, data in H.edges(data=True):
        for key in ("support_given", "support_received"):
            if key in data:
                data[key] = ";".join(data[key])
    return H
