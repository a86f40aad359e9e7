"""The report and the brief plan on a phone: 420 CSS pixels wide, nothing wider than the screen.

The brief, a new page, is also checked with axe-core there.

Chromium's window cannot be narrower than 500 px, so the page's viewport is set to 420 px
through the DevTools protocol. A wide table may scroll inside itself; the page may not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careplanner.report import render_html

from ..browser import axe_violations, chromium, console_errors, describe, open_page
from .report_pages import EXAMPLES, case, intake, seed_reassessment

SEED_EXAMPLE, CRISIS_EXAMPLE, _ = EXAMPLES
WIDTH = 420
#: What sticks out past the viewport, outside any element that scrolls on its own.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const out = [];
for (const el of document.querySelectorAll('body *')) {
  let inner = el.parentElement;
  while (inner && getComputedStyle(inner).overflowX === 'visible') inner = inner.parentElement;
  if (inner && inner !== document.body && inner !== document.documentElement) continue;
  if (el.getBoundingClientRect().right > width + 0.5) out.push(el.tagName + '#' + el.id);
}
return [width, document.documentElement.scrollWidth, out.slice(0, 10)];
"""


@pytest.fixture(scope="module")
def narrow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    folder = tmp_path_factory.mktemp("narrow")
    with chromium(folder / "profile") as driver:
        metrics = {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        yield driver, folder


def page(example: str, lang: str, brief: bool) -> str:
    later = seed_reassessment() if example == SEED_EXAMPLE and not brief else None
    return render_html(case(example), intake(example), lang=lang, brief=brief, reassessment=later)


@pytest.mark.parametrize("brief", [False, True], ids=["report", "brief"])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("example", [SEED_EXAMPLE, CRISIS_EXAMPLE])
def test_page_at_420_px_has_no_horizontal_overflow(narrow, example, lang, brief):
    driver, folder = narrow
    open_page(driver, page(example, lang, brief), folder)
    width, scroll_width, sticking_out = driver.execute_script(OVERFLOW)
    assert width == WIDTH
    assert (scroll_width, sticking_out) == (WIDTH, [])
    assert console_errors(driver) == []


def test_stage_table_at_420_px_is_one_card_a_stage_with_labelled_cells(narrow):
    driver, folder = narrow
    open_page(driver, page(SEED_EXAMPLE, "en", False), folder)
    cards = driver.execute_script(
        "const rows = [...document.querySelectorAll('table.plan tbody tr')];"
        "return rows.map(r => [getComputedStyle(r).display, r.getBoundingClientRect().width,"
        " getComputedStyle(r.cells[1], '::before').content]);"
    )
    assert len(cards) == 5
    assert {display for display, _, _ in cards} == {"block"}
    assert all(width <= WIDTH for _, width, _ in cards)
    assert {label for _, _, label in cards} == {'"Sessions"'}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_brief_at_420_px_has_no_accessibility_violation(narrow, lang):
    """axe-core's WCAG 2.1 A/AA rules, every impact, on the brief of the crisis example."""
    driver, folder = narrow
    open_page(driver, page(CRISIS_EXAMPLE, lang, True), folder)
    found = axe_violations(driver, impacts=("minor", "moderate", "serious", "critical"))
    assert found == [], describe(found)
