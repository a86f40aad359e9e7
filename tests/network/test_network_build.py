"""build_network: a case's contacts and one assessment's ties become a graph."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner import list_examples, load_case
from careplanner.errors import NetworkError
from careplanner.models import Assessment, Case, Contact, ContactLink, SupportTie
from careplanner.network import build_network, measure, suggest_links, validate
from careplanner.network._build import ego_map
from careplanner.network._measures import measure_built, measure_ego
from careplanner.network._suggest import suggest_for
from careplanner.synth import generate_case

from .network_cases import CLOSURE, INTAKE, SEED_CASE


def test_build_network_puts_client_at_centre_when_built_from_seed_closure():
    G = build_network(SEED_CASE, CLOSURE)
    assert G.graph == {"ego": "client-003"}
    assert G.nodes["client-003"] == {"kind": "client"}
    assert sorted(G.adj["client-003"]) == [
        "community-staff",
        "dance-team",
        "husband",
        "old-friend",
        "sister",
        "volunteers",
    ]
    assert G.nodes["dance-team"]["kind"] == "group"
    assert G.nodes["sister"] == {"kind": "person", "label_en": "sister", "label_zh-CN": "妹妹"}


def test_build_network_records_every_tie_attribute_when_built():
    data = build_network(SEED_CASE, CLOSURE).edges["client-003", "sister"]
    assert data == {
        "kind": "tie",
        "rater": "client-003",
        "relation": "sibling",
        "distance": "far",
        "status": "active",
        "contacts_per_month": 8.0,
        "closeness": 4,
        "support_given": ("emotional",),
        "support_received": ("emotional",),
        "stressful": False,
        "formal": False,
        "kin": True,
        "circle": "middle",
        "strength": "strong",
        "flow": "both",
    }


def test_build_network_uses_latest_assessment_when_none_given():
    assert build_network(SEED_CASE).edges["client-003", "sister"]["status"] == "active"
    assert build_network(SEED_CASE, INTAKE).edges["client-003", "sister"]["status"] == "dormant"


def test_build_network_adds_links_among_contacts_when_listed():
    G = build_network(SEED_CASE, CLOSURE)
    assert G.edges["old-friend", "dance-team"] == {
        "kind": "link",
        "closeness": 3,
        "circle": "middle",
    }
    assert G.number_of_edges() == 6 + 3


def test_build_network_leaves_names_out_unless_identity_shown():
    named = _with_contacts(
        Contact(id="sis", name="Li Hua", relation="sibling", distance="far"),
        ties=(SupportTie(contact="sis", contacts_per_month=1, closeness=4),),
    )
    assert "name" not in build_network(named).nodes["sis"]
    assert build_network(named, show_identity=True).nodes["sis"]["name"] == "Li Hua"


#: Both ways of mapping the latest assessment of a case: as a graph, and as the pipeline's map.
BUILDERS = [
    pytest.param(build_network, id="build_network"),
    pytest.param(lambda case: ego_map(case, case.latest), id="ego_map"),
]


@pytest.mark.parametrize("build", BUILDERS)
def test_build_network_raises_when_contact_has_client_id(build):
    case = _with_contacts(
        Contact(id="client-003", relation="friend"),
        ties=(SupportTie(contact="client-003", contacts_per_month=1, closeness=3),),
    )
    with pytest.raises(NetworkError, match=r"tie \('client-003', 'client-003'\)"):
        build(case)


@pytest.mark.parametrize("build", BUILDERS)
def test_build_network_raises_when_two_links_contradict(build):
    case = _with_contacts(
        Contact(id="a", relation="friend"),
        Contact(id="b", relation="friend"),
        ties=(
            SupportTie(contact="a", contacts_per_month=1, closeness=3),
            SupportTie(contact="b", contacts_per_month=1, closeness=3),
        ),
        links=(ContactLink(between=("a", "b"), closeness=2), ContactLink(between=("b", "a"))),
    )
    with pytest.raises(NetworkError, match=r"tie \('b', 'a'\): linked twice"):
        build(case)


def _with_contacts(
    *contacts: Contact, ties: tuple[SupportTie, ...], links: tuple[ContactLink, ...] = ()
) -> Case:
    assessment = INTAKE.model_copy(update={"ties": ties, "links": links})
    return SEED_CASE.model_copy(update={"contacts": contacts, "assessments": (assessment,)})


def _assert_built_graphs_valid(case: Case) -> None:
    for assessment in case.assessments:
        for show_identity in (False, True):
            G = build_network(case, assessment, show_identity=show_identity)
            validate(G)
            assert measure_built(G) == measure(G)
        _assert_ego_map_reads_as_graph(case, assessment, G)


def _assert_ego_map_reads_as_graph(case: Case, assessment: Assessment, G: nx.Graph) -> None:
    """The pipeline's map gives the graph's measures and suggestions, to the byte."""
    ego = ego_map(case, assessment)
    assert measure_ego(ego).model_dump_json() == measure_built(G).model_dump_json()
    suggested = [s.model_dump_json() for s in suggest_for(ego)]
    assert suggested == [s.model_dump_json() for s in suggest_links(case, assessment, graph=G)]


@pytest.mark.parametrize("example", [e.id for e in list_examples()])
def test_build_network_makes_valid_graphs_when_example_case(example):
    """measure_built and suggest_links(graph=...) rely on this to skip the check."""
    _assert_built_graphs_valid(load_case(f"example:{example}"))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, 10**7))
def test_build_network_makes_valid_graphs_when_synthetic_case(seed, index):
    _assert_built_graphs_valid(generate_case(seed, index))
