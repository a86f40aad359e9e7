"""Time how long the command line takes to start: CPU of each command, against bare Python.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_startup.py           # 10 rounds, about a minute
    .venv/bin/python benchmarks/bench_startup.py --smoke   # 1 round, seconds
    .venv/bin/python benchmarks/bench_startup.py --compare /tmp/main-tree  # and another tree

``--stages`` prints where the CPU of ``careplanner assess example:shidu-mother --format json``
goes instead: one process runs the command's work step by step (`STAGES`), each step's CPU
counted after the steps before it (median of the rounds).

``--compare DIR`` adds the two commands of the goals run from the careplanner source tree DIR
(e.g. ``git archive main | tar -x -C DIR``) and, alike, from this one: ``python -S -m
careplanner`` with ``PYTHONPATH`` set to the tree and this interpreter's site-packages, so
that both import their own careplanner with the same dependencies.

Each round runs every command once, in turn, so that load on a shared machine falls on all of
them alike (interleaved repetitions). A command's time is the CPU (user + system) of its
process as the kernel counts it (`os.wait4`), which other load changes little; the median of
the rounds is printed with its ratio to ``python -c pass`` of the same rounds, and the goal
careplanner sets for the two commands a worker types most; a three-command typer app's
``--help`` is the floor of any typer command line.

The commands run with their bytecode cached, as an installed careplanner runs (pip compiles
it at install): ``PYTHONDONTWRITEBYTECODE`` is left out of their environment, so that the
warm-up round writes the ``.pyc`` files of a source checkout, and the JSON kept of the bundled
data files (`careplanner._content._parsed`), which an installed careplanner writes in its first
run where it may write in its folders.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

BIN = Path(sys.executable).parent
#: The floor of a typer command line: a three-command app printing its --help.
TYPER_APP = """
import typer
app = typer.Typer()
for name in ("one", "two", "three"):
    app.command(name)(lambda case: None)
app(["--help"])
"""
#: label -> (command, goal in CPU milliseconds or None)
COMMANDS: dict[str, tuple[list[str], float | None]] = {
    "python -c pass": ([sys.executable, "-c", "pass"], None),
    "a three-command typer app --help": ([sys.executable, "-c", TYPER_APP], None),
    "import careplanner": ([sys.executable, "-c", "import careplanner"], None),
    "careplanner --help": ([str(BIN / "careplanner"), "--help"], 250.0),
    "careplanner assess example:shidu-mother --format json": (
        [str(BIN / "careplanner"), "assess", "example:shidu-mother", "--format", "json"],
        400.0,
    ),
}


#: The work of ``careplanner assess example:shidu-mother --format json``, step by step:
#: (label, code run in one process after the steps before it).
STAGES: list[tuple[str, str]] = [
    ("typer", "import typer, typer.main"),
    ("careplanner.cli: the command modules", "from careplanner.cli import app_for"),
    ("typer builds the assess command", "typer.main.get_command(app_for(['assess']))"),
    ("pydantic (typer's own runtime needs it too)", "import pydantic.main, pydantic.type_adapter"),
    ("networkx", "import networkx"),
    ("careplanner vocabulary and errors", "import careplanner._content._vocab"),
    ("careplanner.models: case and scale models", "import careplanner.models"),
    ("careplanner.rules: models, evaluation", "from careplanner.rules import evaluate, Findings"),
    ("careplanner.network: build, measure, suggest", "from careplanner.network import measure"),
    ("careplanner.plan", "import careplanner.plan"),
    ("careplanner.assess: facts, notices, results", "from careplanner.assess import assess"),
    (
        "read and validate the case and the scales",
        "c = careplanner.load_case('example:shidu-mother')",
    ),
    ("read and validate the rule pack", "careplanner.rules.default_pack()"),
    ("assess: plan catalogue, facts, rules engine, plan", "r = assess(c)"),
    ("the result as JSON", "r.model_dump_json(indent=2)"),
]
STAGE_PROBE = """
import resource, json, sys
import careplanner
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000
spent = []
for _, code in json.loads(sys.argv[1]):
    start = cpu()
    exec(code)
    spent.append(cpu() - start)
