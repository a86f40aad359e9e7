"""Commands of casework: assess, report, ecomap, explain, whatif, compare, logic, demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

import typer

from careplanner.cli._common import (
    AtOption,
    CaseArgument,
    ContentOption,
    Detail,
    DetailOption,
    FormatOption,
    IdentityOption,
    LangOption,
    NotesOption,
    OutPath,
    OutputFormat,
    app,
    as_option,
    emit,
    epilog,
    is_stdout,
    output_kind,
    parse_at,
    print_json,
    read_case,
    run,
    show,
    speak,
    wrote,
)
from careplanner.errors import UnknownCodeError

if TYPE_CHECKING:
    from careplanner._content._language import Language
    from careplanner.assess import AssessmentChoice, AssessmentResult, Reassessment
    from careplanner.models import Assessment, Case

SEED = "example:shidu-mother"


@app.command("assess", epilog=epilog("assess"))
def assess_command(
    case: CaseArgument,
    at: AtOption = "latest",
    lang: LangOption = None,
    show_notes: NotesOption = False,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
    detail: DetailOption = Detail.full,
) -> None:
    """Assess a case: safety first, then needs, the staged plan, sessions and the network."""

    def body() -> None:
        if detail is Detail.compact and output is not OutputFormat.json:
            raise typer.BadParameter("'compact' needs --format json", param_hint="'--detail'")
        from careplanner.assess import assess

        loaded = read_case(case, lang)
        result = assess(loaded, parse_at(at))
        if detail is Detail.compact:
            from careplanner._compact import compact_json

            typer.echo(compact_json(result))  # one line: compact is for machines
        elif output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            from careplanner.report import render_terminal

            show(render_terminal(result, lang=lang, case=loaded, show_notes=show_notes))

    run(body, content, short=True)


@app.command(epilog=epilog("report"))
def report(
    case: CaseArgument,
    out: OutPath,
    kind: Annotated[str | None, as_option("html, md, pdf")] = None,
    at: AtOption = "latest",
    lang: LangOption = None,
    show_identity: IdentityOption = False,
    show_notes: NotesOption = False,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare", help="Report the intake plan and its re-assessment at --at, side by side."
        ),
    ] = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="The brief plan to hand over and sign: at most two A4 pages, with a "
            "signature block (not with --compare).",
        ),
    ] = False,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Write the plan report: one self-contained HTML page (.html), Markdown (.md) or PDF (.pdf).

    Markdown written to a file gets the ecomap beside it (plan.md -> plan.ecomap.svg). PDF is
    the HTML page printed by a headless Chromium (docs/report.md).
    """

    def body() -> None:
        fmt = output_kind(out, kind, ["html", "md", "pdf"])
        from careplanner.report import render_html, render_markdown, render_pdf

        if brief and compare:
            raise typer.BadParameter("cannot be combined with --compare", param_hint="'--brief'")
        loaded = read_case(case, lang)
        result, later = _report_parts(loaded, parse_at(at), compare)
        identity = show_identity
        if fmt == "md":
            link = None
            if not is_stdout(out):
                link = _ecomap_beside(out, loaded, result, lang, identity, output)
            page = render_markdown(
                loaded, result, lang=lang, show_identity=identity, reassessment=later,
                show_notes=show_notes, brief=brief, ecomap_link=link,
            )  # fmt: skip
            emit(out, page, output)
            return
        render = render_pdf if fmt == "pdf" else render_html
        data = render(
            loaded, result, lang=lang, show_identity=identity, reassessment=later,
            show_notes=show_notes, brief=brief,
        )  # fmt: skip
        emit(out, data, output)

    run(body, content, short=True)


def _ecomap_beside(
    out: Path,
    case: Case,
    result: AssessmentResult,
    lang: Language | None,
    show_identity: bool,
    output: OutputFormat,
) -> str:
    """Write the report's ecomap beside the Markdown file `out`; return the link to it.

    Said on standard error in text mode; a JSON answer names only the Markdown file.
    """
    picture = out.with_name(f"{out.stem}.ecomap.svg")
    assessment = case.assessments[result.assessment.index]
    picture.write_text(_ecomap_svg(case, assessment, lang, show_identity), encoding="utf-8")
    if output is OutputFormat.text:
        wrote(picture)
    return quote(picture.name)


