"""Hypothesis strategies and helpers that build answers from a scale descriptor."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import strategies as st

from careplanner.instruments import Scale

T = TypeVar("T")


def codes_by_score(scale: Scale, item_id: str) -> list[str]:
    """An item's answer codes, lowest keyed score first."""
    scores = scale.answer_scores(item_id)
    return sorted(scores, key=scores.__getitem__)


@st.composite
def responses(draw: st.DrawFn, scale: Scale) -> dict[str, str]:
    """A complete, valid set of answers: one allowed code per item."""
    return {i: draw(st.sampled_from(codes_by_score(scale, i))) for i in scale.item_ids}


def some_answers(scale: Scale, answers: st.SearchStrategy[T]) -> st.SearchStrategy[dict[str, T]]:
    """Answers to some of the items and to unknown ones (``"99"``, ``"0"``)."""
    keys = st.sampled_from([*scale.item_ids, "99", "0"])
    return st.dictionaries(keys, answers, max_size=len(scale.item_ids) + 2)


def answers_summing_to(scale: Scale, total: int) -> dict[str, str]:
    """Complete answers whose total is ``total``: raise items from their minimum in form order."""
    extra = total - scale.total.min
    answers = {}
    for item_id in scale.item_ids:
        scores = scale.answer_scores(item_id)
        low = min(scores.values())
        code = max((c for c, s in scores.items() if s - low <= extra), key=scores.__getitem__)
        extra -= scores[code] - low
        answers[item_id] = code
    assert extra == 0, f"{scale.id} cannot reach {total}"
    return answers
