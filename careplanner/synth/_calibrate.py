"""Fit each outcome's logistic model so that a cohort's marginal rate equals its prevalence.

A published prevalence is a marginal rate; a published odds ratio compares two groups. To use
both, every profile cell of a cohort (sex x age band x living arrangement) is enumerated with
its weight, split further by the earlier outcomes the model reads, and the intercept is solved
by bisection so that the weighted mean probability equals the prevalence. A borrowed outcome
keeps the lender's intercept and odds ratios: its rate then follows from this cohort's own mix
of risk factors. The fit is exact, so a large sample's rates must match it within sampling
error -- which the tests check.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from careplanner.errors import UnknownCodeError
from careplanner.synth._load import load_population
from careplanner.synth._model import Outcome, Population, Profile
from careplanner.synth._traits import Traits, cell_traits, holds, names

Cells = list[tuple[float, Traits]]
#: Each ``when`` list with the log odds ratio it adds.
Terms = tuple[tuple[tuple[str, ...], float], ...]


@dataclass(frozen=True)
class Logistic:
    """A fitted outcome model: intercept plus the log odds ratio of every ``when`` that holds."""

    intercept: float
    terms: Terms

    def probability(self, traits: Mapping[str, bool]) -> float:
        """The chance of the outcome for a client with these traits."""
        logit = self.intercept + sum(beta for when, beta in self.terms if holds(when, traits))
        return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class CohortFit:
    """A cohort's fitted outcome models, in draw order, and their expected marginal rates."""

    models: tuple[tuple[str, Logistic], ...]
    rates: Mapping[str, float]


@functools.cache
def fitted() -> Mapping[str, CohortFit]:
    """Fit every cohort of the bundled population once per process."""
    return fit_population(load_population())


def fit_population(pop: Population) -> Mapping[str, CohortFit]:
    """Fit the cohorts in file order (a borrowed model needs its lender fitted first)."""
    fits: dict[str, CohortFit] = {}
    for cohort, outcomes in pop.outcomes.items():
        fits[cohort] = _fit_cohort(_cells(cohort, pop), outcomes, fits)
    return MappingProxyType(fits)


def _cells(cohort: str, pop: Population) -> Cells:
    profile: Profile = pop.profiles[cohort]
    female = profile.female.value
    cells = []
    for sex, p_sex in ((True, female), (False, 1 - female)):
        for band, spec in profile.age_bands.items():
            for living, share in profile.living.items():
                weight = p_sex * spec.share.value * share.value
                if weight > 0:
                    traits = cell_traits(
                        cohort, sex, band, living, bands=profile.age_bands, cohorts=pop.cohorts
                    )
                    cells.append((weight, traits))
    return cells


def _fit_cohort(
    cells: Cells, outcomes: Sequence[Outcome], fits: Mapping[str, CohortFit]
) -> CohortFit:
    read = {n for o in outcomes for when, _ in _terms(o, fits) for n in names(when)}
    models: list[tuple[str, Logistic]] = []
    rates: dict[str, float] = {}
    for outcome in outcomes:
        model = _model(outcome, cells, fits)
        chances = [model.probability(traits) for _, traits in cells]
        models.append((outcome.id, model))
        rates[outcome.id] = sum(w * p for (w, _), p in zip(cells, chances, strict=True))
        if outcome.id in read:
            cells = [
                (w * q, traits | {outcome.id: value})
                for (w, traits), p in zip(cells, chances, strict=True)
                for value, q in ((True, p), (False, 1 - p))
            ]
    return CohortFit(tuple(models), MappingProxyType(rates))


def _terms(outcome: Outcome, fits: Mapping[str, CohortFit]) -> Terms:
    if outcome.borrow is not None:
        return dict(fits[outcome.borrow].models)[outcome.id].terms
    return tuple((r.when, math.log(r.value)) for r in outcome.odds_ratios)


def _model(outcome: Outcome, cells: Cells, fits: Mapping[str, CohortFit]) -> Logistic:
    if outcome.borrow is not None:
        return dict(fits[outcome.borrow].models)[outcome.id]
    assert outcome.prevalence is not None  # checked when the file was loaded
    terms = _terms(outcome, fits)
    return Logistic(_intercept(cells, terms, outcome.prevalence.value), terms)


def _intercept(cells: Cells, terms: Terms, target: float) -> float:
    """Solve sum(w * sigmoid(b + x)) = target for b by bisection (the sum rises with b)."""
    shifts = [(w, sum(beta for when, beta in terms if holds(when, t))) for w, t in cells]
    low, high = -40.0, 40.0
    for _ in range(100):
        mid = (low + high) / 2
        rate = sum(w / (1.0 + math.exp(-(mid + x))) for w, x in shifts)
        low, high = (mid, high) if rate < target else (low, mid)
    return (low + high) / 2


def expected_rate(outcome: str, cohort: str | None = None) -> float:
    """Return the expected share of clients with ``outcome`` in a cohort or the mixed population.

    Parameters
    ----------
    outcome : str
        An outcome id of population.yaml, e.g. ``"suicidal_ideation"``.
    cohort : str, optional
        A cohort id; None for the mix `generate_cases` draws by default.

    Examples
    --------
    >>> round(expected_rate("depressed", "general"), 4)
    0.2
    >>> round(expected_rate("intense_grief", "general"), 4)
    0.0
    """
    fits = fitted()
    if cohort is not None:
        if cohort not in fits:
            raise UnknownCodeError("cohort", cohort, fits)
        return fits[cohort].rates.get(outcome, 0.0)
    shares = load_population().cohorts
    return sum(shares[c].share.value * fit.rates.get(outcome, 0.0) for c, fit in fits.items())
