"""Time group work for one district: profile, screen, compose and plan, 1,000 to 10,000 residents.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_group.py           # 1,000 ... 10,000 residents
    .venv/bin/python benchmarks/bench_group.py --smoke   # 300 residents, seconds
    .venv/bin/python benchmarks/bench_group.py --sizes 1000 10000 --per-community 1000

Residents are `careplanner.synth.generate_cases` (seed 2026; not timed), given survey
answers and neighbours by a seeded generator below (not timed) and spread over communities
of ``--per-community`` residents (default 1,000: an urban 社区 has a few thousand people, a
fifth of them 60 or over; an assumption, not a sourced figure). Groups form within a
community, as members meet at their community's centre.

Parts, each timed once per size:

profile
    `careplanner.group.profile_residents`: every resident's facts (scales, network) and
    the rules engine's findings, batched (`careplanner.rules.evaluate_many`).
screen, compose, programmes
    `screen`, `compose` (default sizes 6-10, target 8) and `plan_programme` for each group.
search
    `compose` alone on the first ``n`` suitable residents of the district put in ONE
    community and forced to the local search: how the search grows when a community is
    large (``--search`` sizes; at most the district's suitable residents).

Printed per size: residents, suitable, groups, waiting, seconds per part, and the growth of
each part against the previous size (2.0 = doubling the residents doubled the time).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from careplanner.group import (
    Resident,
    ResidentProfile,
    compose,
    load_composition,
    plan_programme,
    profile_residents,
    screen,
)
from careplanner.models import Case
from careplanner.synth import generate_cases

T = TypeVar("T")
ACTIVITIES = ("reminiscence", "chatting", "smartphone", "exercise", "arts", "cards", "singing")
TIMES = ("weekday_morning", "weekday_afternoon", "weekend_morning", "weekend_afternoon")


def survey(rng: random.Random, case: Case) -> dict[str, Any]:
    """Plausible answers: older residents need an escort more often; English speakers too."""
    old = case.client.age >= 85
    mobility = rng.choices(
        ("independent", "walks_with_aid", "needs_escort", "housebound"),
        (50, 25, 18, 7) if old else (80, 12, 6, 2),
    )[0]
    if case.client.language == "en":
        languages = ["english", "putonghua"] if rng.random() < 0.7 else ["english"]
    else:
        languages = ["putonghua"] + (["local_dialect"] if rng.random() < 0.4 else [])
        if rng.random() < 0.03:
            languages = ["cantonese"]
    return {
        "willing": rng.choices(("yes", "maybe", "no"), (60, 25, 15))[0],
        "activities": rng.sample(ACTIVITIES, rng.randint(1, 3)),
        "times": rng.sample(TIMES, rng.randint(1, 2)),
        "mobility": mobility,
        "languages": languages,
    }


def district(cases: Sequence[Case], per_community: int, seed: int = 8) -> list[Resident]:
    """Residents in communities of `per_community`; one in ten knows a neighbour resident."""
    rng = random.Random(seed)
    count = max(1, round(len(cases) / per_community))
    residents = [
        Resident(community=f"c{i % count:03d}", survey=survey(rng, case), case=case)
        for i, case in enumerate(cases)
    ]
    return residents


def neighbours(profiles: Sequence[ResidentProfile], seed: int = 9) -> list[ResidentProfile]:
    """Give one resident in ten an acquaintance among the next residents of the same community."""
    rng = random.Random(seed)
    out = list(profiles)
    for i, p in enumerate(out):
        if rng.random() < 0.1:
            j = min(len(out) - 1, i + rng.randint(1, 40))
            if j != i and out[j].community == p.community:
                out[i] = p.model_copy(update={"knows": (*p.knows, out[j].id)})
    return out


def timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def pipeline(cases: Sequence[Case], per_community: int) -> dict[str, Any]:
    residents = district(cases, per_community)
    profiles, t_profile = timed(lambda: profile_residents(residents))
    profiles = neighbours(profiles)
    screening, t_screen = timed(lambda: screen(profiles))
    composition, t_compose = timed(lambda: compose(profiles, screening))
    by_id = {p.id: p for p in profiles}
    _, t_plan = timed(
        lambda: [plan_programme(g, [by_id[m] for m in g.members]) for g in composition.groups]
    )
    return {
        "residents": len(residents),
        "suitable": len(screening.suitable),
        "groups": len(composition.groups),
        "waiting": len(composition.waiting),
        "cost": composition.cost,
        "profile": t_profile,
        "screen": t_screen,
        "compose": t_compose,
        "programmes": t_plan,
    }


def search(profiles: Sequence[ResidentProfile], n: int) -> tuple[int, int, int, float]:
    """Compose the first `n` suitable residents of the district as ONE community, locally."""
    suitable = set(screen(profiles).suitable)
    chosen = [p.model_copy(update={"community": "one"}) for p in profiles if p.id in suitable][:n]
    spec = load_composition().model_copy(update={"exact_limit": 1})
    screening = screen(chosen)
    result, seconds = timed(lambda: compose(chosen, screening, spec=spec))
    return len(chosen), len(result.groups), result.cost, seconds


def report(rows: list[dict[str, Any]]) -> None:
    parts = ("profile", "screen", "compose", "programmes")
    print(
        f"{'residents':>9} {'suitable':>8} {'groups':>6} {'waiting':>7} {'cost':>5} "
        + " ".join(f"{p:>10}" for p in parts)
        + "  growth per part"
    )
    previous: dict[str, Any] | None = None
    for row in rows:
        growth = ""
        if previous:
            ratio = row["residents"] / previous["residents"]
            growth = (
                " ".join(f"{row[p] / previous[p]:.1f}" for p in parts) + f" (x{ratio:g} residents)"
            )
        print(
            f"{row['residents']:>9} {row['suitable']:>8} {row['groups']:>6} {row['waiting']:>7} "
            f"{row['cost']:>5} " + " ".join(f"{row[p]:>9.3f}s" for p in parts) + "  " + growth
        )
        previous = row


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="300 residents, search 100")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--search", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--per-community", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sizes, searches = ([300], [100]) if args.smoke else (args.sizes, args.search)
    cases = list(generate_cases(max(sizes), args.seed))
    print(f"district: communities of {args.per_community} residents; seed {args.seed}")
    report([pipeline(cases[:n], args.per_community) for n in sizes])
    profiles = neighbours(profile_residents(district(cases[: max(sizes)], args.per_community)))
    print("\nsearch: one community, local search forced")
    print(f"{'suitable':>8} {'groups':>6} {'cost':>5} {'seconds':>8}")
    for n in searches:
        suitable, groups, cost, seconds = search(profiles, n)
        print(f"{suitable:>8} {groups:>6} {cost:>5} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
