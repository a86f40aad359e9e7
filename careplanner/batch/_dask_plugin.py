"""The worker side of a Dask batch: install the evaluation once per worker process.

Imported only by `careplanner.batch._dask`, so ``import careplanner`` never needs Dask.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from distributed import Worker, WorkerPlugin
from distributed.core import Status

from careplanner.batch._core import ChunkOutcome, Evaluator, install, run_installed

PLUGIN_NAME = "careplanner-batch"


class InstallEvaluation(WorkerPlugin):
    """Run `careplanner.batch._core.install` on every worker, present or joining later.

    Dask calls `setup` once per worker process; the rules engine then compiles its pack on
    the first case that worker sees, and keeps it for the worker's life.
    """

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator

    def setup(self, worker: Worker) -> None:
        install(self.evaluator)

    def teardown(self, worker: Worker) -> None:
        # A closing worker's process is about to end: its last garbage collections would walk
        # every object the caches hold (seconds, on a worker that assessed thousands of
        # cases), only to find them all alive. Frozen, they are freed by reference counting as
        # usual. A plugin replaced by the next batch's on a long-lived cluster is torn down in
        # a worker that goes on running: its heap is left as it is.
        if worker.status is Status.closing:
            gc.freeze()


def partition(lines: Iterable[str]) -> list[ChunkOutcome]:
    """Evaluate one partition of ``dask.bag.read_text`` lines (decoded with surrogateescape).

    Re-encoding gives back the exact bytes of the file, so a line is judged as the
    single-machine batch judges it, undecodable bytes included.
    """
    return [run_installed([line.encode("utf-8", "surrogateescape") for line in lines])]
