"""Commands that write a case file: record a session, adjust the plan, export what falls due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplanner.cli._common import (
    CaseArgument,
    ContentOption,
    FormatOption,
    IdentityOption,
    LangOption,
    NotesOption,
    OutputFormat,
    app,
    emit,
    epilog,
    parse_at,
    run,
    show,
)
from careplanner.errors import UnknownCodeError

if TYPE_CHECKING:
    from careplanner._content._language import Language
    from careplanner.assess import AssessmentResult

session = typer.Typer(
    help="Record casework sessions in a case file.", epilog=epilog("session"), no_args_is_help=True
)
app.add_typer(session, name="session")

CaseFile = Annotated[
    Path, typer.Argument(help="The case file (YAML or JSON) to add to; its comments are kept.")
]
WorkerOption = Annotated[
    str, typer.Option("--worker", help="Your pseudonymous worker id; recorded with the entry.")
]


@session.command("add", epilog=epilog("session add"))
def session_add(
    case: CaseFile,
    stage: Annotated[str, typer.Option("--stage", help="The plan stage the session belongs to.")],
    worker: WorkerOption,
    done: Annotated[str, typer.Option("--done", help="What was done (free text).")],
    date: Annotated[
        str | None,
        typer.Option("--date", help="The session's date, YYYY-MM-DD; today if not given."),
    ] = None,
    intervention: Annotated[
        list[str] | None,
        typer.Option("--intervention", help="An intervention of the stage worked on; repeat."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="How long the session lasted, 1..600.")
    ] = None,
    observations: Annotated[
        str | None, typer.Option("--observations", help="What you observed (private note).")
    ] = None,
    reflection: Annotated[
        str | None, typer.Option("--reflection", help="Your reflection afterwards (private note).")
    ] = None,
    ending_discussed: Annotated[
        bool,
        typer.Option("--ending-discussed", help="The end of the work was discussed this session."),
    ] = False,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Record a delivered session in the case file, as the plan allows it."""

    def body() -> None:
        from careplanner._casefile import add_to_case

        entry: dict[str, object] = {
            "date": _date(date, "--date"),
            "stage": stage,
            "interventions": intervention or [],
            "minutes": minutes,
            "done": done,
            "observations": observations,
            "reflection": reflection,
            "ending_discussed": ending_discussed,
            "worker": worker,
        }
        kept = {k: v for k, v in entry.items() if v is not None and v is not False and v != []}
        _report(add_to_case(case, "sessions", kept), lang, output)

    run(body, content)


@app.command(epilog=epilog("adjust"))
def adjust(
    case: CaseFile,
    worker: WorkerOption,
    add_sessions: Annotated[
        str | None, typer.Option("--add-sessions", help="Add sessions to this stage.")
    ] = None,
    count: Annotated[int, typer.Option("--count", help="How many sessions to add, 1..10.")] = 1,
    add_need: Annotated[
        str | None, typer.Option("--add-need", help="A need that emerged, to add to the plan.")
    ] = None,
    severity: Annotated[
        str | None, typer.Option("--severity", help="The new need's severity: low, moderate, high.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (free text).")] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="The date of the change, YYYY-MM-DD; today if not given."),
    ] = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Apply a plan adjustment (more sessions for a stage, or a new need) and record it."""

    def body() -> None:
        from careplanner._casefile import add_to_case

        if (add_sessions is None) == (add_need is None):
            raise UnknownCodeError(
                "adjustment",
                "none" if add_sessions is None else "both",
                [
                    "--add-sessions STAGE",
                    "--add-need NEED --severity SEVERITY",
                ],
            )
        entry: dict[str, object] = {"date": _date(on, "--on"), "worker": worker}
        if add_sessions is not None:
            entry |= {"kind": "add_sessions", "stage": add_sessions, "count": count}
        else:
            entry |= {"kind": "add_need", "need": add_need, "severity": severity}
        if reason is not None:
            entry["reason"] = reason
        _report(add_to_case(case, "adjustments", entry), lang, output)

    run(body, content)


@app.command(epilog=epilog("due"))
def due(
    case: CaseArgument,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the sessions due and follow-ups as iCalendar."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="Which assessment's plan: as for assess; by default the latest intake or "
            "review (the plan the work follows).",
        ),
    ] = None,
    lang: LangOption = None,
    show_identity: IdentityOption = False,
    show_notes: NotesOption = False,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Show the sessions delivered and due and the follow-up dates; export them as iCalendar."""

    def body() -> None:
        from careplanner._delivery import current
        from careplanner._load import load_case
        from careplanner.assess import assess
        from careplanner.report import render_ics, render_schedule_terminal

        loaded = load_case(case)
        result = assess(loaded, current(loaded) if at is None else parse_at(at))
        if ics is not None:
            calendar = render_ics(loaded, result, lang=lang, show_identity=show_identity)
            emit(ics, calendar, output)
            if str(ics) == "-":
                return
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2, include={"assessment", "schedule"}))
        else:
            show(render_schedule_terminal(result, lang=lang, case=loaded, show_notes=show_notes))

    run(body, content)


def _report(result: AssessmentResult, lang: Language | None, output: OutputFormat) -> None:
    from careplanner.report import render_schedule_terminal

    if output is OutputFormat.json:
        typer.echo(result.model_dump_json(indent=2, include={"assessment", "plan", "schedule"}))
    else:
        show(render_schedule_terminal(result, lang=lang))


def _date(text: str | None, option: str) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UnknownCodeError(option, text, ["a date YYYY-MM-DD"]) from None
