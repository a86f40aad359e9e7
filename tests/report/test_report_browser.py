"""The HTML report in a real browser: Debian's headless Chromium loads, lays out and draws it.

Chromium runs with a fresh profile and no network (every host name fails to resolve), so a
page that needed anything from outside would show it. Console messages are logged to
standard error as ``CONSOLE`` lines; the report has no script, so there must be none.

Set ``CAREPLANNER_UPDATE_SCREENSHOT=1`` to refresh ``docs/images/report-seed.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from careplanner.report import render_html

from ..browser import png_size
from .report_pages import body, case, intake, parse, seed_reassessment

CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1000, 1500
DOCS_IMAGE = Path(__file__).resolve().parents[2] / "docs" / "images" / "report-seed.png"


def chromium() -> str:
    found = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if found is None:
        pytest.fail("Chromium is not installed: run `make system` (Debian chromium and fonts)")
    return found


def load(page: str, tmp_path: Path) -> tuple[str, list[str], Path]:
    """Open `page` in headless Chromium; return the DOM, console lines and a screenshot."""
    html, png = tmp_path / "page.html", tmp_path / "page.png"
    html.write_text(page, encoding="utf-8")
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
        "--force-device-scale-factor=1", f"--window-size={WIDTH},{HEIGHT}",
        "--enable-logging=stderr", "--v=0", "--dump-dom", f"--screenshot={png}", html.as_uri(),
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console, png


def test_browser_console_check_catches_a_script_error(tmp_path):
    """The check below is real: a page that logs an error is caught."""
    _, console, _ = load("<p>x</p><script>console.error('boom')</script>", tmp_path)
    assert any("boom" in line for line in console)


def test_browser_shows_the_seed_plan_table_without_console_errors(tmp_path):
    seed = "shidu-mother"
    page = render_html(case(seed), intake(seed), reassessment=seed_reassessment())
    dom, console, png = load(page, tmp_path)
    assert console == []
    tree = parse(dom)
    table = next(t for t in tree.all("table") if "plan" in t.classes)
    assert len(table.all("tbody")[0].all("tr", cls="stage")) == 5
    assert len(tree.by_id("ecomap").all("svg")) == 1
    assert png_size(png) == (WIDTH, HEIGHT)
    if os.environ.get("CAREPLANNER_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(png, DOCS_IMAGE)


def test_browser_shows_the_safety_banner_first_in_a_crisis(tmp_path):
    crisis = "living-alone-crisis"
    dom, console, png = load(render_html(case(crisis), intake(crisis), lang="en"), tmp_path)
    assert console == []
    first = body(dom).elements()[0]
    assert (first.tag, first.attrs.get("id")) == ("section", "safety")
    assert "Same-day referral" in first.text()
    assert png.stat().st_size > 10_000  # drawn, not blank


def test_docs_screenshot_is_committed_at_readme_width():
    assert png_size(DOCS_IMAGE) == (WIDTH, HEIGHT)
