"""Render a plan report as one self-contained HTML file or as GitHub-flavoured Markdown.

Both formats come from jinja2 templates in ``templates/`` over the same `Report`. HTML is
autoescaped; the only markup inserted as is are the ecomaps drawn by
`careplanner.network.ecomap_svg`. In Markdown every value is escaped for Markdown and HTML,
so a client's free text (a label, a note) can neither add markup nor a link.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from careplanner._content._scope import using
from careplanner._content._vocab import check_language
from careplanner._sources import cited_in
from careplanner.assess import AssessmentResult, Reassessment
from careplanner.errors import ReportError, UnknownCodeError
from careplanner.models import Case, Language
from careplanner.report._brief import build_brief
from careplanner.report._logic import Sheet, build_sheet
from careplanner.report._text import Words
from careplanner.report._view import Report, build_report
from careplanner.rules import RulePack

if TYPE_CHECKING:
    from careplanner._content._content import Content

_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|#&])")


def render_html(
    case: Case,
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    show_identity: bool = False,
    reassessment: Reassessment | None = None,
    show_notes: bool = False,
    brief: bool = False,
    content: Content | None = None,
) -> str:
    """Return the plan report as one self-contained HTML page.

    Parameters
    ----------
    case : Case
        The case `result` was assessed from (for the support maps and, if asked, names).
    result : AssessmentResult
        ``careplanner.assess.assess(case, ...)``.
    lang : {"zh-CN", "en"}, optional
        The report's language; the client's language by default.
    show_identity : bool
        Show the client's and contacts' names; off by default (pseudonymous ids and labels).
    reassessment : Reassessment, optional
        ``careplanner.assess.reassess(case)``: adds scores before and after, objectives met,
        both maps side by side and the closure verdict.
    show_notes : bool
        Show the worker's observations and reflections on each delivered session; off by
        default (they are the worker's private notes).
    brief : bool
        The brief plan instead: at most two A4 pages to hand over and sign (client summary,
        safety box, needs with a one-line why, stages, next steps, ecomap, signature block).
        A re-assessment is not part of it (`ReportError` if both are given).
    content : careplanner.Content, optional
        The content the result was assessed on (scale names, plan catalogue); the bundled
        one by default.

    Returns
    -------
    str
        HTML5 with inline CSS and inline SVG: no script, font or file is fetched.

    Raises
    ------
    ReportError
        `brief` together with a `reassessment`.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> case = load_case("example:living-alone-crisis")
    >>> page = render_html(case, assess(case), lang="en")
    >>> page.index('id="safety"') < page.index('id="client"')
    True
    >>> brief = render_html(case, assess(case), lang="en", brief=True)
    >>> brief.index('id="safety"') < brief.index('id="signatures"')
    True
    """
    return _report_page(
        "html", case, result, lang, show_identity, reassessment, show_notes, brief, content
    )


def render_markdown(
    case: Case,
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    show_identity: bool = False,
    reassessment: Reassessment | None = None,
    show_notes: bool = False,
    brief: bool = False,
    ecomap_link: str | None = None,
    content: Content | None = None,
) -> str:
    """Return the plan report as GitHub-flavoured Markdown, with the content of `render_html`.

    The Markdown lists the ties of the ecomap as a table. Parameters as `render_html`, and:

    Parameters
    ----------
    ecomap_link : str, optional
        Where the ecomap picture is (e.g. ``plan.ecomap.svg`` written beside the Markdown,
        as ``careplanner report -o plan.md`` does): the Markdown shows it as an image there.
        Without it the Markdown says that the picture is in the HTML report.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> case = load_case("example:shidu-mother")
    >>> text = render_markdown(case, assess(case, "intake"), lang="en")
    >>> text.splitlines()[0]
    '# Bereaved only-child mother, from the casework paper (intake and closure)'
    """
    return _report_page(
        "md",
        case,
        result,
        lang,
        show_identity,
        reassessment,
        show_notes,
        brief,
        content,
        ecomap_link,
    )


def _report_page(
    kind: Literal["html", "md"],
    case: Case,
    result: AssessmentResult,
    lang: Language | None,
    show_identity: bool,
    reassessment: Reassessment | None,
    show_notes: bool,
    brief: bool,
    content: Content | None,
    ecomap_link: str | None = None,
) -> str:
    """The full report or the brief plan as HTML (``html``) or Markdown (``md``)."""
    if brief and reassessment is not None:
        raise ReportError("the brief plan shows one assessment: pass reassessment=None")
    words = Words(check_language(lang or result.client.language))
    with using(content):
        report = build_report(
            case,
            result,
            words,
            show_identity=show_identity,
            reassessment=reassessment,
            show_notes=show_notes,
            ecomap_link=ecomap_link,
        )
        if brief:
            view = build_brief(case, result, report, words)
            template = _environment(kind).get_template(f"brief.{kind}.j2")
            return template.render({"b": view, "r": report, "t": words})
        return _render(kind, f"report.{kind}.j2", report, words)


def render_logic_sheet(
    pack: RulePack | None = None,
    *,
    lang: Language | None = None,
    fmt: str = "html",
    content: Content | None = None,
) -> str:
    r"""Return the printable assessment-logic sheet of a rule pack.

    Every rule as a sentence with its thresholds (basis labelled), every threshold with its
    value and source, every intervention and ordering -- a trainer's handout.

    Parameters
    ----------
    pack : RulePack, optional
        The pack of `content` (the bundled default) when not given.
    lang : {"zh-CN", "en"}, optional
        Chinese by default.
    fmt : {"html", "md"}
        A self-contained HTML page, or GitHub-flavoured Markdown.
    content : careplanner.Content, optional
        The content to render from (`careplanner.load_content`); the bundled one by default.

    Raises
    ------
    UnknownCodeError
        `fmt` or `lang` is not one of the allowed values.

    Examples
    --------
    >>> sheet = render_logic_sheet(lang="en", fmt="md")
    >>> rule = next(line for line in sheet.splitlines() if "phq9_item9_positive" in line)
    >>> print(rule.replace("\\", "").split(" *(")[0])
    - **phq9_item9_positive**: Flag it (high) when PHQ-9 item 9 > 0 [phq9_item9_any, convention].
    """
    if fmt not in ("html", "md"):
        raise UnknownCodeError("fmt", fmt, ["html", "md"])
    with using(content):
        sheet = build_sheet(pack, lang)
        words = Words(check_language(sheet.lang))
        return _render(fmt, f"logic.{fmt}.j2", sheet, words)


def _render(kind: str, name: str, view: Report | Sheet, words: Words) -> str:
    """Render `view`, then again with the full reference of every key the page cites."""
    template = _environment(kind).get_template(name)
    name_in_template = "r" if isinstance(view, Report) else "s"
    page = template.render({name_in_template: view, "t": words})
    references = cited_in(page.replace("\\", ""))
    if not references:
        return page
    return template.render({name_in_template: replace(view, references=references), "t": words})


def render_group_page(page: object) -> str:
    """Render a group-work page (`careplanner.group`) on the report's template and styles.

    `page` is a ``careplanner.group._html.Page``; the template escapes every value in it.
    """
    return _environment("html").get_template("group.html.j2").render(p=page)


def markdown_escape(value: object) -> Markup:
    r"""Escape a value for Markdown: a backslash before punctuation that could start markup.

    Line breaks become spaces, so a value cannot end a table row or start a block.

    Examples
    --------
    >>> print(markdown_escape("<b>hi</b> | [x](y)"))
    \<b\>hi\</b\> \| \[x\](y)
    """
    if isinstance(value, Markup):
        return value
    text = _LINE_BREAK.sub(" ", str(value)) if value is not None else ""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


_CHINESE = re.compile(r"[\u3400-\u9fff]")


@cache
def _environment(kind: str) -> Environment:
    """The jinja2 environment for ``html`` (HTML-escaped) or ``md`` (Markdown-escaped)."""
    environment = Environment(
        loader=PackageLoader("careplanner.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_escape if kind == "md" else None,
    )
    environment.filters["language_of"] = language_of
    return environment


def language_of(text: str) -> str:
    """``zh-CN`` for a text with Chinese in it, else ``en``: the ``lang`` of a part of a page
    (a reference to a work in English inside a Chinese report, WCAG 2.1 criterion 3.1.2).

    Examples
    --------
    >>> language_of("Reid WJ (1972). Task-Centered Casework."), language_of("城市失独老人个案介入")
    ('en', 'zh-CN')
    """
    return "zh-CN" if _CHINESE.search(text) else "en"
