"""`careplanner session add` and `careplanner adjust`: what they write, keep and refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner import load_case
from careplanner._load import example_text
from careplanner.cli import app

from .cli_text import one_line

runner = CliRunner()


def _seed_with_three_sessions(folder: Path) -> Path:
    """The seed case as version 2, with its first three sessions: four are still to come."""
    text = example_text("shidu-mother").replace("schema_version: 1", "schema_version: 2")
    start = text.index("  - {date: 2022-04-12")
    end = text.index("\n", text.index("reflection: 服务对象离别情绪较强")) + 1
    text = text[:start] + "# later sessions: careplanner session add\n" + text[end:]
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, one_line(result.output)


ADD = ("session", "add")


def test_session_add_appends_the_entry_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = _seed_with_three_sessions(tmp_path)
    before = path.read_text(encoding="utf-8")
    code, out = _invoke(
        *ADD, str(path), "--stage", "strengths_family", "--worker", "sw-07", "--date",
        "2022-04-12", "--minutes", "90", "--intervention", "strengths_life_review",
        "--done", "Life tree; strengths named", "--reflection", "She smiled", "--lang", "en",
    )  # fmt: skip
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    entry = (
        "  - date: 2022-04-12\n    stage: strengths_family\n    interventions:\n"
        "    - strengths_life_review\n    minutes: 90\n    done: Life tree; strengths named\n"
        "    reflection: She smiled\n    worker: sw-07\n"
    )
    marker = "# later sessions: careplanner session add\n"
    assert after == before.replace(marker, entry + marker)
    case = load_case(path)
    assert (case.sessions[-1].worker, case.sessions[-1].minutes) == ("sw-07", 90)
    assert "Next session due: 2022-04-26: Stage 3" in out
    assert "She smiled" not in out


def test_session_add_refuses_a_stage_whose_sessions_are_all_recorded(tmp_path: Path) -> None:
    path = _seed_with_three_sessions(tmp_path)
    before = path.read_bytes()
    code, out = _invoke(
        *ADD, str(path), "--stage", "beliefs", "--worker", "sw-07", "--date", "2022-04-13",
        "--done", "more disputing",
    )  # fmt: skip
    assert code == 1
    assert "'stage': all 2 planned session(s) of 'beliefs' are recorded" in out
    assert "careplanner adjust --add-sessions" in out
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--stage", "tea_party"],
            "'stage' must be one of ['beliefs', 'consolidate_close', 'engage_assess', "
            "'social_reentry', 'strengths_family'], got 'tea_party'",
        ),
        (
            ["--stage", "strengths_family", "--intervention", "rebt_belief_work"],
            "'interventions[0]' must be one of ['family_support', 'messaging_app_skills', "
            "'strengths_life_review'], got 'rebt_belief_work'",
        ),
        (
            ["--stage", "strengths_family", "--date", "2022-03-01"],
            "sessions: must be in date order, earliest first",
        ),
        (["--stage", "strengths_family", "--minutes", "0"], "sessions[3].minutes"),
        (["--stage", "strengths_family", "--date", "12/04/2022"], "'--date' must be one of"),
    ],
)
def test_session_add_refuses_what_the_plan_or_case_refuses_and_leaves_the_file(
    tmp_path: Path, options: list[str], message: str
) -> None:
    path = _seed_with_three_sessions(tmp_path)
    before = path.read_bytes()
    date = [] if "--date" in options else ["--date", "2022-04-12"]
    code, out = _invoke(*ADD, str(path), "--worker", "sw-07", "--done", "x", *date, *options)
    assert code == 1
    assert message in out
    assert path.read_bytes() == before
    assert "Traceback" not in out


def test_session_add_does_not_write_an_example() -> None:
    code, out = _invoke(
        *ADD, "example:shidu-mother", "--stage", "beliefs", "--worker", "w", "--done", "x"
    )
    assert code == 1
    assert "only a case file can be written" in out


def test_session_add_on_a_version_1_file_says_to_migrate(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(example_text("living-alone-crisis"), encoding="utf-8")
    code, out = _invoke(
        *ADD, str(path), "--stage", "crisis", "--worker", "sw-01", "--date", "2025-01-10",
        "--done", "safety plan written",
    )  # fmt: skip
    assert code == 1
    assert "sessions[0].worker: needs schema_version 2" in out
    assert "careplanner migrate" in out


def test_session_add_starts_the_list_in_a_file_without_one(tmp_path: Path) -> None:
    text = example_text("living-alone-crisis").replace("schema_version: 1", "schema_version: 2")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    code, out = _invoke(
        *ADD, str(path), "--stage", "crisis", "--worker", "sw-01", "--date", "2025-01-10",
        "--done", "safety plan written", "--lang", "en",
    )  # fmt: skip
    assert code == 0, out
    assert path.read_text(encoding="utf-8").startswith(text)
    assert "1 of 9 sessions delivered" in out
    assert "Next session due: 2025-01-17: Stage 2" in out


def test_session_add_keeps_the_key_order_of_a_json_case(tmp_path: Path) -> None:
    case = load_case("example:living-alone-crisis").model_dump(mode="json", exclude_none=True)
    data = {"schema_version": 2, **{k: v for k, v in case.items() if k != "schema_version"}}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out = _invoke(
        *ADD, str(path), "--stage", "crisis", "--worker", "sw-01", "--date", "2025-01-10",
        "--done", "safety plan written",
    )  # fmt: skip
    assert code == 0, out
    written = json.loads(path.read_text(encoding="utf-8"))
    assert list(written) == list(data)
    assert written["sessions"][-1] == {
        "date": "2025-01-10",
        "stage": "crisis",
        "done": "safety plan written",
        "worker": "sw-01",
    }


def test_adjust_adds_a_session_that_session_add_then_records(tmp_path: Path) -> None:
    path = _seed_with_three_sessions(tmp_path)
    code, out = _invoke(
        "adjust", str(path), "--worker", "sw-07", "--on", "2022-04-13", "--add-sessions",
        "beliefs", "--reason", "self-blame returned", "--lang", "en",
    )  # fmt: skip
    assert code == 0, out
    assert "Next session due: 2022-04-20: Stage 2" in out
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "adjustments:\n  - date: 2022-04-13\n    worker: sw-07\n    kind: add_sessions\n"
        "    stage: beliefs\n    count: 1\n    reason: self-blame returned\n"
    )
    code, out = _invoke(
        *ADD, str(path), "--stage", "beliefs", "--worker", "sw-07", "--date", "2022-04-14",
        "--done", "more disputing", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    result = json.loads(runner.invoke(app, ["assess", str(path), "--at", "intake",
                                            "--format", "json"]).stdout)  # fmt: skip
    beliefs = [s for s in result["schedule"]["sessions"] if s["stage"] == "beliefs"]
    assert [(s["number"], s["delivered"]) for s in beliefs] == [(1, True), (2, True), (3, True)]
    assert [c["adjustment"]["kind"] for c in result["plan"]["changes"]][-1] == "add_sessions"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--add-sessions", "nope"], "'stage' must be one of ['beliefs',"),
        (
            ["--add-need", "loneliness", "--severity", "high"],
            "'need.id': 'loneliness' is already in the plan",
        ),
        (
            ["--add-need", "social_isolation", "--severity", "huge"],
            "adjustments[0].add_need.severity: Input should be 'low', 'moderate' or 'high'",
        ),
        ([], "'adjustment' must be one of ['--add-need NEED --severity SEVERITY'"),
    ],
)
def test_adjust_refuses_what_the_plan_refuses(
    tmp_path: Path, options: list[str], message: str
) -> None:
    path = _seed_with_three_sessions(tmp_path)
    before = path.read_bytes()
    code, out = _invoke("adjust", str(path), "--worker", "sw-07", "--on", "2022-04-13", *options)
    assert code == 1
    assert message in out
    assert path.read_bytes() == before
