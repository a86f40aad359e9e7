"""Hypothesis strategies and builders for support-network graphs (ego maps and community maps)."""

from __future__ import annotations

from typing import Any, get_args

import networkx as nx
from hypothesis import strategies as st

from careplanner.models import Distance, Relation, SupportType
from careplanner.network import SUPPORT_TYPES
from careplanner.network._schema import derived, node_kind

RELATIONS: tuple[str, ...] = get_args(Relation)
DISTANCES: tuple[str, ...] = get_args(Distance)
STATUSES = ("active", "dormant", "possible")

# Labels and names: any text XML 1.0 and a CSV cell can carry, CJK included.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=12
)
ids = st.from_regex(r"[a-z][a-z0-9_.\-]{0,7}", fullmatch=True)
support: st.SearchStrategy[tuple[SupportType, ...]] = st.sets(st.sampled_from(SUPPORT_TYPES)).map(
    lambda chosen: tuple(t for t in SUPPORT_TYPES if t in chosen)
)


def tie(
    rater: str,
    *,
    relation: str = "friend",
    distance: str = "nearby",
    status: str = "active",
    contacts_per_month: float = 4.0,
    closeness: int = 3,
    given: tuple[str, ...] = (),
    received: tuple[str, ...] = (),
    stressful: bool = False,
) -> dict[str, Any]:
    """Return the attributes of a ``tie`` edge, derived ones included."""
    data: dict[str, Any] = {
        "kind": "tie",
        "rater": rater,
        "relation": relation,
        "distance": distance,
        "status": status,
        "contacts_per_month": float(contacts_per_month),
        "closeness": closeness,
        "support_given": tuple(t for t in SUPPORT_TYPES if t in given),
        "support_received": tuple(t for t in SUPPORT_TYPES if t in received),
        "stressful": stressful,
    }
    return data | derived(data)


def link(closeness: int = 3) -> dict[str, Any]:
    """Return the attributes of a ``link`` edge."""
    data: dict[str, Any] = {"kind": "link", "closeness": closeness}
    return data | derived(data)


def ego_map(ties: dict[str, dict[str, Any]], links: tuple[tuple[str, str], ...] = ()) -> nx.Graph:
    """Return an ego map around client ``c`` with these ties (alter -> tie attributes)."""
    G = nx.Graph(ego="c")
    G.add_node("c", kind="client")
    for alter, data in ties.items():
        G.add_node(alter, kind=node_kind(data["relation"]))
        G.add_edge("c", alter, **data)
    for a, b in links:
        G.add_edge(a, b, **link())
    return G


@st.composite
def tie_attributes(draw: st.DrawFn, rater: str) -> dict[str, Any]:
    """Draw the attributes of one valid tie rated by `rater`."""
    return tie(
        rater,
        relation=draw(st.sampled_from(RELATIONS)),
        distance=draw(st.sampled_from(DISTANCES)),
        status=draw(st.sampled_from(STATUSES)),
        contacts_per_month=draw(
            st.floats(0, 100, allow_nan=False) | st.sampled_from([0.0, 0.5, 1.0, 4.0, 30.0])
        ),
        closeness=draw(st.integers(1, 5)),
        given=draw(support),
        received=draw(support),
        stressful=draw(st.booleans()),
    )


@st.composite
def node_attributes(draw: st.DrawFn, kind: str, names: bool) -> dict[str, Any]:
    """Draw a node's attributes: kind, maybe labels, maybe a name."""
    data: dict[str, Any] = {"kind": kind}
    for key in ("label_en", "label_zh-CN") + (("name",) if names else ()):
        if draw(st.booleans()):
            data[key] = draw(texts)
    return data


@st.composite
def ego_maps(draw: st.DrawFn, names: bool = False, max_alters: int = 8) -> nx.Graph:
    """Draw a valid ego map: client ``c``, up to `max_alters` contacts, links among them."""
    alters = draw(st.lists(ids.filter(lambda i: i != "c"), max_size=max_alters, unique=True))
    G = nx.Graph(ego="c")
    G.add_node("c", **draw(node_attributes("client", names)))
    for alter in alters:
        data = draw(tie_attributes("c"))
        G.add_node(alter, **draw(node_attributes(node_kind(data["relation"]), names)))
        G.add_edge("c", alter, **data)
    if len(alters) >= 2:
        pairs = st.tuples(st.sampled_from(alters), st.sampled_from(alters))
        for a, b in draw(st.lists(pairs, max_size=6)):
            if a != b:
                G.add_edge(a, b, **link(draw(st.integers(1, 5))))
    return G


