"""Draw synthetic cases: profile, outcomes, observations, network, scale answers.

Each case has its own random generator, seeded from (seed, index) alone, so case ``i`` of a
seed is the same however many cases are drawn, in whatever order or process -- which lets a
benchmark split the drawing between processes and keeps `generate_cases` a plain stream.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from careplanner._load import case_from_data
from careplanner.errors import UnknownCodeError
from careplanner.models import Case, Language
from careplanner.synth._answers import answers, badness, reach, target_total
from careplanner.synth._calibrate import fitted
from careplanner.synth._load import load_population
from careplanner.synth._model import Figure, Population, Profile
from careplanner.synth._network import network
from careplanner.synth._traits import CHILD_AT_HOME, cell_traits, holds

Json = dict[str, Any]
K = TypeVar("K", bound=str)


@dataclass
class _Draw:
    """One case as it is drawn: the generator, the traits so far, and latent severities."""

    rng: random.Random
    cohort: str
    traits: dict[str, bool] = field(default_factory=dict)
    severity: dict[str, float] = field(default_factory=dict)


def _pick(rng: random.Random, weights: Mapping[K, Figure]) -> K:
    return rng.choices(list(weights), [w.value for w in weights.values()])[0]


def generate_case(seed: int, index: int, *, cohort: str | None = None) -> Case:
    """Return case number ``index`` of the synthetic population drawn with ``seed``.

    Parameters
    ----------
    seed, index : int
        The case depends on these alone (and on ``cohort``), not on other cases.
    cohort : str, optional
        ``"general"`` or ``"shidu"``; None draws the cohort by its share of the mix.

    Raises
    ------
    UnknownCodeError
        ``cohort`` is not a cohort of population.yaml.

    Examples
    --------
    >>> case = generate_case(7, 0, cohort="shidu")
    >>> case.client.is_shidu, case.client.name, case.client.age >= 60
    (True, None, True)
    >>> generate_case(7, 0, cohort="shidu") == case
    True
    """
    pop = load_population()
    if cohort is not None and cohort not in pop.cohorts:
        raise UnknownCodeError("cohort", cohort, pop.cohorts)
    rng = random.Random(f"careplanner.synth:{seed}:{index}")
    draw = _Draw(rng, cohort or _pick(rng, {c: spec.share for c, spec in pop.cohorts.items()}))
    days = (pop.dates.last - pop.dates.first).days
    date = pop.dates.first + dt.timedelta(days=rng.randint(0, days))
    client, children = _client(pop, draw, f"synth-{seed}-{index}", date)
    _outcomes(pop, draw)
    language: Language = client["language"]
    client["health_conditions"] = [
        label[language] for outcome, label in pop.conditions.items() if draw.traits[outcome]
    ]
    contacts, assessment = _assessment(pop, draw, date, children, language)
    data = {"client": client, "contacts": contacts, "assessments": [assessment]}
    return case_from_data(data, f"synthetic case {seed}:{index}")


def _assessment(
    pop: Population, draw: _Draw, date: dt.date, children: int, language: Language
) -> tuple[list[Json], Json]:
    observations = _observations(pop, draw, language)
    level = 1 - _severity(draw, pop.network.support.measures, pop.network.support.tail)
    contacts, ties, links = network(pop.network, draw.traits, children, level, draw.rng)
    return contacts, {
        "date": date.isoformat(),
        "kind": "intake",
        "worker": f"sw-{draw.rng.randint(1, int(pop.workers.value)):02d}",
        "scales": _scales(pop, draw),
        "observations": observations,
        "ties": ties,
        "links": links,
    }


def _client(pop: Population, draw: _Draw, client_id: str, date: dt.date) -> tuple[Json, int]:
    rng, profile = draw.rng, pop.profiles[draw.cohort]
    female = rng.random() < profile.female.value
    band = _pick(rng, {b: spec.share for b, spec in profile.age_bands.items()})
    living = _pick(rng, profile.living)
    children = _children(profile, living, rng)
    draw.traits = cell_traits(
        draw.cohort, female, band, living, bands=profile.age_bands, cohorts=pop.cohorts
    )
    client: Json = {
        "id": client_id,
        "name": None,
        "age": rng.randint(profile.age_bands[band].min, profile.age_bands[band].max),
        "sex": "female" if female else "male",
        "living_arrangement": living,
        "language": "en" if rng.random() < profile.english.value else "zh-CN",
        "economic_situation": _pick(rng, profile.economic),
    }
    needs_care = False
    if draw.traits["has_spouse"]:
        needs_care = rng.random() < pop.spouse.needs_care.value
        client["spouse"] = {"health": _pick(rng, pop.spouse.health), "needs_care": needs_care}
    if profile.loss is not None:
        client["child_loss"] = _loss(profile, date, rng)
    draw.traits |= {
        "has_children": children > 0,
        "children_at_home": children > 0 and living in CHILD_AT_HOME,
        "spouse_needs_care": needs_care,
    }
    return client, children


def _children(profile: Profile, living: str, rng: random.Random) -> int:
    counts = profile.children
    if living == "with_children":  # living with children needs one
        counts = {k: v for k, v in counts.items() if k != "0"}
    return int(_pick(rng, counts))


def _loss(profile: Profile, date: dt.date, rng: random.Random) -> Json:
    assert profile.loss is not None
    years = rng.randint(profile.loss.years_since.min, profile.loss.years_since.max)
    return {
        "only_child": True,
        "year": date.year - years,
        "month": rng.randint(1, 12),
        "cause": _pick(rng, profile.loss.causes),
    }


def _outcomes(pop: Population, draw: _Draw) -> None:
    every = {o.id for outcomes in pop.outcomes.values() for o in outcomes}
    draw.traits |= dict.fromkeys(every, False)
    for outcome, model in fitted()[draw.cohort].models:
        draw.traits[outcome] = draw.rng.random() < model.probability(draw.traits)
        draw.severity[outcome] = draw.rng.random()


def _severity(draw: _Draw, outcome: str, tail: float) -> float:
    return badness(draw.traits[outcome], draw.severity[outcome], tail)


def _observations(pop: Population, draw: _Draw, language: Language) -> Json:
    rng = draw.rng
    found: Json = {}
    for name, rule in pop.observations.items():
        case = next((c for c in rule.cases if holds(c.when, draw.traits)), None)
        if case is not None:
            found[name] = rng.random() < case.p
        draw.traits[f"obs.{name}"] = found.get(name, False)
    outings = next(c for c in pop.outings_per_week.cases if holds(c.when, draw.traits))
    found["outings_per_week"] = rng.randint(outings.min, outings.max)
    hobbies = pop.hobbies
    chosen = rng.sample(hobbies.labels, rng.randint(hobbies.count.min, hobbies.count.max))
    found["former_hobbies"] = [label[language] for label in chosen]
    return found


def _scales(pop: Population, draw: _Draw) -> dict[str, dict[str, int | str]]:
    scales = {}
    for scale_id, rule in pop.scales.items():
        if draw.rng.random() >= rule.administered.get(draw.cohort, 0.0):
            continue
        positive, u = draw.traits[rule.measures], draw.severity[rule.measures]
        allowed = {
            item: case.scores
            for item, pin in rule.pins.items()
            for case in [next((c for c in pin.cases if holds(c.when, draw.traits)), None)]
            if case is not None
        }
        target = target_total(scale_id, rule, reach(scale_id, allowed), positive, u)
        scales[scale_id] = answers(scale_id, target, allowed, draw.rng)
    return scales


def generate_cases(n: int, seed: int, *, cohort: str | None = None) -> Iterator[Case]:
    """Return ``n`` synthetic cases, made one at a time, the same for the same seed.

    Parameters
    ----------
    n : int
        How many cases.
    seed : int
        Cases 0 .. n-1 of this seed; the first k cases of a seed are the same whatever ``n``.
    cohort : str, optional
        ``"general"``, ``"shidu"``, or None for the mix of population.yaml (90% general,
        10% shidu -- far more shidu parents than in life, see docs/scale.md).

    Returns
    -------
    iterator of Case
        Valid cases with ``name`` None and pseudonymous ids ``synth-<seed>-<index>``.

    Raises
    ------
    UnknownCodeError
        ``cohort`` is not a cohort of population.yaml (raised at once, not when iterated).

    Notes
    -----
    Rates follow the figures of population.yaml, each with its source or marked an
    assumption (see docs/scale.md). Memory does not grow with ``n``.

    Examples
    --------
    >>> [c.client.id for c in generate_cases(2, seed=3)]
    ['synth-3-0', 'synth-3-1']
    """
    pop = load_population()
    if cohort is not None and cohort not in pop.cohorts:  # now, before a file is opened
        raise UnknownCodeError("cohort", cohort, pop.cohorts)
    return (generate_case(seed, index, cohort=cohort) for index in range(n))


def write_jsonl(cases: Iterable[Case], path: str | Path | TextIO) -> int:
    """Write cases to a JSON Lines file, one case a line; return how many were written.

    Fields at their default value are left out; `careplanner.case_from_data` fills them in.
    `path` may also be an open text stream, such as ``sys.stdout``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_jsonl(generate_cases(3, seed=1), pathlib.Path(tmp) / "cases.jsonl")
    3
    """
    if not isinstance(path, str | Path):
        return _write_lines(cases, path)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return _write_lines(cases, out)


def _write_lines(cases: Iterable[Case], out: TextIO) -> int:
    count = 0
    for case in cases:
        out.write(case.model_dump_json(exclude_defaults=True) + "\n")
        count += 1
    return count
