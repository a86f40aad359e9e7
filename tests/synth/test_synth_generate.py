"""Synthetic cases: deterministic, valid, and at the rates population.yaml configures."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings

from careplanner import assessment_facts, case_from_data, score
from careplanner.errors import UnknownCodeError
from careplanner.models import Case
from careplanner.synth import (
    expected_rate,
    generate_case,
    generate_cases,
    load_population,
    write_jsonl,
)

from .strategies import cases


def _total(case: Case, scale_id: str) -> int:
    total = score(scale_id, case.intake.scales[scale_id]).total
    assert total is not None
    return total


def _within(observed: list[bool], expected: float) -> tuple[float, float]:
    """The observed share and the gap allowed: four standard errors of a share."""
    share = sum(observed) / len(observed)
    return share, 4 * math.sqrt(expected * (1 - expected) / len(observed))


def test_generate_cases_gives_identical_json_for_the_same_seed() -> None:
    first = [c.model_dump_json() for c in generate_cases(40, seed=9)]
    again = [c.model_dump_json() for c in generate_cases(40, seed=9)]
    assert first == again


def test_generate_cases_differs_between_seeds() -> None:
    first = [c.model_dump_json() for c in generate_cases(5, seed=1)]
    second = [c.model_dump_json() for c in generate_cases(5, seed=2)]
    assert all(a != b for a, b in zip(first, second, strict=True))


def test_generate_cases_prefix_does_not_depend_on_n() -> None:
    """Case i of a seed is the same whether 3 or 30 cases are drawn (each has its own RNG)."""
    assert list(generate_cases(3, seed=4)) == list(generate_cases(30, seed=4))[:3]


def test_generate_case_refuses_an_unknown_cohort() -> None:
    with pytest.raises(UnknownCodeError, match="'cohort' must be one of \\['general', 'shidu'\\]"):
        generate_case(1, 1, cohort="rural")


def test_generated_cases_round_trip_through_case_from_data(population_sample: list[Case]) -> None:
    """2,000 cases: each validates again from its JSON form and compares equal."""
    for case in population_sample[:2_000]:
        assert case_from_data(case.model_dump(mode="json")) == case


def test_generated_cases_carry_no_names_and_pseudonymous_ids(population_sample: list[Case]) -> None:
    assert all(c.client.name is None for c in population_sample)
    assert all(k.name is None for c in population_sample for k in c.contacts)
    assert population_sample[17].client.id == "synth-2024-17"


Share = Callable[[Case], bool]
RATES: list[tuple[str, Share, str]] = [
    ("suicidal_ideation", lambda c: c.intake.scales["phq9"]["9"] != 0, "PHQ-9 item 9 > 0"),
    ("depressed", lambda c: _total(c, "phq9") >= 10, "PHQ-9 >= 10"),
    ("depressed", lambda c: _total(c, "gds15") > 5, "GDS-15 > 5"),
    ("lonely", lambda c: _total(c, "ucla3") >= 6, "UCLA-3 >= 6"),
    ("low_support", lambda c: _total(c, "lsns6") < 12, "LSNS-6 < 12"),
    ("uses_messaging_app", lambda c: c.intake.observations.uses_messaging_app is True, "app"),
    (
        "hypertension",
        lambda c: bool({"高血压", "hypertension"} & set(c.client.health_conditions)),
        "htn",
    ),
]


@pytest.mark.parametrize(("outcome", "share", "label"), RATES, ids=[r[2] for r in RATES])
def test_outcome_rate_matches_the_fitted_rate(
    population_sample: list[Case], outcome: str, share: Share, label: str
) -> None:
    expected = expected_rate(outcome)
    observed, allowed = _within([share(c) for c in population_sample], expected)
    assert abs(observed - expected) <= allowed, label


def test_living_alone_rate_matches_the_configured_shares(population_sample: list[Case]) -> None:
    pop = load_population()
    expected = sum(
        pop.cohorts[c].share.value * pop.profiles[c].living["alone"].value for c in pop.cohorts
    )
    alone = [c.client.living_arrangement == "alone" for c in population_sample]
    observed, allowed = _within(alone, expected)
    assert abs(observed - expected) <= allowed


def test_loneliness_is_higher_among_clients_living_alone(population_sample: list[Case]) -> None:
    """The odds ratio 1.9 of [wei2022] (plus low support) shows in the sample."""
    lonely: dict[bool, list[bool]] = {True: [], False: []}
    for case in population_sample:
        lonely[case.client.living_arrangement == "alone"].append(_total(case, "ucla3") >= 6)
    alone, others = (sum(v) / len(v) for v in (lonely[True], lonely[False]))
    odds_ratio = (alone / (1 - alone)) / (others / (1 - others))
    assert 1.5 < odds_ratio < 3.5


def test_item9_and_the_observed_suicidal_ideation_agree(population_sample: list[Case]) -> None:
    for case in population_sample:
        said = case.intake.observations.suicidal_ideation
        assert said == (case.intake.scales["phq9"]["9"] != 0)


def test_shidu_cohort_has_no_child_and_its_own_depression_rate() -> None:
    shidu = list(generate_cases(1_000, seed=5, cohort="shidu"))
    assert all(c.client.is_shidu for c in shidu)
    assert not any(k.relation == "child" for c in shidu for k in c.contacts)
    observed, allowed = _within([_total(c, "gds15") > 5 for c in shidu], 0.3956)
    assert abs(observed - 0.3956) <= allowed
    assert all("sgabs" in c.intake.scales for c in shidu)


def test_write_jsonl_writes_one_valid_case_per_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    written = write_jsonl(generate_cases(25, seed=3), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert written == len(lines) == 25
    assert [case_from_data(json.loads(line)) for line in lines] == list(generate_cases(25, seed=3))


@settings(max_examples=60, deadline=None)
@given(case=cases())
def test_every_generated_case_gives_facts_for_the_rules(case: Case) -> None:
    facts = assessment_facts(case)
    assert facts["profile.shidu"] is case.client.is_shidu
    assert facts["phq9.item9"] == case.intake.scales["phq9"]["9"]
    assert facts["net.size"] == sum(t.status == "active" for t in case.intake.ties)
