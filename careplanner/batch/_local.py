"""Run a batch on one machine: a pool of worker processes, a bounded number of chunks in flight.

Why processes: the rules engine holds the GIL and its state per process, so extra threads add
no throughput (measured on durable-rules 2.0.28 [durable-rules]). Why ``spawn``: a
worker starts from a fresh interpreter, so it never inherits a half-built engine, a lock held
by another thread or durable-rules' module state from the parent; it builds its own once.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from careplanner._load import MAX_CASE_BYTES
from careplanner.batch._core import (
    ChunkOutcome,
    Evaluate,
    Evaluator,
    evaluate_chunk,
    run_installed,
)
from careplanner.batch._orphan import start_worker
from careplanner.batch._output import BatchSummary, Output, check_paths
from careplanner.batch._progress import progress_bar
from careplanner.errors import CareplannerError, CaseFileError

if TYPE_CHECKING:
    from careplanner._content._content import Content

#: Cases per chunk sent to a worker; docs/performance.md ("Batch") gives the measurement.
CHUNK_SIZE = 64


def evaluator_of(
    evaluate: Evaluate | None, content: Content | None = None, detail: str = "full"
) -> Evaluator:
    """`evaluate` alone, or by default `careplanner.assess` with its batched twin `assess_many`.

    With `content`, both run on it; the content travels with them to each worker process
    (pickled as its overlay and hash, rebuilt once there). The default is imported when
    first needed: careplanner imports this module. ``detail="compact"`` writes each result
    compact (`careplanner.result_json`), its texts looked up in the same content.

    Raises
    ------
    UnknownCodeError
        `detail` is neither ``full`` nor ``compact``.
    """
    from careplanner._compact import check_detail, result_json

    write = None
    if check_detail(detail) == "compact":
        write = partial(result_json, detail="compact", content=content)
    if evaluate is not None:
        return Evaluator(evaluate, write=write)
    from careplanner import assess, assess_many

    if content is None:
        return Evaluator(assess, assess_many, write)
    return Evaluator(partial(assess, content=content), partial(assess_many, content=content), write)


def read_lines(src: Path) -> Iterator[bytes]:
    """The raw lines of ``src``, one at a time; the file closes when they are all read.

    The file is opened at once, so a missing file is reported before anything is written. A
    line longer than a case may be is cut at ``MAX_CASE_BYTES + 1`` bytes (the rest is read and
    dropped): it is reported as too large without being held whole.
    """
    try:
        handle = open(src, "rb")  # noqa: SIM115 -- the generator below closes it
    except FileNotFoundError:
        raise CaseFileError(str(src), "no such file") from None
    except OSError as exc:
        raise CaseFileError(str(src), f"cannot read ({exc.strerror})") from None
    return _lines(handle)


def _lines(handle: BinaryIO) -> Iterator[bytes]:
    limit = MAX_CASE_BYTES + 1
    with handle:
        while line := handle.readline(limit):
            if len(line) == limit and not line.endswith(b"\n"):
                while (rest := handle.readline(limit)) and not rest.endswith(b"\n"):
                    pass
            yield line


def chunked(lines: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    """`lines`, ``size`` at a time; one chunk in memory at once."""
    while chunk := list(itertools.islice(lines, size)):
        yield chunk


def run_batch(
    src: str | Path,
    out: str | Path,
    errors: str | Path,
    *,
    evaluate: Evaluate | None = None,
    workers: int = 2,
    chunk_size: int = CHUNK_SIZE,
    progress: bool = False,
    resume: bool = False,
    content: Content | None = None,
    detail: str = "full",
) -> BatchSummary:
    """Assess every case of a JSON Lines file; write results and errors as JSON Lines.

    Parameters
    ----------
    src : str or Path
        One case per line (e.g. from `careplanner.write_jsonl`).
    out : str or Path
        One result per assessed case, in input order (``AssessmentResult.model_dump_json``).
    errors : str or Path
        One line per refused record: ``{"line": n, "error": kind, "message": ...}`` and, for an
        invalid case, the ``problems`` by field. No part of the record is ever copied.
    evaluate : callable, optional
        Case -> result, run one case at a time; by default `careplanner.assess`, with each
        chunk's cases assessed together by `careplanner.assess_many`. A worker process
        receives it once, so it must be importable by name (a module-level function).
    workers : int
        Worker processes; 1 runs in this process, without a pool.
    chunk_size : int
        Cases per task. At most ``2 * workers`` chunks are in flight, so memory does not grow
        with the input.
    progress : bool
        Draw a progress bar on standard error (only when it is a terminal).
    resume : bool
        Go on with a batch that was stopped: keep what `out` and `errors` hold up to their
        last complete line, and assess from the next input line. The files and the summary
        then equal those of a batch that was never stopped.
    content : careplanner.Content, optional
        The content to assess on (`careplanner.load_content`), shipped to every worker.
    detail : {"full", "compact"}
        How much each result line holds (`careplanner.result_json`): the full result, or the
        compact one with catalogue texts by template id (about half the bytes).

    Returns
    -------
    BatchSummary
        ``records == ok + failed``; needs, severities and stages of the assessed cases.

    Raises
    ------
    CaseFileError
        ``src`` cannot be read.
    UnknownCodeError
        `detail` is neither ``full`` nor ``compact``.
    CareplannerError
        ``workers`` or ``chunk_size`` is below 1, an output is the input or the other output,
        an output cannot be written, or a worker process died.

    Notes
    -----
    Worker processes end with this process, however it ends (killed included): on Linux the
    kernel sends them SIGKILL when it dies, and each also checks for its parent twice a
    second.
    """
    if workers < 1 or chunk_size < 1:
        raise CareplannerError(
            f"workers and chunk_size must be at least 1, not {workers}, {chunk_size}"
        )
    evaluator = evaluator_of(evaluate, content, detail)
    src = Path(src)
    check_paths(src, Path(out), Path(errors))
    lines = read_lines(src)
    with (
        Output(Path(out), Path(errors), resume=resume) as output,
        progress_bar(src.stat().st_size, "bytes", progress) as advance,
    ):
        output.skip(sum(1 for _ in itertools.islice(lines, output.done)))
        chunks = chunked(lines, chunk_size)
        if workers == 1:
            for chunk in chunks:
                output.add(evaluate_chunk(chunk, evaluator))
                advance(sum(map(len, chunk)))
        else:
            _pooled(chunks, evaluator, workers, output, advance)
        return output.summary()


def _pooled(
    chunks: Iterator[list[bytes]],
    evaluator: Evaluator,
    workers: int,
    output: Output,
    advance: Callable[[int], None],
) -> None:
    context = multiprocessing.get_context("spawn")
    in_flight: deque[tuple[Future[ChunkOutcome], int]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_worker, initargs=(evaluator, os.getpid())
    ) as pool:
        try:
            for chunk in chunks:
                in_flight.append((pool.submit(run_installed, chunk), sum(map(len, chunk))))
                if len(in_flight) >= 2 * workers:
                    _collect(in_flight.popleft(), output, advance)
            while in_flight:
                _collect(in_flight.popleft(), output, advance)
        except BrokenProcessPool as exc:
            raise CareplannerError("a worker process died; the batch stopped") from exc


def _collect(
    task: tuple[Future[ChunkOutcome], int], output: Output, advance: Callable[[int], None]
) -> None:
    future, size = task
    output.add(future.result())
    advance(size)
