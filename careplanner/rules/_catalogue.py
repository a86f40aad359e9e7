"""The fact catalogue (``facts.yaml``) and the check of one client's facts against it.

Every fact a rule pack may read is listed with its type and range. `check_facts` refuses a
fact set before anything reaches the engine: an unknown name, a value of the wrong type
(``True`` is not an int here, although Python says it is), a value out of range, NaN. Messages
name the fact, the allowed type and range and the rules that read it; they never echo the
value, which is health information.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import cache, cached_property
from typing import Literal

from pydantic import Field, ValidationError

from careplanner._content._loader import load_bundled
from careplanner._content._scope import active
from careplanner._content._vocab import FactName, FactValue, Frozen, Text
from careplanner._sources import Cited
from careplanner.errors import RuleError, UnknownCodeError

FactType = Literal["int", "float", "bool"]
Worse = Literal["lower", "higher", True, False]


class FactSpec(Frozen):
    """One catalogue entry: a fact name, its type and range, and who produces it.

    Attributes
    ----------
    name : str
        Dotted name, e.g. ``ssrs.total``.
    type : {"int", "float", "bool"}
    min, max : int or float, optional
        Inclusive range of a number; ``None`` is unbounded.
    worse : {"lower", "higher", True, False} or None
        The direction that signals more need; ``None`` when the fact has none.
    cutoff : bool
        False for a measure with no published cut-off: no rule may compare it with a threshold.
    """

    name: FactName
    type: FactType
    min: float | None = None
    max: float | None = None
    worse: Worse | None
    cutoff: bool = True
    producer: str
    label: Text
    description: Cited

    def has_type(self, value: object) -> bool:
        """Whether `value` has this fact's type (a bool is not an int here)."""
        if self.type == "bool":
            return isinstance(value, bool)
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (self.type == "float" and isinstance(value, float))

    def allows(self, value: object) -> bool:
        """Whether `value` has this fact's type and lies in its range."""
        if not self.has_type(value):
            return False
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        if not math.isfinite(value):
            return False
        low = -math.inf if self.min is None else self.min
        high = math.inf if self.max is None else self.max
        return low <= value <= high

    def describe(self) -> str:
        """The allowed values in words, e.g. ``an int in 12..66``."""
        if self.type == "bool":
            return "a bool"
        low = "-inf" if self.min is None else _number(self.min)
        high = "inf" if self.max is None else _number(self.max)
        return f"{'an int' if self.type == 'int' else 'a float'} in {low}..{high}"


class FactCatalogue(Frozen):
    """The fact catalogue: every fact a rule pack may read."""

    id: str
    version: int
    source: Cited
    facts: tuple[FactSpec, ...] = Field(min_length=1)

    @cached_property
    def by_name(self) -> dict[str, FactSpec]:
        """Each entry by its fact name.

        A plain attribute once built: a pydantic private attribute would be read through
        ``BaseModel.__getattr__``, which costs some forty times a dict lookup, and the rules
        look an entry up for every fact of every client.
        """
        return {spec.name: spec for spec in self.facts}

    @cached_property
    def maxima(self) -> dict[str, float]:
        """Each fact that has a maximum, with it (what `careplanner.facts.capped` caps at)."""
        return {spec.name: spec.max for spec in self.facts if spec.max is not None}

    def get(self, name: str) -> FactSpec | None:
        """The entry for `name`, or None."""
        return self.by_name.get(name)


def load_fact_catalogue() -> FactCatalogue:
    """Return the fact catalogue of the running call's content (`careplanner.Content`).

    That is the bundled ``careplanner/rules/facts.yaml`` unless an organisation's overlay
    rewords it.

    Examples
    --------
    >>> spec = load_fact_catalogue().get("ssrs.total")
    >>> spec.type, spec.min, spec.max, spec.worse
    ('int', 12.0, 66.0, 'lower')
    """
    content = active()
    return bundled_fact_catalogue() if content is None else content.facts


@cache
def bundled_fact_catalogue() -> FactCatalogue:
    """Return the bundled fact catalogue (``careplanner/rules/facts.yaml``)."""
    try:
        return FactCatalogue.model_validate(load_bundled("careplanner.rules", "facts.yaml"))
    except ValidationError as exc:  # a packaging error, not a user error
        raise RuleError(f"facts.yaml is invalid: {exc}") from exc


def check_facts(
    facts: Mapping[str, FactValue],
    specs: Mapping[str, FactSpec],
    readers: Mapping[str, Iterable[str]],
) -> None:
    """Raise unless every fact is known, well typed and in range.

    Parameters
    ----------
    facts : mapping of str to int, float or bool
        One client's facts; absent means not assessed.
    specs : mapping of str to FactSpec
        The catalogue by fact name.
    readers : mapping of str to iterable of str
        For each fact name, the rules that read it (named in the message).

    Raises
    ------
    UnknownCodeError
        A fact name is not in the catalogue.
    RuleError
        A value has the wrong type or is out of range; the message names the fact, the
        allowed values and the rules reading it, not the value.
    """
    if not isinstance(facts, Mapping):
        raise RuleError(
            f"facts must be a mapping of fact name to value, not {type(facts).__name__}"
        )
    for name, value in facts.items():
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None:
            raise UnknownCodeError("fact name", name if isinstance(name, str) else "?", specs)
        if not spec.allows(value):
            rules = sorted(readers.get(name, ()))
            read_by = f"read by rules {rules}" if rules else "read by no rule of this pack"
            wrong = "is out of range" if spec.has_type(value) else "has the wrong type"
            raise RuleError(
                f"fact {name!r} must be {spec.describe()}; the value given {wrong} ({read_by})."
                " Leave out a fact that was not assessed."
            )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
