"""Cross-field rules of population.yaml; each problem names the field it breaks.

Checked once when the file is loaded, so drawing a case never meets an unknown trait, a
share that does not sum to one, or an item a scale does not have.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from careplanner.instruments import get_scale
from careplanner.models import Observations
from careplanner.synth._traits import PERSON_TRAITS, cell_trait_names, names

if TYPE_CHECKING:
    from careplanner.synth._model import Figure, Population, ScaleRule


def population_problems(pop: Population) -> list[str]:
    """Return every broken rule of a population file, as ``field: problem`` strings."""
    problems = _structure_problems(pop)
    if problems:
        return problems
    known = _trait_names(pop)
    return [
        *_share_problems(pop),
        *_outcome_problems(pop),
        *_observation_problems(pop, known),
        *(p for s, rule in pop.scales.items() for p in _scale_problems(s, rule, pop, known)),
        *_network_problems(pop, known),
    ]


def _structure_problems(pop: Population) -> list[str]:
    problems = []
    for field, keys in (("profiles", pop.profiles), ("outcomes", pop.outcomes)):
        if list(keys) != list(pop.cohorts):
            problems.append(f"{field}: cohorts must be {list(pop.cohorts)}, in that order")
    bands = {tuple(p.age_bands) for p in pop.profiles.values()}
    if len(bands) > 1:
        problems.append("profiles.age_bands: every cohort must use the same band ids")
    return problems


def _trait_names(pop: Population) -> set[str]:
    bands = next(iter(pop.profiles.values())).age_bands
    outcomes = {o.id for cohort in pop.outcomes.values() for o in cohort}
    observed = {f"obs.{field}" for field in pop.observations}
    return {*cell_trait_names(bands, pop.cohorts), *PERSON_TRAITS, *outcomes, *observed}


def _sums_to_one(field: str, figures: Iterable[Figure]) -> list[str]:
    total = sum(f.value for f in figures)
    return [] if math.isclose(total, 1.0, abs_tol=1e-9) else [f"{field}: shares sum to {total}"]


def _share_problems(pop: Population) -> list[str]:
    problems = _sums_to_one("cohorts", (c.share for c in pop.cohorts.values()))
    problems += _sums_to_one("spouse.health", pop.spouse.health.values())
    for cohort, p in pop.profiles.items():
        at = f"profiles.{cohort}"
        problems += _sums_to_one(f"{at}.age_bands", (b.share for b in p.age_bands.values()))
        problems += [
            f"{at}.age_bands.{i}: min > max" for i, b in p.age_bands.items() if b.min > b.max
        ]
        for field in ("living", "children", "economic"):
            problems += _sums_to_one(f"{at}.{field}", getattr(p, field).values())
        if p.loss is not None:
            problems += _sums_to_one(f"{at}.loss.causes", p.loss.causes.values())
        childless = "0" in p.children and p.children["0"].value == 1
        if (p.loss is not None) != childless:
            problems.append(f"{at}.loss: give it exactly when every client is childless")
    return problems


def _outcome_problems(pop: Population) -> list[str]:
    problems = []
    bands = next(iter(pop.profiles.values())).age_bands
    cells = cell_trait_names(bands, pop.cohorts)
    fitted = {c: {o.id: o for o in outcomes} for c, outcomes in pop.outcomes.items()}
    for index, (cohort, outcomes) in enumerate(pop.outcomes.items()):
        earlier = set(list(pop.cohorts)[:index])
        seen: set[str] = set()
        for o in outcomes:
            at = f"outcomes.{cohort}.{o.id}"
            ratios = o.odds_ratios
            if o.prevalence is not None and not 0 < o.prevalence.value < 1:
                problems.append(f"{at}.prevalence: must lie strictly between 0 and 1")
            if o.borrow is not None:
                lender = fitted.get(o.borrow, {}).get(o.id)
                if o.borrow not in earlier or lender is None or lender.borrow is not None:
                    problems.append(f"{at}.borrow: must name an earlier cohort that fits {o.id!r}")
                    continue
                ratios = lender.odds_ratios
            for name in (n for r in ratios for n in names(r.when)):
                if name not in cells | seen:
                    problems.append(f"{at}: {name!r} is not a profile trait or earlier outcome")
            seen.add(o.id)
    for condition in pop.conditions:
        for cohort, modelled in fitted.items():
            if condition not in modelled:
                problems.append(f"conditions.{condition}: not an outcome of cohort {cohort!r}")
    return problems


def _unknown(field: str, when: Iterable[str], known: set[str]) -> list[str]:
    return [f"{field}: unknown trait {n!r}" for n in names(when) if n not in known]


def _observation_problems(pop: Population, known: set[str]) -> list[str]:
    fields = {n for n, f in Observations.model_fields.items() if f.annotation == bool | None}
    problems = [
        f"observations.{f}: not a yes/no observation" for f in pop.observations.keys() - fields
    ]
    for field, rule in pop.observations.items():
        for case in rule.cases:
            problems += _unknown(f"observations.{field}", case.when, known)
    for count in pop.outings_per_week.cases:
        problems += _unknown("outings_per_week", count.when, known)
    return problems


def _scale_problems(scale_id: str, rule: ScaleRule, pop: Population, known: set[str]) -> list[str]:
    at = f"scales.{scale_id}"
    scale = get_scale(scale_id)  # raises UnknownCodeError naming the bundled scales
    problems = [
        f"{at}.administered: unknown cohort {c!r}"
        for c in rule.administered.keys() - pop.cohorts.keys()
    ]
    for cohort, chance in rule.administered.items():
        if chance > 0 and rule.measures not in {o.id for o in pop.outcomes.get(cohort, ())}:
            problems.append(f"{at}.measures: {rule.measures!r} is not an outcome of {cohort!r}")
    if rule.bands is not None:
        cutoffs = {c.id: c for c in scale.cutoff_sets}.get(rule.bands.cutoff_set)
        if cutoffs is None or "total" not in cutoffs.applies_to:
            return [*problems, f"{at}.bands.cutoff_set: no cut-off set of the total with that id"]
        ids = [b.id for b in cutoffs.bands]
        flags = [b in rule.bands.positive for b in ids]
        if set(rule.bands.positive) - set(ids) or flags not in _one_end(len(ids)):
            problems.append(f"{at}.bands.positive: must be bands {ids} at one end of the range")
    for item, pin in rule.pins.items():
        if item not in scale.item_ids:
            problems.append(f"{at}.pins: no item {item!r}")
            continue
        allowed = set(scale.answer_scores(item).values())
        for case in pin.cases:
            problems += _unknown(f"{at}.pins.{item}", case.when, known)
            if not set(case.scores) <= allowed:
                problems.append(f"{at}.pins.{item}: scores must be among {sorted(allowed)}")
    return problems


def _one_end(count: int) -> list[list[bool]]:
    """Flag lists that mark a non-empty proper run of bands at the start or the end."""
    runs = [[i < k for i in range(count)] for k in range(1, count)]
    return runs + [[not f for f in run] for run in runs]


def _network_problems(pop: Population, known: set[str]) -> list[str]:
    net = pop.network
    problems = [
        f"network.support.measures: {net.support.measures!r} is not an outcome of {c!r}"
        for c, outcomes in pop.outcomes.items()
        if net.support.measures not in {o.id for o in outcomes}
    ]
    roles = [r.role for r in net.roles]
    problems += [f"network.roles: {r!r} appears twice" for r in set(roles) if roles.count(r) > 1]
    for role in net.roles:
        at = f"network.roles.{role.role}"
        problems += _unknown(at, [*role.when, *role.household_first], known)
        problems += _ordered(
            at, {"contacts_per_month": role.contacts_per_month, "closeness": role.closeness}
        )
        if not math.isclose(sum(role.distance.values()), 1.0):
            problems.append(f"{at}.distance: chances must sum to 1")
        if not 1 <= role.closeness[0] <= role.closeness[1] <= 5:
            problems.append(f"{at}.closeness: must lie in 1..5")
    for link in net.links:
        problems += [f"network.links: unknown role {r!r}" for r in link.between if r not in roles]
    return problems


def _ordered(at: str, ranges: Mapping[str, tuple[float, float]]) -> list[str]:
    return [f"{at}.{name}: low > high" for name, (low, high) in ranges.items() if low > high]
