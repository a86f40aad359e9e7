"""Time the batch: 1 process vs 2 processes vs Dask, growth with input size, peak memory.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_batch.py           # full: 100,000 and 1,000 .. 1,000,000
    .venv/bin/python benchmarks/bench_batch.py --smoke   # 200 cases, about 10 seconds

Four parts, each run in a fresh Python process (so peak memory is its own):

chunks
    2 processes on 4,000 cases with chunk sizes 1 .. 512: the cost of a chunk's round trip.
modes
    The same 100,000 cases through `run_batch` with 1 process (in-process, no pool), with 2
    worker processes, and through `run_batch_dask` on a LocalCluster of 2 processes of one
    thread each. Speed-up is against 1 process.
scaling
    2 processes on 1, 1,000, 10,000, 100,000 and 1,000,000 cases. The 1-case run is the
    start-up (spawn, import, compile the rule pack); per-case time is the time beyond it over
    the cases beyond it, so start-up is not spread over small inputs. Growth is the time
    ratio for each tenfold input (10 means linear). A measurement repeated across parts
    (2 processes on 100,000 cases) is run once.
synth
    `careplanner.synth.generate_cases` drawing 1,000, 10,000 and 100,000 cases: time and
    peak memory, which must not grow with the number of cases.

Cases come from `careplanner.synth` (seed 2026), drawn once into ``--data`` (default
``/tmp/careplanner-bench``); a smaller input is the first lines of the largest, which are the
same cases. Results go to ``/dev/null`` (at ~40 KB a result, 1,000,000 would fill 40 GB;
writing them costs little next to assessing them); errors go to a real file. Peak RSS is
``ru_maxrss`` of the batch process ("main") and the largest of its worker processes
("worker"). "CPU ms" is the CPU time of the batch process and its workers per case, which
other load on the machine does not change; the 1-minute load average before each run is
printed with it, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

SEED = 2026
MODES = ("1 process", "2 processes", "dask LocalCluster(2)")


def _write_range(path: str, start: int, stop: int) -> int:
    from careplanner.synth import generate_case, write_jsonl

    return write_jsonl((generate_case(SEED, i) for i in range(start, stop)), path)


def make_input(data: Path, n: int) -> Path:
    """The first ``n`` cases of seed `SEED`, drawn with two processes, cached in ``data``."""
    path = data / f"cases-{n}.jsonl"
    if path.exists():
        return path
    data.mkdir(parents=True, exist_ok=True)
    half = n // 2
    parts = [str(path) + ".0", str(path) + ".1"]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_write_range, parts, (0, half), (half, n)))
    with open(path, "wb") as out:
        for part in parts:
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out)
            os.remove(part)
    return path


def prefix(big: Path, n: int) -> Path:
    """The first ``n`` lines of ``big`` (the same cases as drawing ``n``)."""
    path = big.with_name(f"cases-{n}.jsonl")
    if not path.exists():
        with open(big, "rb") as f, open(path, "wb") as out:
            out.writelines(itertools.islice(f, n))
    return path


def run_once(mode: str, src: Path, chunk: int) -> dict[str, Any]:
    """Run one batch in this process; time it and read the peak memory."""
    from careplanner.batch import run_batch, run_batch_dask

    errors = src.with_suffix(".errors")
    start = time.perf_counter()
    if mode == MODES[2]:
        summary = run_batch_dask(src, os.devnull, errors, workers=2)
    else:
        workers = 1 if mode == MODES[0] else 2
        summary = run_batch(src, os.devnull, errors, workers=workers, chunk_size=chunk)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        "records": summary.records,
        "failed": summary.failed,
        "main_mb": own.ru_maxrss / 1024,
        "worker_mb": workers.ru_maxrss / 1024,
    }


def draw_once(n: int) -> dict[str, Any]:
    """Draw ``n`` cases into /dev/null in this process; time it and read the peak memory."""
    from careplanner.synth import generate_cases, write_jsonl

    start = time.perf_counter()
    write_jsonl(generate_cases(n, SEED), os.devnull)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": own.ru_utime + own.ru_stime,
        "main_mb": own.ru_maxrss / 1024,
        "worker_mb": 0.0,
    }


def bench_synth(sizes: list[int]) -> None:
    _header("drawing synthetic cases (one process, to /dev/null)")
    for n in sizes:
        load = os.getloadavg()[0]
        command = [sys.executable, __file__, "--draw", str(n)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        _row("generate_cases", n, json.loads(done.stdout) | {"load": load})


@functools.cache
def measure(mode: str, src: Path, chunk: int = 64) -> dict[str, Any]:
    """`run_once` in a fresh interpreter, once per argument set; adds the load average."""
    load = os.getloadavg()[0]
    command = [sys.executable, __file__, "--one", mode, str(src), "--chunk", str(chunk)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout) | {"load": load}


def _row(label: str, cases: int, m: dict[str, Any], extra: str = "") -> None:
    wall, cpu = (m[k] / cases * 1e3 if cases else float("nan") for k in ("seconds", "cpu"))
    print(
        f"{label:>22} {cases:>9,} {m['seconds']:>9.1f} {wall:>8.2f} {cpu:>8.2f} "
        f"{m['main_mb']:>8.0f} {m['worker_mb']:>9.0f} {m['load']:>5.1f}  {extra}",
        flush=True,
    )


def _header(title: str) -> None:
    print(f"\n{title}")
    columns = ("cases", 9), ("seconds", 9), ("ms/case", 8), ("CPU ms", 8), ("main MB", 8)
    columns += (("worker MB", 9),)
    print(" " * 22, *(f"{name:>{width}}" for name, width in columns), f"{'load':>5}")


def bench_chunks(src: Path, sizes: list[int]) -> None:
    _header("chunk size (2 processes)")
    cases = _lines(src)
    for size in sizes:
        _row(f"chunk {size}", cases, measure(MODES[1], src, size))


def bench_modes(src: Path) -> None:
    _header("1 process vs 2 processes vs Dask")
    cases, base = _lines(src), 0.0
    for mode in MODES:
        m = measure(mode, src)
        base = base or m["seconds"]
        _row(mode, cases, m, f"x{base / m['seconds']:.2f}")


def bench_scaling(inputs: list[Path]) -> None:
    _header("growth with input size (2 processes); ms/case after the 1-case start-up")
    first = previous = None
    for src in inputs:
        cases, m = _lines(src), measure(MODES[1], src)
        first = first or (cases, m["seconds"])
        marginal = (m["seconds"] - first[1]) / (cases - first[0]) * 1e3 if previous else 0.0
        growth = (
            f"time x{m['seconds'] / previous[1]:.1f} for cases x{cases // previous[0]}"
            if previous
            else "start-up"
        )
        _row(f"{marginal:.2f} ms/case", cases, m, growth)
        previous = (cases, m["seconds"])


def _lines(src: Path) -> int:
    with open(src, "rb") as f:
        return sum(1 for _ in f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few hundred cases, seconds")
    parser.add_argument("--data", type=Path, default=Path("/tmp/careplanner-bench"))
    parser.add_argument("--largest", type=int, default=1_000_000, help="largest scaling size")
    parser.add_argument("--modes", type=int, default=100_000, help="cases of the modes part")
    parts = "chunks,modes,scaling,synth"
    parser.add_argument("--parts", default=parts, help=f"which of {parts} to run")
    parser.add_argument("--one", nargs=2, metavar=("MODE", "SRC"), help=argparse.SUPPRESS)
    parser.add_argument("--chunk", type=int, default=64, help=argparse.SUPPRESS)
    parser.add_argument("--draw", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_once(args.one[0], Path(args.one[1]), args.chunk)))
        return
    if args.draw is not None:
        print(json.dumps(draw_once(args.draw)))
        return
    if args.smoke:
        mode_n, chunk_n, chunks, sizes = 200, 200, [64], [1, 200]
    else:
        mode_n, chunk_n, chunks = args.modes, 4_000, [1, 8, 32, 64, 128, 512]
        sizes = [1, *(n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= args.largest)]
    parts = args.parts.split(",")
    largest = max(*sizes, mode_n) if "scaling" in parts else mode_n
    big = make_input(args.data, largest)
    print(f"careplanner batch benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if "chunks" in parts:
        bench_chunks(prefix(big, chunk_n), chunks)
    if "modes" in parts:
        bench_modes(prefix(big, mode_n))
    if "scaling" in parts:
        bench_scaling([prefix(big, n) for n in sizes])
    if "synth" in parts:
        bench_synth([n for n in sizes if n > 1][:3])


if __name__ == "__main__":
    main()
