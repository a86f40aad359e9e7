"""Group work through the command line, as a community worker runs it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from careplanner.cli import app

from .cli_text import one_line

runner = CliRunner()


def test_group_survey_counts_needs_and_writes_the_html_page(tmp_path: Path) -> None:
    page = tmp_path / "survey.html"
    result = runner.invoke(
        app, ["group", "survey", "example:residents", "-o", str(page), "--format", "json"]
    )
    assert result.exit_code == 0
    summary = json.loads(result.stdout)  # the page is announced on stderr
    assert summary["residents"] == 17
    assert "<svg" in page.read_text(encoding="utf-8")


def test_group_plan_routes_the_crisis_resident_to_casework() -> None:
    result = runner.invoke(app, ["group", "plan", "example:residents", "--lang", "en"])
    assert result.exit_code == 0
    line = next(text for text in result.stdout.splitlines() if text.strip().startswith("r13"))
    assert "Crisis referral and casework first" in line


def test_group_plan_json_keeps_groups_within_the_size_asked() -> None:
    result = runner.invoke(
        app,
        [
            "group",
            "plan",
            "example:residents",
            "--min",
            "5",
            "--max",
            "7",
            "--target",
            "6",
            "--format",
            "json",
        ],
    )
    work = json.loads(result.stdout)
    sizes = [len(g["members"]) for g in work["composition"]["groups"]]
    assert sizes and all(5 <= n <= 7 for n in sizes)


def test_group_plan_refuses_impossible_sizes_with_the_rule() -> None:
    result = runner.invoke(app, ["group", "plan", "example:residents", "--min", "12", "--max", "3"])
    assert result.exit_code == 2
    assert "2 <= min <= target <= max <= 30" in one_line(result.stderr)


def test_group_evaluate_reports_retention_and_new_ties() -> None:
    result = runner.invoke(
        app,
        [
            "group",
            "evaluate",
            "example:residents",
            "example:after",
            "--sessions",
            "example:sessions",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    assert "Retention: 5 of 6 who started" in result.stdout
    assert "Ties between members: 1 -> 5" in result.stdout


def test_group_evaluate_writes_the_evaluation_page(tmp_path: Path) -> None:
    page = tmp_path / "evaluation.html"
    args = ["group", "evaluate", "example:residents", "example:after"]
    result = runner.invoke(app, [*args, "--sessions", "example:sessions", "-o", str(page)])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<h1>小组成效评估</h1>" in html and "开始参加的 6 人中 5 人坚持到最后" in html
    assert "保留率" in result.stdout  # the terminal view still follows
