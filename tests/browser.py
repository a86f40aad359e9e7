"""Pages in a real browser: Debian's headless Chromium driven by Selenium through chromedriver.

Both come from Debian (packages ``chromium`` and ``chromium-driver``, installed by ``make
system``); nothing is downloaded. Chromium runs with a fresh profile and no network: every host
name fails to resolve, so a page that needed anything from outside would show it. Accessibility
is checked with axe-core, installed from the npm registry into ``tests/node_modules`` (pinned in
``tests/package.json``), injected into the page under test.

Tests take the ``browser`` fixture (``tests/conftest.py``) and use the helpers below.
"""

from __future__ import annotations

import base64
import json
import shutil
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTH, HEIGHT = 1280, 900
# The rules axe runs: WCAG 2.0 and 2.1, levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Chromium's own start-up noise on a closed network, not the page's.
BROWSER_NOISE = ("favicon.ico",)


def _found(path: str, name: str, package: str) -> str:
    found = shutil.which(name) or (path if Path(path).exists() else None)
    if found is None:
        pytest.fail(f"{name} is not installed: run `make system` (Debian {package})")
    return found


def options(profile: Path, width: int = WIDTH, height: int = HEIGHT) -> Any:
    """Chromium's options: headless, offline, a fresh profile, console logging on."""
    from selenium.webdriver.chrome.options import Options

    chrome = Options()
    chrome.binary_location = _found(CHROMIUM, "chromium", "chromium")
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}", f"--window-size={width},{height}",
    ):  # fmt: skip
        chrome.add_argument(flag)
    chrome.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return chrome


@contextmanager
def chromium(profile: Path, width: int = WIDTH, height: int = HEIGHT) -> Iterator[Any]:
    """A Selenium driver for headless Chromium; closed on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    service = Service(executable_path=_found(CHROMEDRIVER, "chromedriver", "chromium-driver"))
    driver = webdriver.Chrome(service=service, options=options(profile, width, height))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, html: str, folder: Path) -> None:
    """Write `html` to a file in `folder` and load it."""
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    driver.get(page.as_uri())


def console_errors(driver: Any) -> list[str]:
    """The SEVERE console entries logged since the last call (Chromium's noise left out)."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and not any(n in entry["message"] for n in BROWSER_NOISE)
    ]


def axe_violations(
    driver: Any, impacts: Sequence[str] = ("serious", "critical")
) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page; the violations of `impacts`."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make system`")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify(r.violations)),"
        "      e => done(JSON.stringify({error: String(e)})));",
        WCAG_AA,
    )
    violations = json.loads(found)
    if isinstance(violations, dict):
        raise RuntimeError(f"axe-core failed: {violations['error']}")
    return [v for v in violations if v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line a violation, with where it is: for an assertion message."""
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


def screenshot(driver: Any, path: Path) -> Path:
    """A PNG of the whole page, however long, at the window's width."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def png_size(path: Path) -> tuple[int, int]:
    """The width and height a PNG file states."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
