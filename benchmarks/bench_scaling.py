"""Time per case and a worker's memory over a long stream of cases: flat from 10,000 on?

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_scaling.py                 # 1,000,000 cases
    .venv/bin/python benchmarks/bench_scaling.py --cases 200000
    .venv/bin/python benchmarks/bench_scaling.py --smoke         # 3,000 cases, seconds

One worker -- this process -- assesses a stream of distinct cases exactly as a
`careplanner batch` worker does (`careplanner.batch` chunks of 64 JSON lines in, result JSON
bytes out, the garbage collector paused per chunk), and never holds more than a chunk. The
cases are drawn by `careplanner.synth` (seed 2026, case ``i`` for ``i = 0, 1, ...``: every case
is new, as in a real caseload) in a second process, at most a few chunks ahead, so that
drawing them costs this process nothing but receiving the lines. Only the worker's CPU time
(`time.process_time`) around each chunk is counted.

After the first ``--warm`` cases (start-up: the rule pack compiled, catalogues and caches
filled), a line is printed at each mark (10,000, 20,000, 50,000, 100,000, ... cases): the CPU
time per case over the cases since the previous mark, its ratio to the first window's (10,000
cases after the warm-up), the worker's resident memory (RSS, and its peak) and the sizes of
the caches `careplanner.Content` holds. The output is flushed line by line, so a run stopped
early still says how far it got. The 1-minute load average is printed at each mark: the
machine may be shared.

A shared machine changes the CPU time of the same work by tens of percent as its load comes
and goes, so every window also times a **control**: the floor of `bench_assess.py` (``json.loads``
of the first chunk's case lines and ``pydantic_core.to_json`` of their results, the same
documents every time), run after every `CONTROL_EVERY` chunks. "control" is its median time
per document over the window's runs, and "per control" the window's time per case divided by
it, as a ratio to the first window's: growth of the pipeline itself, with the machine's drift
divided out.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pydantic_core

from careplanner import assess, assess_many
from careplanner.batch._core import Evaluator, evaluate_chunk

SEED = 2026
CHUNK = 64  # careplanner.batch.CHUNK_SIZE
AHEAD = 8  # chunks drawn ahead
CONTROL_EVERY = 16  # chunks between two runs of the control
CONTROL_ROUNDS = 4  # passes over the control's documents a run
MARKS = (10_000, 20_000, 50_000, 100_000, 200_000, 300_000, 500_000, 700_000, 1_000_000)


def draw(start: int) -> list[bytes]:
    """Cases ``start .. start + CHUNK - 1`` as JSON lines (runs in the drawing process)."""
    from careplanner.synth import generate_case

    return [generate_case(SEED, i).model_dump_json().encode() for i in range(start, start + CHUNK)]


def stream(first: int, count: int) -> Iterator[list[bytes]]:
    """Chunks of cases ``first .. first + count - 1``, drawn by one other process at most
    `AHEAD` chunks ahead (a bounded queue: the worker never holds more)."""
    queue: multiprocessing.Queue[list[bytes] | None] = multiprocessing.Queue(AHEAD)
    drawer = multiprocessing.Process(target=_draw_into, args=(queue, first, count), daemon=True)
    drawer.start()
    try:
        while (chunk := queue.get()) is not None:
            yield chunk
    finally:
        drawer.terminate()
        drawer.join()


def _draw_into(queue: multiprocessing.Queue[list[bytes] | None], first: int, count: int) -> None:
    for start in range(first, first + count, CHUNK):
        queue.put(draw(start))
    queue.put(None)


def rss_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        now = next(line for line in status if line.startswith("VmRSS:"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(now.split()[1]) / 1024, peak


def cache_sizes() -> str:
    """How full the caches of the bundled content are, as ``name used/bound``."""
    from careplanner import load_content

    sizes = load_content().caches.sizes()
    return " ".join(f"{name} {used:,}/{bound:,}" for name, (used, bound) in sizes.items())


class Control:
    """The floor of the same documents, timed between chunks: the machine's drift."""

    def __init__(self, lines: list[bytes], results: list[bytes]) -> None:
        self.lines = lines
        self.results: list[Any] = [json.loads(r) for r in results]
        self.runs: list[float] = []
        self.run()  # once untimed, so that the first window is not charged a cold start
        self.runs.clear()

    def run(self) -> None:
        start = time.process_time()
        for _ in range(CONTROL_ROUNDS):
            for line, result in zip(self.lines, self.results, strict=True):
                json.loads(line)
                pydantic_core.to_json(result)
        self.runs.append((time.process_time() - start) / (CONTROL_ROUNDS * len(self.lines)))

    def per_document(self) -> float:
        """The median µs per document over the window's runs; starts a new window."""
        per = statistics.median(self.runs) * 1e6
        self.runs.clear()
        return per


def run(cases: int, warm: int, marks: tuple[int, ...]) -> None:
    evaluator = Evaluator(assess, assess_many)
    control = None
    for chunk in stream(0, warm):
        outcome = evaluate_chunk(chunk, evaluator)
        control = control or Control(chunk, [r for _, r in outcome.results])
    assert control is not None
    print(f"warm-up: {warm:,} cases; then {cases:,} new cases, CPU time of this worker only")
    print(
        f"{'cases':>10} {'µs/case':>8} {'vs first':>8} {'control':>8} {'per control':>11}"
        f" {'RSS MiB':>8} {'peak':>6} {'load':>5}"
    )
    spent, done, last = 0.0, 0, 0
    first: tuple[float, float] | None = None
    todo = [m for m in marks if m <= cases]
    for chunks, chunk in enumerate(stream(warm, todo[-1]), start=1):
        start = time.process_time()
        outcome = evaluate_chunk(chunk, evaluator)
        spent += time.process_time() - start
        assert not outcome.errors, outcome.errors
        done += len(chunk)
        if chunks % CONTROL_EVERY == 0:
            control.run()
        if done >= todo[0]:
            per_case = spent / (done - last) * 1e6
            per_document = control.per_document()
            first = first or (per_case, per_case / per_document)
            now, peak = rss_mb()
            print(
                f"{done:>10,} {per_case:>8.0f} {per_case / first[0]:>7.2f}x"
                f" {per_document:>8.1f} {per_case / per_document / first[1]:>10.2f}x"
                f" {now:>8.0f} {peak:>6.0f} {os.getloadavg()[0]:>5.1f}  {cache_sizes()}",
                flush=True,
            )
            spent, last = 0.0, done
            control.run()
            todo.pop(0)
            if not todo:
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases after the warm-up")
    parser.add_argument("--warm", type=int, default=2_048, help="cases before timing starts")
    parser.add_argument("--smoke", action="store_true", help="3,000 cases, seconds")
    args = parser.parse_args()
    if args.smoke:
        run(3_000, 256, (1_000, 3_000))
    else:
        run(args.cases, args.warm, MARKS)


if __name__ == "__main__":
    main()
