"""The care-plan package's view of the shared vocabulary and of the one comparison of facts."""

from __future__ import annotations

from careplanner._content._conditions import Comparison, compare
from careplanner._content._vocab import (
    Code,
    FactName,
    Facts,
    FactValue,
    Frozen,
    Text,
)
from careplanner._sources import Cited

__all__ = [
    "Code",
    "Comparison",
    "FactName",
    "FactValue",
    "Facts",
    "Frozen",
    "Source",
    "Text",
    "compare",
]

#: Where a catalogue entry comes from: never empty; keys in square brackets cite the bibliography.
Source = Cited
