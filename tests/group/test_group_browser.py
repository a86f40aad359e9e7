"""The group pages in a real browser: Debian's headless Chromium lays them out and draws them.

Set ``CAREPLANNER_UPDATE_SCREENSHOT=1`` to refresh ``docs/images/group-plan-en.png`` and
``docs/images/group-evaluation.png``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from careplanner.group import (
    GroupWork,
    Resident,
    evaluate_group,
    evaluation_html,
    load_sessions,
    work_html,
)

from ..browser import axe_violations, console_errors, describe, open_page, png_size

WIDTH, HEIGHT = 1000, 1400
DOCS = Path(__file__).resolve().parents[2] / "docs" / "images"
SHOWN = ("group-plan-en.png", "group-evaluation.png")  # in the README


def shot(driver: Any, html: str, folder: Path, name: str) -> Path:
    """Open `html` at the README's width and save the first screen of it."""
    driver.set_window_size(WIDTH, HEIGHT)
    open_page(driver, html, folder)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * WIDTH - inner[0], 2 * HEIGHT - inner[1])
    png = folder / name
    driver.save_screenshot(str(png))
    if os.environ.get("CAREPLANNER_UPDATE_SCREENSHOT") == "1" and name in SHOWN:
        shutil.copyfile(png, DOCS / name)
    return png


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_browser_shows_the_group_plan_plainly_and_accessibly(
    browser: Any, work: GroupWork, tmp_path: Path, lang: str
) -> None:
    png = shot(browser, work_html(work, lang), tmp_path, f"group-plan-{lang}.png")  # type: ignore[arg-type]
    assert console_errors(browser) == []
    violations = axe_violations(browser)
    assert violations == [], describe(violations)
    header = browser.find_element("css selector", "header.top .confidential")
    assert header.is_displayed() and header.text in ("Confidential", "保密")
    appendix = browser.find_element("id", "details")
    screening = browser.find_element("id", "screening")
    assert appendix.location["y"] > screening.location["y"]
    assert png_size(png) == (WIDTH, HEIGHT)


def test_browser_shows_the_group_evaluation(
    browser: Any, residents: tuple[Resident, ...], after: tuple[Resident, ...], tmp_path: Path
) -> None:
    evaluation = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    png = shot(browser, evaluation_html(evaluation, "en"), tmp_path, "group-evaluation.png")
    assert console_errors(browser) == []
    violations = axe_violations(browser)
    assert violations == [], describe(violations)
    tables = browser.find_elements("css selector", "table")
    assert len(tables) == 2 and all(t.size["width"] <= WIDTH for t in tables)
    assert png_size(png) == (WIDTH, HEIGHT)


@pytest.mark.parametrize("name", SHOWN)
def test_docs_group_screenshots_are_committed_at_readme_width(name: str) -> None:
    assert png_size(DOCS / name) == (WIDTH, HEIGHT)
