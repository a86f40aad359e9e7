"""The report and the logic sheet are accessible (WCAG 2.1 AA), in both languages.

axe-core runs its WCAG 2.0/2.1 A and AA rules on each page in Debian's headless Chromium, on
screen and as printed; the report and the sheet must have no serious or critical violation.
Landmarks, labelled tables and the ecomap's text alternative are checked directly too.

Set ``CAREPLANNER_UPDATE_SCREENSHOT=1`` to refresh the screenshots in ``docs/images/``
(``report-zh-CN.png``, ``report-en.png``, ``logic-zh-CN.png``, ``logic-en.png``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from careplanner.report import render_html, render_logic_sheet

from ..browser import axe_violations, console_errors, describe, open_page, png_size
from .report_pages import case, intake, parse, seed_reassessment

LANGS = ("zh-CN", "en")
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@cache
def page(kind: str, lang: str) -> str:
    """The seed's report with its re-assessment, or the logic sheet, in `lang`."""
    if kind == "logic":
        return render_logic_sheet(None, lang=lang, fmt="html")  # type: ignore[arg-type]
    seed = "shidu-mother"
    return render_html(case(seed), intake(seed), lang=lang, reassessment=seed_reassessment())  # type: ignore[arg-type]


def _show(browser: Any, html: str, folder: Path, media: str = "screen") -> None:
    open_page(browser, html, folder)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["report", "logic"])
def test_axe_finds_no_serious_violation_in_the_report_or_the_logic_sheet(
    browser: Any, tmp_path: Path, kind: str, lang: str, media: str
) -> None:
    _show(browser, page(kind, lang), tmp_path, media)
    violations = axe_violations(browser)
    assert violations == [], describe(violations)
    assert console_errors(browser) == []


def test_axe_check_finds_what_the_report_must_not_have(browser: Any, tmp_path: Path) -> None:
    """The check above is real: unlabelled form fields and faint text are found."""
    faint = (
        '<html lang="en"><body><main><p style="color:#ccc;background:#fff">faint</p>'
        '<input type="text"></main></body></html>'
    )
    _show(browser, faint, tmp_path)
    found = {v["id"] for v in axe_violations(browser)}
    assert {"color-contrast", "label"} <= found


@pytest.mark.parametrize("lang", LANGS)
def test_report_has_landmarks_labelled_tables_and_a_text_ecomap(lang: str) -> None:
    tree = parse(page("report", lang))
    assert len(tree.all("main")) == 1 and len(tree.all("footer")) == 1
    for table in tree.all("table"):
        assert "aria-labelledby" in table.attrs or "aria-label" in table.attrs, table.attrs
    ecomap = tree.by_id("ecomap")
    assert ecomap.attrs["role"] == "figure" and ecomap.attrs["aria-describedby"] == "ecomap-text"
    rows = tree.by_id("ecomap-text").all("tbody")[0].all("tr")
    assert rows and all(len(row.all("td")) == 6 for row in rows)


def test_report_marks_english_references_in_a_chinese_page() -> None:
    tree = parse(page("report", "zh-CN"))
    langs = {li.attrs["id"]: li.attrs["lang"] for li in tree.by_id("references").all("li")}
    assert langs["ref-shidu-casework"] == "zh-CN"  # its title holds the Chinese title
    assert langs["ref-kroenke2001"] == "en"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["report", "logic"])
def test_screenshot_of_each_page_in_each_language(
    browser: Any, tmp_path: Path, kind: str, lang: str
) -> None:
    _show(browser, page(kind, lang), tmp_path)
    shot = tmp_path / "shot.png"
    shot.write_bytes(browser.get_screenshot_as_png())
    width, height = png_size(shot)
    assert width == 1280 and height > 600
    assert browser.find_element("css selector", "html").get_attribute("lang") == lang
    if os.environ.get("CAREPLANNER_UPDATE_SCREENSHOT") == "1":
        (DOCS_IMAGES / f"{kind}-{lang}.png").write_bytes(shot.read_bytes())