@st.composite
def community_maps(draw: st.DrawFn, names: bool = False) -> nx.Graph:
    """Draw a valid community map: people tied to each other, no client, no ego."""
    people = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    G = nx.Graph()
    for person in people:
        G.add_node(person, **draw(node_attributes("person", names)))
    pairs = st.tuples(st.sampled_from(people), st.sampled_from(people))
    for a, b in draw(st.lists(pairs, max_size=12)):
        if a != b:
            G.add_edge(a, b, **draw(tie_attributes(draw(st.sampled_from([a, b])))))
    return G


#: Labels as workers write them, long ones included: (relation, English, Chinese).
CROWD: tuple[tuple[str, str, str], ...] = (
    ("spouse", "wife", "老伴"),
    ("child", "eldest son", "大儿子"),
    ("other_kin", "daughter-in-law", "儿媳"),
    ("other_kin", "granddaughter at university", "上大学的孙女"),
    ("sibling", "younger sister", "妹妹"),
    ("neighbour", "neighbour upstairs", "楼上邻居"),
    ("friend", "old friend from the factory", "工厂的老朋友"),
    ("health_worker", "community health service centre of the old town", "老城区社区卫生服务中心"),
    ("group", "tai chi group in the park", "公园太极拳小组"),
    ("neighbour", "Mrs Wang across the corridor", "对门王阿姨"),
    ("organisation", "home help from the district service", "街道居家养老服务员"),
    ("health_worker", "GP at the clinic", "诊所全科医生"),
    ("group", "church choir", "教会唱诗班"),
    ("sibling", "brother in Guangzhou", "在广州的哥哥"),
    ("other_kin", "nephew", "侄子"),
    ("group", "retired teachers' association", "退休教师协会"),
    ("colleague", "former colleague", "老同事"),
    ("organisation", "meal delivery", "送餐服务"),
    ("health_worker", "pharmacist", "药剂师"),
    ("social_worker", "social worker", "社工"),
    ("other_kin", "cousin in the village", "村里的表弟"),
    ("group", "calligraphy class", "书法班"),
    ("community_staff", "street committee", "居委会"),
    ("other_kin", "grandson", "孙子"),
    ("health_worker", "physiotherapist", "康复治疗师"),
    ("volunteer", "volunteer visitor", "志愿者探访员"),
    ("friend", "mahjong friends", "麻将牌友"),
    ("child", "daughter abroad", "在国外的女儿"),
    ("health_worker", "hospital psychiatric outpatient clinic", "医院精神科门诊"),
    ("organisation", "senior citizens' canteen", "老年食堂"),
)


def crowded_map(n: int) -> nx.Graph:
    """An ego map of the first `n` contacts of `CROWD`, every tie style among them."""
    ties = {}
    for i, (relation, _, _) in enumerate(CROWD[:n]):
        status = "dormant" if i % 7 == 5 else ("possible" if i % 11 == 9 else "active")
        ties[f"p{i:02d}"] = tie(
            "c",
            relation=relation,
            closeness=(5 - i % 5) if i % 3 else 5 - i % 2,
            distance="household" if i in (0, 3) else "nearby",
            status=status,
            contacts_per_month=(30.0, 8.0, 2.0, 0.5)[i % 4],
            given=("emotional",) if i % 2 else (),
            received=("practical",) if i % 3 == 0 else (),
            stressful=i % 9 == 2,
        )
    links = tuple(pair for pair in (("p00", "p01"), ("p01", "p02"), ("p05", "p06")) if n > 6)
    G = ego_map(ties, links)
    for i, (_, en, zh) in enumerate(CROWD[:n]):
        G.nodes[f"p{i:02d}"].update({"label_en": en, "label_zh-CN": zh})
    return G


# Labels up to 40 characters: Latin words, CJK runs, or both.
long_labels = (
    st.lists(
        st.text(
            alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-",
            min_size=1,
            max_size=14,
        )
        | st.text(alphabet="社区卫生服务中心老城区分朋友邻居儿子女儿，的", min_size=1, max_size=12),
        min_size=1,
        max_size=4,
    )
    .map(" ".join)
    .filter(lambda label: len(label) <= 40)
)


@st.composite
def crowded_maps(draw: st.DrawFn) -> nx.Graph:
    """Draw an ego map of 1-30 contacts with long labels in both languages."""
    G = draw(ego_maps(max_alters=30).filter(lambda G: G.number_of_nodes() > 1))
    for _, data in G.nodes(data=True):
        if data["kind"] != "client":
            data.update({"label_en": draw(long_labels), "label_zh-CN": draw(long_labels)})
    return G
