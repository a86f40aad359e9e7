"""The validated form of ``population.yaml``: figures with their provenance, and rules on them.

Every figure carries either a ``source`` or ``assumption: true``, never both and never
neither, so a reader of the file always knows which numbers are published and which are ours.
Cross-field rules (shares sum to one, traits exist, scales and items exist) live in
`careplanner.synth._checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from careplanner._content._vocab import Frozen
from careplanner._content._vocab import Slug as Code
from careplanner._sources import Cited
from careplanner.models import (
    Distance,
    EconomicSituation,
    HealthRating,
    Language,
    LivingArrangement,
    LossCause,
    Relation,
    SupportType,
)

#: A condition on a case's traits: ``"depressed"`` or ``"not has_spouse"``.
When = tuple[Annotated[str, StringConstraints(pattern=r"^(not )?[a-z0-9_.]+$")], ...]
Chance = Annotated[float, Field(ge=0, le=1)]
#: An item id as a case records it: ``"1"``, ``"5a"``.
ItemId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}[a-z]?$")]


class Sourced(Frozen):
    """Something whose provenance is stated: a ``source``, or ``assumption: true``."""

    source: Cited | None = None
    assumption: bool = False
    note: Cited | None = None

    @model_validator(mode="after")
    def _one_provenance(self) -> Sourced:
        if (self.source is None) == (not self.assumption):
            raise ValueError("give exactly one of 'source' and 'assumption: true'")
        return self


class Figure(Sourced):
    """A number with its provenance."""

    value: float = Field(ge=0)


class Bounds(Frozen):
    """An inclusive whole-number range."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)


class Span(Bounds, Sourced):
    """An inclusive whole-number range with its provenance."""


class Dates(Sourced):
    """The range of intake dates."""

    first: dt.date
    last: dt.date


class AgeBand(Frozen):
    """Ages ``min`` .. ``max``, drawn uniformly, with the band's share of the cohort."""

    min: int = Field(ge=0, le=120)
    max: int = Field(ge=0, le=120)
    share: Figure


class Loss(Frozen):
    """The death of the only child: years before intake, and its cause."""

    years_since: Span
    causes: dict[LossCause, Figure]


class Profile(Frozen):
    """The shares that make a cohort's client profiles."""

    female: Figure
    age_bands: dict[Code, AgeBand]
    living: dict[LivingArrangement, Figure]
    children: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]$")], Figure]
    economic: dict[EconomicSituation, Figure]
    english: Figure
    loss: Loss | None = None


class SpouseShares(Frozen):
    """The spouse's health and care needs."""

    health: dict[HealthRating, Figure]
    needs_care: Figure


class OddsRatio(Sourced):
    """An odds ratio for clients whose traits meet ``when``."""

    when: When = Field(min_length=1)
    value: float = Field(gt=0)


class Outcome(Frozen):
    """A yes/no outcome: fitted to its prevalence, or borrowed from another cohort's model."""

    id: Code
    prevalence: Figure | None = None
    odds_ratios: tuple[OddsRatio, ...] = ()
    borrow: Code | None = None
    note: Cited | None = None

    @model_validator(mode="after")
    def _fitted_or_borrowed(self) -> Outcome:
        if (self.prevalence is None) == (self.borrow is None):
            raise ValueError(f"outcome {self.id!r}: give exactly one of 'prevalence' and 'borrow'")
        if self.borrow is not None and self.odds_ratios:
            raise ValueError(f"outcome {self.id!r}: a borrowed model brings its own odds ratios")
        return self


class ChanceCase(Frozen):
    """One case of a first-match list: when the traits hold, true with chance ``p``."""

    when: When = ()
    p: Chance


class ObservationRule(Sourced):
    """How one yes/no observation is drawn; no case holding leaves it unasked."""

    cases: tuple[ChanceCase, ...] = Field(min_length=1)


class CountCase(Frozen):
    """One case of a first-match list: when the traits hold, a whole number in a range."""

    when: When = ()
    min: int = Field(ge=0)
    max: int = Field(ge=0)


