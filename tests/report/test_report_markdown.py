"""render_markdown: the same report as GitHub-flavoured Markdown."""

from __future__ import annotations

import pytest

from careplanner.assess import assess
from careplanner.report import render_markdown
from careplanner.report._render import markdown_escape

from .report_pages import case, case_with, intake, seed_reassessment

SEED = "shidu-mother"


@pytest.fixture(scope="module")
def seed_md() -> str:
    return render_markdown(case(SEED), intake(SEED), lang="en", reassessment=seed_reassessment())


def table_after(text: str, header: str) -> list[list[str]]:
    """The body rows of the table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_render_markdown_plan_table_has_five_stages_with_sessions(seed_md):
    rows = table_after(seed_md, "| Stage | Sessions |")
    assert [row[0].split("**")[1] for row in rows] == [f"Stage {n}" for n in range(1, 6)]
    assert [row[1] for row in rows] == ["1", "2", "2", "1", "1"]
    assert all(len(row) == 6 for row in rows)


def test_render_markdown_carries_the_reports_sections(seed_md):
    for heading in (
        "## Client",
        "## Scale scores",
        "## Flagged needs",
        "## Staged care plan",
        "### Follow-up after closure",
        "## Support network",
        "## Re-assessment and closure",
        "## Why these needs were flagged",
        "## Sources of the thresholds",
    ):
        assert f"\n{heading}\n" in seed_md
    assert "The ecomap picture is in the HTML report" in seed_md
    assert "| sister | sibling | dormant | 4 | 0.5 | - |" in seed_md


def test_render_markdown_labels_convention_thresholds(seed_md):
    assert "SSRS total 22 ≤ 22 (convention: SSRS \\<= 22" in seed_md
    assert "— **convention** [2]" in seed_md


def test_render_markdown_leads_with_the_safety_callout_in_a_crisis():
    crisis = "living-alone-crisis"
    text = render_markdown(case(crisis), intake(crisis), lang="en")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[2] == "> [!CAUTION]"
    assert lines[3].startswith("> **⚠ Safety first.** A safety signal was found.")
    assert text.index("Same-day referral") < text.index("## Client")


def test_render_markdown_shows_no_name_unless_asked(seed_md):
    assert "张女士" not in seed_md
    named = render_markdown(case(SEED), intake(SEED), show_identity=True)
    assert "张女士" in named


def test_render_markdown_escapes_markup_and_table_breaks_in_free_text():
    label = "<script>x</script> | [link](javascript:y)\n# heading"

    def inject(data):
        data["contacts"][1]["label"] = {"en": label, "zh-CN": label}

    hostile = case_with(SEED, inject)
    text = render_markdown(hostile, assess(hostile, "intake"), lang="en")
    escaped = "\\<script\\>x\\</script\\> \\| \\[link\\](javascript:y) \\# heading"
    assert escaped in text
    assert "<script" not in text.replace("\\<script", "")
    row = next(line for line in text.splitlines() if line.startswith(f"| {escaped}"))
    assert row.count(" | ") == 5  # the six cells of the ties table, no more


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("plain text", "plain text"),
        ("a_b", "a_b"),
        ("*bold*", "\\*bold\\*"),
        ("x & y", "x \\& y"),
        ("one\ntwo", "one two"),
        ("`code`", "\\`code\\`"),
    ],
)
def test_markdown_escape_neutralises_markdown_and_html(value, escaped):
    assert str(markdown_escape(value)) == escaped
