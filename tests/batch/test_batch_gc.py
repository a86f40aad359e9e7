"""A batch raises the garbage-collection threshold only while a chunk runs."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from careplanner.batch._core import Evaluator, evaluate_chunk
from careplanner.batch._gc import CHUNK_GEN0_THRESHOLD, fewer_collections
from careplanner.models import Case

from . import evaluators


def test_overlapping_chunks_restore_the_thresholds_when_the_last_one_ends() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():
            assert gc.get_threshold()[0] == CHUNK_GEN0_THRESHOLD
        assert gc.get_threshold()[0] == CHUNK_GEN0_THRESHOLD  # the outer chunk still runs
    assert gc.get_threshold() == before


def test_a_failing_chunk_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), fewer_collections():
        1 / 0  # noqa: B018
    assert gc.get_threshold() == before


def test_evaluating_a_chunk_leaves_the_callers_thresholds_as_they_were(mixed_input: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(500, 7, 3)
    try:
        evaluate_chunk(mixed_input.read_bytes().splitlines(), Evaluator(evaluators.tiny))
        assert gc.get_threshold() == (500, 7, 3)
    finally:
        gc.set_threshold(*before)


def test_cases_are_assessed_with_the_raised_threshold(mixed_input: Path) -> None:
    seen: list[int] = []

    def recording(case: Case) -> evaluators.Result:
        seen.append(gc.get_threshold()[0])
        return evaluators.tiny(case)

    evaluate_chunk(mixed_input.read_bytes().splitlines(), Evaluator(recording))
    assert seen and set(seen) == {max(CHUNK_GEN0_THRESHOLD, gc.get_threshold()[0])}
