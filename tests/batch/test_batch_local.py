"""run_batch: results in input order, every bad record reported by line, counts that add up."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from careplanner import case_from_data
from careplanner.batch import BatchSummary, run_batch
from careplanner.batch._core import Evaluator, evaluate_chunk
from careplanner.errors import CareplannerError, CaseFileError

from . import evaluators
from .conftest import BAD_LINES, GOOD, NAME

Run = tuple[Path, Path, BatchSummary]


def _run(src: Path, folder: Path, **options: Any) -> Run:
    out, err = folder / "results.jsonl", folder / "errors.jsonl"
    summary = run_batch(src, out, err, **options)
    return out, err, summary


def _errors(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _direct(src: Path) -> list[evaluators.Result]:
    """`tiny` on each good line, evaluated here, in input order."""
    bad = {n for n, _ in BAD_LINES}
    lines = src.read_bytes().split(b"\n")
    return [
        evaluators.tiny(case_from_data(json.loads(line)))
        for number, line in enumerate(lines, 1)
        if number not in bad
    ]


@pytest.fixture(scope="module")
def one(mixed_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The mixed input through one process, chunks of 4."""
    folder = tmp_path_factory.mktemp("one")
    return _run(mixed_input, folder, evaluate=evaluators.tiny, workers=1, chunk_size=4)


def test_run_batch_writes_each_result_in_input_order(one: Run, mixed_input: Path) -> None:
    out, _, _ = one
    bad = {n for n, _ in BAD_LINES}
    good = [n for n in range(1, GOOD + len(BAD_LINES) + 1) if n not in bad]
    expected = [
        f'{{"line":{n},' + r.model_dump_json()[1:]
        for n, r in zip(good, _direct(mixed_input), strict=True)
    ]
    assert out.read_text(encoding="utf-8").splitlines() == expected


def test_run_batch_reports_each_bad_record_by_line_and_kind(one: Run) -> None:
    _, err, _ = one
    assert [(e["line"], e["error"]) for e in _errors(err)] == BAD_LINES


def test_run_batch_lists_the_problems_of_an_invalid_case_by_field(one: Run) -> None:
    _, err, _ = one
    invalid = _errors(err)[-1]
    assert invalid["problems"] == ["client.age: Input should be less than or equal to 120"]


def test_run_batch_never_copies_a_record_into_the_error_file(one: Run) -> None:
    _, err, _ = one
    text = err.read_text(encoding="utf-8")
    assert NAME not in text
    assert "Zhang" not in text


def test_run_batch_summary_counts_add_up_to_the_input(one: Run, mixed_input: Path) -> None:
    _, _, summary = one
    direct = _direct(mixed_input)
    needs = Counter(n.id for r in direct for n in r.findings.needs)
    assert (summary.records, summary.ok, summary.failed) == (GOOD + 5, GOOD, 5)
    assert summary.errors == {"empty": 1, "invalid_case": 2, "not_json": 1, "not_utf8": 1}
    assert summary.needs == dict(sorted(needs.items()))
    assert summary.severities == {
        "high": needs["safety"],
        "low": needs["isolation"],
    }
    assert summary.stages == {"crisis": needs["safety"], "engage": GOOD}


def test_run_batch_gives_identical_output_with_two_processes(
    one: Run, mixed_input: Path, tmp_path: Path
) -> None:
    """Spawned workers, chunks of 3: same bytes and summary as one process, chunks of 4."""
    out, err, summary = _run(
        mixed_input, tmp_path, evaluate=evaluators.tiny, workers=2, chunk_size=3
    )
    assert out.read_bytes() == one[0].read_bytes()
    assert err.read_bytes() == one[1].read_bytes()
    assert summary == one[2]


def test_run_batch_builds_per_process_state_once_per_worker(
    mixed_input: Path, tmp_path: Path
) -> None:
    out, _, _ = _run(
        mixed_input, tmp_path, evaluate=evaluators.per_process, workers=2, chunk_size=2
    )
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    pids = {r["pid"] for r in results}
    assert len(pids) <= 2
    assert os.getpid() not in pids
    assert {r["builds"] for r in results} == {1}


