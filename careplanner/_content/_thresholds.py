"""Named thresholds: a cut-off that keeps its value, its basis and its source.

A condition may compare a fact with a number or with the name of a threshold the document
defines (``value: ucla3_lonely``); the threshold then says where the cut-off comes from, and
every explanation that uses it says so. Rule packs keep theirs under ``thresholds``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from careplanner._content._vocab import Frozen
from careplanner._sources import Cited
from careplanner._translated import Translated

#: Where a cut-off comes from: a verified published cut-off, a published norm, or a convention.
Basis = Literal["published", "norm", "convention"]
#: Largest threshold in size; durable-rules misreads numbers in exponent form (``1e-07``).
MAX_THRESHOLD = 1_000_000_000


class ThresholdNorm(Frozen):
    """A published norm: the cut-off is ``mean - k * sd``; the choice of `k` is a convention."""

    mean: float = Field(allow_inf_nan=False)
    sd: float = Field(gt=0, allow_inf_nan=False)
    k: float = Field(gt=0, allow_inf_nan=False)
    population: str = Field(min_length=1)


class Threshold(Frozen, Translated):
    """A named cut-off with where it comes from.

    ``basis`` is ``published`` (a verified published cut-off), ``norm`` (derived from a
    published norm; `value` is computed) or ``convention`` (no published source: every
    explanation that uses it says so). `cite` is the short citation shown in explanations.
    ``zh-CN`` may give the Chinese `cite`, `source` and the norm's `population`.

    Examples
    --------
    >>> Threshold(value=6, basis="convention", cite="c", source="s").cut
    6
    >>> norm = ThresholdNorm(mean=40, sd=4, k=1.5, population="p")
    >>> Threshold(basis="norm", norm=norm, cite="c", source="s").cut
    34.0
    """

    value: float | None = Field(None, allow_inf_nan=False)
    basis: Basis
    norm: ThresholdNorm | None = None
    cite: Cited = Field(max_length=120)
    source: Cited

    @model_validator(mode="after")
    def _value_or_norm(self) -> Threshold:
        if (self.basis == "norm") != (self.norm is not None):
            raise ValueError("a 'norm' is given exactly when basis is 'norm'")
        if (self.norm is None) == (self.value is None):
            raise ValueError("give 'value', or 'norm' (the value is then mean - k * sd)")
        if abs(self.cut) > MAX_THRESHOLD or "e" in repr(self.cut):  # engine hazard 9
            raise ValueError(
                f"value {self.cut!r} is too small or too large to compile: give a value from "
                f"0.0001 to {MAX_THRESHOLD:g} in size, or 0"
            )
        return self

    def english(self, name: str) -> str | None:
        """The English text `name`; ``population`` is the norm's."""
        if name == "population":
            return self.norm.population if self.norm is not None else None
        return super().english(name)

    @property
    def cut(self) -> float | int:
        """The value compared against: given, or ``mean - k * sd`` rounded to 2 decimals."""
        if self.norm is not None:
            return round(self.norm.mean - self.norm.k * self.norm.sd, 2)
        assert self.value is not None
        return int(self.value) if float(self.value).is_integer() else self.value
