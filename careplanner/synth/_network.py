"""A plausible support network: contacts, the client's ties to them, and who knows whom.

Roles come from population.yaml (``network``). The client's social support ``level`` (0 the
least, 1 the most) moves each role's chance of being present and active between its two
figures, so a client with low support has fewer, more dormant ties -- and lower SSRS and
LSNS-6 totals, which are drawn from the same latent severity.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from typing import Any, TypeVar

from careplanner.synth._model import Network, Role
from careplanner.synth._traits import holds

Json = dict[str, Any]
K = TypeVar("K", bound=str)


def _between(pair: tuple[float, float], level: float) -> float:
    return pair[0] + (pair[1] - pair[0]) * level


def _pick(rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), list(weights.values()))[0]


def network(
    spec: Network,
    traits: Mapping[str, bool],
    children: int,
    level: float,
    rng: random.Random,
) -> tuple[list[Json], list[Json], list[Json]]:
    """Return (contacts, ties, links) as case-file data for one client."""
    contacts: list[Json] = []
    ties: list[Json] = []
    roles: dict[str, str] = {}
    for role in spec.roles:
        if not holds(role.when, traits):
            continue
        count = children if role.max == "children" else role.max
        present = sum(rng.random() < _between(role.present, level) for _ in range(count))
        for number in range(1, present + 1):
            home = (
                number == 1 and bool(role.household_first) and holds(role.household_first, traits)
            )
            contact_id = role.role if count == 1 else f"{role.role}-{number}"
            contacts.append(_contact(role, contact_id, number if present > 1 else None, home, rng))
            ties.append(_tie(role, contact_id, level, rng))
            roles[contact_id] = role.role
    return contacts, ties, _links(spec, roles, rng)


def _contact(
    role: Role, contact_id: str, number: int | None, home: bool, rng: random.Random
) -> Json:
    suffix = "" if number is None else f" {number}"
    return {
        "id": contact_id,
        "relation": role.relation,
        "distance": "household" if home else _pick(rng, role.distance),
        "label": {lang: text + suffix for lang, text in role.label.items()},
    }


def _tie(role: Role, contact_id: str, level: float, rng: random.Random) -> Json:
    active = rng.random() < _between(role.active, level)
    low, high = role.closeness
    if active:
        per_month = round(rng.uniform(*role.contacts_per_month) * 2) / 2
        closeness = rng.randint(low, high)
        status = "active"
    else:
        status = role.inactive
        per_month = rng.choice((0.0, 0.5)) if status == "dormant" else 0.0
        closeness = (
            max(1, rng.randint(low, high) - 1) if status == "dormant" else rng.randint(1, low)
        )
    return {
        "contact": contact_id,
        "status": status,
        "contacts_per_month": per_month,
        "closeness": closeness,
        "support_given": [t for t, p in role.gives.items() if active and rng.random() < p],
        "support_received": [t for t, p in role.receives.items() if active and rng.random() < p],
        "stressful": active and rng.random() < role.stressful,
    }


def _links(spec: Network, roles: Mapping[str, str], rng: random.Random) -> list[Json]:
    chance = {frozenset(rule.between): rule.p for rule in spec.links}
    links = []
    for first, second in itertools.combinations(roles, 2):
        p = chance.get(frozenset((roles[first], roles[second])), 0.0)
        if p and rng.random() < p:
            links.append({"between": [first, second], "closeness": rng.randint(2, 4)})
    return links
