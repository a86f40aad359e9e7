"""Run the same batch on a Dask cluster (``pip install 'careplanner[dask]'``).

The file is read by the workers as a ``dask.bag`` of lines, in blocks of ``blocksize`` bytes
(so it must be on storage every worker sees: a shared file system, or any fsspec URL). Each
partition runs the single-machine chunk code (`careplanner.batch._core`), so results, errors
and the summary are identical to `careplanner.batch.run_batch`. The client writes results in
partition order, with a bounded number of partitions in flight, so its memory does not grow
with the input.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.batch._core import ChunkOutcome, Evaluate
from careplanner.batch._local import evaluator_of
from careplanner.batch._output import BatchSummary, Output, check_paths
from careplanner.batch._progress import progress_bar
from careplanner.errors import CareplannerError, CaseFileError

if TYPE_CHECKING:
    from dask.delayed import Delayed
    from distributed import Client, Future

    from careplanner._content._content import Content

#: Most bytes of input per partition: about 330 synthetic cases of ~3 KB, whose results
#: (~40 KB each) make ~13 MB held per partition by a worker and by the client.
BLOCKSIZE = 1024 * 1024
#: Dask's periodic work, cut to what a batch needs: by default each worker's stack is sampled
#: 100 times a second for the dashboard, each process's memory read 10 times a second and the
#: machine's load twice, the event loop ticks 50 times a second and the scheduler looks for
#: work to steal 10 times a second -- 0.07 s of CPU a second even when idle, on the cores the
#: cases need. Set for the local cluster only; a remote cluster keeps its own settings.
_QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
#: Partitions per worker thread wanted for a small input, so every worker gets work.
_PARTS_PER_THREAD = 4


def run_batch_dask(
    src: str | Path,
    out: str | Path,
    errors: str | Path,
    *,
    evaluate: Evaluate | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    blocksize: int | None = None,
    progress: bool = False,
    resume: bool = False,
    content: Content | None = None,
    detail: str = "full",
) -> BatchSummary:
    """Assess every case of a JSON Lines file on a Dask cluster; output as `run_batch`.

    Parameters
    ----------
    src : str or Path
        One case per line, on storage every worker can read (path or fsspec URL).
    out, errors : str or Path
        Written by this process, exactly as `run_batch` writes them.
    evaluate : callable, optional
        Case -> result, run one case at a time; by default `careplanner.assess`, with each
        chunk's cases assessed together by `careplanner.assess_many`. Installed once per
        worker process by a worker plugin; must be importable by name on the workers.
    scheduler : str, optional
        Address of a running scheduler (``"tcp://host:8786"``). None starts a local cluster
        of ``workers`` processes with one thread each for the duration of the call.
    workers : int
        Worker processes of the local cluster (ignored with ``scheduler``).
    blocksize : int, optional
        Bytes per partition; by default `BLOCKSIZE`, or less for a small input so that each
        worker thread gets four partitions. At most two per thread are in flight.
    progress : bool
        Draw a progress bar of partitions on standard error (only when it is a terminal).
    resume : bool
        Go on with a batch that was stopped, as `run_batch` does; the partitions the files
        already cover are computed again but not written twice.
    content : careplanner.Content, optional
        The content to assess on; the worker plugin carries the content itself (its overlay
        and hash), not a path, so workers need no copy of the overlay folder.
    detail : {"full", "compact"}
        How much each result line holds, as for `run_batch`.

    Raises
    ------
    CareplannerError
        Dask is not installed, or ``src`` is a local path that does not exist.
    """
    try:
        import dask.bag as db

        from careplanner.batch._dask_plugin import PLUGIN_NAME, InstallEvaluation, partition
    except ImportError as exc:
        raise CareplannerError(
            "run_batch_dask needs Dask: pip install 'careplanner[dask]'"
        ) from exc
    if "://" not in str(src) and not os.path.exists(src):
        raise CaseFileError(str(src), "no such file")
    check_paths(Path(src), Path(out), Path(errors))
    evaluator = evaluator_of(evaluate, content, detail)
    with _client(scheduler, workers) as client:
        client.register_plugin(InstallEvaluation(evaluator), name=PLUGIN_NAME)
        threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
        size = blocksize or _blocksize(str(src), threads)
        bag = db.read_text(  # type: ignore[no-untyped-call]
            str(src), blocksize=size, linedelimiter="\n", errors="surrogateescape"
        )
        parts = bag.map_partitions(partition).to_delayed()
        with (
            Output(Path(out), Path(errors), resume=resume) as output,
            progress_bar(len(parts), "partitions", progress) as advance,
        ):
            _stream(client, parts, output, advance)
            return output.summary()


def _blocksize(src: str, threads: int) -> int:
    """`BLOCKSIZE`, or a quarter of a thread's share of a small file (at least 64 KiB)."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    fs, path = url_to_fs(src)
    share = int(fs.size(path)) // (_PARTS_PER_THREAD * max(1, threads))
    return max(64 * 1024, min(BLOCKSIZE, share))


def _stream(
    client: Client, parts: list[Delayed], output: Output, advance: Callable[[int], None]
) -> None:
    """Compute partitions in order, at most two per worker thread in flight."""
    threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
    limit = 2 * max(1, threads)
    in_flight: deque[Future[list[ChunkOutcome]]] = deque()
    for part in parts:
        in_flight.append(client.compute(part))  # type: ignore[no-untyped-call]
        if len(in_flight) >= limit:
            _collect(in_flight.popleft(), output, advance)
    while in_flight:
        _collect(in_flight.popleft(), output, advance)


def _collect(
    future: Future[list[ChunkOutcome]], output: Output, advance: Callable[[int], None]
) -> None:
    (outcome,) = future.result()
    output.add(outcome)
    advance(1)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    # One thread per worker: the rules engine holds the GIL, threads add nothing.
    with (
        dask.config.set(_QUIET),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client
