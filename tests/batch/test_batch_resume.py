"""A batch stopped at any moment resumes to the very files an unstopped batch writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careplanner.batch import BatchSummary, run_batch
from careplanner.errors import CareplannerError

from . import evaluators

ROOT = Path(__file__).resolve().parents[2]
#: A child process that runs a batch with the slow evaluator, as the command would.
CHILD = """
import sys
from careplanner.batch import run_batch
from tests.batch import evaluators
src, out, err, workers = sys.argv[1:5]
run_batch(src, out, err, evaluate=evaluators.slow, workers=int(workers), chunk_size=4)
"""


@pytest.fixture(scope="module")
def long_input(mixed_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mixed input twelve times over: 300 lines, 60 of them refused."""
    lines = mixed_input.read_bytes().split(b"\n")
    path = tmp_path_factory.mktemp("resume") / "cases.jsonl"
    path.write_bytes(b"\n".join(lines * 12) + b"\n")
    return path


@pytest.fixture(scope="module")
def unstopped(long_input: Path) -> tuple[bytes, bytes, BatchSummary]:
    folder = long_input.parent
    out, err = folder / "whole.jsonl", folder / "whole.errors.jsonl"
    summary = run_batch(long_input, out, err, evaluate=evaluators.tiny, workers=1)
    return out.read_bytes(), err.read_bytes(), summary


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
def test_a_stopped_batch_resumes_to_the_files_of_an_unstopped_one(
    long_input: Path,
    unstopped: tuple[bytes, bytes, BatchSummary],
    tmp_path: Path,
    sig: signal.Signals,
    workers: int,
) -> None:
    out, err = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(long_input), str(out), str(err), str(workers)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and out.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(random.Random(f"{sig}-{workers}").uniform(0, 0.4))
    helpers = _children(child.pid)
    child.send_signal(sig)
    child.wait(timeout=60)
    gone = time.monotonic() + 10
    while any(map(_alive, helpers)) and time.monotonic() < gone:
        time.sleep(0.05)
    assert not [pid for pid in helpers if _alive(pid)], "a worker outlived its batch"
    summary = run_batch(long_input, out, err, evaluate=evaluators.tiny, workers=1, resume=True)
    whole_out, whole_err, whole_summary = unstopped
    assert out.read_bytes() == whole_out
    assert err.read_bytes() == whole_err
    assert summary == whole_summary


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_cuts_a_partial_last_line_and_goes_on(
    long_input: Path, unstopped: tuple[bytes, bytes, BatchSummary], tmp_path: Path, workers: int
) -> None:
    whole_out, whole_err, whole_summary = unstopped
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    start = whole_out.index(b'{"line":100,')
    end = whole_out.index(b"\n", start)
    out.write_bytes(whole_out[: (start + end) // 2])  # line 100 half written
    err.write_bytes(
        b"".join(
            line for line in whole_err.splitlines(keepends=True) if json.loads(line)["line"] < 100
        )
    )
    summary = run_batch(
        long_input, out, err, evaluate=evaluators.tiny, workers=workers, resume=True
    )
    assert (out.read_bytes(), err.read_bytes(), summary) == (whole_out, whole_err, whole_summary)


def test_resume_refuses_a_file_no_batch_wrote(long_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"something": "else"}\n', encoding="utf-8")
    with pytest.raises(CareplannerError, match="not a file a batch wrote"):
        run_batch(
            long_input,
            out,
            tmp_path / "err.jsonl",
            evaluate=evaluators.tiny,
            workers=1,
            resume=True,
        )


@pytest.mark.parametrize(
    ("out", "errors", "message"),
    [
        ("cases.jsonl", "e.jsonl", "the results file is also the input file"),
        ("r.jsonl", "cases.jsonl", "the errors file is also the input file"),
        ("r.jsonl", "r.jsonl", "the errors file is also the results file"),
    ],
)
def test_run_batch_refuses_an_output_that_is_the_input_and_leaves_it_whole(
    long_input: Path, tmp_path: Path, out: str, errors: str, message: str
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_bytes(long_input.read_bytes())
    with pytest.raises(CareplannerError, match=message):
        run_batch(src, tmp_path / out, tmp_path / errors, evaluate=evaluators.tiny, workers=1)
    assert src.read_bytes() == long_input.read_bytes()
