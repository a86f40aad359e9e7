"""Conventions every command keeps: --version, examples in --help, completion, -o -, exit codes."""

from __future__ import annotations

import gc
import json
import platform
import shlex
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from careplanner import CareplannerError, __version__
from careplanner.cli import app
from careplanner.cli._common import EngineName
from careplanner.rules import ENGINE_CHOICES, default_pack, resolve_engine

from .cli_text import one_line

runner = CliRunner()
ROOT = typer.main.get_command(app)
EXAMPLES = yaml.safe_load(
    resources.files("careplanner.cli").joinpath("examples.yaml").read_text("utf-8")
)


@pytest.fixture(autouse=True)
def _engine_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--engine`` sets CAREPLANNER_ENGINE for the process: undo it after each test."""
    monkeypatch.setenv("CAREPLANNER_ENGINE", "auto")


def commands(command: Any = ROOT, path: str = "careplanner") -> Iterator[tuple[str, Any]]:
    """Every command path of the app and its command, the app itself first."""
    yield path, command
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from commands(sub, name if path == "careplanner" else f"{path} {name}")


def test_version_names_careplanner_engine_python_and_pack_hash() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    pack = default_pack()
    engine = "durable-rules 2.0.28" if resolve_engine() == "durable" else "python"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    assert result.stdout.splitlines() == [
        f"careplanner {__version__}",
        f"engine: {engine}",
        f"python: {python}",
        f"rule pack: {pack.name} {pack.content_hash}",
    ]
    python_engine = runner.invoke(app, ["--engine", "python", "--version"])
    assert python_engine.stdout.splitlines()[1] == "engine: python"


def test_engine_option_offers_exactly_the_api_choices() -> None:
    assert tuple(e.value for e in EngineName) == ENGINE_CHOICES


def test_engine_option_reaches_the_result() -> None:
    result = runner.invoke(
        app, ["--engine", "python", "assess", "example:shidu-mother", "--format", "json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"]["engine"]["name"] == "python"


def test_every_command_has_examples_in_its_help_and_they_parse() -> None:
    paths = [path for path, _ in commands()]
    assert sorted(EXAMPLES) == sorted(paths)
    for path, _ in commands():
        help_text = runner.invoke(app, [*path.split()[path == "careplanner" :], "--help"]).stdout
        assert "Examples:" in help_text, path
        for example in EXAMPLES[path]:
            assert example in one_line(help_text), (path, example)
            words = shlex.split(example)
            assert _parses(words[1 : words.index(">") if ">" in words else None]), example


def _parses(args: list[str]) -> bool:
    """Whether the parser accepts `args` (commands resolved, options known); nothing is run."""
    try:
        ctx = ROOT.make_context("careplanner", list(args))
        command: Any = ROOT
        rest = _rest(ctx)
        while hasattr(command, "commands") and rest:
            name, command, rest = command.resolve_command(ctx, rest)
            ctx = command.make_context(name, rest, parent=ctx)
            rest = _rest(ctx) if hasattr(command, "commands") else []
    except typer.Exit:  # --version
        return True
    return True


def _rest(ctx: Any) -> list[str]:
    """What a group left for its subcommand (click 8.2 keeps it in ``_protected_args``)."""
    return [*getattr(ctx, "_protected_args", ()), *ctx.args]


def test_shell_completion_is_available() -> None:
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0
    assert "_CAREPLANNER_COMPLETE=complete_bash" in result.stdout
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["report", "example:shidu-mother", "-o", "-"], "<!DOCTYPE html>"),
        (["report", "example:shidu-mother", "-o", "-", "--as", "md"], "# "),
        (["ecomap", "example:shidu-mother", "-o", "-"], "<svg"),
        (
            ["fhir", "export", "example:living-alone-crisis", "-o", "-"],
            '{\n  "resourceType": "Bundle"',
        ),
        (["logic", "-o", "-", "--as", "html"], "<!DOCTYPE html>"),
        (["fhir", "questionnaires", "-o", "-"], '{\n  "resourceType"'),
        (["fhir", "logic", "-o", "-"], '{\n  "resourceType"'),
        (["fhir", "reassessment", "example:shidu-mother", "-o", "-"], '{\n  "resourceType"'),
        (["synth", "2", "-o", "-", "--seed", "3"], '{"'),
        (["group", "survey", "example:residents", "-o", "-"], "<!DOCTYPE html>"),
        (["group", "plan", "example:residents", "-o", "-"], "<!DOCTYPE html>"),
    ],
)
def test_dash_output_writes_the_document_to_stdout_only(args: list[str], start: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start)
    assert not Path("-").exists()


def test_dash_output_writes_png_bytes_to_stdout() -> None:
    result = runner.invoke(app, ["ecomap", "example:shidu-mother", "-o", "-", "--as", "png"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")


def test_batch_to_stdout_writes_results_there_and_the_summary_to_stderr(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    assert runner.invoke(app, ["synth", "3", "-o", str(cases)]).exit_code == 0
    refused = tmp_path / "refused.jsonl"
    result = runner.invoke(app, ["batch", str(cases), "-o", "-", "--errors", str(refused)])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
    assert all(json.loads(line)["result_format"] == 1 for line in result.stdout.splitlines())
    assert "3 records: 3 assessed, 0 refused" in result.stderr
    no_errors = runner.invoke(app, ["batch", str(cases), "-o", "-"])
    assert no_errors.exit_code == 2 and "needs --errors FILE" in one_line(no_errors.stderr)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "example:shidu-mother"], 0),
        (["assess", "example:shidu-mother", "--at", "intake"], 0),
        (["assess", "example:no-such-case"], 1),  # invalid input
        (["assess", "example:shidu-mother", "--at", "7"], 1),  # no 8th assessment in this case
        (["assess", "example:shidu-mother", "--at", "someday"], 2),  # wrong form
        (["assess", "example:shidu-mother", "--lang", "fr"], 2),
        (["--engine", "drools", "demo"], 2),
        (["assess"], 2),
        (["no-such-command"], 2),
        (["report", "example:shidu-mother", "-o", "plan.docx"], 2),
    ],
)
def test_exit_codes_are_as_the_readme_says(args: list[str], code: int) -> None:
    assert runner.invoke(app, args).exit_code == code


def test_an_unusable_engine_is_invalid_input_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from careplanner.rules import _engines

    monkeypatch.setattr(_engines, "durable_problem", lambda: "durable-rules is not installed")
    command = ["--engine", "durable", "assess", "example:shidu-mother", "--lang", "en"]
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert result.stderr.startswith("careplanner: error: rules engine 'durable' cannot be loaded")


def test_ecomap_font_option_draws_with_the_file_or_names_what_is_wrong(tmp_path: Path) -> None:
    from careplanner.network._fonts import find_cjk_font

    installed = find_cjk_font()
    assert installed is not None  # the Makefile installs fonts-noto-cjk for the tests
    out = tmp_path / "map.png"
    args = ["ecomap", "example:shidu-mother", "-o", str(out), "--font", str(installed.path)]
    assert runner.invoke(app, args).exit_code == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("no font here", encoding="utf-8")
    bad = runner.invoke(app, [*args[:-1], str(notes)])
    assert bad.exit_code == 1
    assert "font 'notes.txt' is not a readable TrueType/OpenType font file" in bad.stderr


@pytest.mark.parametrize("started", [True, False])  # `main` starts with the collector off
@pytest.mark.parametrize(
    ("args", "collecting"),
    [
        (["assess", "example:shidu-mother"], False),  # one case in, its result out: short
        (["compare", "example:shidu-mother", "example:shidu-mother"], False),
        (["validate", "example:shidu-mother"], True),
    ],
)
def test_only_a_short_command_runs_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, args: list[str], collecting: bool, started: bool
) -> None:
    """A short body cannot leave garbage growing with its input; any other body collects."""
    from careplanner import _load

    seen: list[bool] = []

    def load_case(source: str) -> None:
        seen.append(gc.isenabled())
        raise CareplannerError("stop here")

    monkeypatch.setattr(_load, "load_case", load_case)
    if not started:
        gc.disable()
    try:
        assert runner.invoke(app, args).exit_code == 1
        assert seen == [collecting]
        assert gc.isenabled() is started
    finally:
        gc.enable()


def test_the_command_line_freezes_its_objects_when_it_ends() -> None:
    """The garbage collections Python runs at exit then skip them: they would free nothing."""
    code = (
        "import gc, sys\n"
        "from careplanner.cli import main\n"
        "sys.argv = ['careplanner', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_freeze_count() > 1000)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "True"
