"""Every cut-off, on both sides, against the figures in instruments.md (not the data file)."""

from __future__ import annotations

import pytest

from careplanner.instruments import get_scale, load_scales, score
from careplanner.instruments._score import band_for

from .strategies import answers_summing_to

EDGES = [
    ("gds15", "sheikh_yesavage_gt5", 5, "normal"),
    ("gds15", "sheikh_yesavage_gt5", 6, "suggests_depression"),
    ("gds15", "sheikh_yesavage_gt5", 9, "suggests_depression"),
    ("gds15", "sheikh_yesavage_gt5", 10, "almost_always_depression"),
    ("gds15", "wa_eageing_ge5", 4, "normal"),
    ("gds15", "wa_eageing_ge5", 5, "suggestive"),
    ("gds15", "hk_lee1994_ge8", 7, "below_cutoff"),
    ("gds15", "hk_lee1994_ge8", 8, "screen_positive"),
    ("gds15", "taiwan_mohw", 6, "below_bands"),
    ("gds15", "taiwan_mohw", 7, "possible_moderate"),
    ("gds15", "taiwan_mohw", 10, "possible_moderate"),
    ("gds15", "taiwan_mohw", 11, "severe"),
    ("gds15", "convention_four_band", 4, "normal"),
    ("gds15", "convention_four_band", 5, "mild"),
    ("gds15", "convention_four_band", 8, "mild"),
    ("gds15", "convention_four_band", 9, "moderate"),
    ("gds15", "convention_four_band", 11, "moderate"),
    ("gds15", "convention_four_band", 12, "severe"),
    ("phq9", "kroenke2001_severity", 4, "minimal"),
    ("phq9", "kroenke2001_severity", 5, "mild"),
    ("phq9", "kroenke2001_severity", 9, "mild"),
    ("phq9", "kroenke2001_severity", 10, "moderate"),
    ("phq9", "kroenke2001_severity", 14, "moderate"),
    ("phq9", "kroenke2001_severity", 15, "moderately_severe"),
    ("phq9", "kroenke2001_severity", 19, "moderately_severe"),
    ("phq9", "kroenke2001_severity", 20, "severe"),
    ("phq9", "kroenke2001_ge10", 9, "below_cutoff"),
    ("phq9", "kroenke2001_ge10", 10, "major_depression_likely"),
    ("phq9", "sun2020_mdd", 6, "below_mild"),
    ("phq9", "sun2020_mdd", 7, "mild"),
    ("phq9", "sun2020_mdd", 14, "mild"),
    ("phq9", "sun2020_mdd", 15, "moderate"),
    ("phq9", "sun2020_mdd", 20, "moderate"),
    ("phq9", "sun2020_mdd", 21, "severe"),
    ("ucla3", "convention_ge6", 5, "not_lonely"),
    ("ucla3", "convention_ge6", 6, "lonely"),
    ("lsns6", "lubben2006_lt12", 11, "at_risk"),
    ("lsns6", "lubben2006_lt12", 12, "not_at_risk"),
    ("ssrs", "convention_thirds", 22, "low"),
    ("ssrs", "convention_thirds", 23, "moderate"),
    ("ssrs", "convention_thirds", 44, "moderate"),
    ("ssrs", "convention_thirds", 45, "high"),
]


@pytest.mark.parametrize(("scale_id", "cutoff_set", "total", "band"), EDGES)
def test_score_bands_total_as_published_when_on_either_side_of_a_cutoff(
    scale_id: str, cutoff_set: str, total: int, band: str
) -> None:
    scale = get_scale(scale_id)
    result = score(scale, answers_summing_to(scale, total), cutoff_set)
    assert result.total == total
    assert result.bands["total"].band == band


@pytest.mark.parametrize(("value", "band"), [(5, "limited_ties"), (6, "not_limited")])
@pytest.mark.parametrize("subscale", ["family", "friends"])
def test_score_bands_lsns6_subscales_when_on_either_side_of_six(
    subscale: str, value: int, band: str
) -> None:
    first = "1" if subscale == "family" else "4"
    answers = dict.fromkeys(get_scale("lsns6").item_ids, 0) | {first: 5}
    answers[str(int(first) + 1)] = value - 5
    result = score("lsns6", answers, "convention_subscale_lt6")
    assert result.subscales[subscale] == value
    assert result.bands[subscale].band == band


def test_score_reports_source_and_status_of_the_band_when_banding() -> None:
    verified = score("gds15", answers_summing_to(get_scale("gds15"), 8)).bands["total"]
    assert (verified.cutoff_set, verified.kind, verified.verified) == (
        "sheikh_yesavage_gt5",
        "published",
        True,
    )
    assert "[sheikh1986]" in verified.source
    assert (verified.label["en"], verified.label["zh-CN"]) == (
        "suggests depression - follow up",
        "提示抑郁，需进一步评估",
    )
    convention = score("gds15", answers_summing_to(get_scale("gds15"), 8), "convention_four_band")
    assert (convention.bands["total"].kind, convention.bands["total"].verified) == (
        "convention",
        False,
    )


@pytest.mark.parametrize(
    ("scale_id", "cutoff_set", "target"),
    [(s.id, c.id, t) for s in load_scales().values() for c in s.cutoff_sets for t in c.applies_to],
)
def test_bands_partition_the_range_when_every_value_is_tried(
    scale_id: str, cutoff_set: str, target: str
) -> None:
    scale = get_scale(scale_id)
    cutoffs = next(c for c in scale.cutoff_sets if c.id == cutoff_set)
    span = scale.range_of(target)
    for value in range(span.min, span.max + 1):
        holding = [b.id for b in cutoffs.bands if b.min <= value <= b.max]
        assert len(holding) == 1, (value, holding)
        assert band_for(cutoffs, target, value).band == holding[0]
        assert scale.band_results[cutoff_set][target][value] == band_for(cutoffs, target, value)
    assert (cutoffs.bands[0].min, cutoffs.bands[-1].max) == (span.min, span.max)
