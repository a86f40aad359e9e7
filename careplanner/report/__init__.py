"""Reports of an assessment: the plan report (HTML, Markdown), terminal views, logic sheet.

See ``docs/report.md``.
"""

from careplanner.errors import ReportError
from careplanner.report._explain import render_explanation
from careplanner.report._ics import render_ics
from careplanner.report._pdf import render_pdf
from careplanner.report._render import render_html, render_logic_sheet, render_markdown
from careplanner.report._terminal import (
    as_text,
    render_reassessment_terminal,
    render_schedule_terminal,
    render_terminal,
)
from careplanner.report._whatif import render_what_if

__all__ = [
    "ReportError",
    "as_text",
    "render_explanation",
    "render_html",
    "render_ics",
    "render_logic_sheet",
    "render_markdown",
    "render_pdf",
    "render_reassessment_terminal",
    "render_schedule_terminal",
    "render_terminal",
    "render_what_if",
]
