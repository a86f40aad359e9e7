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
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time
from collections.abc import Iterator

from careplanner import assess, assess_many
from careplanner.batch._core import Evaluator, evaluate_chunk

SEED = 2026
CHUNK = 64  # careplanner.batch.CHUNK_SIZE
AHEAD = 8  # chunks drawn ahead
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


def run(cases: int, warm: int, marks: tuple[int, ...]) -> None:
    evaluator = Evaluator(assess, assess_many)
    for chunk in stream(0, warm):
        evaluate_chunk(chunk, evaluator)
    print(f"warm-up: {warm:,} cases; then {cases:,} new cases, CPU time of this worker only")
    print(f"{'cases':>10} {'µs/case':>8} {'vs first':>8} {'RSS MiB':>8} {'peak':>6} {'load':>5}")
    spent, done, last, first_rate = 0.0, 0, 0, None
    todo = [m for m in marks if m <= cases]
    for chunk in stream(warm, todo[-1]):
        start = time.process_time()
        outcome = evaluate_chunk(chunk, evaluator)
        spent += time.process_time() - start
        assert not outcome.errors, outcome.errors
        done += len(chunk)
        if done >= todo[0]:
            per_case = spent / (done - last) * 1e6
            first_rate = first_rate or per_case
            now, peak = rss_mb()
            print(
                f"{done:>10,} {per_case:>8.0f} {per_case / first_rate:>7.2f}x {now:>8.0f}"
                f" {peak:>6.0f} {os.getloadavg()[0]:>5.1f}  {cache_sizes()}",
                flush=True,
            )
            spent, last = 0.0, done
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
