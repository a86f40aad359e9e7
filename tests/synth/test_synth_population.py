"""population.yaml: every figure sourced or an assumption, every rule checked when loaded."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from importlib.resources import files
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from careplanner import get_scale, score
from careplanner.errors import CareplannerError
from careplanner.synth import expected_rate, load_population, parse_population
from careplanner.synth._answers import answers, reach
from careplanner.synth._calibrate import fit_population

RAW: dict[str, Any] = yaml.safe_load(
    files("careplanner.synth").joinpath("population.yaml").read_text(encoding="utf-8")
)
Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    """An edit that sets the dotted ``path`` (list indices as digits) to ``value``."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    return edit


BROKEN: list[tuple[str, Edit, str]] = [
    (
        "no provenance",
        _set("profiles.general.female", {"value": 0.5}),
        "profiles.general.female: give exactly one of 'source' and 'assumption: true'",
    ),
    (
        "both provenances",
        _set("spouse.needs_care", {"value": 0.1, "assumption": True, "source": "x"}),
        "give exactly one of 'source' and 'assumption: true'",
    ),
    ("shares", _set("cohorts.shidu.share.value", 0.2), "cohorts: shares sum to 1.1"),
    (
        "unknown trait",
        _set("outcomes.general.1.odds_ratios.0.when", ["lives_alone"]),
        "outcomes.general.lonely: 'lives_alone' is not a profile trait or earlier outcome",
    ),
    (
        "later outcome",
        _set("outcomes.general.0.odds_ratios.0.when", ["depressed"]),
        "outcomes.general.low_support: 'depressed' is not a profile trait or earlier outcome",
    ),
    (
        "borrow from itself",
        _set("outcomes.shidu.1.borrow", "shidu"),
        "outcomes.shidu.lonely.borrow: must name an earlier cohort that fits 'lonely'",
    ),
    (
        "prevalence of 1",
        _set("outcomes.general.2.prevalence.value", 1.0),
        "outcomes.general.depressed.prevalence: must lie strictly between 0 and 1",
    ),
    (
        "pin on no item",
        _set("scales.phq9.pins.10", {"assumption": True, "cases": [{"scores": [0]}]}),
        "scales.phq9.pins: no item '10'",
    ),
    (
        "pin score out of range",
        _set("scales.gds15.pins.14.cases.0.scores", [2]),
        "scales.gds15.pins.14: scores must be among [0, 1]",
    ),
    (
        "positive bands in the middle",
        _set("scales.phq9.bands", {"cutoff_set": "kroenke2001_severity", "positive": ["mild"]}),
        "scales.phq9.bands.positive: must be bands",
    ),
    (
        "observation that is not yes/no",
        _set("observations.outings_per_week", {"assumption": True, "cases": [{"p": 0.5}]}),
        "observations.outings_per_week: not a yes/no observation",
    ),
    (
        "link to no role",
        _set("network.links.0.between", ["spouse", "pet"]),
        "network.links: unknown role 'pet'",
    ),
]


@pytest.mark.parametrize(("edit", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_parse_population_names_the_broken_field(edit: Edit, message: str) -> None:
    data = copy.deepcopy(RAW)
    edit(data)
    with pytest.raises(CareplannerError) as caught:
        parse_population(yaml.safe_dump(data, allow_unicode=True))
    assert message in str(caught.value)


def test_bundled_population_loads_with_every_figure_sourced_or_assumed() -> None:
    """The model refuses a figure without provenance; here the bundled file passes it."""
    assert load_population() == parse_population(yaml.safe_dump(RAW, allow_unicode=True))


@pytest.mark.parametrize(
    ("outcome", "cohort", "rate"),
    [
        ("depressed", "general", 0.20),
        ("depressed", "shidu", 0.3956),
        ("suicidal_ideation", "general", 0.115),
        ("lonely", "general", 0.28),
        ("intense_grief", "shidu", 0.624),
        ("intense_grief", "general", 0.0),
    ],
)
def test_fitted_rate_equals_the_configured_prevalence(
    outcome: str, cohort: str, rate: float
) -> None:
    assert expected_rate(outcome, cohort) == pytest.approx(rate, abs=1e-9)


def test_borrowed_model_raises_the_rate_with_the_cohorts_risk_factors() -> None:
    """Shidu parents borrow the general model of suicidal ideation; more depression, more risk."""
    assert expected_rate("suicidal_ideation", "shidu") > expected_rate(
        "suicidal_ideation", "general"
    )


def test_fit_population_reads_odds_ratios_as_published() -> None:
    fits = fit_population(load_population())
    model = dict(fits["general"].models)["lonely"]
    alone = {"living_alone": True, "low_support": False}
    not_alone = {"living_alone": False, "low_support": False}
    odds = [p / (1 - p) for p in (model.probability(alone), model.probability(not_alone))]
    assert odds[0] / odds[1] == pytest.approx(1.9)


SCALES = ["gds15", "lsns6", "phq9", "sgabs", "ssrs", "ucla3"]


@given(scale_id=st.sampled_from(SCALES), data=st.data())
def test_answers_reach_any_total_in_the_scale_range(scale_id: str, data: st.DataObject) -> None:
    scale = get_scale(scale_id)
    target = data.draw(st.integers(scale.total.min, scale.total.max))
    seed = data.draw(st.integers(0, 2**16))
    got = answers(scale_id, target, {}, random.Random(seed))
    assert score(scale_id, got).total == target


@pytest.mark.parametrize(
    ("scale_id", "pins", "bounds"),
    [
        ("phq9", {"9": (1, 2, 3)}, (1, 27)),
        ("gds15", {"14": (1,)}, (1, 15)),
        ("ssrs", {"2": (4,)}, (15, 66)),
    ],
)
def test_answers_keep_pinned_items_and_stay_in_reach(
    scale_id: str, pins: dict[str, tuple[int, ...]], bounds: tuple[int, int]
) -> None:
    assert reach(scale_id, pins) == bounds
    for target in range(bounds[0] - 2, bounds[1] + 3):
        got = answers(scale_id, target, pins, random.Random(target))
        result = score(scale_id, got)
        assert result.total == min(max(target, bounds[0]), bounds[1])
        assert all(result.item_scores[i] in allowed for i, allowed in pins.items())
