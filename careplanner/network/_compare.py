"""Compare two dated maps of the same client's network (e.g. intake and closure)."""

from __future__ import annotations

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.network._facts import Fact, network_facts
from careplanner.network._measures import NetworkMeasures, Result, measure_rows
from careplanner.network._schema import TieRow, adjacency, ego_rows, graph_ego, validate


class TieChange(Result):
    """A tie active in both maps whose closeness or contact frequency changed."""

    contact: str
    closeness_before: int
    closeness_after: int
    contacts_per_month_before: float
    contacts_per_month_after: float


class NetworkChange(Result):
    """What changed between two maps of one client's network.

    Attributes
    ----------
    ego : str
    added, lost : tuple of str
        Contacts whose tie is active only in the later / only in the earlier map.
    strengthened, weakened : tuple of TieChange
        Ties active in both whose closeness and frequency both went up (or down), at least
        one strictly.
    mixed : tuple of TieChange
        Ties where one went up and the other down.
    before, after : NetworkMeasures
    facts : dict of str to (before, after)
        Every `network_facts` value in both maps.
    """

    ego: str
    added: tuple[str, ...]
    lost: tuple[str, ...]
    strengthened: tuple[TieChange, ...]
    weakened: tuple[TieChange, ...]
    mixed: tuple[TieChange, ...]
    before: NetworkMeasures
    after: NetworkMeasures
    facts: dict[str, tuple[Fact, Fact]]


def compare_networks(before: nx.Graph, after: nx.Graph) -> NetworkChange:
    """Return the change between two maps of the same client's network.

    Parameters
    ----------
    before, after : networkx.Graph
        Ego maps with the same ``ego`` (e.g. `build_network` at intake and at closure).

    Returns
    -------
    NetworkChange

    Raises
    ------
    NetworkError
        The maps have different egos, or either breaks the schema.

    Notes
    -----
    Re-drawing the ecomap at evaluation to show new ties and reduced stress is part of the
    ecomap's use in practice (Hartman 1978); the convoy changes with life transitions
    (Kahn & Antonucci 1980).
    """
    ego = graph_ego(before)
    if graph_ego(after) != ego:
        raise NetworkError("'before' and 'after' must map the same ego")
    validate(before)
    validate(after)
    m_before, old = _measured(before, ego)
    m_after, new = _measured(after, ego)
    changed = [_change(old[c], new[c]) for c in sorted(old.keys() & new.keys())]
    changes = [c for c in changed if c is not None]
    f_before, f_after = network_facts(m_before), network_facts(m_after)
    return NetworkChange(
        ego=ego,
        added=tuple(sorted(new.keys() - old.keys())),
        lost=tuple(sorted(old.keys() - new.keys())),
        strengthened=tuple(c for c in changes if _direction(c) > 0),
        weakened=tuple(c for c in changes if _direction(c) < 0),
        mixed=tuple(c for c in changes if _direction(c) == 0),
        before=m_before,
        after=m_after,
        facts={name: (f_before[name], f_after[name]) for name in f_before},
    )


def _measured(G: nx.Graph, ego: str) -> tuple[NetworkMeasures, dict[str, TieRow]]:
    """Return the measures of `ego` in `G` and its active ties by contact, from one read."""
    adj = adjacency(G)
    every = ego_rows(adj, ego)
    active = {row.alter: row for row in every if row.status == "active"}
    return measure_rows(adj, ego, every), active


def _change(old: TieRow, new: TieRow) -> TieChange | None:
    if (old.closeness, old.contacts_per_month) == (new.closeness, new.contacts_per_month):
        return None
    return TieChange(
        contact=old.alter,
        closeness_before=old.closeness,
        closeness_after=new.closeness,
        contacts_per_month_before=old.contacts_per_month,
        contacts_per_month_after=new.contacts_per_month,
    )


def _direction(change: TieChange) -> int:
    """Return 1 if nothing went down, -1 if nothing went up, 0 if mixed."""
    deltas = (
        change.closeness_after - change.closeness_before,
        change.contacts_per_month_after - change.contacts_per_month_before,
    )
    if min(deltas) >= 0:
        return 1
    return -1 if max(deltas) <= 0 else 0
