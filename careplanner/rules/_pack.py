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
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from careplanner._content._conditions import Conditions
from careplanner._content._thresholds import Threshold
from careplanner._content._vocab import Code, Frozen, Severity, Slug, Text
from careplanner._sources import Cited
from careplanner._translated import Translated
from careplanner.errors import Problem, RulePackError

Id = Code
Version = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$"),
]


class _Translated(Frozen, Translated):
    """A pack item whose English texts may carry a Chinese wording under ``zh-CN``."""


class _Conditions(Conditions, _Translated):
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
            _first_spelling(self.model_dump(mode="json", by_alias=True, exclude_none=True)),
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


def _first_spelling(data: dict[str, Any]) -> dict[str, Any]:
    """The pack with its conditions spelled as in format 1, where format 1 can spell them.

    The content hash is taken over this form, so a pack rewritten from today's spelling
    (``{fact, is}``, ``{fact, op, threshold}``) into the grammar keeps its hash -- and every
    result that names it stays the same.
    """
    rules = [r for need in data["needs"].values() for r in need["rules"]]
    for rule in (*rules, *data.get("combinations", ())):
        for key in ("all", "any"):
            if key in rule:
                rule[key] = [_spelled(condition) for condition in rule[key]]
    return data


def _spelled(condition: dict[str, Any]) -> dict[str, Any]:
    value = condition.get("value")
    if isinstance(value, bool) and condition["op"] == "eq":
        return {"fact": condition["fact"], "is": value}
    if isinstance(value, str):
        return {"fact": condition["fact"], "op": condition["op"], "threshold": value}
    return condition


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
    return RulePackError(
        f"rule pack {source} is invalid ({count} {noun}): {listed}", source, problems
    )
