"""The attribute schema of a support-network graph, its checks and the ecomap conventions.

A support network is an undirected `networkx.Graph` whose nodes are pseudonymous ids and
whose edges are of two kinds:

``tie``
    A support tie, as `careplanner.models.SupportTie` records it. ``rater`` names the end
    whose tie it is (the client in an ego map, the person who reported it in a community
    map): ``closeness`` is that person's rating, ``support_given`` flows from the other end
    to the rater and ``support_received`` from the rater to the other end.
``link``
    Two people know each other (`careplanner.models.ContactLink`); only ``closeness``.

Derived attributes (``formal``, ``kin``, ``circle``, ``strength``, ``flow``) are added by
`build_network` and the readers for people and programs that look at the graph; the
measures never read them, they recompute them from the recorded attributes. docs/network.md
lists every attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple, get_args

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.models import (
    FORMAL_RELATIONS,
    KIN_RELATIONS,
    Distance,
    Relation,
    SupportType,
    TieStatus,
)

NodeKind = Literal["client", "person", "group", "service"]
EdgeKind = Literal["tie", "link"]
Circle = Literal["inner", "middle", "outer"]
Strength = Literal["strong", "weak", "tenuous"]
Flow = Literal["in", "out", "both", "none"]

#: The support types in their canonical order (the order of `careplanner.models.SupportType`).
SUPPORT_TYPES: tuple[SupportType, ...] = get_args(SupportType)
RELATIONS: frozenset[str] = frozenset(get_args(Relation))
DISTANCES: frozenset[str] = frozenset(get_args(Distance))
STATUSES: frozenset[str] = frozenset(get_args(TieStatus))
NODE_KINDS: frozenset[str] = frozenset(get_args(NodeKind))
LABEL_KEYS: tuple[str, ...] = ("label_en", "label_zh-CN")
#: Node attributes the graph may carry, besides ``kind``.
OPTIONAL_NODE_KEYS: tuple[str, ...] = (*LABEL_KEYS, "name")
#: Recorded tie attributes, in file column order.
TIE_KEYS: tuple[str, ...] = (
    "kind",
    "rater",
    "relation",
    "distance",
    "status",
    "contacts_per_month",
    "closeness",
    "support_given",
    "support_received",
    "stressful",
)
DERIVED_KEYS: tuple[str, ...] = ("formal", "kin", "circle", "strength", "flow")
# The pattern of `careplanner.models.Identifier`: node ids are pseudonyms, never names.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def node_kind(relation: str) -> NodeKind:
    """Return how a contact of `relation` is drawn: a group, a service or a person."""
    if relation == "group":
        return "group"
    return "service" if relation == "organisation" else "person"


def circle(closeness: int) -> Circle:
    """Return the convoy circle of a tie of this closeness.

    Convention (Kahn & Antonucci 1980 place people by closeness; the cut-offs are ours):
    closeness 5 is the inner circle, 3-4 the middle, 1-2 the outer.

    >>> [circle(c) for c in (5, 4, 3, 2, 1)]
    ['inner', 'middle', 'middle', 'outer', 'outer']
    """
    if closeness >= 5:
        return "inner"
    return "middle" if closeness >= 3 else "outer"


def strength(closeness: int, contacts_per_month: float) -> Strength:
    """Return the ecomap line of a tie (Hartman 1978): strong, weak or tenuous.

    Strong: closeness 4-5 and at least monthly contact. Tenuous: closeness 1-2 or less than
    monthly contact. Weak: the rest.

    >>> strength(5, 4.0), strength(3, 4.0), strength(5, 0.5), strength(2, 30.0)
    ('strong', 'weak', 'tenuous', 'tenuous')
    """
    if closeness <= 2 or contacts_per_month < 1:
        return "tenuous"
    return "strong" if closeness >= 4 else "weak"


def flow(given: Iterable[str], received: Iterable[str]) -> Flow:
    """Return the direction of support relative to the rater: in, out, both or none.

    >>> flow(["emotional"], []), flow([], ["practical"]), flow(["a"], ["b"]), flow([], [])
    ('in', 'out', 'both', 'none')
    """
    into, out = bool(tuple(given)), bool(tuple(received))
    if into and out:
        return "both"
    return "in" if into else ("out" if out else "none")


def canonical_support(types: Iterable[str]) -> tuple[SupportType, ...]:
    """Return `types` without repeats, in the canonical order of `SUPPORT_TYPES`."""
    try:
        if types in _CANONICAL:  # only tuples are in it
            return types  # the usual case: recorded in order already
    except TypeError:  # a list, or an unhashable member
        pass
    wanted = set(types)
    return tuple(t for t in SUPPORT_TYPES if t in wanted)


#: Every tuple of distinct support types in canonical order (2**5 of them).
_CANONICAL: frozenset[tuple[str, ...]] = frozenset(
    tuple(t for i, t in enumerate(SUPPORT_TYPES) if mask >> i & 1) for mask in range(32)
)


def _is_canonical(value: tuple[object, ...]) -> bool:
    try:
        return value in _CANONICAL
    except TypeError:  # an unhashable member
        return False


def derived(data: Mapping[str, Any]) -> dict[str, str | bool]:
    """Return the derived attributes of a recorded tie (or link) `data`."""
    closeness = int(data["closeness"])
    if data["kind"] == "link":
        return {"circle": circle(closeness)}
    return tie_derived(
        data["relation"],
        closeness,
        float(data["contacts_per_month"]),
        data["support_given"],
        data["support_received"],
    )


def tie_derived(
    relation: str,
    closeness: int,
    contacts_per_month: float,
    given: Iterable[str],
    received: Iterable[str],
) -> dict[str, str | bool]:
    """Return the derived attributes of a tie from its recorded values (see `derived`)."""
    return {
        "formal": relation in FORMAL_RELATIONS,
        "kin": relation in KIN_RELATIONS,
        "circle": circle(closeness),
        "strength": strength(closeness, contacts_per_month),
        "flow": flow(given, received),
    }


class TieRow(NamedTuple):
    """One tie seen from one end (the ego): what the measures read."""

    alter: str
    relation: str
    distance: str
    status: str
    contacts_per_month: float
    closeness: int
    given: tuple[SupportType, ...]  # alter -> ego
    received: tuple[SupportType, ...]  # ego -> alter
    stressful: bool

    @property
    def formal(self) -> bool:
        return self.relation in FORMAL_RELATIONS

    @property
    def kin(self) -> bool:
        return self.relation in KIN_RELATIONS


#: Node -> neighbour -> edge attributes: the graph's own dicts, read without views.
Adjacency = Mapping[str, Mapping[str, Mapping[str, Any]]]


def adjacency(G: nx.Graph) -> Adjacency:
    """Return `G`'s adjacency as plain dicts (`networkx.Graph.adjacency`), fast to read."""
    return dict(G.adjacency())


