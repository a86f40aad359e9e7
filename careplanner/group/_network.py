"""The members' ties to each other: a community map before and after the group.

Mutual support is the group's aim ([living-alone-group]; [gitterman1994]), so new ties
between members are an outcome. `group_network` draws a community map (docs/network.md) of
the members from their cases; `compare_group_networks` measures it before and after with
`careplanner.network`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from careplanner.errors import UnknownCodeError
from careplanner.group._residents import Resident
from careplanner.group._types import Frozen
from careplanner.models import Contact, SupportTie
from careplanner.network import SUPPORT_TYPES, measure_all, validate


class GroupNetworkMeasures(Frozen):
    """The structure of the members' ties to each other at one date.

    Attributes
    ----------
    members : int
    ties : int
        Pairs of members with an active tie (reported by either).
    density : float
        ``ties / (members * (members - 1) / 2)``; 0 with fewer than two members.
    components : int
        Connected parts of the members' active ties (1 = everyone reachable).
    isolated : tuple of str
        Members with no active tie to another member.
    """

    members: int
    ties: int
    density: float
    components: int
    isolated: tuple[str, ...]


class GroupNetworkChange(Frozen):
    """The members' ties before and after, and which pairs are new."""

    before: GroupNetworkMeasures
    after: GroupNetworkMeasures
    new_ties: tuple[tuple[str, str], ...]
    lost_ties: tuple[tuple[str, str], ...]
    ties_per_member: dict[str, tuple[int, int]]


def group_network(residents: Sequence[Resident], members: Sequence[str]) -> nx.Graph:
    """Return the community map of `members`' ties to each other, from latest assessments.

    A tie is drawn when one member's case lists another member's client id as a contact
    with a tie; when both report the pair, the active report is kept, else the one by the
    smaller id. A link (two contacts know each other) between members is kept as a link.

    Raises
    ------
    UnknownCodeError
        A member is not among `residents`.

    Examples
    --------
    >>> from careplanner.group import load_residents
    >>> G = group_network(load_residents("example:residents"), ["r03", "r04", "r08"])
    >>> sorted(G.edges())
    [('r03', 'r04'), ('r04', 'r08')]
    """
    by_id = {r.id: r for r in residents}
    G = nx.Graph()
    for member in members:
        if member not in by_id:
            raise UnknownCodeError("members", member, by_id)
        G.add_node(member, kind="person")
    for member in sorted(members):
        _add_ties(G, by_id[member], set(members))
    validate(G)
    return G


def _add_ties(G: nx.Graph, resident: Resident, members: set[str]) -> None:
    case = resident.case
    contacts = {c.id: c for c in case.contacts}
    for tie in case.latest.ties:
        other = tie.contact
        if other in members and other != resident.id:
            data = _tie(resident.id, contacts[other], tie)
            old = G.edges[resident.id, other] if G.has_edge(resident.id, other) else None
            if old is None or (old.get("status") != "active" and tie.status == "active"):
                G.add_edge(resident.id, other, **data)
    for link in case.latest.links:
        a, b = link.between
        if a in members and b in members and not G.has_edge(a, b):
            G.add_edge(a, b, kind="link", closeness=link.closeness)


def _tie(rater: str, contact: Contact, tie: SupportTie) -> dict[str, Any]:
    return {
        "kind": "tie",
        "rater": rater,
        "relation": contact.relation,
        "distance": contact.distance,
        "status": tie.status,
        "contacts_per_month": tie.contacts_per_month,
        "closeness": tie.closeness,
        "support_given": tuple(t for t in SUPPORT_TYPES if t in tie.support_given),
        "support_received": tuple(t for t in SUPPORT_TYPES if t in tie.support_received),
        "stressful": tie.stressful,
    }


def measure_group(G: nx.Graph) -> GroupNetworkMeasures:
    """Measure a community map of members (see `GroupNetworkMeasures`)."""
    active = _active(G)
    n = G.number_of_nodes()
    pairs = n * (n - 1) / 2
    return GroupNetworkMeasures(
        members=n,
        ties=active.number_of_edges(),
        density=active.number_of_edges() / pairs if pairs else 0.0,
        components=nx.number_connected_components(active) if n else 0,
        isolated=tuple(sorted(m for m in active if active.degree(m) == 0)),
    )


def compare_group_networks(
    before: Sequence[Resident], after: Sequence[Resident], members: Sequence[str]
) -> GroupNetworkChange:
    """Compare the members' ties to each other before and after the group.

    Parameters
    ----------
    before, after : sequence of Resident
        Residents at the earlier and the later assessment (each must hold every member).
    members : sequence of str

    Returns
    -------
    GroupNetworkChange
        Measures at both dates, the pairs tied only after (new) or only before (lost), and
        each member's active ties inside the group (`careplanner.network.measure_all`).
    """
    first, second = group_network(before, members), group_network(after, members)
    old, new = _pairs(first), _pairs(second)
    sizes_before, sizes_after = measure_all(first), measure_all(second)
    return GroupNetworkChange(
        before=measure_group(first),
        after=measure_group(second),
        new_ties=tuple(sorted(new - old)),
        lost_ties=tuple(sorted(old - new)),
        ties_per_member={m: (sizes_before[m].size, sizes_after[m].size) for m in sorted(members)},
    )


def _active(G: nx.Graph) -> nx.Graph:
    active = nx.Graph()
    active.add_nodes_from(G)
    active.add_edges_from(
        (u, v) for u, v, d in G.edges(data=True) if d["kind"] == "tie" and d["status"] == "active"
    )
    return active


def _pairs(G: nx.Graph) -> set[tuple[str, str]]:
    active = _active(G)
    return {(min(u, v), max(u, v)) for u, v in active.edges()}