print(json.dumps(spent))
"""


def stages(rounds: int) -> None:
    """Print the CPU of each of `STAGES`, median of `rounds` fresh processes."""
    command = [sys.executable, "-c", STAGE_PROBE, json.dumps(STAGES)]
    subprocess.run(command, check=True, env=ENV, capture_output=True)  # write .pyc files
    runs = [
        json.loads(subprocess.run(command, check=True, env=ENV, capture_output=True).stdout)
        for _ in range(rounds)
    ]
    python = f"{sys.implementation.name} {sys.version.split()[0]}"
    print(f"{python}; {rounds} rounds; load average {os.getloadavg()[0]:.1f}")
    print()
    print("| step | CPU ms (median) |")
    print("|---|---:|")
    for index, (label, _) in enumerate(STAGES):
        print(f"| {label} | {statistics.median(run[index] for run in runs):.0f} |")
    total = statistics.median(sum(run) for run in runs)
    print(f"| all steps (interpreter start-up not included) | {total:.0f} |")


#: The commands' environment: this one, bytecode cached (see above).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def tree_commands(label: str, tree: Path) -> dict[str, tuple[list[str], float | None]]:
    """The goals' commands run from the source tree `tree` (see ``--compare``)."""
    site = sysconfig.get_paths()["purelib"]
    env = f"PYTHONPATH={tree}{os.pathsep}{site}"
    run = [sys.executable, "-S", "-m", "careplanner"]
    return {
        f"{label}: careplanner --help": ([env, *run, "--help"], 250.0),
        f"{label}: careplanner assess ... --format json": (
            [env, *run, "assess", "example:shidu-mother", "--format", "json"],
            400.0,
        ),
    }


def cpu_ms(command: list[str]) -> float:
    """CPU milliseconds (user + system) of one run of `command`; it must succeed.

    A first item ``PYTHONPATH=TREE:...`` sets that variable and runs the command in TREE, so
    that ``-m careplanner`` imports TREE's careplanner (the current folder comes first).
    """
    env, cwd = ENV, None
    if command[0].startswith("PYTHONPATH="):
        path = command[0].removeprefix("PYTHONPATH=")
        env, cwd, command = {**ENV, "PYTHONPATH": path}, path.split(os.pathsep)[0], command[1:]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return (usage.ru_utime + usage.ru_stime) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1 round, seconds")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--compare", type=Path, help="another careplanner source tree")
    parser.add_argument("--stages", action="store_true", help="where assess's CPU goes")
    args = parser.parse_args()
    rounds = 1 if args.smoke else args.rounds
    if args.stages:
        stages(rounds)
        return
    if args.compare is not None:
        COMMANDS.update(tree_commands("this tree", Path(__file__).resolve().parents[1]))
        COMMANDS.update(tree_commands(str(args.compare), args.compare.resolve()))
    for command, _ in COMMANDS.values():  # fill the disk cache and write .pyc files
        cpu_ms(command)
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(rounds):
        for label, (command, _) in COMMANDS.items():
            times[label].append(cpu_ms(command))
    base = statistics.median(times["python -c pass"])
    python = f"{sys.implementation.name} {sys.version.split()[0]}"
    print(f"{python}; {rounds} interleaved rounds; load average {os.getloadavg()[0]:.1f}")
    print()
    print("| command | CPU ms (median) | range | vs `python -c pass` | goal |")
    print("|---|---:|---:|---:|---:|")
    for label, (_, goal) in COMMANDS.items():
        ms = statistics.median(times[label])
        spread = f"{min(times[label]):.0f}-{max(times[label]):.0f}"
        verdict = "" if goal is None else f"≤ {goal:.0f}: {'met' if ms <= goal else 'not met'}"
        print(f"| `{label}` | {ms:.0f} | {spread} | {ms / base:.1f}x | {verdict} |")


if __name__ == "__main__":
    main()
