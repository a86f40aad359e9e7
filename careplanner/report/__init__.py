"""Reports of an assessment: the plan report (HTML, Markdown), terminal views, logic sheet.

See ``docs/report.md``.
"""

from careplanner.report._render import render_html, render_markdown

__all__ = ["render_html", "render_markdown"]
