"""The one condition grammar: a test of a fact, a need flagged, ``all`` and ``any`` of them.

Every document that decides on facts -- rule packs, plan objectives, closure rules, group
screening and composition -- writes its conditions the same way::

    {fact: <name>, op: lt|le|gt|ge|eq|ne, value: <number | true | false | threshold name>}
    {need: <id>}                                  another need is flagged
    {all: [...], any: [...]}                      every `all` and, if given, one `any`

`Condition` and `Conditions` are the models, `Condition.holds` and `Conditions.matched` the one
evaluator (on top of `compare` and `holds`, the test of one value), and
`careplanner._content._say` the one renderer to words. Today's spellings -- ``{fact, is}``,
``{fact, op, threshold}``, and ``< <= > >= == !=`` -- are read as the same conditions.

A yes/no fact is compared only with a yes/no bound, and a number only with a number.
"""

from __future__ import annotations

import math
import operator
import re
import warnings
from collections.abc import Callable, Container, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema, model_validator

from careplanner._content._thresholds import Threshold
from careplanner._content._vocab import Code, FactName, Facts, FactValue, Frozen

#: No named thresholds: a document whose conditions give their values.
_NONE: Mapping[str, Threshold] = MappingProxyType({})

#: A test by name, as rule packs and group files write it.
Op = Literal["lt", "le", "gt", "ge", "eq", "ne"]
#: A test by symbol, as plan objectives and closure rules write it.
Comparison = Literal["<=", ">=", "<", ">", "==", "!="]

#: Each test, by either spelling.
TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_FORMULA: dict[str, str] = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}
_SIGN: dict[str, str] = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


def formula(op: Op | Comparison) -> str:
    """The test as plain text, e.g. ``formula("le") == "<="``; a symbol is returned as it is.

    Examples
    --------
    >>> formula("le"), formula(">="), formula("eq")
    ('<=', '>=', '==')
    """
    return _FORMULA.get(op, op)


def sign(op: Op | Comparison) -> str:
    """The test as a reader sees it: ``≤``, ``≥``, ``=``, ``≠``, ``<``, ``>``.

    Examples
    --------
    >>> sign("le"), sign("!="), sign("==")
    ('≤', '≠', '=')
    """
    return _SIGN[formula(op)]


def compare(value: FactValue, op: Op | Comparison, bound: FactValue) -> bool:
    """Return whether ``value <op> bound`` holds; a yes/no and a number are not compared.

    Raises
    ------
    TypeError
        One of `value` and `bound` is a yes/no and the other a number.

    Examples
    --------
    >>> compare(3, "<=", 5), compare(True, "==", True), compare(6, "le", 5)
    (True, True, False)
    """
    if isinstance(value, bool) != isinstance(bound, bool):
        raise TypeError(f"cannot compare a yes/no and a number with {op!r}")
    return TESTS[op](value, bound)


def holds(value: object, op: Op | Comparison, bound: FactValue) -> bool:
    """Like `compare`, but an absent fact, or one of another kind, never holds.

    Any value may be passed: the safety floor reads facts before they are checked.

    Examples
    --------
    >>> holds(None, "ge", 6), holds(True, "ge", 6), holds(6, "ge", 6), holds("7", "ge", 6)
    (False, False, True, False)
    >>> holds(1, "eq", True), holds(True, "==", True)
    (False, True)
    """
    if isinstance(bound, bool):
        return isinstance(value, bool) and TESTS[op](value, bound)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return TESTS[op](value, bound)


#: Today's symbols for the tests, as plan objectives and closure rules write them.
_BY_SYMBOL: dict[str, str] = {symbol: name for name, symbol in _FORMULA.items()}
#: The largest bound in size; durable-rules misreads numbers in exponent form (``1e-07``).
MAX_BOUND = 1_000_000_000


def _bound(value: object) -> FactValue | str:
    """A bound as given: a yes/no, a finite number, or a threshold's name (a `Code`)."""
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value
    raise ValueError("'value' is a number, true or false, or the name of a threshold")


_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")
#: What a condition compares a fact with: a yes/no, a number, or a named threshold.
Bound = Annotated[
    bool | int | float | str,
    PlainValidator(_bound),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "boolean"},
                {"type": "number"},
                {"type": "string", "pattern": _CODE.pattern},
            ]
        }
    ),
]


