"""Outputs stay byte for byte what they were: the examples and a sample of synthetic cases.

The files under ``tests/golden/`` were written by careplanner itself. A change meant to keep
outputs the same (a faster path, a refactoring) must leave every one of them equal; a change
meant to alter an output regenerates them and says why in its commit message::

    CAREPLANNER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py -p no:randomly

The goldens hold the python engine's outputs. A result names the engine that ran
(``findings.engine``), so the durable-rules outputs are compared after that one name and
version are swapped for the python engine's; nothing else may differ between the engines.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner import __version__
from careplanner.batch import run_batch
from careplanner.cli import app
from careplanner.rules import ENGINE_VARIABLE, durable_problem
from careplanner.synth import generate_cases

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CAREPLANNER_UPDATE_GOLDEN") == "1"
EXAMPLES = ("living-alone-crisis", "living-alone-well", "shidu-mother")
#: (golden file suffix, command arguments after the case) of each example's outputs.
OUTPUTS = (
    ("assess.json", ["assess", "--format", "json"]),
    ("assess.en.txt", ["assess", "--lang", "en"]),
    ("assess.zh-CN.txt", ["assess", "--lang", "zh-CN"]),
    ("explain.json", ["explain", "--format", "json"]),
)
#: The one example with a later assessment: its intake too, and the two compared.
LATER = "shidu-mother"
LATER_OUTPUTS = (
    ("assess-intake.json", ["assess", "--format", "json", "--at", "intake"]),
    ("compare.json", ["compare", "--format", "json"]),
)
#: Synthetic cases in the sample, and the seed they were drawn with.
SYNTH_CASES, SYNTH_SEED = 16, 18
ENGINES = ["python"] + ([] if durable_problem() else ["durable"])
#: The few strings by which a durable-rules result differs from a python-engine one.
_DURABLE = '"durable-rules"'
_PYTHON = '"python"'


def _as_python_engine(text: str) -> str:
    """`text` as the python engine writes it: the engine's name and version swapped."""
    from importlib.metadata import version

    durable_version = f'"careplanner {__version__}; durable-rules {version("durable_rules")}"'
    text = text.replace(durable_version, f'"careplanner {__version__}"')
    return text.replace(_DURABLE, _PYTHON)


def _check(name: str, actual: bytes, engine: str) -> None:
    path = GOLDEN / name
    if engine == "durable":
        actual = _as_python_engine(actual.decode("utf-8")).encode("utf-8")
    if UPDATE and engine == "python":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(actual, mtime=0) if name.endswith(".gz") else actual)
    expected = path.read_bytes()
    if name.endswith(".gz"):
        expected = gzip.decompress(expected)
    where = _first_difference(actual, expected)
    assert actual == expected, f"{name} differs from its golden file from byte {where}"


def _first_difference(a: bytes, b: bytes) -> int:
    pairs = zip(a, b, strict=False)
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each engine that loads here, set as the default as ``--engine`` sets it."""
    monkeypatch.setenv(ENGINE_VARIABLE, request.param)
    yield request.param


def _run(example: str, command: list[str]) -> bytes:
    args = [command[0], f"example:{example}", *command[1:]]
    done = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    assert done.exit_code == 0, done.output
    return done.stdout_bytes


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize(("suffix", "command"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_example_output_equals_its_golden_file(
    example: str, suffix: str, command: list[str], engine: str
) -> None:
    _check(f"examples/{example}.{suffix}", _run(example, command), engine)


@pytest.mark.parametrize(("suffix", "command"), LATER_OUTPUTS, ids=[o[0] for o in LATER_OUTPUTS])
def test_later_assessment_output_equals_its_golden_file(
    suffix: str, command: list[str], engine: str
) -> None:
    _check(f"examples/{LATER}.{suffix}", _run(LATER, command), engine)


def test_batch_of_synthetic_cases_equals_its_golden_files(engine: str, tmp_path: Path) -> None:
    cases = GOLDEN / "synth" / "cases.jsonl"
    if UPDATE and engine == "python":
        drawn = generate_cases(SYNTH_CASES, SYNTH_SEED)
        lines = [case.model_dump_json(exclude_defaults=True) + "\n" for case in drawn]
        cases.parent.mkdir(parents=True, exist_ok=True)
        cases.write_text("".join(lines), encoding="utf-8")
    out, refused = tmp_path / "results.jsonl", tmp_path / "refused.jsonl"
    summary = run_batch(cases, out, refused, workers=1, chunk_size=10)
    assert summary.failed == 0 and refused.read_bytes() == b""
    _check("synth/results.jsonl.gz", out.read_bytes(), engine)
    summary_json = json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    _check("synth/summary.json", summary_json.encode("utf-8"), engine)
