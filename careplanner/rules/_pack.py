"""Rule packs as data: the model of a pack, reading one from YAML, its JSON schema and hash.

A rule pack is a YAML file a trainer can read and an organisation can copy and change::

    id, version, title, source
    thresholds:    name -> value (or a norm), basis (published | norm | convention), cite, source
    interventions: id -> label, source
    frame:         interventions every plan with a need gets (engagement, closure)
    orderings:     "before" interventions come before "after" interventions
    needs:         id -> safety, statement, answered_by, rules (each: id, severity, all/any)
    combinations:  second-level rules on needs and facts: propose, raise_priority, orderings

`careplanner.rules.load_pack` validates the structure here and the meaning in `_validate`
(unknown facts, impossible rules, cycles, unanswered needs); every problem is listed in one
`RulePackError`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from careplanner._content._vocab import Code, Frozen, Severity, Slug, Text
from careplanner._sources import Cited
from careplanner._translated import Translated
from careplanner.errors import Problem, RulePackError

Id = Code
Op = Literal["lt", "le", "gt", "ge"]
Basis = Literal["published", "norm", "convention"]
#: Largest threshold in size; durable-rules misreads numbers in exponent form (``1e-07``).
MAX_THRESHOLD = 1_000_000_000
Version = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$"),
]


class _Translated(Frozen, Translated):
    """A pack item whose English texts may carry a Chinese wording under ``zh-CN``."""


class ThresholdNorm(Frozen):
    """A published norm: the cut-off is ``mean - k * sd``; the choice of `k` is a convention."""

    mean: float = Field(allow_inf_nan=False)
    sd: float = Field(gt=0, allow_inf_nan=False)
    k: float = Field(gt=0, allow_inf_nan=False)
    population: str = Field(min_length=1)


class Threshold(_Translated):
    """A named cut-off with where it comes from.

    ``basis`` is ``published`` (a verified published cut-off), ``norm`` (derived from a
    published norm; `value` is computed) or ``convention`` (no published source: every
    explanation that uses it says so). `cite` is the short citation shown in explanations.
    ``zh-CN`` may give the Chinese `cite`, `source` and the norm's `population`.
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


class Condition(Frozen):
    """One test: ``{fact, op, threshold}``, ``{fact, is: true|false}`` or ``{need}``."""

    fact: str | None = None
    op: Op | None = None
    threshold: Id | None = None
    is_: bool | None = Field(default=None, alias="is")
    need: Id | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        numeric = self.fact is not None and self.op is not None and self.threshold is not None
        boolean = self.fact is not None and self.is_ is not None and self.op is None
        by_need = self.need is not None and self.fact is None
        if (numeric and self.is_ is None and self.need is None) or (
            boolean and self.threshold is None and self.need is None
        ):
            return self
        if by_need and self.op is None and self.threshold is None and self.is_ is None:
            return self
        raise ValueError("a condition is {fact, op, threshold}, {fact, is} or {need}")


class _Conditions(_Translated):
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    note: Cited | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> _Conditions:
        if not self.all and not self.any:
            raise ValueError("a rule needs at least one condition under 'all' or 'any'")
        return self


class Rule(_Conditions):
    """A rule that flags its need: it fires when every ``all`` and, if given, one ``any`` holds."""

    id: Id
    severity: Severity


class NeedSpec(Frozen):
    """A need, the rules that flag it and the interventions that answer it."""

    safety: bool = False
    statement: Text
    answered_by: tuple[Id, ...]
    rules: tuple[Rule, ...] = Field(min_length=1)


class OrderingSpec(_Translated):
    """Each intervention in `before` comes before each in `after`."""

    before: tuple[Id, ...] = Field(min_length=1)
    after: tuple[Id, ...] = Field(min_length=1)
    source: Cited


class Combination(_Conditions):
    """A second-level rule on needs and facts: it proposes, raises priority or orders."""

    id: Id
    propose: tuple[Id, ...] = ()
    raise_priority: tuple[Id, ...] = ()
    orderings: tuple[OrderingSpec, ...] = ()

    @model_validator(mode="after")
    def _has_effect(self) -> Combination:
        if not (self.propose or self.raise_priority or self.orderings):
            raise ValueError("a combination needs 'propose', 'raise_priority' or 'orderings'")
        return self


class Intervention(_Translated):
    """An intervention the planner maps to a stage."""

    label: Text
    source: Cited


class RulePack(_Translated):
    """A validated rule pack. Build one with `load_pack` or `default_pack`.

    Attributes
    ----------
    name : str
        ``<id>@<version>``, the name of the compiled durable-rules ruleset.
    content_hash : str
        ``sha256:`` of the pack's canonical JSON; every result records it.
    """

    id: Slug
    version: Version
    title: Text
    source: Cited
    thresholds: dict[Id, Threshold]
    interventions: dict[Id, Intervention] = Field(min_length=1)
    frame: tuple[Id, ...] = ()
    orderings: tuple[OrderingSpec, ...] = ()
    needs: dict[Id, NeedSpec] = Field(min_length=1)
    combinations: tuple[Combination, ...] = ()
    _hash: str = PrivateAttr(default="")

    def model_post_init(self, context: object, /) -> None:
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True, exclude_none=True),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self._hash = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def name(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @property
    def content_hash(self) -> str:
        """``sha256:<hex>`` of the canonical JSON of the pack (formatting and comments aside)."""
        return self._hash


def pack_schema() -> dict[str, Any]:
    """Return the JSON schema of a rule pack (structure only; `load_pack` checks meaning too).

    Examples
    --------
    >>> sorted(pack_schema()["required"])
    ['id', 'interventions', 'needs', 'source', 'thresholds', 'title', 'version']
    """
    return RulePack.model_json_schema(by_alias=True)


def pack_error(source: str, problems: list[Problem]) -> RulePackError:
    """One error listing every problem of a pack."""
    count = len(problems)
    listed = "; ".join(str(p) for p in problems)
    noun = "problem" if count == 1 else "problems"
    return RulePackError(f"rule pack {source} is invalid ({count} {noun}): {listed}")
