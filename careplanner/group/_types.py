"""Shared small types of the group-work package: the model base, texts, conditions on facts.

A condition is the one test every group data file uses (screening rules, composition traits)::

    {fact: <name>, is: true|false}            a yes/no fact
    {fact: <name>, op: lt|le|gt|ge|eq, value: <number>}

A fact that is absent (not assessed, not answered) makes every condition on it false, as in
the rules engine (`careplanner.rules`): nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field, model_validator

from careplanner._content._conditions import formula, holds
from careplanner._content._vocab import (
    SEVERITY_RANK,
    WRITING_ORDER,
    Code,
    FactName,
    Facts,
    FactValue,
    Frozen,
    Language,
    Severity,
    Text,
)
from careplanner._plural import plural
from careplanner._sources import Cited

__all__ = [
    "SEVERITY_RANK",
    "WRITING_ORDER",
    "Basis",
    "Code",
    "Condition",
    "Conditions",
    "FactName",
    "FactValue",
    "Facts",
    "Frozen",
    "Severity",
    "Source",
    "Text",
    "fill",
]

#: Where a data entry comes from: never empty; keys in square brackets cite the bibliography.
Source = Cited
#: Whether an entry rests on published evidence or is a practice convention.
Basis = Literal["evidence", "convention"]
#: The tests a group file may use (`careplanner._content._conditions` evaluates them).
Op = Literal["lt", "le", "gt", "ge", "eq"]


class Condition(Frozen):
    """One test of one fact: ``{fact, is}`` or ``{fact, op, value}``."""

    fact: FactName
    is_: bool | None = Field(default=None, alias="is")
    op: Op | None = None
    value: float | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        boolean = self.is_ is not None and self.op is None and self.value is None
        numeric = self.is_ is None and self.op is not None and self.value is not None
        if not (boolean or numeric):
            raise ValueError("a condition is {fact, is: true|false} or {fact, op, value}")
        return self

    def holds(self, facts: Facts) -> bool:
        """Whether the condition holds; an absent fact or a fact of the other kind never does.

        Examples
        --------
        >>> c = Condition.model_validate({"fact": "ucla3.total", "op": "ge", "value": 6})
        >>> c.holds({"ucla3.total": 6}), c.holds({"ucla3.total": 5}), c.holds({})
        (True, False, False)
        """
        value = facts.get(self.fact)
        if self.is_ is not None:
            return holds(value, "eq", self.is_)
        assert self.op is not None and self.value is not None
        return holds(value, self.op, self.value)

    def describe(self) -> str:
        """The test as a short formula, e.g. ``ucla3.total >= 6`` or ``obs.x is true``."""
        if self.is_ is not None:
            return f"{self.fact} is {str(self.is_).lower()}"
        assert self.op is not None and self.value is not None
        bound = int(self.value) if float(self.value).is_integer() else self.value
        return f"{self.fact} {formula(self.op)} {bound}"


class Conditions(Frozen):
    """``all`` conditions and, if given, at least one ``any`` condition; none means always."""

    all_: tuple[Condition, ...] = Field(default=(), alias="all")
    any_: tuple[Condition, ...] = Field(default=(), alias="any")

    @property
    def always(self) -> bool:
        """Whether there is no condition at all (a catch-all)."""
        return not self.all_ and not self.any_

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, ``all`` first."""
        return (*self.all_, *self.any_)

    def matched(self, facts: Facts) -> tuple[Condition, ...] | None:
        """The conditions that held if the test passes (``all`` and the ``any`` that held)."""
        if not all(c.holds(facts) for c in self.all_):
            return None
        held = tuple(c for c in self.any_ if c.holds(facts))
        if self.any_ and not held:
            return None
        return (*self.all_, *held)


def fill(text: Mapping[Language, str], **values: str) -> dict[Language, str]:
    """Return `text` with ``{placeholders}`` filled in each language."""
    return {lang: plural(template, values).format(**values) for lang, template in text.items()}
