"""`careplanner group session add` and `careplanner group adjust`, run as a worker runs them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner.cli import app
from careplanner.group import load_session_log
from careplanner.group._residents import example_text

from ..cli_text import one_line

runner = CliRunner()


@pytest.fixture
def running(tmp_path: Path) -> Path:
    """The example group's record after five sessions, with comments and an empty list."""
    text = example_text("sessions")
    cut = text.index("  - number: 6")
    path = tmp_path / "g2.yaml"
    path.write_text(text[:cut] + "# sessions end here\n\nadjustments: []  # none yet\n", "utf-8")
    return path


def add(path: Path, *extra: str) -> list[str]:
    return ["group", "session", "add", str(path), "--worker", "sw-05", *extra]


def test_session_add_appends_the_record_and_keeps_every_other_byte(running: Path) -> None:
    before = running.read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        add(
            running,
            "--date",
            "2025-05-12",
            "--attended",
            "r03,r04,r06,r07,r11",
            "--theme",
            "may_leave",
            "--note",
            "r07:self_esteem,mutual_help",
            "--lang",
            "en",
        ),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recorded session 6 of hepingli-g2 (2025-05-12, 5 came)")
    after = running.read_text(encoding="utf-8")
    head = before[: before.index("# sessions end here")]
    assert after.startswith(head)  # comments and earlier records untouched
    assert after.endswith("# sessions end here\n\nadjustments: []  # none yet\n")
    log = load_session_log(running)
    record = log.sessions[-1]
    assert (record.number, str(record.date), record.worker) == (6, "2025-05-12", "sw-05")
    assert record.themes == ("may_leave",)
    assert record.notes[0].themes == ("self_esteem", "mutual_help")
    assert not list(running.parent.glob(".g2.yaml.*"))  # no temporary file left behind


def test_session_add_speaks_chinese_by_default(running: Path) -> None:
    result = runner.invoke(
        app, add(running, "--date", "2025-05-12", "--attended", "r03", "--left", "r10:health")
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已记录 hepingli-g2 第 6 节（2025-05-12，出席 1 人）")
    assert load_session_log(running).sessions[-1].left[0].reason == "health"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "2025-05-01", "--attended", "r03"], "'--date' must be one of ['2025-05-05"),
        (["--date", "2025-05-12", "--attended", "r03,zz"], "'attended' must be one of ['r03'"),
        (["--date", "2025-05-12", "--attended", "r03", "--number", "8"], "'--number'"),
        (["--date", "12/05/2025", "--attended", "r03"], "'--date' must be one of ['a date"),
        (["--date", "2025-05-12", "--attended", "r03", "--theme", "joy"], "'themes'"),
        (["--date", "2025-05-12", "--attended", "r03", "--left", "r10:bored"], "'left.reason'"),
        (["--date", "2025-05-12", "--attended", "r03", "--emerged", "r03:sad"], "'emerged.need'"),
        (["--date", "2025-05-12", "--attended", "r03", "--note", "r03"], "MEMBER:THEMES"),
    ],
)
def test_session_add_refuses_a_bad_record_and_leaves_the_file_alone(
    running: Path, extra: list[str], message: str
) -> None:
    before = running.read_bytes()
    result = runner.invoke(app, add(running, *extra))
    wrong_form = "12/05/2025" in extra  # an option value of the wrong form is wrong usage
    assert result.exit_code == (2 if wrong_form else 1)
    assert message in one_line(result.stderr)
    assert "Traceback" not in result.output
    assert running.read_bytes() == before


def test_adjust_records_the_workers_choice_and_replans(running: Path) -> None:
    args = ["group", "adjust", "example:residents", str(running), "--worker", "sw-05"]
    result = runner.invoke(app, [*args, "--on", "2025-05-06", "--choose", "9=reminiscence"])
    assert result.exit_code == 0, result.output
    assert "社工指定了以下节次的活动（9=reminiscence）" in result.stdout
    assert "出现新的需要（r11：数字排斥）" in result.stdout  # emerged in session 5
    log = load_session_log(running)
    assert [(str(a.date), a.worker, a.after_session, a.choose) for a in log.adjustments] == [
        ("2025-05-06", "sw-05", 5, {9: "reminiscence"})
    ]
    assert "adjustments:  # none yet\n  - date: 2025-05-06\n" in running.read_text("utf-8")


def test_adjust_replays_earlier_adjustments_and_reports_json(running: Path) -> None:
    args = ["group", "adjust", "example:residents", str(running), "--worker", "sw-05"]
    runner.invoke(app, [*args, "--on", "2025-05-06", "--choose", "9=reminiscence"])
    result = runner.invoke(app, [*args, "--on", "2025-05-07", "--format", "json"])
    assert result.exit_code == 0, result.output
    programme = json.loads(result.stdout)
    assert programme["chosen"] == {"9": "reminiscence"}
    assert programme["sessions"][8]["activity"] == "reminiscence"
    workers = {c["worker"] for c in programme["changes"]}
    assert workers == {"sw-05"}
    assert len(load_session_log(running).adjustments) == 2


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("9=closing_ritual", "'choose.9' must be one of ['arts_and_writing'"),
        ("3=singing", "'choose' session must be from 6 to 12"),
        ("nine=singing", "'--choose' must be one of ['SESSION=ACTIVITY"),
    ],
)
def test_adjust_refuses_a_choice_that_does_not_fit(
    running: Path, choice: str, message: str
) -> None:
    before = running.read_bytes()
    args = ["group", "adjust", "example:residents", str(running), "--worker", "sw-05"]
    result = runner.invoke(app, [*args, "--choose", choice, "--lang", "en"])
    assert result.exit_code == 1
    assert message in result.stderr
    assert running.read_bytes() == before


def test_adjust_names_the_groups_when_the_file_has_another(running: Path) -> None:
    text = running.read_text("utf-8").replace("group: hepingli-g2", "group: hepingli-g9")
    running.write_text(text, "utf-8")
    args = ["group", "adjust", "example:residents", str(running), "--worker", "sw-05"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "must be one of ['hepingli-g1', 'hepingli-g2'], got 'hepingli-g9'" in result.stderr


def test_examples_lists_the_group_files() -> None:
    result = runner.invoke(app, ["examples"])
    assert result.exit_code == 0
    rows = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"residents", "after", "sessions"} <= set(rows)


def test_evaluate_counts_notes_with_the_workers_own_codebook(tmp_path: Path) -> None:
    book = tmp_path / "codes.yaml"
    book.write_text(
        "id: ours\nversion: 1\nsource: our team\nthemes:\n"
        "  - {code: mutual_help, area: outcome, label: {en: helping each other, zh-CN: 互助}}\n",
        encoding="utf-8",
    )
    args = ["group", "evaluate", "example:residents", "example:after"]
    refused = runner.invoke(app, [*args, "--sessions", "example:sessions", "--themes", str(book)])
    assert refused.exit_code == 1  # the example's notes use codes this codebook lacks
    assert "must be one of ['mutual_help']" in refused.stderr
    bundled = resources.files("careplanner.group").joinpath("themes.yaml").read_text("utf-8")
    book.write_text(bundled.replace("id: group_themes", "id: ours"), encoding="utf-8")
    result = runner.invoke(app, [*args, "--themes", str(book), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "worker's codes (ours@1)" in result.stdout
