"""Time the scoring of support networks from 10 to 100,000 people; cost should grow linearly.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_network.py           # 10 ... 100,000 nodes
    .venv/bin/python benchmarks/bench_network.py --smoke   # 10 ... 1,000 nodes, seconds

Two shapes, both scored by the same code (`careplanner.network.measure_node`):

community
    A whole community's mutual-support map: every person tied to three neighbours on a ring
    and, with probability 0.3, to one person anywhere (mean degree about 6.6); every person
    is scored (`measure_all`).
ego
    One client with N - 1 contacts and a link between consecutive contacts; the client is
    scored (`measure`).

Graphs are made with a seeded generator and are not timed; each size is timed as the best
of a few runs. Printed: nodes, seconds, microseconds per node, and the growth of the time
for each tenfold growth of the network (10 means linear).
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx

from careplanner.network import SUPPORT_TYPES, measure, measure_all
from careplanner.network._schema import derived

RELATIONS = ("friend", "neighbour", "sibling", "volunteer", "community_staff", "group")
DISTANCES = ("household", "nearby", "same_city", "far")


def _tie(rng: random.Random, rater: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "tie",
        "rater": rater,
        "relation": rng.choice(RELATIONS),
        "distance": rng.choice(DISTANCES),
        "status": rng.choices(("active", "dormant", "possible"), (8, 1, 1))[0],
        "contacts_per_month": rng.choice((0.5, 1.0, 4.0, 8.0, 30.0)),
        "closeness": rng.randint(1, 5),
        "support_given": tuple(t for t in SUPPORT_TYPES if rng.random() < 0.35),
        "support_received": tuple(t for t in SUPPORT_TYPES if rng.random() < 0.25),
        "stressful": rng.random() < 0.05,
    }
    return data | derived(data)


def community_map(n: int, seed: int = 5) -> nx.Graph:
    """Return a community map of `n` people (ring of three neighbours plus random ties)."""
    rng = random.Random(seed)
    G = nx.Graph()
    people = [f"p{i}" for i in range(n)]
    G.add_nodes_from(people, kind="person")
    for i, person in enumerate(people):
        others = [people[(i + k) % n] for k in (1, 2, 3)]
        if rng.random() < 0.3:
            others.append(rng.choice(people))
        for other in others:
            if other != person and not G.has_edge(person, other):
                G.add_edge(person, other, **_tie(rng, person))
    return G


def ego_map(n: int, seed: int = 5) -> nx.Graph:
    """Return an ego map: client ``c`` with `n` - 1 contacts, consecutive ones linked."""
    rng = random.Random(seed)
    G = nx.Graph(ego="c")
    G.add_node("c", kind="client")
    alters = [f"a{i}" for i in range(n - 1)]
    G.add_nodes_from(alters, kind="person")
    for alter in alters:
        G.add_edge("c", alter, **_tie(rng, "c"))
    for a, b in itertools.pairwise(alters):
        G.add_edge(a, b, kind="link", closeness=3, circle="middle")
    return G


def best_time(run: Callable[[], object], repeats: int) -> float:
    """Return the fastest of `repeats` timed runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(
    name: str, sizes: Sequence[int], make: Callable[[int], nx.Graph], score: Callable[..., Any]
) -> None:
    print(f"\n{name}: {score.__name__}")
    print(f"{'nodes':>8} {'edges':>8} {'seconds':>9} {'us/node':>8} {'x per 10x':>9}")
    previous: tuple[int, float] | None = None
    for n in sizes:
        G = make(n)
        seconds = best_time(lambda G=G: score(G), repeats=5 if n <= 10_000 else 2)
        growth = ""
        if previous is not None and n == previous[0] * 10:
            growth = f"{seconds / previous[1]:.1f}"
        print(
            f"{n:>8} {G.number_of_edges():>8} {seconds:>9.4f} {seconds / n * 1e6:>8.1f} {growth:>9}"
        )
        previous = (n, seconds)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="sizes up to 1,000 (seconds)")
    args = parser.parse_args(argv)
    sizes = (10, 100, 1_000) if args.smoke else (10, 100, 1_000, 10_000, 100_000)
    bench("community", sizes, community_map, measure_all)
    bench("ego", sizes, ego_map, measure)


if __name__ == "__main__":
    main()