def ego_rows(adj: Adjacency, ego: str) -> list[TieRow]:
    """Return the ties of `ego`, oriented from `ego`'s side, sorted by alter id."""
    rows = []
    for alter, data in adj[ego].items():
        if data["kind"] != "tie":
            continue
        given, received = data["support_given"], data["support_received"]
        if data["rater"] != ego:
            given, received = received, given
        # positional, in field order: a NamedTuple is quickest built so
        rows.append(
            TieRow(
                str(alter),
                data["relation"],
                data["distance"],
                data["status"],
                float(data["contacts_per_month"]),
                int(data["closeness"]),
                given,
                received,
                bool(data["stressful"]),
            )
        )
    rows.sort(key=lambda row: row.alter)
    return rows


def graph_ego(G: nx.Graph, ego: str | None = None) -> str:
    """Return the ego of `G`: `ego` if given, else the graph's ``ego`` attribute."""
    chosen = ego if ego is not None else G.graph.get("ego")
    if chosen is None:
        raise NetworkError("'ego' must be given: the graph has no 'ego' attribute")
    if chosen not in G:
        raise NetworkError(f"'ego' {chosen!r} is not a node of the graph")
    return str(chosen)


def validate(G: nx.Graph) -> None:
    """Check that `G` follows the support-network schema; raise `NetworkError` if not.

    Checks what a graph built by hand or read from a file can break: an undirected simple
    graph whose node ids are pseudonymous identifiers; no tie to an unknown node (one without
    a ``kind``) and no self-tie; every tie attribute in its range; at most one client node,
    named by the graph attribute ``ego`` when there is one. Errors name the tie or node.
    """
    if G.is_directed() or G.is_multigraph():
        raise NetworkError("a support network must be an undirected networkx.Graph")
    kinds = dict(G.nodes(data="kind"))
    strangers = sum(not isinstance(n, str) or not IDENTIFIER.fullmatch(n) for n in kinds)
    if strangers:
        raise NetworkError(
            f"node ids must be pseudonymous identifiers matching {IDENTIFIER.pattern!r}; "
            f"{strangers} do not"
        )
    for u, v, data in G.edges(data=True):
        problem = _ends_problem(kinds, u, v) or _edge_problem(u, v, data)
        if problem:
            # the tie is named only here: most graphs have no bad tie to name
            raise NetworkError(f"tie ({u!r}, {v!r}): {problem}")
    for node, kind in kinds.items():
        if kind not in NODE_KINDS:
            raise NetworkError(f"node {node!r}: 'kind' must be one of {sorted(NODE_KINDS)}")
    _check_ego(kinds, G.graph.get("ego"))


