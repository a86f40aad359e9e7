"""The group's own outcome measures: keyed by content, scored and compared as in casework."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner.errors import ScoringError, UnknownCodeError
from careplanner.group import (
    GroupDataError,
    GroupEvaluation,
    GroupSessionRecord,
    Resident,
    evaluate_group,
    evaluation_text,
    load_questionnaire,
    load_sessions,
    residents_from_data,
)
from careplanner.group._measures import GroupMeasure, load_measures, measure_totals, scale_of
from careplanner.instruments import reliable_change, score

from .group_cases import SURVEY

AGREE = ("sd", "d", "a", "sa")


def test_load_measures_reads_every_file_with_its_source() -> None:
    measures = load_measures()
    assert sorted(measures) == ["rses", "rses_zh", "satisfaction", "sobi_p"]
    assert all(m.scale.source.strip() for m in measures.values())
    assert measures["satisfaction"].scale.reliability == ()  # careplanner's own items


def test_rses_forms_reverse_the_same_contents_whatever_the_item_order() -> None:
    """The Chinese version orders items differently: keying follows content, not number."""
    forms = [load_measures()[f] for f in ("rses", "rses_zh")]
    reversed_content = [
        {m.measure.content[i.id] for i in m.scale.items if i.reverse} for m in forms
    ]
    assert reversed_content[0] == reversed_content[1]
    assert len(reversed_content[0]) == 5
    assert [i.id for i in forms[0].scale.items if i.reverse] == ["2", "5", "6", "8", "9"]
    assert [i.id for i in forms[1].scale.items if i.reverse] == ["3", "5", "8", "9", "10"]


def test_group_measure_refuses_reverse_keying_against_the_content() -> None:
    data = load_measures()["rses_zh"].model_dump(mode="json", by_alias=True)
    data["scale"]["items"][0]["reverse"] = True  # item 1 is "person of worth": positive
    with pytest.raises(ValueError, match=r"scale.items.1: reverse must be False"):
        GroupMeasure.model_validate(data)


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ({"sa": range(1, 11)}, 25),  # 5 positive items at 4 + 5 reversed at 1
        ({"sd": range(1, 11)}, 25),
        ({"sa": (1, 2, 4, 6, 7), "sd": (3, 5, 8, 9, 10)}, 40),
        ({"sd": (1, 2, 4, 6, 7), "sa": (3, 5, 8, 9, 10)}, 10),
    ],
)
def test_rses_zh_totals_match_hand_keying(answers: dict[str, Any], total: int) -> None:
    given = {str(i): code for code, items in answers.items() for i in items}
    assert measure_totals({"rses_zh": given}, "r1") == {"rses_zh": total}


@given(st.lists(st.sampled_from(AGREE), min_size=10, max_size=10))
def test_rses_forms_agree_when_the_same_answers_go_to_the_same_contents(
    codes: list[str],
) -> None:
    """Same answers to the same statements: the 0-30 and 10-40 totals differ by exactly 10."""
    original, chinese = load_measures()["rses"], load_measures()["rses_zh"]
    by_content = dict(zip(sorted(set(original.measure.content.values())), codes, strict=True))
    first = {i: by_content[c] for i, c in original.measure.content.items()}
    second = {i: by_content[c] for i, c in chinese.measure.content.items()}
    assert score(chinese.scale, second).total == score(original.scale, first).total + 10


def test_measure_totals_names_the_resident_for_an_unknown_measure() -> None:
    with pytest.raises(UnknownCodeError, match=r"'before.r1.measures' must be one of"):
        measure_totals({"rosenberg": {}}, "before.r1")


def test_measure_totals_refuses_a_partial_answer_set() -> None:
    with pytest.raises(ScoringError, match="rses_zh"):
        measure_totals({"rses_zh": {"1": "a"}}, "r1")


def test_sgabs_is_the_only_scale_of_the_evaluation_not_scorable() -> None:
    assert not scale_of("sgabs").scoring_verified
    assert all(scale_of(s).scoring_verified for s in ("rses_zh", "sobi_p", "ucla3", "gds15"))


def test_scale_of_lists_both_catalogues_when_unknown() -> None:
    with pytest.raises(UnknownCodeError, match=r"'scale' must be one of .*rses_zh.*ucla3"):
        scale_of("rosenberg")


# --- evaluation with hand-made members -------------------------------------------------


def rses_zh(total: int) -> dict[str, str]:
    """Answers to the Chinese-order RSES that total `total` (10-40), positives raised first."""
    answers = {str(i): "sa" for i in (3, 5, 8, 9, 10)}  # reversed: score 1 each
    answers |= {str(i): "sd" for i in (1, 2, 4, 6, 7)}  # positive: score 1 each
    steps = total - 10
    for item in ("1", "2", "4", "6", "7", "3", "5", "8", "9", "10"):
        lift = min(3, steps)
        steps -= lift
        reverse = item in ("3", "5", "8", "9", "10")
        answers[item] = AGREE[3 - lift] if reverse else AGREE[lift]
    return answers


def member(rid: str, date: str, esteem: int | None, **extra: Any) -> dict[str, Any]:
    case = {
        "client": {"id": rid, "age": 75, "sex": "female", "living_arrangement": "alone"},
        "assessments": [
            {
                "date": date,
                "kind": "intake",
                "worker": "sw-1",
                "scales": {"ucla3": {"1": 2, "2": 2, "3": 2}},
            }
        ],
    }
    measures = {} if esteem is None else {"rses_zh": rses_zh(esteem)}
    return {"community": "c1", "survey": SURVEY, "measures": measures, "case": case, **extra}


def residents(*entries: dict[str, Any]) -> tuple[Resident, ...]:
    return residents_from_data(list(entries), load_questionnaire())


SAT = {"1": 4, "2": 3, "3": 4, "4": 3, "5": 4}
BEFORE = residents(
    member(
        "m1",
        "2025-01-06",
        20,
        interviews=[{"date": "2025-01-02", "kind": "needs", "themes": ["loneliness"]}],
    ),
    member("m2", "2025-01-06", 30),
    member("m3", "2025-01-06", None),
)
AFTER = residents(
    member(
        "m1",
        "2025-04-07",
        30,
        interviews=[{"date": "2025-04-08", "kind": "exit", "themes": ["self_esteem", "belonging"]}],
    ),
    member("m2", "2025-04-07", 29),
    member("m3", "2025-04-07", None),
)
AFTER_SAT = residents(
    *(
        {**e, "measures": {**e["measures"], "satisfaction": SAT}} if i < 2 else e
        for i, e in enumerate(
            [
                member("m1", "2025-04-07", 30),
                member("m2", "2025-04-07", 29),
                member("m3", "2025-04-07", None),
            ]
        )
    )
)
RECORDS = (
    GroupSessionRecord(
        number=1, date=dt.date(2025, 1, 13), attended=("m1", "m2", "m3"), themes=("belonging",)
    ),
    GroupSessionRecord.model_validate(
        {
            "number": 2,
            "date": "2025-01-20",
            "attended": ["m1", "m2"],
            "notes": [{"member": "m1", "themes": ["self_esteem"]}],
            "left": [{"member": "m3", "reason": "health"}],
        }
    ),
)
SD = 4.0  # a reference SD of the RSES total, passed by hand
S_DIFF = math.sqrt(2) * SD * math.sqrt(1 - 0.82)  # 0.82: 1-week retest, Fleming & Courtney


@pytest.fixture(scope="module")
def result() -> GroupEvaluation:
    return evaluate_group(BEFORE, AFTER, records=RECORDS, reference_sd={"rses_zh": SD})


@pytest.mark.parametrize(
    ("index", "before", "after", "direction"),
    [(0, 20, 30, "improved"), (1, 30, 29, "no_reliable_change")],
)
def test_evaluate_group_computes_rses_reliable_change_by_hand(
    result: GroupEvaluation, index: int, before: int, after: int, direction: str
) -> None:
    change = next(c for c in result.members[index].cognitive if c.scale == "rses_zh")
    assert (change.before, change.after) == (before, after)
    assert change.reliable is not None
    assert change.reliable.rci == pytest.approx((after - before) / S_DIFF)
    assert change.reliable.direction == direction
    assert change.reliable == reliable_change(scale_of("rses_zh"), before, after, None, SD)
    assert change.reliable.provisional  # the reliability is secondary (verified: false)


def test_evaluate_group_leaves_out_members_without_both_measures(result: GroupEvaluation) -> None:
    rses = next(s for s in result.scales if s.scale == "rses_zh")
    assert (rses.dimension, rses.n, rses.improved, rses.no_reliable_change) == (
        "cognitive",
        2,
        1,
        1,
    )
    assert [c.scale for c in result.members[2].cognitive] == []


def test_evaluate_group_says_why_without_a_published_sd() -> None:
    result = evaluate_group(BEFORE, AFTER)
    change = next(c for c in result.members[0].cognitive if c.scale == "rses_zh")
    assert change.reliable is None
    assert any("no published reference SD" in why for why in change.not_computed)


def test_evaluate_group_counts_themes_from_interviews_and_sessions(result: GroupEvaluation) -> None:
    counts = {
        t.code: (t.interviews_before, t.interviews_after, t.sessions, t.people)
        for t in result.themes
    }
    assert counts["loneliness"] == (1, 0, 0, ("m1",))
    assert counts["self_esteem"] == (0, 1, 1, ("m1",))
    assert counts["belonging"] == (0, 1, 1, ("m1",))
    assert counts["mutual_help"] == (0, 0, 0, ())


def test_evaluate_group_refuses_a_theme_outside_the_codebook() -> None:
    bad = (
        GroupSessionRecord(number=1, date=dt.date(2025, 1, 13), attended=("m1",), themes=("joy",)),
    )
    with pytest.raises(UnknownCodeError, match=r"'sessions\[1\].themes' must be one of"):
        evaluate_group(BEFORE, AFTER, records=bad)


def test_evaluate_group_counts_reasons_for_leaving(result: GroupEvaluation) -> None:
    r = result.retention
    assert (r.joined, r.started, r.completed, r.dropped_out) == (3, 3, 2, ("m3",))
    assert [(x.code, x.count) for x in r.left] == [("health", 1)]


def test_evaluate_group_refuses_an_unknown_reason_for_leaving() -> None:
    bad = (
        GroupSessionRecord.model_validate(
            {
                "number": 1,
                "date": "2025-01-13",
                "attended": ["m1"],
                "left": [{"member": "m2", "reason": "bored"}],
            }
        ),
    )
    with pytest.raises(UnknownCodeError, match=r"'sessions\[1\].left.reason' must be one of"):
        evaluate_group(BEFORE, AFTER, records=bad)


def test_evaluate_group_reports_satisfaction_as_a_group_mean() -> None:
    result = evaluate_group(BEFORE, AFTER_SAT)
    s = result.satisfaction
    assert s is not None
    assert (s.n, s.not_answered, s.mean, s.min, s.max) == (2, 1, 18.0, 5, 20)
    assert [m.satisfaction for m in result.members] == [18, 18, None]


def test_evaluation_text_marks_sgabs_not_scorable_in_both_languages(
    residents: tuple[Resident, ...], after: tuple[Resident, ...]
) -> None:
    result = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    sgabs = next(s for s in result.scales if s.scale == "sgabs")
    assert (sgabs.scorable, sgabs.improved, sgabs.deteriorated) == (False, 0, 0)
    text = evaluation_text(result, "en")  # the table may wrap the words in their cell
    assert re.search(r"not scorable \(scoring\s+unverified\)", text)
    assert "不可计分" in evaluation_text(result, "zh-CN")


def test_evaluate_group_reports_the_example_groups_outcomes(
    residents: tuple[Resident, ...], after: tuple[Resident, ...]
) -> None:
    result = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    by_scale = {s.scale: s for s in result.scales}
    assert (by_scale["rses_zh"].n, by_scale["rses_zh"].mean_change) == (5, pytest.approx(6.2))
    assert (by_scale["sobi_p"].n, by_scale["sobi_p"].mean_change) == (5, pytest.approx(-9.4))
    assert result.satisfaction is not None
    assert (result.satisfaction.n, result.satisfaction.mean) == (5, pytest.approx(18.2))
    assert [(x.code, x.count) for x in result.retention.left] == [("caring_duties", 1)]
    text = evaluation_text(result, "en")
    assert "Reasons for leaving: caring for someone 1" in text


def test_group_data_error_names_the_measure_file_field(tmp_path: Any) -> None:
    from careplanner.group._data import read_model

    broken = tmp_path / "m.yaml"
    broken.write_text("measure: {about: {en: x, zh-CN: y}}\nscale: {id: m}\n", encoding="utf-8")
    with pytest.raises(GroupDataError, match=r"scale.version"):
        read_model(GroupMeasure, "measures/rses.yaml", broken)
