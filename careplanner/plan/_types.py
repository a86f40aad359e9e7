"""Small shared types of the care-plan package: the model base, bilingual text, comparisons."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Literal

from careplanner._content._vocab import (
    Code,
    FactName,
    Facts,
    FactValue,
    Frozen,
    Text,
)
from careplanner._sources import Cited

__all__ = ["Code", "Comparison", "FactName", "FactValue", "Facts", "Frozen", "Source", "Text"]

#: Where a catalogue entry comes from: never empty; keys in square brackets cite the bibliography.
Source = Cited
Comparison = Literal["<=", ">=", "<", ">", "==", "!="]

_OPERATORS: dict[str, Callable[[FactValue, FactValue], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}


def compare(value: FactValue, comparison: Comparison, target: FactValue) -> bool:
    """Return whether ``value <comparison> target`` holds.

    A yes/no fact is compared only with ``==`` or ``!=`` and a yes/no target; a number only
    with a number.

    Examples
    --------
    >>> compare(3, "<=", 5), compare(True, "==", True), compare(6, "<=", 5)
    (True, True, False)
    """
    if isinstance(value, bool) != isinstance(target, bool):
        kinds = "a yes/no and a number"
        raise TypeError(f"cannot compare {kinds} with {comparison!r}")
    return _OPERATORS[comparison](value, target)


def is_comparable(comparison: Comparison, target: FactValue) -> bool:
    """Whether a target of this type may be used with this comparison."""
    return not isinstance(target, bool) or comparison in ("==", "!=")
