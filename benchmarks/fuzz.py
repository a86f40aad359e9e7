"""Fuzz careplanner: mutated bundled cases through the API and the command, in child processes.

Run by hand from the repository root::

    .venv/bin/python benchmarks/fuzz.py            # 10,000 documents via the API, 600 via the CLI
    .venv/bin/python benchmarks/fuzz.py --smoke    # 120 and 20: under a minute (CI runs this)
    .venv/bin/python benchmarks/fuzz.py --api 20000 --cli 1000 --seed 7 --workers 2

Documents are the bundled example cases and synthetic cases, mutated 1-3 times each: a leaf
set to a hostile value (bool, NaN, a huge number, a datetime, a long or odd text, a deep
list), a key dropped or added, a list multiplied, a safety signal switched on, a network of
thousands of ties; then written as JSON or YAML and, for some, damaged as text (cut, a byte
flipped, garbage inserted, nested 5,000 deep, an alias bomb, a repeated key, a byte-order
mark, Latin-1). One document in fifty is a mutated rule pack instead, assessed on a case
with a safety signal. Document ``i`` depends only on ``--seed`` and ``i``.

Every document is judged by what careplanner did with it:

success
    Assessed (and, for a case with two assessments, re-assessed; some also rendered as
    Markdown and FHIR) -- and, whenever the facts show a safety signal, the floor's need is
    flagged as a safety need and the plan starts with a crisis-phase stage.
clean error
    Refused with a `CareplannerError` (API) or exit code 1 and one ``careplanner: error:``
    paragraph (CLI).
unexpected
    Any other exception, a traceback, a lost safety floor: a careplanner bug.
crash
    The process died (a signal, an exit code other than 0 and 1) or stayed silent for
    ``--timeout`` seconds.

API documents run in ``--workers`` spawned child processes, each reporting every document
as it finishes, so a process that dies is charged to the document it was on and a fresh one
goes on with the rest. CLI documents run ``careplanner.cli.main`` in a process forked per
document from a child that imported careplanner once. Outcomes are printed with the kinds
of unexpected errors and the first document of each (``--show`` writes them out).
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml

HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**31,
    10**30,
    -(10**30),
    1e308,
    -1e-7,
    float("nan"),
    float("inf"),
    "",
    " ",
    "x" * 300,
    "x" * 6000,
    "\uff12",
    "²",
    "例子",
    "\x00",
    "\u202e",
    "2024-13-45",
    "1970-01-01T10:00:00",
    "1e-07",
    "NaN",
    "yes",
    "true",
    "9",
    "-0",
    [],
    {},
    [None],
    {"": None},
    [[[[[]]]]],
    {"a": {"b": {"c": {}}}},
]
SIGNALS = ["suicidal_ideation", "self_harm", "abuse_reported", "neglect_reported"]
CLI_COMMANDS = [
    "validate {case}",
    "assess {case}",
    "assess {case} --format json",
    "explain {case}",
    "compare {case}",
    "report {case} -o {out}.html",
    "report {case} -o {out}.md",
    "ecomap {case} -o {out}.svg",
    "fhir export {case} -o {out}.json",
    "whatif {case} --set obs.self_harm=true",
]
OUTCOMES = ("success", "clean error", "unexpected", "crash")


# --- documents --------------------------------------------------------------------------


def seeds() -> list[dict[str, Any]]:
    """The bundled examples and a few synthetic cases, as plain data."""
    from careplanner import list_examples, load_case
    from careplanner.synth import generate_cases

    cases = [load_case(f"example:{e.id}") for e in list_examples()]
    cases += list(generate_cases(12, seed=2026))
    return [case.model_dump(mode="json", exclude_none=True) for case in cases]


def _containers(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(data, dict | list) and data else []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        found += _containers(value, (*path, key))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _leaf(rng: random.Random, data: Any) -> str:
    where = _at(data, rng.choice(_containers(data)))
    key = rng.choice(list(where)) if isinstance(where, dict) else rng.randrange(len(where))
    where[key] = copy.deepcopy(rng.choice(HOSTILE))
    return "leaf"


def _drop(rng: random.Random, data: Any) -> str:
    where = _at(data, rng.choice(_containers(data)))
    if isinstance(where, dict):
        where.pop(rng.choice(list(where)))
    else:
        where.pop(rng.randrange(len(where)))
    return "drop"


def _extra(rng: random.Random, data: Any) -> str:
    where = _at(data, rng.choice(_containers(data)))
    if isinstance(where, dict):
        where[rng.choice(["zz", "name", "notes", "9", "id", "<<"])] = rng.choice(HOSTILE)
    else:
        where.append(copy.deepcopy(rng.choice(where)))
    return "extra"


def _grow(rng: random.Random, data: Any) -> str:
    lists = [p for p in _containers(data) if isinstance(_at(data, p), list)]
    where = _at(data, rng.choice(lists))
    where.extend(copy.deepcopy(where) * rng.choice([1, 5, 50]))
    return "grow"


def _signal(rng: random.Random, data: Any) -> str:
    for assessment in data.get("assessments", []) if isinstance(data, dict) else []:
        if isinstance(assessment, dict) and isinstance(assessment.get("observations"), dict):
            assessment["observations"][rng.choice(SIGNALS)] = True
    return "signal"


def _network(rng: random.Random, data: Any) -> str:
    size = rng.choice([300, 3000, 10_050])
    status = rng.choice(["active", "dormant", "possible"])
    data.setdefault("contacts", []).extend(
        {"id": f"z{n}", "relation": "friend"} for n in range(size)
    )
    for assessment in data.get("assessments", []):
        assessment.setdefault("ties", []).extend(
            {
                "contact": f"z{n}",
                "status": status,
                "contacts_per_month": 1,
                "closeness": 3,
                "support_given": [["emotional", "practical"][n % 2]],
            }
            for n in range(size)
        )
    return "network"


DATA_MUTATIONS: list[tuple[Callable[[random.Random, Any], str], int]] = [
    (_leaf, 40),
    (_drop, 15),
    (_extra, 15),
    (_grow, 8),
    (_signal, 10),
    (_network, 1),
]


def _text(rng: random.Random, data: Any, as_json: bool) -> bytes:
    if as_json:
        return json.dumps(data, ensure_ascii=rng.random() < 0.3, default=str).encode()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def _damage(rng: random.Random, raw: bytes, as_json: bool) -> tuple[bytes, str]:
    kind = rng.choice(
        ["cut", "flip", "garbage", "deep", "bom", "latin1", "dupkey", "aliases", "empty"]
    )
    if kind == "cut":
        return raw[: rng.randrange(len(raw) + 1)], kind
    if kind == "flip" and raw:
        n = rng.randrange(len(raw))
        return raw[:n] + bytes([raw[n] ^ (1 << rng.randrange(8))]) + raw[n + 1 :], kind
    if kind == "garbage":
        n = rng.randrange(len(raw) + 1)
        return raw[:n] + rng.randbytes(rng.randrange(1, 40)) + raw[n:], kind
    if kind == "deep":
        depth = rng.choice([49, 1000, 5000])
        return (b"[" * depth + raw + b"]" * depth) if as_json else b"a: " + b"[" * depth, kind
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw, kind
    if kind == "latin1":
        return raw.decode("utf-8").encode("latin-1", "replace"), kind
    if kind == "dupkey":
        return (
            raw.replace(b"{", b'{"client": 1, ', 1) if as_json else raw + b"\nclient: 1\n"
        ), kind
    if kind == "aliases" and not as_json:
        bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n" + "".join(
            f"x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 10)}]\n" for n in range(1, 8)
        )
        return bomb.encode() + raw, kind
    return b"", "empty"


def _mutate(
    rng: random.Random,
    data: Any,
    mutations: list[tuple[Callable[[random.Random, Any], str], int]],
) -> str:
    """Apply one mutation drawn by weight; one that no longer fits the data is skipped."""
    mutation = rng.choices([m for m, _ in mutations], [w for _, w in mutations])[0]
    try:
        return mutation(rng, data)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return "skipped"


def document(seed: int, index: int, cases: list[dict[str, Any]]) -> tuple[bytes, str, str]:
    """Document `index`: its bytes, its file suffix and what was done to it."""
    rng = random.Random(f"careplanner-fuzz:{seed}:{index}")
    data = copy.deepcopy(rng.choice(cases))
    done = [_mutate(rng, data, DATA_MUTATIONS) for _ in range(rng.randint(1, 3))]
    as_json = rng.random() < 0.5
    raw = _text(rng, data, as_json)
    if rng.random() < 0.25:
        raw, damage = _damage(rng, raw, as_json)
        done.append(damage)
    return raw, ".json" if as_json else ".yaml", "+".join(done)


def pack_document(seed: int, index: int, pack: dict[str, Any]) -> tuple[str, str]:
    """A mutated copy of the default rule pack, as YAML text, and what was done to it."""
    rng = random.Random(f"careplanner-fuzz-pack:{seed}:{index}")
    data = copy.deepcopy(pack)
    data["id"] = "fuzzed"
    mutations = [(_leaf, 1), (_drop, 1), (_extra, 1)]
    done = [_mutate(rng, data, mutations) for _ in range(rng.randint(1, 3))]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "pack:" + "+".join(done)


# --- judging through the API ---------------------------------------------------------------


class FloorLost(Exception):
    """A result shows a safety signal without the floor need, or without a crisis-phase lead."""


def check_floor(result: Any) -> None:
    from careplanner.rules._floor import signals

    for signal_ in signals(result.facts):
        need = result.findings.need(signal_.need)
        if need is None or not need.safety or result.plan.stages[0].phase != "crisis":
            raise FloorLost(signal_.rule)


def judge_api(raw: bytes, suffix: str, folder: Path, index: int) -> tuple[str, str]:
    from careplanner import assess, load_case, reassess
    from careplanner.errors import CareplannerError
    from careplanner.fhir import fhir_bundle
    from careplanner.report import render_markdown

    path = folder / f"doc{suffix}"
    path.write_bytes(raw)
    try:
        case = load_case(path)
        result = assess(case)
        check_floor(result)
        if len(case.assessments) > 1:
            reassess(case)
        if index % 10 == 0:
            render_markdown(case, result, lang="en")
            fhir_bundle(case, result)
    except CareplannerError:
        return "clean error", ""
    except Exception as exc:  # what the fuzz looks for
        return "unexpected", type(exc).__name__
    return "success", ""


def judge_pack(text: str, signalled: Any) -> tuple[str, str]:
    from careplanner import assess
    from careplanner.errors import CareplannerError
    from careplanner.rules import load_pack

    try:
        result = assess(signalled, pack=load_pack(text))
        check_floor(result)
        if result.findings.needs[0].id != "suicide_risk" and not result.safety:
            raise FloorLost("suicide_risk")
    except CareplannerError:
        return "clean error", ""
    except Exception as exc:
        return "unexpected", type(exc).__name__
    return "success", ""


def api_worker(seed: int, indices: list[int], conn: Connection) -> None:
    """A child: judge each document and report it at once; the parent watches for death."""
    from careplanner import case_from_data

    cases = seeds()
    default = yaml.safe_load(
        Path(__file__).parents[1].joinpath("careplanner/rules/default.yaml").read_text("utf-8")
    )
    signalled_data = copy.deepcopy(cases[0])
    signalled_data["assessments"][-1]["observations"]["self_harm"] = True
    signalled = case_from_data(signalled_data)
    with tempfile.TemporaryDirectory() as tmp:
        for index in indices:
            if index % 50 == 49:
                text, what = pack_document(seed, index, default)
                outcome, detail = judge_pack(text, signalled)
            else:
                raw, suffix, what = document(seed, index, cases)
                outcome, detail = judge_api(raw, suffix, Path(tmp), index)
            conn.send((index, outcome, detail, what))
    conn.close()


# --- judging through the command ----------------------------------------------------------


def cli_worker(seed: int, indices: list[int], conn: Connection, timeout: float) -> None:
    """A child that imported careplanner once: fork per document, run the command in it."""
    import careplanner.cli  # noqa: F401 -- imported once, inherited by every fork

    cases = seeds()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for index in indices:
            raw, suffix, what = document(seed, index, cases)
            path = folder / f"doc{suffix}"
            path.write_bytes(raw)
            command = CLI_COMMANDS[index % len(CLI_COMMANDS)]
            argv = [part.format(case=path, out=folder / "out") for part in command.split()]
            outcome, detail = _run_forked(argv, folder, timeout)
            conn.send((index, outcome, detail, f"{command} <- {what}"))
    conn.close()


def _run_forked(argv: list[str], folder: Path, timeout: float) -> tuple[str, str]:
    err = folder / "stderr"
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            with open(os.devnull, "wb") as null, open(err, "wb") as stream:
                os.dup2(null.fileno(), 1)
                os.dup2(stream.fileno(), 2)
            from careplanner.cli import main

            sys.argv = ["careplanner", *argv]
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # a traceback: written to stderr below, judged by the parent
            import traceback

            traceback.print_exc()
            code = 71
        finally:
            sys.stderr.flush()
            os._exit(code)
    status = _wait(pid, timeout)
    text = err.read_text("utf-8", "replace") if err.exists() else ""
    if status is None:
        return "crash", "timeout"
    if status < 0:
        return "crash", f"signal {-status}"
    if status == 0 and "Traceback" not in text:
        return "success", ""
    if status == 1 and "Traceback" not in text:  # validate lists each file on stdout
        return "clean error", ""
    if status in (0, 1, 71):
        return "unexpected", text.strip().splitlines()[-1][:120] if text.strip() else "no message"
    return "crash", f"exit {status}"


def _wait(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


# --- the runner ---------------------------------------------------------------------------


class Tally:
    """Outcomes, kinds of unexpected errors and crashes, with one document of each."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.examples: dict[str, tuple[int, str]] = {}

    def add(self, index: int, outcome: str, detail: str, what: str) -> None:
        self.outcomes[outcome] += 1
        if outcome in ("unexpected", "crash"):
            key = f"{outcome}: {detail}"
            self.kinds[key] += 1
            self.examples.setdefault(key, (index, what))


