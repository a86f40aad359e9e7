"""Reliable change (Jacobson & Truax 1991) and crossed cut-offs, worked by hand."""

from __future__ import annotations

import math

import pytest

from careplanner.errors import ScoringError, UnknownCodeError
from careplanner.instruments import crossed_cutoff, reliable_change


def test_reliable_change_uses_ssrs_defaults_and_is_provisional_when_r_is_unverified() -> None:
    change = reliable_change("ssrs", 22, 36)
    se = 7.89 * math.sqrt(1 - 0.92)  # 2.2316
    s_diff = math.sqrt(2) * se  # 3.1560
    assert change.se == pytest.approx(se)
    assert change.s_diff == pytest.approx(s_diff)
    assert change.rci == pytest.approx(14 / s_diff)  # 4.436
    assert (change.change, change.reliable, change.direction) == (14, True, "improved")
    assert (change.reliability.origin, change.reliability.verified) == ("xiao1994_retest", False)
    assert (change.sd.origin, change.sd.value) == ("shenzhen2021_older", 7.89)
    assert change.provisional is True
    assert change.method.startswith("Jacobson & Truax (1991): SE = SD*sqrt(1 - r)")


def test_reliable_change_finds_no_reliable_change_when_gds15_drop_is_within_noise() -> None:
    change = reliable_change("gds15", 7, 3, sd=3.0)
    s_diff = math.sqrt(2) * 3.0 * math.sqrt(1 - 0.745)  # 2.1424 with the default alpha
    assert change.rci == pytest.approx(-4 / s_diff)  # -1.867: |RCI| <= 1.96
    assert (change.reliable, change.direction, change.provisional) == (
        False,
        "no_reliable_change",
        False,
    )
    assert (change.sd.origin, change.sd.verified) == ("caller", None)


def test_reliable_change_reports_improvement_when_a_lower_depression_score_is_reliable() -> None:
    change = reliable_change("gds15", 7, 3, reliability="chinese_canada_alpha", sd=3.0)
    s_diff = math.sqrt(2) * 3.0 * math.sqrt(1 - 0.88)  # 1.4697
    assert change.rci == pytest.approx(-4 / s_diff)  # -2.722
    assert (change.reliable, change.direction) == (True, "improved")


def test_reliable_change_reports_deterioration_when_support_drops_reliably() -> None:
    change = reliable_change("ssrs", 36, 22, reliability=0.9)
    assert change.rci == pytest.approx(-14 / (math.sqrt(2) * 7.89 * math.sqrt(0.1)))  # -3.967
    assert change.direction == "deteriorated"
    assert (change.reliability.origin, change.provisional) == ("caller", False)


def test_reliable_change_is_provisional_when_scale_scoring_is_unverified() -> None:
    change = reliable_change("sgabs", 90, 70, reliability=0.8, sd=10.0)
    assert change.rci == pytest.approx(-20 / (math.sqrt(2) * 10 * math.sqrt(0.2)))  # -3.162
    assert change.provisional is True


@pytest.mark.parametrize(
    ("scale_id", "kwargs", "message"),
    [
        ("phq9", {}, r"phq9: no published reference SD; pass sd="),
        ("sgabs", {"sd": 10.0}, r"sgabs: no published reliability to default to; pass reliab"),
        ("phq9", {"sd": 0.0}, r"phq9: sd must be > 0, got 0.0"),
        (
            "phq9",
            {"sd": 4.0, "reliability": 1.0},
            r"phq9: reliability must be in \[0, 1\), got 1.0",
        ),
    ],
)
def test_reliable_change_names_the_parameter_when_a_figure_is_missing_or_invalid(
    scale_id: str, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(ScoringError, match=message):
        reliable_change(scale_id, 26, 27, **kwargs)  # in range for both scales


@pytest.mark.parametrize(("before", "after"), [(-1, 5), (5, 28)])
def test_reliable_change_refuses_totals_outside_the_range_when_given(
    before: int, after: int
) -> None:
    with pytest.raises(ScoringError, match=r"phq9: (before|after) must be in 0\.\.27"):
        reliable_change("phq9", before, after, sd=5.0)


def test_reliable_change_names_entries_when_reliability_or_sd_id_is_unknown() -> None:
    with pytest.raises(UnknownCodeError, match=r"'ssrs\.reliability' must be one of"):
        reliable_change("ssrs", 22, 30, reliability="xiao")
    with pytest.raises(UnknownCodeError, match=r"'ssrs\.sd' must be one of .*'national_norm'"):
        reliable_change("ssrs", 22, 30, sd="beijing")


def test_reliable_change_takes_sd_from_named_norm_when_sd_is_a_norm_id() -> None:
    change = reliable_change("ssrs", 22, 30, sd="national_norm")
    assert (change.sd.value, change.sd.verified, change.provisional) == (3.73, False, True)


@pytest.mark.parametrize(
    ("before", "after", "bands", "crossed"),
    [
        (7, 3, ("suggests_depression", "normal"), True),
        (7, 6, ("suggests_depression", "suggests_depression"), False),
        (5, 6, ("normal", "suggests_depression"), True),
        (9, 10, ("suggests_depression", "almost_always_depression"), True),
    ],
)
def test_crossed_cutoff_reports_the_default_bands_when_gds15_changes(
    before: int, after: int, bands: tuple[str, str], crossed: bool
) -> None:
    change = crossed_cutoff("gds15", before, after)
    assert (change.before.band, change.after.band, change.crossed) == (*bands, crossed)
    assert change.before.cutoff_set == "sheikh_yesavage_gt5"


def test_crossed_cutoff_bands_a_subscale_when_the_set_applies_to_it() -> None:
    change = crossed_cutoff("lsns6", 5, 6, "convention_subscale_lt6", target="friends")
    assert (change.before.band, change.after.band, change.crossed) == (
        "limited_ties",
        "not_limited",
        True,
    )
    assert change.after.verified is False


@pytest.mark.parametrize(
    ("scale_id", "args", "kwargs", "message"),
    [
        (
            "ucla3",
            (),
            {},
            r"ucla3: no default cut-off set; pass cutoff_set= one of \['convention_ge6'\]",
        ),
        (
            "lsns6",
            ("convention_subscale_lt6",),
            {},
            r"applies to \['family', 'friends'\], not 'total'",
        ),
        ("lsns6", ("convention_subscale_lt6",), {"target": "family"}, r"after must be in 0\.\.15"),
    ],
)
def test_crossed_cutoff_explains_when_it_cannot_band(
    scale_id: str, args: tuple[str, ...], kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(ScoringError, match=message):
        crossed_cutoff(scale_id, 5, 16, *args, **kwargs)