def _ecomap_svg(
    case: Case, assessment: Assessment, lang: Language | None, show_identity: bool
) -> str:
    from careplanner.network import build_network, deceased_labels, ecomap_svg, ecomap_title

    graph = build_network(case, assessment, show_identity=show_identity)
    language = lang or case.client.language
    deceased = deceased_labels(case, language, show_identity=show_identity)
    title = ecomap_title(case, assessment, language)
    return ecomap_svg(
        graph, lang=language, show_identity=show_identity, title=title, deceased=deceased
    )


def _report_parts(
    case: Case, at: AssessmentChoice, compare: bool
) -> tuple[AssessmentResult, Reassessment | None]:
    from careplanner.assess import assess, reassess

    if not compare:
        return assess(case, at), None
    return assess(case, "intake"), reassess(case, "intake", at)


@app.command(epilog=epilog("ecomap"))
def ecomap(
    case: CaseArgument,
    out: OutPath,
    kind: Annotated[str | None, as_option("svg, png")] = None,
    font: Annotated[
        Path | None,
        typer.Option(
            "--font",
            help="A font file (.ttf/.otf/.ttc) for the PNG's labels; by default a CJK font is "
            "found by family name in the system font folders.",
        ),
    ] = None,
    at: AtOption = "latest",
    lang: LangOption = None,
    show_identity: IdentityOption = False,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Draw the client's support network as an ecomap: SVG or PNG by the file's extension."""

    def body() -> None:
        fmt = output_kind(out, kind, ["svg", "png"])
        from careplanner.assess import pick_assessment
        from careplanner.network import build_network, deceased_labels, ecomap_png, ecomap_title

        loaded = read_case(case, lang)
        assessment = loaded.assessments[pick_assessment(loaded, parse_at(at))]
        if fmt == "svg":
            emit(out, _ecomap_svg(loaded, assessment, lang, show_identity), output)
        else:
            graph = build_network(loaded, assessment, show_identity=show_identity)
            language = lang or loaded.client.language
            deceased = deceased_labels(loaded, language, show_identity=show_identity)
            title = ecomap_title(loaded, assessment, language)
            png = ecomap_png(
                graph,
                lang=language,
                show_identity=show_identity,
                title=title,
                deceased=deceased,
                font=font,
            )
            emit(out, png, output)

    run(body, content, short=True)


@app.command(epilog=epilog("explain"))
def explain(
    case: CaseArgument,
    need: Annotated[str | None, typer.Option("--need", help="Explain only this need.")] = None,
    at: AtOption = "latest",
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Trainer view: which rule fired on which answers, which did not and why, what would change."""

    def body() -> None:
        from careplanner.assess import assess
        from careplanner.report import render_explanation
        from careplanner.rules import explain as explain_facts

        result = assess(read_case(case, lang), parse_at(at))
        if output is OutputFormat.json:
            typer.echo(explain_facts(result.facts).model_dump_json(indent=2))
        else:
            show(render_explanation(result, need=need, lang=lang))

    run(body, content, short=True)


@app.command(epilog=epilog("whatif"))
def whatif(
    case: CaseArgument,
    changes: Annotated[
        list[str],
        typer.Option(
            "--set", help="A changed answer: ssrs.item3=4, gds15.item1=yes, obs.self_blame=false."
        ),
    ],
    at: AtOption = "latest",
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Re-run an assessment with changed answers and show what changes in needs and plan."""

    def body() -> None:
        from careplanner.report import render_what_if
        from careplanner.whatif import what_if

        result = what_if(read_case(case, lang), changes, parse_at(at))
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2, exclude={"before", "after"}))
        else:
            typer.echo(render_what_if(result, lang=lang))

    run(body, content, short=True)


@app.command(epilog=epilog("compare"))
def compare(
    intake: Annotated[str, typer.Argument(help="The case (or its intake file), or example:ID.")],
    closure: Annotated[
        str | None, typer.Argument(help="A later file of the same client (optional).")
    ] = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Re-assessment: intake vs the latest assessment, objectives met, and the closure verdict."""

    def body() -> None:
        from careplanner._load import load_case
        from careplanner.assess import reassess
        from careplanner.report import render_reassessment_terminal

        case = read_case(intake, lang)
        if closure is not None:
            case = _joined(case, load_case(closure))
        result = reassess(case)
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            show(render_reassessment_terminal(result, lang=lang))

    run(body, content, short=True)


def _joined(first: Case, later: Case) -> Case:
    """One case from two files of one client: the first's intake, the later file's latest."""
    from careplanner._load import case_from_data

    if first.client.id != later.client.id:
        raise UnknownCodeError("client.id of the later file", later.client.id, [first.client.id])
    contacts = {c.id: c for c in first.contacts} | {c.id: c for c in later.contacts}
    data = later.model_dump(mode="json")
    data["contacts"] = [c.model_dump(mode="json") for c in contacts.values()]
    data["assessments"] = [
        first.intake.model_dump(mode="json"),
        later.latest.model_dump(mode="json"),
    ]
    data["sessions"] = [s.model_dump(mode="json") for s in (*first.sessions, *later.sessions)]
    return case_from_data(data, "the two files together")


#: Printed when ``logic --pack`` is used: deprecated, removed one minor release later.
PACK_DEPRECATED = (
    "careplanner: warning: --pack is deprecated and will be removed; put the pack's changes "
    "in an overlay folder (rules/default.yaml) and give --content DIR"
)


@app.command(epilog=epilog("logic"))
def logic(
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="An .html or .md file; stdout if not set or '-'."),
    ] = None,
    kind: Annotated[str | None, as_option("md, html")] = None,
    pack: Annotated[
        Path | None,
        typer.Option("--pack", help="Deprecated: a rule pack file; use --content DIR instead."),
    ] = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Print the assessment-logic sheet: every rule as a sentence, with thresholds and sources."""

    def body() -> None:
        from careplanner.report import render_logic_sheet
        from careplanner.rules import load_pack

        speak(lang)
        if pack is not None:
            typer.echo(PACK_DEPRECATED, err=True)
        rules = load_pack(pack) if pack is not None else None
        target = out or Path("-")
        fmt = output_kind(target, kind, ["md", "html"])
        sheet = render_logic_sheet(rules, lang=lang, fmt=fmt)
        if out is None and output is OutputFormat.json:
            print_json({"format": fmt, "text": sheet})
        elif out is None:
            typer.echo(sheet)
        else:
            emit(target, sheet, output)

    run(body, content, short=True)


@app.command(epilog=epilog("demo"))
def demo(
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Walk through the seed case: intake answers -> flags -> why -> plan -> closure."""

    def body() -> None:
        from careplanner.assess import assess, reassess
        from careplanner.report import (
            render_explanation,
            render_reassessment_terminal,
            render_terminal,
        )
        from careplanner.report._text import Words
        from careplanner.rules import explain as explain_facts

        case = read_case(SEED, lang)
        intake = assess(case, "intake")
        if output is OutputFormat.json:
            print_json(
                {
                    "intake": intake.model_dump(mode="json"),
                    "explanation": explain_facts(intake.facts).model_dump(mode="json"),
                    "reassessment": reassess(case).model_dump(mode="json"),
                }
            )
            return
        words = Words(lang or case.client.language)
        typer.echo(words("demo.intake"))
        show(render_terminal(intake, lang=lang))
        typer.echo(words("demo.why"))
        show(render_explanation(intake, lang=lang))
        typer.echo(words("demo.closure"))
        show(render_reassessment_terminal(reassess(case), lang=lang))

    run(body, content, short=True)
