"""Invariants of the one scoring path, over every bundled scale."""

from __future__ import annotations

import math
from enum import IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner.errors import CareplannerError
from careplanner.instruments import (
    check_responses,
    get_scale,
    load_scales,
    reliable_change,
    score,
)
from careplanner.instruments._score import _read, _read_problems
from careplanner.instruments.model import TOTAL

from .strategies import codes_by_score, responses, some_answers

SCALE_IDS = sorted(load_scales())
UNREVERSED = [s.id for s in load_scales().values() if not any(i.reverse for i in s.items)]


@pytest.mark.parametrize("scale_id", SCALE_IDS)
@given(data=st.data())
def test_score_stays_within_declared_ranges_when_answers_are_valid(
    scale_id: str, data: st.DataObject
) -> None:
    scale = get_scale(scale_id)
    result = score(scale, data.draw(responses(scale)))
    assert result.total is not None
    assert scale.total.min <= result.total <= scale.total.max
    for subscale, value in result.subscales.items():
        span = scale.range_of(subscale)
        assert span.min <= value <= span.max


@pytest.mark.parametrize("scale_id", ["ssrs", "lsns6"])
@given(data=st.data())
def test_subscales_add_up_to_the_total_when_they_cover_every_item(
    scale_id: str, data: st.DataObject
) -> None:
    result = score(scale_id, data.draw(responses(get_scale(scale_id))))
    assert sum(result.subscales.values()) == result.total


@pytest.mark.parametrize("scale_id", UNREVERSED)
@given(data=st.data())
def test_score_never_lowers_total_when_one_item_is_raised_on_a_scale_without_reverse_items(
    scale_id: str, data: st.DataObject
) -> None:
    scale = get_scale(scale_id)
    answers = data.draw(responses(scale))
    item = data.draw(st.sampled_from(scale.item_ids))
    codes = codes_by_score(scale, item)
    higher = data.draw(st.sampled_from(codes[codes.index(answers[item]) :]))
    before = score(scale, answers).total
    after = score(scale, answers | {item: higher}).total
    assert before is not None and after is not None
    assert (
        after - before
        == scale.answer_scores(item)[higher] - scale.answer_scores(item)[answers[item]]
    )
    assert after >= before


def test_unreversed_scales_are_all_but_gds15_when_loaded() -> None:
    assert UNREVERSED == ["lsns6", "pg13r", "phq9", "sgabs", "ssrs", "ucla3", "zbi12"]


JUNK = st.one_of(st.none(), st.integers(-2, 11), st.sampled_from(["yes", "no", "2", "x", ""]))


class _One(IntEnum):
    ONE = 1


#: Answers that hash like a code without being one (True, 2.0), or an int of another type.
LOOKALIKES = st.one_of(JUNK, st.booleans(), st.floats(0, 3), st.just(_One.ONE))


@pytest.mark.parametrize("scale_id", SCALE_IDS)
@given(data=st.data(), partial=st.booleans())
def test_check_responses_is_empty_exactly_when_score_succeeds(
    scale_id: str, data: st.DataObject, partial: bool
) -> None:
    scale = get_scale(scale_id)
    answers = data.draw(some_answers(scale, JUNK))
    problems = check_responses(scale, answers, partial=partial)
    try:
        score(scale, answers, partial=partial)
    except CareplannerError:
        assert problems
    else:
        assert problems == []


@pytest.mark.parametrize("scale_id", SCALE_IDS)
@given(data=st.data())
def test_read_gives_the_reading_of_the_problem_path_whatever_the_answers(
    scale_id: str, data: st.DataObject
) -> None:
    """The fast path for valid answers agrees with the exact one that lists problems."""
    scale = get_scale(scale_id)
    answers = data.draw(st.one_of(responses(scale), some_answers(scale, LOOKALIKES)))
    assert _read(scale, answers) == _read_problems(scale, answers)


@pytest.mark.parametrize("scale_id", SCALE_IDS)
@given(data=st.data())
def test_rci_sign_follows_the_change_when_figures_are_valid(
    scale_id: str, data: st.DataObject
) -> None:
    span = get_scale(scale_id).range_of(TOTAL)
    before = data.draw(st.integers(span.min, span.max))
    after = data.draw(st.integers(span.min, span.max))
    r = data.draw(st.floats(0, 0.99))
    sd = data.draw(st.floats(0.1, 30))
    change = reliable_change(scale_id, before, after, reliability=r, sd=sd)
    assert math.copysign(1, change.rci) == math.copysign(1, after - before) or before == after
    assert change.rci == 0 if before == after else change.rci != 0
    assert change.reliable == (abs(change.rci) > 1.96)
