"""The one condition grammar: its spellings, its evaluator and its one renderer to words."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from careplanner._content._conditions import Condition, Conditions
from careplanner._content._problems import problems_of
from careplanner._content._say import say, say_all, variant
from careplanner._content._thresholds import Threshold, ThresholdNorm

LONELY = Threshold(value=6, basis="published", cite="c", source="s")
NORM = Threshold(
    basis="norm", norm=ThresholdNorm(mean=40, sd=4, k=1.5, population="p"), cite="c", source="s"
)
THRESHOLDS = {"lonely": LONELY, "low_support": NORM}
OPS = ("lt", "le", "gt", "ge", "eq", "ne")
PYTHON = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
PYTHON |= {"==": operator.eq, "!=": operator.ne}


def condition(**data: object) -> Condition:
    return Condition.model_validate(data)


@pytest.mark.parametrize(
    ("today", "grammar"),
    [
        ({"fact": "obs.x", "is": True}, {"fact": "obs.x", "op": "eq", "value": True}),
        ({"fact": "obs.x", "is": False}, {"fact": "obs.x", "op": "eq", "value": False}),
        (
            {"fact": "ucla3.total", "op": "ge", "threshold": "lonely"},
            {"fact": "ucla3.total", "op": "ge", "value": "lonely"},
        ),
        (
            {"fact": "gds15.total", "op": "<=", "value": 5},
            {"fact": "gds15.total", "op": "le"} | {"value": 5},
        ),
        (
            {"fact": "obs.x", "op": "!=", "value": True},
            {"fact": "obs.x", "op": "eq", "value": False},
        ),
        (
            {"fact": "obs.x", "op": "ne", "value": False},
            {"fact": "obs.x", "op": "eq", "value": True},
        ),
        ({"need": "grief"}, {"need": "grief"}),
    ],
)
def test_condition_reads_todays_spellings_as_the_grammar(today, grammar):
    assert Condition.model_validate(today) == Condition.model_validate(grammar)


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (
            {"fact": "a.b", "op": "gte", "value": 1},
            "when.op",
            "Input should be 'lt', 'le', 'gt', 'ge', 'eq' or 'ne'",
        ),
        (
            {"fact": "a.b", "op": "ge", "value": "Not A Name"},
            "when.value",
            "'value' is a number, true or false, or the name of a threshold",
        ),
        ({"fact": "a.b", "op": "ge", "value": float("nan")}, "when.value", "'value' is a number"),
        (
            {"fact": "a.b", "op": "ge", "value": True},
            "when",
            "a yes/no 'value' is tested only with the ops 'eq' and 'ne'",
        ),
        ({"fact": "a.b", "op": "ge"}, "when", "a condition is {fact, op, value} or {need}"),
        ({"fact": "a.b", "need": "x"}, "when", "a condition is {fact, op, value} or {need}"),
        ({"fact": "ab", "op": "ge", "value": 1}, "when.fact", "String should match pattern"),
    ],
)
def test_condition_refuses_a_bad_condition_at_its_field(data, location, message):
    with pytest.raises(ValidationError) as caught:
        Condition.model_validate(data)
    (problem,) = problems_of(caught.value, "when")
    assert problem.location == location and problem.message.startswith(message)


@pytest.mark.parametrize(
    ("data", "facts", "expected"),
    [
        ({"fact": "ucla3.total", "op": "ge", "value": "lonely"}, {"ucla3.total": 6}, True),
        ({"fact": "ucla3.total", "op": "ge", "value": "lonely"}, {"ucla3.total": 5}, False),
        ({"fact": "ssrs.total", "op": "lt", "value": "low_support"}, {"ssrs.total": 33.9}, True),
        ({"fact": "ssrs.total", "op": "lt", "value": "low_support"}, {"ssrs.total": 34}, False),
        ({"fact": "obs.x", "is": True}, {"obs.x": True}, True),
        ({"fact": "obs.x", "is": True}, {"obs.x": 1}, False),
        ({"fact": "obs.x", "op": "ne", "value": True}, {}, False),
        ({"fact": "gds15.total", "op": "le", "value": 5}, {"gds15.total": 5.0}, True),
        ({"need": "grief"}, {}, True),
        ({"need": "loneliness"}, {}, False),
    ],
)
def test_condition_holds_on_both_sides_of_its_bound(data, facts, expected):
    assert Condition.model_validate(data).holds(facts, THRESHOLDS, {"grief"}) is expected


def test_conditions_match_every_all_and_one_any():
    block = Conditions.model_validate(
        {
            "all": [{"fact": "obs.bereaved", "is": True}],
            "any": [
                {"fact": "a.n", "op": "ge", "value": 3},
                {"fact": "a.m", "op": "ge", "value": 3},
            ],
        }
    )
    assert block.matched({"obs.bereaved": True, "a.m": 4}) == (block.all[0], block.any[1])
    assert block.matched({"obs.bereaved": True, "a.n": 2}) is None
    assert block.matched({"a.n": 3}) is None
    assert Conditions().matched({}) == () and Conditions().always


@pytest.mark.parametrize(
    ("form", "lang", "data", "parts", "expected"),
    [
        (
            "formula",
            "en",
            {"fact": "ucla3.total", "op": "ge", "value": 6},
            {"bound": "6"},
            "ucla3.total >= 6",
        ),
        ("formula", "en", {"fact": "obs.x", "is": True}, {"bound": "true"}, "obs.x is true"),
        (
            "sheet",
            "en",
            {"fact": "ucla3.total", "op": "ge", "value": "lonely"},
            {"bound": "6", "basis": "published"},
            "UCLA ≥ 6 [lonely, published]",
        ),
        ("sheet", "zh-CN", {"fact": "obs.x", "is": False}, {"bound": "否"}, "UCLA：否"),
        ("target", "zh-CN", {"fact": "obs.x", "is": False}, {"bound": "否"}, "= 否"),
        ("target", "en", {"fact": "gds15.total", "op": "<=", "value": 5}, {"bound": "5"}, "≤ 5"),
        (
            "brief",
            "en",
            {"fact": "gds15.total", "op": "gt", "value": 5},
            {"bound": "5", "value": "7"},
            "UCLA 7 > 5",
        ),
    ],
)
def test_say_writes_a_condition_in_the_wording_of_its_form(form, lang, data, parts, expected):
    c = Condition.model_validate(data)
    label = c.fact if form == "formula" else "UCLA"
    threshold = {"threshold": c.threshold} if c.threshold else {}
    assert say(form, lang, variant(c), c.op, label=str(label), **threshold, **parts) == expected


def test_say_all_writes_every_language_from_parts_in_each():
    label = {"en": "GDS-15 total", "zh-CN": "GDS-15 总分"}
    basis = {"en": "(published: x)", "zh-CN": "（已发表：x）"}
    text = say_all("matched", "named", "gt", label=label, value="7", bound="5", basis=basis)
    assert text == {
        "en": "GDS-15 total 7 > 5 (published: x)",
        "zh-CN": "GDS-15 总分 7 > 5（已发表：x）",
    }


@given(
    op=st.sampled_from(OPS),
    bound=st.integers(-20, 20),
    value=st.none() | st.booleans() | st.integers(-20, 20) | st.floats(-20, 20, allow_nan=False),
)
def test_the_formula_said_is_the_test_evaluated(op, bound, value):
    """Evaluating the words of a condition gives what the evaluator gives."""
    c = condition(fact="a.n", op=op, value=bound)
    facts = {} if value is None else {"a.n": value}
    words = say("formula", "en", variant(c), c.op, label="a.n", bound=str(bound))
    fact, symbol, written = words.split(" ")
    said = isinstance(value, int | float) and not isinstance(value, bool)
    said = said and PYTHON[symbol](value, int(written))
    assert fact == "a.n" and c.holds(facts) is said


@given(flag=st.booleans(), op=st.sampled_from(("eq", "ne")), value=st.none() | st.booleans())
def test_a_yes_no_condition_reads_and_holds_as_one_test(flag, op, value):
    c = condition(fact="obs.x", op=op, value=flag)
    facts = {} if value is None else {"obs.x": value}
    words = say("formula", "en", variant(c), c.op, label="obs.x", bound=str(c.value).lower())
    assert words == f"obs.x is {str(flag == (op == 'eq')).lower()}"
    assert c.holds(facts) is (value is not None and value == (flag == (op == "eq")))
