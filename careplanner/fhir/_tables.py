"""The export's data: code tables (``codes.yaml``) and bilingual wording (``text.yaml``).

Both files are validated once into frozen models. A code entry names its system by short name;
the loader refuses an entry whose system is not declared, so a typo in the table cannot put an
unknown system into a bundle.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from pydantic import Field, model_validator

from careplanner._content._loader import load_bundled
from careplanner._content._problems import validate
from careplanner._content._vocab import Frozen, Text
from careplanner._sources import Cited
from careplanner.models import Relation


class CodeEntry(Frozen):
    """One standard code: its system (a short name from ``systems``), code, display, source."""

    system: str
    code: str
    display: str | None = None
    source: Cited


class InstrumentCodes(Frozen):
    """The standard codes of one scale: its panel, total, items and answers.

    ``answers`` maps an answer set id to the scale's own answer codes and their standard
    answer codes (PHQ-9 ``frequency`` ``"0"`` -> LOINC LA6568-5).
    """

    panel: CodeEntry | None = None
    total: CodeEntry | None = None
    items: dict[str, CodeEntry] = Field(default_factory=dict)
    answers: dict[str, dict[str, CodeEntry]] = Field(default_factory=dict)

    def entries(self) -> list[CodeEntry]:
        """Every code entry of the scale."""
        fixed = [e for e in (self.panel, self.total) if e is not None]
        answers = [e for options in self.answers.values() for e in options.values()]
        return [*fixed, *self.items.values(), *answers]


class Allowed(Frozen):
    """The allowed values of one element or code system, with where they were read."""

    values: tuple[str, ...]
    source: Cited


class AllowedValues(Frozen):
    """Allowed values of code-typed elements (``"CarePlan.status"``) and of code systems."""

    elements: dict[str, Allowed]
    codings: dict[str, Allowed]


class Codes(Frozen):
    """The validated ``codes.yaml``."""

    id: str
    version: int
    source: Cited
    base: str
    systems: dict[str, str]
    local_systems: tuple[str, ...]
    identifier_systems: tuple[str, ...]
    extensions: dict[str, str]
    codings: dict[str, CodeEntry]
    instruments: dict[str, InstrumentCodes]
    relations: dict[Relation, CodeEntry]
    need_categories: dict[str, CodeEntry]
    allowed: AllowedValues

    @model_validator(mode="after")
    def _systems_declared(self) -> Codes:
        used = [e.system for e in self.entries()] + list(self.allowed.codings)
        unknown = sorted(set(used) - set(self.systems))
        if unknown:
            raise ValueError(f"systems {unknown} must be declared in 'systems'")
        return self

    def entries(self) -> list[CodeEntry]:
        """Every code entry of the tables."""
        instruments = [entry for codes in self.instruments.values() for entry in codes.entries()]
        fixed = [*self.codings.values(), *self.relations.values()]
        return [*fixed, *self.need_categories.values(), *instruments]


class Texts(Frozen):
    """The validated ``text.yaml``."""

    id: str
    version: int
    source: Cited
    cutoff: Text
    kinds: dict[str, Text]
    no_band: Text
    score_total: Text
    score_item: Text
    scoring_unverified: Text
    item_flag: Text
    need_convention: Text
    need_rules: Text
    severity: dict[str, Text]
    safety: Text
    baseline: Text
    values: dict[str, Text]
    plan_title: Text
    stage: Text
    sessions: Text
    follow_up: Text
    list: Text
    software: Text
    rule_pack: Text
    relations: dict[Relation, Text]
    outcome: Text
    closure_verdict: Text
    scale_change: Text
    not_computed: Text


M = TypeVar("M", bound=Frozen)


@cache
def codes() -> Codes:
    """Return the bundled code tables."""
    return _load(Codes, "codes.yaml")


@cache
def texts() -> Texts:
    """Return the bundled wording."""
    return _load(Texts, "text.yaml")


def _load(model: type[M], name: str) -> M:
    return validate(model, load_bundled("careplanner.fhir", name), name)
