"""run_batch_dask on a local cluster of two processes: the same bytes as run_batch.

Not skipped when Dask is missing: the dev extra installs it, and a silent skip would hide a
broken extra.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import dask
import pytest
from distributed import Scheduler
from distributed.core import Status

from careplanner.batch import BLOCKSIZE, run_batch, run_batch_dask
from careplanner.batch._core import Evaluator
from careplanner.batch._dask import _blocksize, _client
from careplanner.batch._dask_plugin import InstallEvaluation
from careplanner.errors import CareplannerError, CaseFileError

from . import evaluators


def test_run_batch_dask_gives_the_bytes_of_run_batch(
    scheduler: str, mixed_input: Path, tmp_path: Path
) -> None:
    """Small blocks, so the 25 lines fall into several partitions."""
    local = tmp_path / "local.jsonl", tmp_path / "local-errors.jsonl"
    dask = tmp_path / "dask.jsonl", tmp_path / "dask-errors.jsonl"
    expected = run_batch(mixed_input, *local, evaluate=evaluators.tiny, workers=1)
    summary = run_batch_dask(
        mixed_input, *dask, evaluate=evaluators.tiny, scheduler=scheduler, blocksize=10_000
    )
    assert summary == expected
    assert dask[0].read_bytes() == local[0].read_bytes()
    assert dask[1].read_bytes() == local[1].read_bytes()


def test_run_batch_dask_installs_the_evaluation_once_per_worker_process(
    scheduler: str, mixed_input: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    run_batch_dask(
        mixed_input,
        out,
        tmp_path / "errors.jsonl",
        evaluate=evaluators.per_process,
        scheduler=scheduler,
        blocksize=5_000,
    )
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["builds"] for r in results} == {1}
    assert os.getpid() not in {r["pid"] for r in results}


def test_run_batch_dask_refuses_a_missing_input(scheduler: str, tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        run_batch_dask(
            tmp_path / "absent.jsonl",
            tmp_path / "out.jsonl",
            tmp_path / "err.jsonl",
            evaluate=evaluators.tiny,
            scheduler=scheduler,
        )


@pytest.mark.parametrize(
    ("size", "threads", "blocksize"),
    [(2_000_000, 2, 250_000), (10_000, 2, 64 * 1024), (100 * 2**20, 2, BLOCKSIZE)],
)
def test_blocksize_gives_each_thread_four_partitions_of_a_small_file(
    size: int, threads: int, blocksize: int, tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    with open(path, "wb") as f:
        f.truncate(size)
    assert _blocksize(str(path), threads) == blocksize


def test_run_batch_dask_says_how_to_install_dask_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch, mixed_input: Path, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(CareplannerError, match=r"pip install 'careplanner\[dask\]'"):
        run_batch_dask(mixed_input, tmp_path / "out.jsonl", tmp_path / "err.jsonl")


def test_run_batch_dask_resumes_a_stopped_batch_to_the_same_bytes(
    scheduler: str, mixed_input: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.jsonl", tmp_path / "whole-errors.jsonl"
    expected = run_batch(mixed_input, *whole, evaluate=evaluators.tiny, workers=1)
    out, err = tmp_path / "dask.jsonl", tmp_path / "dask-errors.jsonl"
    results = whole[0].read_bytes()
    start = results.index(b'{"line":12,')
    out.write_bytes(results[: start + 20])  # stopped inside line 12; errors 3-7 were written
    err.write_bytes(whole[1].read_bytes())
    summary = run_batch_dask(
        mixed_input,
        out,
        err,
        evaluate=evaluators.tiny,
        scheduler=scheduler,
        blocksize=10_000,
        resume=True,
    )
    assert (out.read_bytes(), err.read_bytes()) == (results, whole[1].read_bytes())
    assert summary == expected


def _steals(dask_scheduler: Scheduler) -> bool:
    return "stealing" in dask_scheduler.extensions


def test_local_cluster_runs_without_the_dashboards_periodic_work() -> None:
    with _client(None, 1) as client:
        profiled = client.run(dask.config.get, "distributed.worker.profile.enabled")
        assert list(profiled.values()) == [False]
        assert client.run_on_scheduler(_steals) is False
    assert dask.config.get("distributed.worker.profile.enabled") is True  # set for it alone


@pytest.mark.parametrize(("status", "frozen"), [(Status.closing, True), (Status.running, False)])
def test_worker_plugin_freezes_the_heap_only_when_the_worker_closes(
    status: Status, frozen: bool
) -> None:
    """A plugin replaced by the next batch's, in a worker that goes on, leaves its heap be."""
    plugin = InstallEvaluation(Evaluator(evaluators.tiny))
    gc.unfreeze()
    try:
        plugin.teardown(SimpleNamespace(status=status))  # type: ignore[arg-type]
        assert (gc.get_freeze_count() > 0) is frozen
    finally:
        gc.unfreeze()
