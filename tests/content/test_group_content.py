"""The group work's tables are content too: an overlay reaches them through the API and CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner import DataFileError, load_content
from careplanner.cli import app
from careplanner.group import (
    load_activities,
    load_residents,
    plan_groups,
    profile_residents,
    screen,
    work_text,
)

OVERLAY = Path(__file__).parent / "group_overlay"
MANIFEST = {"id": "x-agency", "version": "1"}
RESIDENTS = "example:residents"


def test_overlay_renames_a_group_activity_through_the_api() -> None:
    content = load_content(OVERLAY)
    assert list(content.group_data) == ["group/activities.yaml"]
    residents = load_residents(RESIDENTS)
    local = work_text(plan_groups(residents, content=content), "en", content=content)
    base = work_text(plan_groups(residents), "en")
    assert "Memory circle" in local and "Group reminiscence" not in local
    assert "Group reminiscence" in base and "Memory circle" not in base
    assert load_activities().activity("reminiscence").label["en"].startswith("Group remin")


def test_overlay_renames_a_group_activity_through_the_cli() -> None:
    runner = CliRunner()
    local = runner.invoke(
        app, ["group", "plan", RESIDENTS, "--lang", "en", "--content", str(OVERLAY)]
    )
    base = runner.invoke(app, ["group", "plan", RESIDENTS, "--lang", "en"])
    assert local.exit_code == 0 and base.exit_code == 0, local.output
    assert "Memory circle" in local.stdout and "Memory circle" not in base.stdout


def test_overlay_of_a_screening_rule_changes_the_decision() -> None:
    """A non-safety rule may change: here the table sends no one to a group."""
    change = {"rules": [{"id": "group_needs_flagged", "decision": "not_indicated"}]}
    content = load_content(overlay={"content.yaml": MANIFEST, "group/screening.yaml": change})
    profiles = profile_residents(load_residents(RESIDENTS))
    decisions = {d.decision for d in screen(profiles, content=content).decisions}
    assert "suitable" not in decisions
    assert "suitable" in {d.decision for d in screen(profiles).decisions}


@pytest.mark.parametrize(
    ("overlay", "message"),
    [
        ({"group/screening.yaml": {"rules": [{"id": "safety_first", "remove": True}]}},
         "group/screening.yaml: rules[id=safety_first]: is on the safety floor"),
        ({"group/composition.yaml": {"size": {"min": 50}}},
         "group/composition.yaml: size.min"),
        ({"rules/default.yaml": {"needs": {"loneliness": {"remove": True}},
                                 "thresholds": {"ucla3_lonely": {"remove": True},
                                                "ucla3_all_often": {"remove": True}}}},
         "group/screening.yaml: group_needs: unknown need 'loneliness' (checked against "
         "rules/default.yaml"),
    ],
)  # fmt: skip
def test_overlay_refused_when_the_group_tables_do_not_hold(
    overlay: dict[str, object], message: str
) -> None:
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_content(overlay={"content.yaml": MANIFEST, **overlay})
