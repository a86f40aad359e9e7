"""The one test of a fact against a bound, and the one table of how a test is written.

Rule packs and group files name a test ``lt le gt ge eq ne``; plan objectives and closure
rules write it ``< <= > >= == !=``. Both spellings mean the same `Op`, are evaluated by
`compare` (or `holds`, which reads an absent fact as "does not hold") and are written by
`formula` (plain text: ``<=``) or `sign` (for people: ``≤``).

A yes/no fact is compared only with a yes/no bound, and a number only with a number.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Literal

from careplanner._content._vocab import FactValue

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


def is_comparable(op: Op | Comparison, bound: FactValue) -> bool:
    """Whether a bound of this kind may be used with this test: yes/no only with ``==``/``!=``."""
    return not isinstance(bound, bool) or formula(op) in ("==", "!=")


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
