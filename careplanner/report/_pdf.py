"""Print a report to PDF with a headless Chromium: the HTML page, laid out for A4 by its CSS.

Why a browser: the PDF is then the page a worker sees on screen, printed by the engine that
drew it (the same CSS grid, inline SVG ecomap and score bars), and Chinese text is set with
the system's CJK fonts (Debian ``fonts-noto-cjk``). Chromium is one system package and adds
no Python dependency; WeasyPrint would need Pango and lays out CSS grid only in part, Typst
would need a second template for every page. The browser runs offline (every host name
fails to resolve) with a fresh profile, and the page has no script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.assess import AssessmentResult, Reassessment
from careplanner.errors import ReportError
from careplanner.models import Case, Language
from careplanner.report._render import render_html

if TYPE_CHECKING:
    from careplanner._content._content import Content

#: Environment variable naming the Chromium or Chrome program that prints PDFs.
BROWSER_VARIABLE = "CAREPLANNER_CHROMIUM"
#: Program names tried, in order, on the PATH.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds a browser may take to print one report.
PRINT_TIMEOUT = 180


def render_pdf(
    case: Case,
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    show_identity: bool = False,
    reassessment: Reassessment | None = None,
    show_notes: bool = False,
    brief: bool = False,
    content: Content | None = None,
) -> bytes:
    """Return the plan report (or with `brief` the brief plan) as an A4 PDF.

    Parameters as `careplanner.report.render_html`; the PDF is that page printed by a
    headless Chromium (see `find_browser`).

    Returns
    -------
    bytes
        A PDF document.

    Raises
    ------
    ReportError
        No Chromium or Chrome is installed, or it failed to print.
    """
    page = render_html(
        case,
        result,
        lang=lang,
        show_identity=show_identity,
        reassessment=reassessment,
        show_notes=show_notes,
        brief=brief,
        content=content,
    )
    return html_to_pdf(page)


def find_browser() -> str:
    """The browser that prints: ``$CAREPLANNER_CHROMIUM``, else the first of `BROWSER_NAMES`.

    Raises
    ------
    ReportError
        Names what to install (Debian: ``apt-get install chromium fonts-noto-cjk``).
    """
    configured = os.environ.get(BROWSER_VARIABLE)
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ReportError(
                f"{BROWSER_VARIABLE}={configured!r} is not an executable program: "
                "point it at a Chromium or Chrome browser"
            )
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise ReportError(
        "PDF output needs a Chromium or Chrome browser to print the page, and none was "
        f"found (looked for {', '.join(BROWSER_NAMES)}). Install one (Debian: apt-get install "
        f"chromium fonts-noto-cjk) or set {BROWSER_VARIABLE} to its path; or write .html and "
        "print it from a browser"
    )


def html_to_pdf(page: str) -> bytes:
    """Print a self-contained HTML page to PDF with a headless Chromium, offline.

    Raises
    ------
    ReportError
        No browser, or it failed or took longer than `PRINT_TIMEOUT` seconds.
    """
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="careplanner-pdf-") as folder:
        html, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        html.write_text(page, encoding="utf-8")
        command = [browser, *_flags(Path(folder) / "profile"), f"--print-to-pdf={pdf}"]
        try:
            done = subprocess.run(
                [*command, html.as_uri()],
                capture_output=True,
                timeout=PRINT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReportError(f"the browser took over {PRINT_TIMEOUT} s to print") from None
        if done.returncode != 0 or not pdf.exists():
            raise ReportError(f"the browser {browser} failed to print (exit {done.returncode})")
        return pdf.read_bytes()


def _flags(profile: Path) -> list[str]:
    """Headless, offline, a fresh profile, no header or footer on the printed pages."""
    flags = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to start as root otherwise
    return flags
