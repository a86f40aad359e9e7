"""Order stages (or the interventions of one stage) by their declared dependencies."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

from careplanner.errors import OrderingCycleError

#: Edges ``(a, b)`` meaning "a before b", each mapped to where the constraint came from.
Edges = Mapping[tuple[str, str], str]


def topological(nodes: Sequence[str], edges: Edges, level: str) -> tuple[str, ...]:
    """Order `nodes` so that every edge ``(a, b)`` puts ``a`` first; ties keep `nodes` order.

    Parameters
    ----------
    nodes : sequence of str
        The ids to order, each once, in their default (catalogue) order.
    edges : mapping of (str, str) to str
        ``(a, b) -> origin``: ``a`` comes before ``b``; the origin is named in errors.
        Edges touching an id outside `nodes` are ignored.
    level : str
        What is ordered ("stage", "intervention"), for the error message.

    Returns
    -------
    tuple of str

    Raises
    ------
    OrderingCycleError
        The edges form a cycle; the error names it and where each step came from.

    Examples
    --------
    >>> topological(["a", "b", "c"], {("c", "a"): "rule 1"}, "stage")
    ('b', 'c', 'a')

    Notes
    -----
    Kahn's algorithm with a priority queue: among the ids whose predecessors are all
    placed, the one earliest in `nodes` goes next, so the result is the default order
    changed only where a constraint demands it (Kahn A. B. "Topological sorting of large
    networks". CACM 5 (1962) 558-562). Ids left unplaced lie on or behind a cycle.
    """
    rank = {node: index for index, node in enumerate(nodes)}
    kept = [(a, b) for a, b in edges if a in rank and b in rank]
    if not kept:
        return tuple(nodes)
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    waiting = dict.fromkeys(nodes, 0)
    for a, b in kept:
        successors[a].append(b)
        waiting[b] += 1
    ready = [(rank[node], node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for b in successors[node]:
            waiting[b] -= 1
            if waiting[b] == 0:
                heapq.heappush(ready, (rank[b], b))
    if len(order) < len(rank):
        _refuse_cycles(nodes, kept, edges, level)
    return tuple(order)


def _refuse_cycles(
    nodes: Sequence[str], kept: Sequence[tuple[str, str]], edges: Edges, level: str
) -> None:
    predecessors: dict[str, set[str]] = {node: set() for node in nodes}
    for a, b in kept:
        predecessors[b].add(a)
    try:
        TopologicalSorter(predecessors).prepare()
    except CycleError as exc:
        cycle: list[str] = exc.args[1]
        origins = [edges[(a, b)] for a, b in pairwise(cycle)]
        raise OrderingCycleError(level, cycle, origins) from None