class CountRule(Sourced):
    """How a count is drawn: the first case that holds gives its range."""

    cases: tuple[CountCase, ...] = Field(min_length=1)


class Hobbies(Sourced):
    """Former hobbies: how many, and the labels to draw from."""

    count: Bounds
    labels: tuple[dict[Language, str], ...] = Field(min_length=1)


class PinCase(Frozen):
    """When the traits hold, the item's keyed score is one of ``scores``."""

    when: When = ()
    scores: tuple[int, ...] = Field(min_length=1)


class Pin(Sourced):
    """Limits on one item's keyed score, so the answer agrees with the rest of the case."""

    cases: tuple[PinCase, ...] = Field(min_length=1)


class Skew(Sourced):
    """Exponents for the position of a total inside its band (> 1: near the cut-off)."""

    positive: float = Field(gt=0)
    negative: float = Field(gt=0)


class BandTarget(Frozen):
    """Totals drawn inside the bands of a cut-off set: ``positive`` bands for positive cases."""

    cutoff_set: Code
    positive: tuple[Code, ...] = Field(min_length=1)


class NormTarget(Sourced):
    """Totals drawn from a normal norm; positive cases fall in its worst ``tail``."""

    mean: float
    sd: float = Field(gt=0)
    tail: float = Field(gt=0, lt=1)


class ScaleRule(Frozen):
    """How one scale is answered: which outcome it measures, by whom, and how totals fall."""

    measures: Code
    administered: dict[Code, Chance]
    bands: BandTarget | None = None
    skew: Skew | None = None
    norm: NormTarget | None = None
    pins: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}[a-z]?$")], Pin] = Field(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _one_target(self) -> ScaleRule:
        if (self.bands is None) == (self.norm is None):
            raise ValueError("give exactly one of 'bands' and 'norm'")
        if (self.bands is None) != (self.skew is None):
            raise ValueError("'skew' goes with 'bands', and only with it")
        return self


class Role(Frozen):
    """A kind of contact in the support network (see population.yaml, ``network``)."""

    role: Code
    relation: Relation
    when: When = ()
    max: int | Literal["children"]
    household_first: When = ()
    present: tuple[Chance, Chance]
    active: tuple[Chance, Chance]
    inactive: Literal["dormant", "possible"]
    distance: dict[Distance, Chance]
    contacts_per_month: tuple[float, float]
    closeness: tuple[int, int]
    gives: dict[SupportType, Chance]
    receives: dict[SupportType, Chance]
    stressful: Chance
    label: dict[Language, str]
    note: Cited | None = None


class LinkRule(Frozen):
    """The chance that two contacts of these roles know each other."""

    between: tuple[Code, Code]
    p: Chance


class Support(Sourced):
    """Which outcome sets the network's size, and the tail of it that counts as positive."""

    measures: Code
    tail: float = Field(gt=0, lt=1)


class Network(Sourced):
    """The support network: contact roles, links between them, and what sizes it."""

    support: Support
    roles: tuple[Role, ...] = Field(min_length=1)
    links: tuple[LinkRule, ...] = ()


class Cohort(Frozen):
    """A cohort's share of the mixed population."""

    share: Figure


class Population(Frozen):
    """Everything `careplanner.synth` draws from; one file, ``population.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Cited
    dates: Dates
    workers: Figure
    cohorts: dict[Code, Cohort] = Field(min_length=1)
    profiles: dict[Code, Profile]
    spouse: SpouseShares
    outcomes: dict[Code, tuple[Outcome, ...]]
    conditions: dict[Code, dict[Language, str]]
    observations: dict[str, ObservationRule]
    outings_per_week: CountRule
    hobbies: Hobbies
    scales: dict[Code, ScaleRule]
    network: Network

    @model_validator(mode="after")
    def _consistent(self) -> Population:
        from careplanner.synth._checks import population_problems

        problems = population_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self