def test_run_batch_records_a_refused_evaluation_and_goes_on(
    mixed_input: Path, tmp_path: Path
) -> None:
    _, err, summary = _run(mixed_input, tmp_path, evaluate=evaluators.refusing, workers=1)
    refused = [e for e in _errors(err) if e["error"] == "evaluation_failed"]
    assert refused[0]["message"] == "rule 'r1': fact 'phq9.total' must be an int in 0..27"
    assert summary.ok + summary.failed == summary.records == GOOD + 5
    assert summary.errors["evaluation_failed"] == len(refused) == 2  # synth-6-3, synth-6-13


def test_run_batch_withholds_the_message_of_an_unexpected_error(
    mixed_input: Path, tmp_path: Path
) -> None:
    _, err, summary = _run(mixed_input, tmp_path, evaluate=evaluators.crashing, workers=1)
    crashed = [e for e in _errors(err) if e["error"] == "internal_error"]
    assert crashed[0]["message"] == "KeyError while evaluating (message withheld)"
    assert NAME not in err.read_text(encoding="utf-8")
    assert summary.ok == 0


def test_run_batch_refuses_a_missing_input_before_writing(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        _run(tmp_path / "absent.jsonl", tmp_path, evaluate=evaluators.tiny)
    assert not (tmp_path / "results.jsonl").exists()


@pytest.mark.parametrize(("workers", "chunk_size"), [(0, 10), (2, 0)])
def test_run_batch_refuses_fewer_than_one_worker_or_case(
    workers: int, chunk_size: int, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("")
    with pytest.raises(CareplannerError, match="must be at least 1"):
        _run(src, tmp_path, evaluate=evaluators.tiny, workers=workers, chunk_size=chunk_size)


def test_run_batch_of_an_empty_file_writes_empty_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("")
    out, err, summary = _run(src, tmp_path, evaluate=evaluators.tiny, workers=1)
    assert (summary.records, out.read_text(), err.read_text()) == (0, "", "")


def test_run_batch_progress_stays_quiet_when_stderr_is_not_a_terminal(
    mixed_input: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _run(mixed_input, tmp_path, evaluate=evaluators.tiny, workers=1, progress=True)
    assert capfd.readouterr().err == ""


def test_a_batched_evaluation_puts_each_refusal_on_its_own_line(mixed_input: Path) -> None:
    # Invalid lines are set aside before the valid cases are evaluated together: the errors
    # of both kinds must still come out in line order, a refused case first here.
    lines = mixed_input.read_bytes().splitlines(keepends=True)
    refused = next(line for line in lines if _client_id(line).endswith("3"))
    lines = [refused, *lines]
    together = evaluate_chunk(lines, Evaluator(evaluators.refusing, evaluators.refusing_many))
    assert together == evaluate_chunk(lines, Evaluator(evaluators.refusing))
    assert [error.kind for _, error in together.errors][:3] == [
        "evaluation_failed",
        "empty",
        "not_json",
    ]
    positions = [position for position, _ in together.errors]
    assert positions == sorted(positions)


def _client_id(line: bytes) -> str:
    try:
        return str(json.loads(line)["client"]["id"])
    except (ValueError, KeyError, TypeError):
        return ""


def test_a_chunk_whose_batched_evaluation_breaks_is_evaluated_case_by_case(
    mixed_input: Path,
) -> None:
    lines = mixed_input.read_bytes().splitlines(keepends=True)
    rescued = evaluate_chunk(lines, Evaluator(evaluators.refusing, evaluators.broken_many))
    assert rescued == evaluate_chunk(lines, Evaluator(evaluators.refusing))
    assert rescued.results  # the good cases are not lost with the broken batch


@pytest.mark.parametrize("workers", [1, 2])
def test_run_batch_records_a_deeply_nested_line_and_goes_on(
    mixed_input: Path, tmp_path: Path, workers: int
) -> None:
    lines = mixed_input.read_bytes().split(b"\n")
    src = tmp_path / "deep.jsonl"
    src.write_bytes(b"\n".join([lines[0], b"[" * 100_000 + b"]" * 100_000, *lines[1:]]))
    out, err, summary = _run(src, tmp_path, evaluate=evaluators.tiny, workers=workers)
    deep = _errors(err)[0]
    assert (deep["line"], deep["error"]) == (2, "not_json")
    assert "nested deeper than" in deep["message"]
    assert summary.records == GOOD + 6
    assert len(out.read_text(encoding="utf-8").splitlines()) == GOOD
