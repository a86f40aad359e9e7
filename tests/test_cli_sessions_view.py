"""Sessions delivered and due, shown by assess, report (HTML and Markdown) and the JSON result."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from careplanner import load_case
from careplanner.cli import app

runner = CliRunner()
SEED = "example:shidu-mother"
REFLECTION = load_case(SEED).sessions[0].reflection or ""


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_assess_shows_each_delivered_session_with_date_minutes_and_content() -> None:
    text = _run("assess", SEED, "--at", "intake", "--lang", "en")
    section = text[text.index("Sessions delivered and due") : text.index("Support network")]
    assert "7 of 7 sessions delivered (570 minutes recorded)" in section
    assert "2022-03-22   60" in section
    assert "Stage 2 (2 of 2" in section
    assert "Every planned session is delivered." in section
    assert "2022-09-14 (3 months after the last session)" in section
    assert "2023-03-14 (9 months after the last session)" in section
    assert REFLECTION[:6] not in text
    assert "--show-notes" in section


def test_assess_shows_reflections_only_with_show_notes() -> None:
    text = _run("assess", SEED, "--at", "intake", "--lang", "en", "--show-notes")
    assert "Reflection:" in text
    assert REFLECTION[:6] in text


def test_assess_shows_the_next_session_due_on_a_new_plan() -> None:
    text = _run("assess", "example:living-alone-crisis", "--lang", "en")
    section = text[text.index("Sessions delivered and due") :]
    assert "0 of " in section
    # the crisis stage falls due on the assessment's date
    assert "Next session due: 2025-01-10: Stage 1" in " ".join(section.split())


def test_assess_json_carries_the_schedule_and_the_sessions_without_notes() -> None:
    result = json.loads(_run("assess", SEED, "--at", "intake", "--format", "json"))
    assert result["result_format"] == 1
    assert [s["date"] for s in result["plan"]["sessions"]][:2] == ["2022-03-08", "2022-03-15"]
    assert {s["reflection"] for s in result["plan"]["sessions"]} == {None}
    schedule = result["schedule"]
    assert schedule["start"] == "2022-03-08"
    assert [f["date"] for f in schedule["follow_up"]] == ["2022-09-14", "2023-03-14"]
    assert all(s["delivered"] for s in schedule["sessions"])


class _Sessions(HTMLParser):
    """Collect the text of the cells of the sessions table."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.cells = False, []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "sessions") in attrs:
            self.inside = True
        elif tag == "td" and self.inside:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.cells:
            self.cells[-1] += data


def test_report_html_has_the_sessions_table_and_follow_up_dates(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    _run("report", SEED, "-o", str(out), "--at", "intake", "--lang", "en")
    page = out.read_text(encoding="utf-8")
    parser = _Sessions()
    parser.feed(page)
    assert "2022-04-26" in parser.cells and "120" in parser.cells
    assert parser.cells.count("delivered") == 7
    assert '<section id="sessions">' in page
    assert page.index('id="plan"') < page.index('id="sessions"') < page.index('id="network"')
    assert "2022-09-14 (3 months after the last session)" in page
    assert REFLECTION[:6] not in page


def test_report_markdown_shows_reflections_with_show_notes(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    _run("report", SEED, "-o", str(out), "--at", "intake", "--lang", "en", "--show-notes")
    text = out.read_text(encoding="utf-8")
    assert "## Sessions delivered and due" in text
    assert "| 2 | 2022-03-22 | delivered | 60 |" in text
    assert f"**Reflection**: {REFLECTION}" in text


def test_report_compare_shows_the_intake_plans_sessions(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    _run("report", SEED, "-o", str(out), "--compare", "--lang", "zh-CN")
    text = out.read_text(encoding="utf-8")
    assert "已完成 7/7 次会谈（记录时长 570 分钟）" in text
    assert "2022-09-14（末次会谈后 3 个月）" in text
