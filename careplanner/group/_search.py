"""Search for the split of members into groups that minimises the objective.

Two methods, chosen by the number of possible splits (`split_count`):

- ``exact``: every split is scored; the first of the cheapest (in enumeration order) wins.
- ``local_search``: from a deterministic start (members sorted by their first common answer
  and their needs, cut into consecutive groups of balanced size), apply single moves (sizes
  kept within bounds) and swaps between a group that costs anything and another group,
  while one lowers the cost. Costs are non-negative, so a move or swap between two groups
  that cost nothing cannot help: the result is a local optimum of the whole move-and-swap
  neighbourhood.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from math import comb

Cost = Callable[[Sequence[int]], int]
Step = tuple[int, int, int, int | None, int | None]  # delta, group i, group j, from i, from j


@cache
def split_count(n: int, k: int, low: int, high: int) -> int:
    """Number of ways to split `n` members into `k` unlabelled groups of `low`..`high`.

    Examples
    --------
    >>> split_count(4, 2, 2, 2), split_count(12, 2, 6, 10)
    (3, 462)
    """
    if k == 0:
        return 1 if n == 0 else 0
    # The group holding the first member: choose its other members, split the rest.
    return sum(
        comb(n - 1, size - 1) * split_count(n - size, k - 1, low, high)
        for size in range(low, min(high, n) + 1)
    )


def exact(n: int, k: int, low: int, high: int, cost: Cost) -> list[list[int]]:
    """The cheapest split of members ``0..n-1`` into `k` groups of `low`..`high`."""
    groups: list[list[int]] = []
    best: list[list[int]] = []
    best_cost = [float("inf")]

    def place(i: int) -> None:
        remaining = n - i
        short = sum(max(0, low - len(g)) for g in groups) + low * (k - len(groups))
        room = sum(high - len(g) for g in groups) + high * (k - len(groups))
        if short > remaining or remaining > room:
            return
        if i == n:
            total = sum(cost(g) for g in groups)
            if total < best_cost[0]:
                best_cost[0] = total
                best[:] = [list(g) for g in groups]
            return
        for g in groups:
            if len(g) < high:
                g.append(i)
                place(i + 1)
                g.pop()
        if len(groups) < k:
            groups.append([i])
            place(i + 1)
            groups.pop()

    place(0)
    return best


def start(order: Sequence[int], k: int) -> list[list[int]]:
    """Cut `order` into `k` consecutive groups whose sizes differ by at most one."""
    n = len(order)
    groups, at = [], 0
    for g in range(k):
        size = n // k + (1 if g < n % k else 0)
        groups.append(list(order[at : at + size]))
        at += size
    return groups


def improve(groups: list[list[int]], cost: Cost, low: int, high: int) -> None:
    """Apply improving moves and swaps to `groups` in place until none is left.

    For each group that costs anything, the other groups are tried in order and the best
    step with the first one that has an improving step is applied. A pair of groups found
    without an improving step is not tried again until one of them changes.
    """
    costs = [cost(g) for g in groups]
    versions = [0] * len(groups)
    checked: dict[tuple[int, int], tuple[int, int]] = {}
    changed = True
    while changed:
        changed = False
        for i in range(len(groups)):
            while costs[i] > 0:
                step = _first_step(i, groups, costs, cost, low, high, versions, checked)
                if step is None:
                    break
                _apply(step, groups, costs, cost)
                versions[step[1]] += 1
                versions[step[2]] += 1
                changed = True


def _first_step(
    i: int,
    groups: list[list[int]],
    costs: list[int],
    cost: Cost,
    low: int,
    high: int,
    versions: list[int],
    checked: dict[tuple[int, int], tuple[int, int]],
) -> Step | None:
    for j in range(len(groups)):
        if j == i or checked.get((i, j)) == (versions[i], versions[j]):
            continue
        steps = _steps(i, j, groups, costs, cost, low, high, 0)
        if steps:
            return min(steps, key=lambda s: s[0])
        checked[(i, j)] = (versions[i], versions[j])
    return None


def _steps(
    i: int,
    j: int,
    groups: list[list[int]],
    costs: list[int],
    cost: Cost,
    low: int,
    high: int,
    bar: int,
) -> list[Step]:
    """Moves and swaps between groups `i` and `j` whose change in cost is below `bar` (< 0)."""
    g, h = groups[i], groups[j]
    base = costs[i] + costs[j]
    found: list[Step] = []
    if len(g) > low and len(h) < high:
        for a in g:
            delta = cost([x for x in g if x != a]) + cost([*h, a]) - base
            if delta < min(bar, 0):
                bar = delta
                found.append((delta, i, j, a, None))
    if len(h) > low and len(g) < high:
        for b in h:
            delta = cost([*g, b]) + cost([y for y in h if y != b]) - base
            if delta < min(bar, 0):
                bar = delta
                found.append((delta, i, j, None, b))
    for a in g:
        rest = [x for x in g if x != a]
        for b in h:
            new_g = cost([*rest, b])
            # cost(h') >= 0, so this swap cannot beat `bar` if g' alone does not.
            if new_g - base >= min(bar, 0):
                continue
            delta = new_g + cost([*(y for y in h if y != b), a]) - base
            if delta < min(bar, 0):
                bar = delta
                found.append((delta, i, j, a, b))
    return found


def _apply(step: Step, groups: list[list[int]], costs: list[int], cost: Cost) -> None:
    _, i, j, a, b = step
    if a is not None:
        groups[i].remove(a)
        groups[j].append(a)
    if b is not None:
        groups[j].remove(b)
        groups[i].append(b)
    costs[i], costs[j] = cost(groups[i]), cost(groups[j])
