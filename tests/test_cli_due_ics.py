"""`careplanner due --ics`: a valid RFC 5545 calendar of the sessions due and the follow-ups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from typer.testing import CliRunner

from careplanner import load_case
from careplanner.cli import app
from careplanner.report._ics import escape, fold

runner = CliRunner()
CRISIS = "example:living-alone-crisis"


def _ics(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "due.ics"
    result = runner.invoke(app, ["due", CRISIS, "--ics", str(out), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_due_ics_parses_back_with_one_event_per_session_due_and_follow_up(
    tmp_path: Path,
) -> None:
    raw = _ics(tmp_path)
    calendar = icalendar.Calendar.from_ical(raw)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 9 + 2  # nine sessions due, re-measures at 3 and 9 months
    starts = [e.decoded("DTSTART") for e in events]
    assert starts[:3] == [dt.date(2025, 1, 10), dt.date(2025, 1, 17), dt.date(2025, 1, 24)]
    assert starts[-2:] == [dt.date(2025, 7, 18), dt.date(2026, 1, 18)]
    first = events[0]
    assert str(first["SUMMARY"]) == (
        "alone-crisis-01: Stage 1 Crisis response: keep the client safe today, Session 1"
    )
    assert str(first["UID"]) == "alone-crisis-01.2025-01-10.crisis-1@careplanner"
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_due_ics_lines_are_crlf_and_folded_at_75_octets(tmp_path: Path) -> None:
    raw = _ics(tmp_path, "--lang", "zh-CN")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # Chinese summaries are folded
    for line in lines:
        line.decode("utf-8")  # no character split across a fold


def test_due_ics_is_the_same_file_every_time(tmp_path: Path) -> None:
    assert _ics(tmp_path) == _ics(tmp_path)


def test_due_ics_names_the_client_only_when_asked(tmp_path: Path) -> None:
    name = load_case(CRISIS).client.name or ""
    assert name.encode() not in _ics(tmp_path, "--lang", "zh-CN")
    shown = icalendar.Calendar.from_ical(_ics(tmp_path, "--lang", "zh-CN", "--show-identity"))
    assert str(next(iter(shown.walk("VEVENT")))["SUMMARY"]).startswith(f"{name}: ")


def test_due_ics_has_no_event_for_a_plan_whose_sessions_are_all_delivered(
    tmp_path: Path,
) -> None:
    out = tmp_path / "seed.ics"
    result = runner.invoke(app, ["due", "example:shidu-mother", "--ics", str(out)])
    assert result.exit_code == 0, result.output
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2022, 9, 14), dt.date(2023, 3, 14)]
    assert "reflection" not in out.read_text(encoding="utf-8").lower()


def test_escape_round_trips_through_an_independent_parser() -> None:
    text = "a; b, c\\d\nline two"
    line = fold(f"SUMMARY:{escape(text)}")
    raw = f"BEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\n".encode()
    assert str(icalendar.Event.from_ical(raw)["SUMMARY"]) == text


def test_fold_never_makes_a_line_longer_than_75_octets() -> None:
    for width in range(60, 200, 7):
        folded = fold("DESCRIPTION:" + "é会a" * width)
        assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
        assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é会a" * width
