"""The one comparison of a fact with a bound, in both spellings, and how it is written."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner._content._conditions import compare, formula, holds, sign
from careplanner.group._types import Condition
from careplanner.rules._floor import FLOOR

NAMES = ("lt", "le", "gt", "ge", "eq", "ne")
SYMBOLS = ("<", "<=", ">", ">=", "==", "!=")


@pytest.mark.parametrize(
    ("value", "op", "bound", "expected"),
    [
        (4, "lt", 5, True),
        (5, "lt", 5, False),
        (5, "le", 5, True),
        (6, "le", 5, False),
        (6, "gt", 5, True),
        (5, "gt", 5, False),
        (5, "ge", 5, True),
        (4, "ge", 5, False),
        (5, "eq", 5.0, True),
        (5, "ne", 5, False),
        (True, "==", True, True),
        (False, "!=", True, True),
    ],
)
def test_compare_matches_known_answers_on_both_sides_of_the_bound(value, op, bound, expected):
    assert compare(value, op, bound) is expected


@pytest.mark.parametrize(("name", "symbol"), list(zip(NAMES, SYMBOLS, strict=True)))
@given(value=st.integers(-50, 50), bound=st.integers(-50, 50))
def test_compare_gives_the_same_answer_for_both_spellings(name, symbol, value, bound):
    assert compare(value, name, bound) == compare(value, symbol, bound)


@pytest.mark.parametrize(("value", "bound"), [(True, 1), (1, True), (0, False)])
def test_compare_refuses_a_yes_no_against_a_number(value, bound):
    with pytest.raises(TypeError, match="cannot compare a yes/no and a number with '<='"):
        compare(value, "<=", bound)


@pytest.mark.parametrize(
    ("value", "op", "bound"),
    [(None, "ge", 1), (True, "ge", 1), (1, "eq", True), ("3", "gt", 0), (math.nan, "ge", 0)],
)
def test_holds_is_false_for_absent_mistyped_or_nan_values(value, op, bound):
    assert holds(value, op, bound) is False


@given(value=st.integers(-50, 50) | st.floats(-50, 50), bound=st.integers(-50, 50))
def test_holds_agrees_with_compare_on_numbers(value, bound):
    for op in NAMES:
        assert holds(value, op, bound) == compare(value, op, bound)


def test_formula_and_sign_write_every_test():
    assert [formula(op) for op in NAMES] == list(SYMBOLS)
    assert [formula(op) for op in SYMBOLS] == list(SYMBOLS)
    assert [sign(op) for op in NAMES] == ["<", "≤", ">", "≥", "=", "≠"]


@given(value=st.none() | st.booleans() | st.integers(0, 30))
def test_group_conditions_and_the_safety_floor_use_the_one_comparison(value):
    facts = {} if value is None else {"phq9.item9": value, "ucla3.total": value}
    group = Condition.model_validate({"fact": "ucla3.total", "op": "ge", "value": 6})
    assert group.holds(facts) == holds(facts.get("ucla3.total"), "ge", 6)
    signal = next(s for s in FLOOR if s.fact == "phq9.item9")
    assert signal.holds(facts) == holds(facts.get("phq9.item9"), "gt", 0)
