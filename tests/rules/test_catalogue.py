"""The fact catalogue, and facts refused before they reach the engine."""

from __future__ import annotations

import math
from typing import Any

import pytest

from careplanner.errors import RuleError, UnknownCodeError
from careplanner.rules import evaluate, evaluate_many, load_fact_catalogue, reference_evaluate

CATALOGUE = load_fact_catalogue()
NAMES = {spec.name for spec in CATALOGUE.facts}


def test_catalogue_names_each_scale_fact_of_issue_4() -> None:
    scales = {
        name
        for name in NAMES
        if name.split(".")[0] in {"ssrs", "gds15", "phq9", "ucla3", "lsns6", "sgabs"}
    }
    assert scales == {
        "ssrs.total",
        "ssrs.objective",
        "ssrs.subjective",
        "ssrs.utilisation",
        "gds15.total",
        "phq9.total",
        "phq9.item9",
        "ucla3.total",
        "lsns6.total",
        "lsns6.family",
        "lsns6.friends",
        "sgabs.total",
    }


def test_beliefs_measure_has_no_cutoff() -> None:
    spec = CATALOGUE.get("sgabs.total")
    assert spec is not None and spec.cutoff is False


def test_unknown_fact_name_is_refused_with_the_allowed_names() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        evaluate({"ssrs.totl": 21})
    assert str(caught.value).startswith("'fact name' must be one of ['abuse.financial', ")
    assert str(caught.value).endswith(", got 'ssrs.totl'")


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"ucla3.total": True},
            "fact 'ucla3.total' must be an int in 3..9; the value given has the wrong type"
            " (read by rules ['ucla3_lonely', 'ucla3_lonely_on_every_item']).",
        ),
        (
            {"ucla3.total": 10},
            "fact 'ucla3.total' must be an int in 3..9; the value given is out of range"
            " (read by rules ['ucla3_lonely', 'ucla3_lonely_on_every_item']).",
        ),
        (
            {"ucla3.total": 6.0},
            "fact 'ucla3.total' must be an int in 3..9; the value given has the wrong type",
        ),
        (
            {"net.dependency": math.nan},
            "fact 'net.dependency' must be a float in 0..1; the value given is out of range",
        ),
        (
            {"obs.self_blame": 1},
            "fact 'obs.self_blame' must be a bool; the value given has the wrong type"
            " (read by rules ['self_blame_observed'])",
        ),
        (
            {"obs.hopelessness": None},
            "fact 'obs.hopelessness' must be a bool; the value given has the wrong type",
        ),
        (
            {"net.density": 2.0},
            "fact 'net.density' must be a float in 0..1; the value given is out of range"
            " (read by no rule of this pack)",
        ),
    ],
)
def test_malformed_fact_is_refused_naming_fact_range_and_rules(
    facts: dict[str, Any], message: str
) -> None:
    for run in (evaluate, reference_evaluate):
        with pytest.raises(RuleError) as caught:
            run(facts)
        assert str(caught.value).startswith(message)


def test_refusal_never_echoes_the_value() -> None:
    with pytest.raises(RuleError) as caught:
        evaluate({"profile.age": 1234})
    assert "1234" not in str(caught.value)


def test_int_is_accepted_where_a_float_is_expected() -> None:
    facts = {"net.dependency": 1, "net.size": 3}
    assert evaluate(facts).need_ids == ("over_dependence",)


def test_not_a_mapping_is_refused() -> None:
    with pytest.raises(RuleError, match="facts must be a mapping of fact name to value, not list"):
        evaluate([("ucla3.total", 7)])  # type: ignore[arg-type]


def test_bad_record_in_a_batch_keeps_its_place_and_spares_its_neighbours() -> None:
    results = evaluate_many([{"ucla3.total": 8}, {"ucla3.total": 10}, {"bogus.fact": 1}, {}])
    assert [type(r).__name__ for r in results] == [
        "Findings",
        "RuleError",
        "UnknownCodeError",
        "Findings",
    ]
    assert results[0] == evaluate({"ucla3.total": 8})


def test_numbers_of_a_subclass_are_accepted_as_plain_numbers() -> None:
    class Share(float):
        """Like numpy.float64: a float subclass."""

    facts = {
        "net.dependency": Share(0.75),
        "net.size": 3,
        "net.types_lost_if_top_removed": 2,
        "ucla3.total": 7,
    }
    findings = evaluate(facts)
    assert findings.need_ids == ("loneliness", "over_dependence")
    value = findings.needs[1].evidence[0].value  # type: ignore[union-attr]
    assert (value, type(value)) == (0.75, float)
    assert findings == evaluate(
        {
            "net.dependency": 0.75,
            "net.size": 3,
            "net.types_lost_if_top_removed": 2,
            "ucla3.total": 7,
        }
    )