def _check_ego(kinds: Mapping[str, object], ego: object) -> None:
    clients = sorted(n for n, kind in kinds.items() if kind == "client")
    if len(clients) > 1:
        raise NetworkError(f"at most one node may have kind 'client', found {clients}")
    if (clients and ego != clients[0]) or (not clients and ego is not None):
        raise NetworkError(
            f"graph attribute 'ego' must name the client node: {clients[0] if clients else None!r}"
        )


def _ends_problem(kinds: Mapping[str, object], u: str, v: str) -> str | None:
    for end in (u, v):
        if kinds[end] not in NODE_KINDS:
            return f"{end!r} is not a known node"
    return None


def _edge_problem(u: str, v: str, data: Mapping[str, object]) -> str | None:
    """Return what is wrong with the edge (u, v), or None."""
    if u == v:
        return "a person cannot be tied to themself"
    kind = data.get("kind")
    if kind not in ("tie", "link"):
        return "'kind' must be one of ['link', 'tie']"
    closeness = data.get("closeness")
    if isinstance(closeness, bool) or not isinstance(closeness, int) or not 1 <= closeness <= 5:
        return f"'closeness' must be an int from 1 to 5, got {closeness!r}"
    if kind == "link":
        return None
    if data.get("rater") not in (u, v):
        return f"'rater' must be one of its ends [{u!r}, {v!r}]"
    for key, allowed in (("relation", RELATIONS), ("distance", DISTANCES), ("status", STATUSES)):
        if data.get(key) not in allowed:
            return f"{key!r} must be one of {sorted(allowed)}"
    return _numbers_problem(data)


def _numbers_problem(data: Mapping[str, object]) -> str | None:
    frequency = data.get("contacts_per_month")
    # NaN fails the range test; a bool is an int to Python but not a frequency.
    if (
        isinstance(frequency, bool)
        or not isinstance(frequency, int | float)
        or not 0 <= frequency <= 100
    ):
        return f"'contacts_per_month' must be a number from 0 to 100, got {frequency!r}"
    for key in ("support_given", "support_received"):
        value = data.get(key)
        if not isinstance(value, tuple) or not _is_canonical(value):
            return (
                f"{key!r} must be a tuple of distinct support types in the order "
                f"{list(SUPPORT_TYPES)}"
            )
    if not isinstance(data.get("stressful"), bool):
        return "'stressful' must be a bool"
    return None
