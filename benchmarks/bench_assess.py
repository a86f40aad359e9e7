"""Time the whole job per case, JSON line in to result JSON out, and where the time goes.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_assess.py           # 5,000 cases, about a minute
    .venv/bin/python benchmarks/bench_assess.py --smoke   # 200 cases, seconds

Cases are drawn by `careplanner.synth` (seed 2026) and held in memory as JSON lines, so no
disk is timed. Three ways through the same cases, in one process, one after another:

one by one
    Every line read and validated (`careplanner.case_from_data`), assessed with
    `careplanner.assess` (one rules session per client) and written with
    ``model_dump_json``.
chunks
    What a batch worker does (`careplanner.batch`): chunks of `CHUNK` lines, their valid
    cases assessed together with `careplanner.assess_many` (one rules session per chunk).
chunks, compact
    The same, each result written compact (``careplanner batch --detail compact``,
    `careplanner.result_json` with ``detail="compact"``): catalogue texts by template id.
floor
    Only ``json.loads`` of each case line and ``pydantic_core.to_json`` of its result (as
    parsed back from the result JSON), the parser and serialiser careplanner uses: what
    reading and writing documents of these sizes costs before careplanner does anything.
    The compact floor does the same with the compact result's documents.

The chunked runs and the floors are repeated ``--repeat`` times, interleaved, and given as
the range of the repetitions. Every compact result is checked to resolve
(`careplanner.resolve_texts`) to exactly its full result.

The chunked run is repeated with a timer around each step of the pipeline (the functions
`careplanner.assess` calls, wrapped where it looks them up), to show where a case's time goes.
Times are CPU seconds of this process (`time.process_time`), which other load on the machine
changes little; the 1-minute load average is printed with them. Every result is checked
identical between the two ways through.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydantic_core

import careplanner
from careplanner import assess, assess_many, resolve_texts, result_json
from careplanner.batch._core import Evaluator, evaluate_chunk
from careplanner.synth import generate_case

SEED = 2026
CHUNK = 64  # careplanner.batch.CHUNK_SIZE
TARGET = 2000  # cases per second per core: the throughput careplanner aims for
#: The steps of `careplanner.assess`, by the name it calls them under, in pipeline order.
_ASSESS = importlib.import_module(
    "careplanner.assess"
)  # the module; `careplanner.assess` is the function
_BATCH = importlib.import_module("careplanner.batch._core")
STEPS = {
    "_case": (_BATCH, "read the line: JSON, then validate the case"),
    "score_scales": (_ASSESS, "score the scales"),
    "ego_map": (_ASSESS, "map the support network"),
    "measure_ego": (_ASSESS, "measure the network"),
    "facts_from": (_ASSESS, "collect the facts"),
    "evaluate_many": (_ASSESS, "rules (durable-rules, one session a chunk)"),
    "suggest_for": (_ASSESS, "suggest ties to revive"),
    "plan_from_findings": (_ASSESS, "build the staged plan"),
}


def draw(n: int) -> list[bytes]:
    return [generate_case(SEED, i).model_dump_json().encode() for i in range(n)]


def one_by_one(lines: list[bytes]) -> list[str]:
    out = []
    for line in lines:
        case = careplanner.case_from_data(json.loads(line))
        out.append(assess(case).model_dump_json())
    return out


def in_chunks(lines: list[bytes], detail: str = "full") -> list[str]:
    write = functools.partial(result_json, detail=detail)
    evaluator = Evaluator(assess, assess_many, write if detail == "compact" else None)
    out: list[str] = []
    for start in range(0, len(lines), CHUNK):
        outcome = evaluate_chunk(lines[start : start + CHUNK], evaluator)
        assert not outcome.errors, outcome.errors
        out += (result.decode() for _, result in outcome.results)
    return out


def floor(lines: list[bytes], results: list[Any]) -> None:
    for line, result in zip(lines, results, strict=True):
        json.loads(line)
        pydantic_core.to_json(result)


def cpu(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    value = run()
    return time.process_time() - start, value


@contextmanager
def timed_steps() -> Iterator[dict[str, float]]:
    """Wrap each step of `STEPS` where `assess` looks it up; yield CPU seconds per step."""
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(module, name) for name, (module, _) in STEPS.items()}

    def wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start

        return timed

    for name, (module, _) in STEPS.items():
        setattr(module, name, wrap(name, originals[name]))
    try:
        yield spent
    finally:
        for name, (module, _) in STEPS.items():
            setattr(module, name, originals[name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="200 cases, seconds")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repetitions")
    args = parser.parse_args()
    if args.smoke:
        args.repeat = 1
    n = 200 if args.smoke else args.cases
    lines = draw(n + 100)
    warm, lines = lines[:100], lines[100:]
    one_by_one(warm)  # compile the rule pack, load catalogues and scales
    in_chunks(warm)

    in_chunks(warm, "compact")
    load = os.getloadavg()[0]
    print(f"{n:,} synthetic cases (seed {SEED}); load average {load:.1f} at the start")
    single_s, single = cpu(lambda: one_by_one(lines))
    parsed = [json.loads(result) for result in single]
    compact = in_chunks(lines, "compact")
    assert all(resolve_texts(json.loads(c)) == p for c, p in zip(compact, parsed, strict=True))
    parsed_compact = [json.loads(result) for result in compact]
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        seconds, chunked = cpu(lambda: in_chunks(lines))
        assert single == chunked, "assess_many must give what assess gives"
        times["full"].append(seconds)
        times["compact"].append(cpu(lambda: in_chunks(lines, "compact"))[0])
        times["floor"].append(cpu(lambda: floor(lines, parsed))[0])
        times["floor compact"].append(cpu(lambda: floor(lines, parsed_compact))[0])
    size_in = sum(map(len, lines)) / n
    size_out = sum(len(r.encode()) for r in single) / n
    size_compact = sum(len(r.encode()) for r in compact) / n
    print(
        f"case JSON {size_in / 1024:.1f} KiB, result JSON {size_out / 1024:.1f} KiB, "
        f"compact {size_compact / 1024:.1f} KiB on average; load average "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    print()
    print("| way through | cases per CPU second | µs per case | vs target 2,000/s |")
    print("|---|---:|---:|---:|")
    _row("one by one (`assess`)", [single_s], n)
    _row(f"chunks of {CHUNK} (`assess_many`, as the batch)", times["full"], n)
    _row(f"chunks of {CHUNK}, compact result", times["compact"], n)
    _row("floor: `json.loads` + `pydantic_core.to_json` only", times["floor"], n)
    _row("floor, compact documents", times["floor compact"], n)

    with timed_steps() as spent:
        total, _ = cpu(lambda: in_chunks(lines))
    print()
    print(f"Where a case's time goes (chunks of {CHUNK}, timers on; {total / n * 1e6:,.0f} µs):")
    print()
    print("| step | µs per case | share |")
    print("|---|---:|---:|")
    for name, (_, label) in STEPS.items():
        print(f"| {label} | {spent[name] / n * 1e6:,.0f} | {spent[name] / total:.0%} |")
    rest = total - sum(spent.values())
    print(
        f"| the rest: result model, notices, JSON out, tally | {rest / n * 1e6:,.0f} | "
        f"{rest / total:.0%} |"
    )


def _row(label: str, seconds: list[float], n: int) -> None:
    """One table row: the range of the repetitions' rates, slowest first."""
    rates = sorted(n / s for s in seconds)
    rate = f"{rates[0]:,.0f}" if len(rates) == 1 else f"{rates[0]:,.0f}-{rates[-1]:,.0f}"
    micro = sorted(s / n * 1e6 for s in seconds)
    each = f"{micro[0]:,.0f}" if len(micro) == 1 else f"{micro[0]:,.0f}-{micro[-1]:,.0f}"
    print(f"| {label} | {rate} | {each} | {rates[0] / TARGET:.2f}x |")


if __name__ == "__main__":
    main()
