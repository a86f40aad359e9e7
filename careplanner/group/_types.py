"""Shared small types of the group-work package: the model base, texts, conditions on facts.

Group data files (screening rules, composition traits, activity needs) write their conditions
in careplanner's one condition grammar (`careplanner._content._conditions`)::

    {fact: <name>, op: eq, value: true|false}     a yes/no fact (today's {fact, is} is the same)
    {fact: <name>, op: lt|le|gt|ge|eq|ne, value: <number>}

A fact that is absent (not assessed, not answered) makes every condition on it false, as in
the rules engine (`careplanner.rules`): nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from careplanner._content._conditions import Condition, Conditions
from careplanner._content._problems import unknown
from careplanner._content._say import say, variant
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
    "describe",
    "fact_problems",
    "fill",
]

#: Where a data entry comes from: never empty; keys in square brackets cite the bibliography.
Source = Cited
#: Whether an entry rests on published evidence or is a practice convention.
Basis = Literal["evidence", "convention"]


def describe(condition: Condition) -> str:
    """The test as a short formula, e.g. ``ucla3.total >= 6`` or ``obs.x is true``.

    Examples
    --------
    >>> describe(Condition.model_validate({"fact": "ucla3.total", "op": "ge", "value": 6.0}))
    'ucla3.total >= 6'
    """
    value = condition.value
    if isinstance(value, bool):
        bound = str(value).lower()
    else:
        bound = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    return say(
        "formula", "en", variant(condition), condition.op, label=str(condition.fact), bound=bound
    )


def fact_problems(where: str, block: Conditions, known: frozenset[str]) -> list[str]:
    """A problem for each condition of `block` at `where` that reads no known fact.

    Group files test facts only: a need flagged is the fact ``need.<id>`` (its severity rank).
    """
    problems = []
    for key in ("all", "any"):
        for n, c in enumerate(getattr(block, key)):
            if c.fact is None:
                text = "group files test facts: write {fact: need.<id>, op: ge, value: 1}"
                problems.append(f"{where}.{key}[{n}].need: {text}")
            elif c.fact not in known:
                problems.append(f"{where}.{key}[{n}].fact: {unknown('fact', c.fact, known)}")
    return problems


def fill(text: Mapping[Language, str], **values: str) -> dict[Language, str]:
    """Return `text` with ``{placeholders}`` filled in each language."""
    return {lang: plural(template, values).format(**values) for lang, template in text.items()}