def run(
    target: Callable[..., None],
    extra: tuple[Any, ...],
    seed: int,
    count: int,
    workers: int,
    timeout: float,
    tally: Tally,
) -> None:
    """Spread documents 0..count-1 over `workers` children; a dead child's document is a crash."""
    context = multiprocessing.get_context("spawn")
    queues = [list(range(w, count, workers)) for w in range(workers)]
    running: list[tuple[Any, Connection, list[int]]] = []

    def start(indices: list[int]) -> None:
        mine, theirs = context.Pipe(duplex=False)
        process = context.Process(target=target, args=(seed, indices, theirs, *extra))
        process.start()
        theirs.close()
        running.append((process, mine, indices))

    for queue in queues:
        if queue:
            start(queue)
    while running:
        process, conn, indices = running.pop(0)
        pending = list(indices)
        while pending:
            if not conn.poll(timeout):
                break
            try:
                index, outcome, detail, what = conn.recv()
            except EOFError:
                break
            tally.add(index, outcome, detail, what)
            pending.remove(index)
        if pending:  # died or went silent on pending[0]
            process.kill()
            alive = process.exitcode is None
            tally.add(pending[0], "crash", "timeout" if alive else f"exit {process.exitcode}", "")
            if pending[1:]:
                start(pending[1:])
        process.join()


