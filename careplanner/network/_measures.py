"""Measures of a support network, for one ego or for everyone in a community map.

Each measure is defined in docs/network.md with its source. Only ``active`` ties count;
dormant and possible ties feed `careplanner.network.suggest_links`.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
from pydantic import BaseModel, ConfigDict

from careplanner._content._vocab import trusted
from careplanner.models import SupportType
from careplanner.network._build import EgoMap
from careplanner.network._schema import (
    SUPPORT_TYPES,
    Adjacency,
    TieRow,
    adjacency,
    ego_rows,
    graph_ego,
    validate,
)


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Fragility(Result):
    """What the network loses if any one active tie is lost.

    Attributes
    ----------
    lost_if_removed : dict of str to tuple of str
        For each alter who alone gives some support type, the types nobody else gives.
    at_risk : tuple of str
        Support types with fewer than two providers (none, or a single person): the types
        that are missing or would go with the loss of one tie.
    risk : int
        ``len(at_risk)``, 0-5. Removing a tie never lowers it; adding one never raises it.
    """

    lost_if_removed: dict[str, tuple[SupportType, ...]]
    at_risk: tuple[SupportType, ...]
    risk: int


class NetworkMeasures(Result):
    """The structure and function of one person's support network (see docs/network.md)."""

    ego: str
    size: int
    informal_size: int
    formal_size: int
    kin_size: int
    nonkin_size: int
    kin_share: float
    formal_share: float
    informal_outside_household: int
    far_ties: int
    monthly_contacts: int
    contacts_per_month: float
    stressful_ties: int
    providers: dict[SupportType, int]
    uncovered: tuple[SupportType, ...]
    confidants_besides_spouse: int
    diversity: int
    reciprocity: float
    density: float
    dependency: float
    top_contributor: str | None
    top_contributor_is_spouse: bool
    types_lost_if_top_removed: int
    fragility: Fragility
    isolated: bool


def measure(G: nx.Graph, ego: str | None = None) -> NetworkMeasures:
    """Return the measures of `ego`'s network in `G`.

    Parameters
    ----------
    G : networkx.Graph
        A support network (`build_network`, `from_graphml`, `from_csv` or built by hand with
        the attributes of docs/network.md).
    ego : str, optional
        Whose network; the graph's ``ego`` attribute if not given.

    Returns
    -------
    NetworkMeasures

    Raises
    ------
    NetworkError
        `G` breaks the schema (unknown node, self-tie, attribute out of range), or no ego.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="c")
    >>> G.add_node("c", kind="client"); G.add_node("s", kind="person")
    >>> G.add_edge("c", "s", kind="tie", rater="c", relation="spouse", distance="household",
    ...            status="active", contacts_per_month=30.0, closeness=5,
    ...            support_given=("emotional", "practical"), support_received=("practical",),
    ...            stressful=False)
    >>> m = measure(G)
    >>> m.size, m.dependency, m.top_contributor, m.isolated
    (1, 1.0, 's', True)
    """
    validate(G)
    return measure_node(adjacency(G), graph_ego(G, ego))


def measure_built(G: nx.Graph) -> NetworkMeasures:
    """Return `measure(G)` for an ego map that `build_network` has just built, unchecked.

    For careplanner's own pipeline (`careplanner.assess`): `build_network` makes only graphs
    that pass `validate` from a validated case (tests/network checks it on examples and
    synthetic cases), and on a graph of ten people the check costs about as much as the
    measures. A graph from anywhere else, or changed since, goes through `measure`.
    """
    return measure_node(adjacency(G), G.graph["ego"])


def measure_ego(ego: EgoMap) -> NetworkMeasures:
    """Return `measure_built` of the graph `build_network` would draw of `ego`'s map."""
    return measure_rows(ego.links, ego.ego, ego.rows)


def measure_all(G: nx.Graph) -> dict[str, NetworkMeasures]:
    """Return the measures of every person's network in a community map, by node id.

    The same code as `measure`, run for each node; the cost grows with the number of ties
    and the sum of squared degrees (for the density among alters), near-linear for the
    sparse maps of a community.
    """
    validate(G)
    adj = adjacency(G)
    return {node: measure_node(adj, node) for node in sorted(adj)}


def fragility(G: nx.Graph, ego: str | None = None) -> Fragility:
    """Return what `ego`'s network loses if any one active tie is lost (see `Fragility`)."""
    return measure(G, ego).fragility


def measure_node(adj: Adjacency, ego: str) -> NetworkMeasures:
    """Return the measures of `ego` in the adjacency of an already validated graph."""
    return measure_rows(adj, ego, ego_rows(adj, ego))


