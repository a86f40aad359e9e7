"""Hand-computed scores for every scale; the arithmetic is written beside each answer.

The SSRS, GDS-15, PHQ-9, UCLA-3 and LSNS-6 answers are those of the bundled seed case
(``careplanner/examples/shidu-mother.yaml``), intake and closure.
"""

from __future__ import annotations

import pytest

from careplanner.instruments import ScaleResult, get_scale, score

SSRS_INTAKE = {"1": 1, "2": 4, "3": 1, "4": 1, "5a": 4, "5b": 1, "5c": 1, "5d": 2, "5e": 1,
               "6": 1, "7": 1, "8": 1, "9": 2, "10": 1}  # fmt: skip
SSRS_CLOSURE = {"1": 2, "2": 4, "3": 3, "4": 1, "5a": 4, "5b": 1, "5c": 1, "5d": 3, "5e": 1,
                "6": 3, "7": 4, "8": 3, "9": 3, "10": 3}  # fmt: skip
GDS_INTAKE = {"1": "no", "2": "yes", "3": "no", "4": "no", "5": "no", "6": "no", "7": "no",
              "8": "no", "9": "yes", "10": "no", "11": "yes", "12": "yes", "13": "no",
              "14": "no", "15": "no"}  # fmt: skip
GDS_CLOSURE = {"1": "yes", "2": "yes", "3": "no", "4": "no", "5": "yes", "6": "no", "7": "yes",
               "8": "no", "9": "yes", "10": "no", "11": "yes", "12": "no", "13": "no",
               "14": "no", "15": "no"}  # fmt: skip
REVERSED = ["1", "5", "7", "11", "13"]


def test_score_sums_ssrs_subscales_when_seed_intake_is_scored() -> None:
    result = score("ssrs", SSRS_INTAKE)
    assert result.group_scores == {"5": 4 + 1 + 1 + 2 + 1}  # 9
    assert result.subscales == {
        "objective": 4 + 1 + 1,  # items 2, 6, 7 = 6
        "subjective": 1 + 1 + 1 + 9,  # items 1, 3, 4, 5 = 12
        "utilisation": 1 + 2 + 1,  # items 8, 9, 10 = 4
    }
    assert result.total == 6 + 12 + 4 == 22
    assert result.bands == {}  # no verified SSRS cut-off: no band unless asked


def test_score_sums_ssrs_subscales_when_seed_closure_is_scored() -> None:
    result = score("ssrs", SSRS_CLOSURE)
    assert result.group_scores == {"5": 4 + 1 + 1 + 3 + 1}  # 10
    assert result.subscales == {"objective": 4 + 3 + 4, "subjective": 2 + 3 + 1 + 10,
                                "utilisation": 3 + 3 + 3}  # fmt: skip
    assert result.total == 11 + 16 + 9 == 36


def test_score_compares_ssrs_with_shenzhen_norm_when_no_norm_is_named() -> None:
    norm = score("ssrs", SSRS_INTAKE).norm
    assert norm is not None
    assert (norm.norm, norm.n, norm.verified) == ("shenzhen2021_older", 7201, True)
    assert norm.z["total"] == pytest.approx((22 - 39.51) / 7.89)  # -2.219
    assert norm.z["objective"] == pytest.approx((6 - 6.84) / 3.92)  # -0.214
    assert norm.z["subjective"] == pytest.approx((12 - 25.51) / 3.75)  # -3.603
    assert norm.z["utilisation"] == pytest.approx((4 - 7.17) / 2.95)  # -1.075


def test_score_compares_ssrs_total_only_when_norm_gives_only_the_total() -> None:
    norm = score("ssrs", SSRS_INTAKE, norm="national_norm").norm
    assert norm is not None
    assert norm.verified is False
    assert norm.z == {"total": pytest.approx((22 - 34.56) / 3.73)}  # -3.367


def test_score_reaches_ssrs_extremes_when_every_item_is_lowest_or_highest() -> None:
    lowest = {i: 0 if i in ("6", "7") else 1 for i in get_scale("ssrs").item_ids}
    highest = {i: 9 if i in ("6", "7") else 4 for i in get_scale("ssrs").item_ids}
    assert score("ssrs", lowest).total == 4 * 1 + 5 * 1 + 0 + 0 + 3 * 1 == 12
    assert score("ssrs", highest).total == 4 * 4 + 5 * 4 + 9 + 9 + 3 * 4 == 66
    assert score("ssrs", highest).subscales["objective"] == 4 + 9 + 9 == 22


def test_ssrs_item5_lists_parents_before_children_when_loaded() -> None:
    scale = get_scale("ssrs")
    texts = [scale.item(i).text for i in ("5a", "5b", "5c", "5d", "5e")]
    assert [t.en if t else None for t in texts] == [
        "spouse or partner",
        "parents",
        "children",
        "siblings",
        "other family members (e.g. sister-in-law)",
    ]


