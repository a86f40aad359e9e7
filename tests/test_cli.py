"""The command line, run as a user runs it: exit codes and what is printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner.cli import app

from .cli_text import one_line

runner = CliRunner()


def test_validate_prints_one_line_per_file_and_fails_when_any_is_invalid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("client: {age: 70}\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "example:shidu-mother", str(bad)])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "ok       example:shidu-mother"
    assert lines[1].startswith(f"invalid  {bad}: client.id: required field is missing;")
    assert "assessments: required field is missing" in lines[1]


def test_validate_json_output_is_json_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--format", "json", str(empty)])
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert report["valid"] is False
    assert "empty" in report["problems"][0]["message"]


def test_validate_says_a_refused_case_carries_a_safety_signal(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "schema_version: 2\n"
        "client: {id: x1, age: 80, sex: male, living_arrangement: alone, language: en}\n"
        "assessments: [{date: 2026-11-01, kind: intake, worker: w,\n"
        "  scales: {phq9: {'1': 1, '2': 1, '3': 0, '4': 0, '5': 0, '6': 0, '7': 0, '8': 0,\n"
        "  '9': 4}}}]\n",
        encoding="utf-8",
    )
    text = runner.invoke(app, ["validate", str(case)])
    assert text.exit_code == 1
    assert text.stdout.startswith(f"invalid  {case} [safety signal present]: ")
    (report,) = json.loads(runner.invoke(app, ["validate", "--format", "json", str(case)]).stdout)
    assert report["safety_signal"] is True


def test_validate_all_examples_succeeds() -> None:
    ids = ["example:shidu-mother", "example:living-alone-well", "example:living-alone-crisis"]
    result = runner.invoke(app, ["validate", *ids])
    assert result.exit_code == 0
    assert result.stdout.count("ok ") == 3


def test_examples_lists_ids_languages_and_writes_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["examples", "--format", "json", "--write", str(tmp_path)])
    assert result.exit_code == 0
    listed = {e["id"]: e["language"] for e in json.loads(result.stdout) if "command" not in e}
    assert listed == {
        "living-alone-crisis": "zh-CN",
        "living-alone-well": "en",
        "shidu-mother": "zh-CN",
    }
    groups = [e["id"] for e in json.loads(result.stdout) if e.get("command") == "group"]
    assert groups == ["after", "residents", "resources", "sessions"]
    assert sorted(p.name for p in (tmp_path / "group").iterdir()) == [f"{g}.yaml" for g in groups]
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert written == ["living-alone-crisis.yaml", "living-alone-well.yaml", "shidu-mother.yaml"]
    check = runner.invoke(app, ["validate", *(str(tmp_path / name) for name in written)])
    assert check.exit_code == 0


def test_schema_case_is_a_json_schema_with_the_client_fields() -> None:
    result = runner.invoke(app, ["schema", "case"])
    schema = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(schema["required"]) == {"client", "assessments"}
    assert "living_arrangement" in schema["$defs"]["Client"]["properties"]


def test_unknown_schema_kind_is_one_paragraph_with_allowed_values() -> None:
    result = runner.invoke(app, ["schema", "plan-b"])
    assert result.exit_code == 1
    assert result.stderr == (
        "careplanner: error: 'schema kind' must be one of "
        "['case', 'compact-result', 'reassessment', 'result', 'rulepack'], got 'plan-b'\n"
    )


@pytest.mark.parametrize("entry", [["careplanner"], [sys.executable, "-m", "careplanner"]])
def test_installed_command_and_module_both_run(entry: list[str]) -> None:
    command = (
        entry if entry != ["careplanner"] else [str(Path(sys.executable).parent / "careplanner")]
    )
    done = subprocess.run(
        [*command, "validate", "example:living-alone-well"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "ok       example:living-alone-well\n")


def test_whatif_shows_the_safety_need_clearing_when_its_triggers_clear() -> None:
    result = runner.invoke(
        app,
        [
            "whatif",
            "example:living-alone-crisis",
            "--set",
            "phq9.item9=0",
            "--set",
            "obs.suicidal_ideation=false",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    assert 'Need "Thoughts of death, suicide or self-harm.' in result.stdout
    assert '": high -> not flagged' in result.stdout


def test_whatif_speaks_the_client_s_language_by_default() -> None:
    change = ["--set", "phq9.item9=0", "--set", "obs.suicidal_ideation=false"]
    result = runner.invoke(app, ["whatif", "example:living-alone-crisis", *change])
    assert result.stdout.splitlines() == [
        "改变的回答：phq9.item9=0, obs.suicidal_ideation=false",
        "需要“存在死亡、自杀或自伤的念头。紧急：当日转介并制定安全计划。”：高 → 未标记",
    ]


def test_whatif_refuses_an_answer_the_scale_does_not_allow() -> None:
    result = runner.invoke(app, ["whatif", "example:shidu-mother", "--set", "ssrs.item3=9"])
    assert result.exit_code == 1
    assert "ssrs.item 3: must be one of ['1', '2', '3', '4'], got 9" in result.stderr


def test_whatif_refuses_an_unknown_observation() -> None:
    command = ["whatif", "example:shidu-mother", "--set", "obs.mood=low", "--lang", "en"]
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert "'observation' must be one of [" in result.stderr


def test_ecomap_writes_svg_with_labels_in_the_clients_language(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = runner.invoke(
        app, ["ecomap", "example:shidu-mother", "--at", "closing", "-o", str(out)]
    )
    assert result.exit_code == 2  # an option value of the wrong form is wrong usage
    assert "'--at' must be one of [" in one_line(result.stderr) and "'closure'" in result.stderr
    result = runner.invoke(
        app, ["ecomap", "example:shidu-mother", "--at", "closure", "-o", str(out)]
    )
    assert result.exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "妹妹" in svg and "张女士" not in svg


def test_ecomap_writes_png(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = runner.invoke(app, ["ecomap", "example:shidu-mother", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_schema_result_describes_findings_and_plan() -> None:
    schema = json.loads(runner.invoke(app, ["schema", "result"]).stdout)
    assert {"findings", "plan", "network", "scales"} <= set(schema["properties"])
