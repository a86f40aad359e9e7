"""Small shared types of the care-plan package: the model base, bilingual text, comparisons."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from careplanner._sources import Cited
from careplanner.models import Language

#: A fact value: a scale score, a network measure or an observation.
FactValue = int | float | bool
#: Facts by name, e.g. ``{"gds15.total": 7, "obs.uses_messaging_app": False}``.
Facts = Mapping[str, FactValue]
#: A fact name: ``<namespace>.<measure>``, e.g. ``gds15.total``, ``net.confidants_besides_spouse``.
FactName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
#: A catalogue code: lower-case letters, digits and ``_``.
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
#: Where a catalogue entry comes from: never empty; keys in square brackets cite the bibliography.
Source = Cited
Comparison = Literal["<=", ">=", "<", ">", "==", "!="]

LANGUAGES: tuple[Language, ...] = ("en", "zh-CN")

_OPERATORS: dict[str, Callable[[FactValue, FactValue], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}


def _both_languages(value: dict[Language, str]) -> dict[Language, str]:
    # A loop, not a list: every text of every plan passes here.
    for lang in LANGUAGES:
        if not value.get(lang, "").strip():
            raise ValueError(f"text needs a non-empty entry for each of {list(LANGUAGES)}")
    return value


#: A text in both languages: ``{"en": ..., "zh-CN": ...}``.
Text = Annotated[dict[Language, str], AfterValidator(_both_languages)]


class Model(BaseModel):
    """Base of every plan model: immutable, strict about unknown fields, silent about inputs."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


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