def test_ssrs_items_6_and_7_count_from_the_nine_source_list_when_loaded() -> None:
    scale = get_scale("ssrs")
    counts = next(s for s in scale.answer_sets if s.id == "source_count").counts
    assert counts is not None
    assert [e.label["en"] for e in counts.entries][3] == "friends"
    assert len(counts.entries) == 9
    assert scale.answer_scores("6") == {str(n): n for n in range(10)}


def test_score_keys_gds15_reverse_items_when_seed_intake_is_scored() -> None:
    result = score("gds15", GDS_INTAKE)
    # 1 no -> 1, 2 yes -> 1, 5 no -> 1, 7 no -> 1, 9 yes -> 1, 11 yes -> 0, 12 yes -> 1, 13 no -> 1
    assert [i for i, s in result.item_scores.items() if s] == ["1", "2", "5", "7", "9", "12", "13"]
    assert result.total == 7
    assert result.bands["total"].band == "suggests_depression"  # > 5
    assert score("gds15", GDS_INTAKE, "convention_four_band").bands["total"].band == "mild"


def test_score_reads_gds15_seed_closure_as_normal_when_scored() -> None:
    result = score("gds15", GDS_CLOSURE)
    # 2 yes -> 1, 9 yes -> 1, 13 no -> 1; reverse items 1, 5, 7, 11 answered yes -> 0
    assert result.total == 3
    assert result.bands["total"].band == "normal"


@pytest.mark.parametrize(("answer", "total"), [("no", 5), ("yes", 10)])
def test_score_gives_gds15_reverse_items_one_point_for_no_when_all_answers_agree(
    answer: str, total: int
) -> None:
    result = score("gds15", dict.fromkeys(get_scale("gds15").item_ids, answer))
    scored = [i for i, s in result.item_scores.items() if s == 1]
    assert scored == (
        REVERSED if answer == "no" else [i for i in result.item_scores if i not in REVERSED]
    )
    assert result.total == total  # 5 reverse items; 10 others


def test_score_sums_phq9_when_seed_intake_is_scored() -> None:
    result = score("phq9", {"1": 1, "2": 1, "3": 1, "4": 1, "5": 0, "6": 2, "7": 0, "8": 0, "9": 0})
    assert result.total == 1 + 1 + 1 + 1 + 0 + 2 + 0 + 0 + 0 == 6
    assert result.bands["total"].band == "mild"
    assert result.flags == ()
    assert result.safety_items == ()


def test_score_flags_phq9_item_9_when_total_is_minimal() -> None:
    answers = dict.fromkeys(get_scale("phq9").item_ids, 0) | {"9": 1}
    result = score("phq9", answers)
    assert result.total == 1
    assert result.bands["total"].band == "minimal"
    assert result.safety_items == ("9",)
    assert result.flags[0].flag == "self_harm"
    assert ScaleResult.model_validate(result.model_dump()) == result  # survives a round trip


def test_score_sums_ucla3_and_bands_only_on_request_when_seed_intake_is_scored() -> None:
    result = score("ucla3", {"1": 3, "2": 2, "3": 3})
    assert result.total == 3 + 2 + 3 == 8
    assert result.bands == {}
    band = score("ucla3", {"1": 3, "2": 2, "3": 3}, "convention_ge6").bands["total"]
    assert (band.band, band.kind, band.verified) == ("lonely", "convention", False)


def test_score_sums_lsns6_subscales_when_seed_intake_is_scored() -> None:
    result = score("lsns6", {"1": 1, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0})
    assert result.subscales == {"family": 1 + 1 + 1, "friends": 0 + 0 + 0}
    assert result.total == 3
    assert result.bands["total"].band == "at_risk"  # < 12


def test_score_places_lsns6_seed_closure_on_the_cutoff_when_scored() -> None:
    answers = {"1": 2, "2": 2, "3": 2, "4": 4, "5": 1, "6": 1}
    result = score("lsns6", answers)
    assert result.subscales == {"family": 2 + 2 + 2, "friends": 4 + 1 + 1}
    assert result.total == 12
    assert result.bands["total"].band == "not_at_risk"  # 12 is not < 12
    by_subscale = score("lsns6", answers, "convention_subscale_lt6").bands
    assert {t: b.band for t, b in by_subscale.items()} == {
        "family": "not_limited",
        "friends": "not_limited",
    }


def test_score_keeps_sgabs_provisional_when_scored() -> None:
    answers = dict.fromkeys(get_scale("sgabs").item_ids, 3) | {"4": 5, "20": 5}
    result = score("sgabs", answers)
    assert result.total == 24 * 3 + 5 + 5 == 82
    assert result.scoring_verified is False
    assert result.subscales == {}
    assert (result.bands, result.norm) == ({}, None)
    assert [(f.flag, f.kind, f.items) for f in result.flags] == [
        ("strong_agreement", "observation", ("4", "20"))
    ]
    assert result.safety_items == ()
