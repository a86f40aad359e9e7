"""The command in child processes: closed or vanishing streams and unwritable outputs."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

CLI = f"{shlex.quote(sys.executable)} -m careplanner"


def sh(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )


def test_closed_stdout_at_start_exits_1_with_a_message() -> None:
    done = sh(f"{CLI} assess example:shidu-mother >&-")
    assert done.returncode == 1
    assert done.stderr == "careplanner: error: standard output is closed; nothing was done\n"


@pytest.mark.parametrize("command", ["demo", "demo --format json", "assess example:shidu-mother"])
def test_a_reader_that_goes_away_ends_the_command_quietly(command: str) -> None:
    done = sh(f"{CLI} {command} | head -1; exit ${{PIPESTATUS[0]}}")
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("assess - <&-", "-: standard input is closed; give a file instead"),
        (
            "report example:shidu-mother -o {tmp}/missing/r.html --lang en",
            "r.html: cannot be written (No",
        ),
        (
            "report example:shidu-mother -o {tmp}/folder.html --lang en",
            "folder.html: cannot be written (Is",
        ),
        (
            "fhir export example:shidu-mother -o /dev/full --lang en",
            "cannot be written (No space left",
        ),
        ("schema case > /dev/full", "cannot be written (No space left on device)"),
    ],
)
def test_cli_errors_are_one_paragraph_not_a_traceback(
    command: str, message: str, tmp_path: Path
) -> None:
    (tmp_path / "folder.html").mkdir()
    done = sh(f"{CLI} {command.format(tmp=tmp_path)}")
    assert done.returncode == 1
    assert done.stderr.startswith("careplanner: error: ")
    assert message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            "report example:shidu-mother -o {tmp}/missing/r.html",
            "careplanner：错误：{tmp}/missing/r.html：无法写入（文件夹不存在）",
        ),
        ("report example:shidu-mother -o {tmp}/r.html", "已写入 {tmp}/r.html"),
        ("report example:shidu-mother -o {tmp}/r.html --lang en", "wrote {tmp}/r.html"),
        (
            "compare example:living-alone-crisis",
            "careplanner：错误：「after」须为以下之一：'晚于 20",
        ),
        ("compare example:living-alone-well", "careplanner: error: 'after' must be one of"),
    ],
)
def test_cli_own_lines_speak_lang_or_the_case_s_language(
    command: str, message: str, tmp_path: Path
) -> None:
    done = sh(f"{CLI} {command.format(tmp=tmp_path)}")
    assert done.stderr.startswith(message.format(tmp=tmp_path))
    assert len(done.stderr.splitlines()) == 1


def test_synth_with_an_unknown_cohort_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "cases.jsonl"
    done = sh(f"{CLI} synth 3 -o {out} --cohort bogus")
    assert done.returncode == 1 and "'cohort' must be one of" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("-o - --resume", "standard output ('-o -') cannot be continued"),
        ("-o {src}", "the results file is also the input file"),
        ("-o r.jsonl --errors {src}", "the errors file is also the input file"),
    ],
)
def test_batch_refuses_outputs_it_cannot_write_and_leaves_the_input(
    tmp_path: Path, options: str, message: str
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    done = sh(f"cd {tmp_path} && {CLI} batch {src} {options.format(src=src)}")
    assert done.returncode == 1 and message in done.stderr
    assert src.read_text(encoding="utf-8") == "{}\n"
    assert not (tmp_path / "-").exists()


def test_a_superscript_at_is_a_usage_error_not_a_traceback() -> None:
    done = sh(f"{CLI} assess example:shidu-mother --at ²")
    assert done.returncode == 2
    assert "'--at' must be one of" in done.stderr and "Traceback" not in done.stderr