def measure_rows(adj: Adjacency, ego: str, every: Sequence[TieRow]) -> NetworkMeasures:
    """Return the measures of `ego` from all its ties (`ego_rows`) and the adjacency.

    The counts are taken in one pass over the ties: a network has a few, and a pass per count
    cost more than the counting.
    """
    rows: list[TieRow] = []
    far = informal = kin = outside = monthly = stressful = reciprocal = confidants = 0
    per_month = 0.0
    relations: set[str] = set()
    for row in every:
        formal = row.formal  # a property: read once
        # Dormant ties count: family far away whom the client has lost touch with is exactly
        # whom a messaging app brings back (the seed client's sister).
        far += row.distance == "far" and not formal and row.status != "possible"
        if row.status != "active":
            continue
        rows.append(row)
        informal += not formal
        outside += not formal and row.distance != "household"
        kin += row.kin
        monthly += row.contacts_per_month >= 1
        per_month += row.contacts_per_month
        stressful += row.stressful
        reciprocal += bool(row.given and row.received)
        confidants += "emotional" in row.given and row.relation != "spouse"
        relations.add(row.relation)
    size = len(rows)
    providers = providers_of(rows)
    top, dependency = top_contributor(rows)
    frail = _fragility(rows, providers)
    # every value is counted here from rows of a validated graph: not re-validated
    return trusted(
        NetworkMeasures,
        ego=ego,
        size=size,
        informal_size=informal,
        formal_size=size - informal,
        kin_size=kin,
        nonkin_size=size - kin,
        kin_share=_share(kin, size),
        formal_share=_share(size - informal, size),
        informal_outside_household=outside,
        far_ties=far,
        monthly_contacts=monthly,
        contacts_per_month=per_month,
        stressful_ties=stressful,
        providers={t: len(providers[t]) for t in SUPPORT_TYPES},
        uncovered=tuple(t for t in SUPPORT_TYPES if not providers[t]),
        confidants_besides_spouse=confidants,
        diversity=len(relations),
        reciprocity=_share(reciprocal, size),
        density=_density(adj, [row.alter for row in rows]),
        dependency=dependency,
        top_contributor=None if top is None else top.alter,
        top_contributor_is_spouse=top is not None and top.relation == "spouse",
        types_lost_if_top_removed=0
        if top is None
        else len(frail.lost_if_removed.get(top.alter, ())),
        fragility=frail,
        isolated=outside == 0 or monthly == 0,
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def providers_of(rows: Sequence[TieRow]) -> dict[SupportType, set[str]]:
    providers: dict[SupportType, set[str]] = {t: set() for t in SUPPORT_TYPES}
    for row in rows:
        for t in row.given:
            providers[t].add(row.alter)
    return providers


def top_contributor(rows: Sequence[TieRow]) -> tuple[TieRow | None, float]:
    """Return the alter giving the most support links (person x type) and their share.

    Ties in the count go to the closer, then the more frequent contact, then the smaller
    id (rows come sorted by id and `max` keeps the first maximum).
    """
    total = sum(len(row.given) for row in rows)
    if total == 0:
        return None, 0.0
    top = max(rows, key=contribution)
    return top, len(top.given) / total


def contribution(row: TieRow) -> tuple[int, int, float]:
    """Return how `row` ranks for `top_contributor`: support links, closeness, frequency."""
    return len(row.given), row.closeness, row.contacts_per_month


def _fragility(rows: Sequence[TieRow], providers: dict[SupportType, set[str]]) -> Fragility:
    lost: dict[str, list[SupportType]] = {}
    for t in SUPPORT_TYPES:
        if len(providers[t]) == 1:
            (only,) = providers[t]
            lost.setdefault(only, []).append(t)
    at_risk = tuple(t for t in SUPPORT_TYPES if len(providers[t]) < 2)
    return trusted(
        Fragility,
        lost_if_removed={alter: tuple(types) for alter, types in sorted(lost.items())},
        at_risk=at_risk,
        risk=len(at_risk),
    )


def _density(adj: Adjacency, alters: Sequence[str]) -> float:
    """Return the density of the ties among `alters` (links, or active ties between them)."""
    n = len(alters)
    if n < 2:
        return 0.0
    inside = set(alters)
    ends = 0
    for a in alters:
        for b, data in adj[a].items():
            if b in inside and (data["kind"] == "link" or data["status"] == "active"):
                ends += 1
    return (ends / 2) / (n * (n - 1) / 2)


def brokers(G: nx.Graph) -> list[str]:
    """Return the people whose loss splits the network of active ties and links.

    Parameters
    ----------
    G : networkx.Graph
        A support network; dormant and possible ties are left out.

    Returns
    -------
    list of str
        Articulation points, sorted: in a community map, the people who alone connect two
        parts of it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from("abc", kind="person")
    >>> G.add_edge("a", "b", kind="link", closeness=3)
    >>> G.add_edge("b", "c", kind="link", closeness=3)
    >>> brokers(G)
    ['b']

    References
    ----------
    .. [1] Hopcroft J., Tarjan R. "Efficient algorithms for graph manipulation". CACM 16
       (1973) 372-378.
    """
    validate(G)
    active = nx.Graph()
    active.add_nodes_from(G)
    active.add_edges_from(
        (u, v)
        for u, v, data in G.edges(data=True)
        if data["kind"] == "link" or data["status"] == "active"
    )
    return sorted(nx.articulation_points(active))