def _today(data: object) -> object:
    """Today's spellings in the grammar: ``is: x`` is ``op: eq, value: x``; ``threshold: n`` is
    ``value: n``; ``<=`` and the other symbols are ``le`` and the other names. A yes/no test
    is always ``eq``: ``ne: true`` is ``eq: false`` (an absent fact holds for neither). Given
    beside the grammar's keys (an edit in today's spelling), today's keys win."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    if "is" in data or "threshold" in data:
        deprecated_spelling("{fact, is} and {fact, op, threshold}")
    if "is" in data:
        data["op"], data["value"] = "eq", data.pop("is")
    if "threshold" in data:
        data["value"] = data.pop("threshold")
    if isinstance(data.get("op"), str) and data["op"] in _BY_SYMBOL:
        data["op"] = _BY_SYMBOL[data["op"]]
    if isinstance(data.get("value"), bool) and data.get("op") == "ne":
        data["op"], data["value"] = "eq", not data["value"]  # one spelling of a yes/no test
    return data


def deprecated_spelling(spelling: str) -> None:
    """Warn that a document spells a condition as before the grammar (still read as it)."""
    warnings.warn(
        f"conditions spelled {spelling} are deprecated; write {{fact, op, value}} "
        "(docs/conditions.md)",
        DeprecationWarning,
        stacklevel=2,
    )


class Condition(Frozen):
    """One condition: a fact tested against a value, ``{fact, op, value}``, or ``{need}``.

    `value` is a yes/no, a number, or the name of a named threshold (`Threshold`) that the
    document defines. A yes/no is tested only with ``eq`` or ``ne``. Today's spellings
    (``{fact, is}``, ``{fact, op, threshold}``, ``<=``) are read as the same condition.

    Examples
    --------
    >>> Condition.model_validate({"fact": "obs.self_blame", "is": True})
    Condition(fact='obs.self_blame', op='eq', value=True, need=None)
    >>> named = {"fact": "ucla3.total", "op": "ge", "threshold": "lonely"}
    >>> Condition.model_validate(named).threshold
    'lonely'
    """

    fact: FactName | None = None
    op: Op | None = None
    value: Bound | None = None
    need: Code | None = None

    _spellings = model_validator(mode="before")(_today)

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        if self.need is not None and (self.fact, self.op, self.value) == (None, None, None):
            return self
        if self.need is None and None not in (self.fact, self.op, self.value):
            if isinstance(self.value, bool) and self.op not in ("eq", "ne"):
                raise ValueError("a yes/no 'value' is tested only with the ops 'eq' and 'ne'")
            return self
        raise ValueError("a condition is {fact, op, value} or {need}")

    @property
    def threshold(self) -> str | None:
        """The name of the threshold this condition compares with, if it names one."""
        return self.value if isinstance(self.value, str) else None

    @property
    def yes_no(self) -> bool:
        """Whether this tests a yes/no fact (``value`` true or false)."""
        return isinstance(self.value, bool)

    def bound(self, thresholds: Mapping[str, Threshold] = _NONE) -> FactValue:
        """The value compared with: the given one, or the named threshold's `Threshold.cut`."""
        if isinstance(self.value, str):
            return thresholds[self.value].cut
        assert self.value is not None, "a condition on a need has no bound"
        return self.value

    def holds(
        self,
        facts: Facts,
        thresholds: Mapping[str, Threshold] = _NONE,
        flagged: Container[str] = (),
    ) -> bool:
        """Whether the condition holds; an absent fact, or one of another kind, never does.

        Examples
        --------
        >>> c = Condition.model_validate({"fact": "ucla3.total", "op": "ge", "value": 6})
        >>> c.holds({"ucla3.total": 6}), c.holds({"ucla3.total": 5}), c.holds({})
        (True, False, False)
        >>> Condition(need="grief").holds({}, flagged={"grief"})
        True
        """
        if self.need is not None:
            return self.need in flagged
        assert self.fact is not None and self.op is not None
        return holds(facts.get(self.fact), self.op, self.bound(thresholds))


def _given(value: object) -> object:
    if isinstance(value, str):
        raise ValueError(f"{value!r} names no threshold: this file gives the value itself")
    return _bound(value)


#: A value given as it is: a yes/no or a number (a document without named thresholds).
Given = Annotated[
    bool | int | float,
    PlainValidator(_given),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "number"}]}),
]


class FactTest(Condition):
    """A condition on one fact with its value given: ``{fact, op, value}``, no threshold name.

    Examples
    --------
    >>> FactTest.model_validate({"fact": "gds15.total", "op": "<=", "value": 5})
    FactTest(fact='gds15.total', op='le', value=5, need=None)
    """

    fact: FactName
    op: Op
    value: Given
    need: None = None

    @property
    def comparison(self) -> str:
        """The test as plain text: ``<=``, ``==`` and the others."""
        return formula(self.op)


class Conditions(Frozen):
    """Every ``all`` condition and, when ``any`` is given, at least one of them."""

    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    @property
    def always(self) -> bool:
        """Whether there is no condition at all (a catch-all)."""
        return not self.all and not self.any

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, ``all`` first."""
        return (*self.all, *self.any)

    def matched(
        self,
        facts: Facts,
        thresholds: Mapping[str, Threshold] = _NONE,
        flagged: Container[str] = (),
    ) -> tuple[Condition, ...] | None:
        """The conditions that held if the test passes (``all`` and the ``any`` that held).

        Examples
        --------
        >>> block = Conditions.model_validate(
        ...     {"all": [{"fact": "a.x", "is": True}],
        ...      "any": [{"fact": "a.n", "op": "gt", "value": 2}]}
        ... )
        >>> block.matched({"a.x": True, "a.n": 3}) == block.conditions, block.matched({"a.x": True})
        (True, None)
        """
        if not all(c.holds(facts, thresholds, flagged) for c in self.all):
            return None
        held = tuple(c for c in self.any if c.holds(facts, thresholds, flagged))
        if self.any and not held:
            return None
        return (*self.all, *held)