def report(name: str, tally: Tally, seconds: float) -> None:
    total = sum(tally.outcomes.values())
    parts = ", ".join(f"{tally.outcomes[o]:,} {o}" for o in OUTCOMES)
    print(f"{name}: {total:,} documents in {seconds:.0f} s: {parts}")
    for key, n in tally.kinds.most_common():
        index, what = tally.examples[key]
        print(f"  {n:>5} {key}  (first: document {index}, {what})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", type=int, default=10_000, help="documents through the API")
    parser.add_argument("--cli", type=int, default=600, help="documents through the command")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per document")
    parser.add_argument("--smoke", action="store_true", help="120 API and 20 CLI documents")
    parser.add_argument("--show", type=int, help="write document N to stdout and stop")
    args = parser.parse_args()
    if args.show is not None:
        raw, suffix, what = document(args.seed, args.show, seeds())
        sys.stderr.write(f"document {args.show} ({suffix}): {what}\n")
        sys.stdout.buffer.write(raw)
        return 0
    if args.smoke:
        args.api, args.cli = 120, 20
    failed = 0
    for name, target, count, extra in [
        ("API", api_worker, args.api, ()),
        ("CLI", cli_worker, args.cli, (min(args.timeout, 120.0),)),
    ]:
        tally, start = Tally(), time.monotonic()
        run(target, extra, args.seed, count, args.workers, args.timeout, tally)
        report(name, tally, time.monotonic() - start)
        failed += tally.outcomes["unexpected"] + tally.outcomes["crash"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
