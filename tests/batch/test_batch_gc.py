"""A batch switches the garbage collector off only while a chunk runs, and collects after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from careplanner.batch._core import Evaluator, evaluate_chunk
from careplanner.batch._gc import chunk_collections
from careplanner.models import Case

from . import evaluators


class _Cycle:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_overlapping_chunks_switch_the_collector_on_when_the_last_one_ends() -> None:
    with chunk_collections():
        with chunk_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer chunk still runs
    assert gc.isenabled()


def test_a_failing_chunk_switches_the_collector_back_on() -> None:
    with pytest.raises(ZeroDivisionError), chunk_collections():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with chunk_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_cycles_of_a_chunk_are_freed_when_it_ends() -> None:
    gc.collect()
    with chunk_collections():
        for _ in range(10_000):
            _Cycle()
        alive = sum(isinstance(o, _Cycle) for o in gc.get_objects(generation=0))
    assert alive == 10_000  # nothing collected while the chunk ran
    assert not any(isinstance(o, _Cycle) for o in gc.get_objects())


def test_cases_are_assessed_with_the_collector_off(mixed_input: Path) -> None:
    seen: list[bool] = []

    def recording(case: Case) -> evaluators.Result:
        seen.append(gc.isenabled())
        return evaluators.tiny(case)

    evaluate_chunk(mixed_input.read_bytes().splitlines(), Evaluator(recording))
    assert seen and set(seen) == {False}
    assert gc.isenabled()
