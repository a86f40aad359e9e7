"""Commands of group work: survey, plan, record, adjust and evaluate a mutual-support group."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplanner.cli._common import (
    ContentOption,
    FormatOption,
    LangOption,
    OutputFormat,
    app,
    emit,
    epilog,
    is_stdout,
    run,
    speak,
)
from careplanner.errors import UnknownCodeError

if TYPE_CHECKING:
    from careplanner.group import (
        GroupSessionRecord,
        GroupSize,
        GroupWork,
        Programme,
        Register,
        SessionLog,
    )

group = typer.Typer(
    help="Group work: survey residents, screen and form groups, plan and evaluate sessions.",
    epilog=epilog("group"),
    no_args_is_help=True,
)
app.add_typer(group, name="group")

ResidentsArgument = Annotated[
    str, typer.Argument(help="A residents file (YAML/JSON) or example:residents.")
]
HtmlOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Also write the page as HTML here ('-': only that)."),
]
SessionsArgument = Annotated[
    Path, typer.Argument(help="The group's running record (YAML): sessions and adjustments.")
]
WorkerOption = Annotated[
    str, typer.Option("--worker", help="Your worker id; recorded with the entry.")
]
MinOption = Annotated[int, typer.Option("--min", help="Smallest group.")]
MaxOption = Annotated[int, typer.Option("--max", help="Largest group.")]
TargetOption = Annotated[int, typer.Option("--target", help="Size aimed at.")]
SessionsOption = Annotated[int | None, typer.Option("--sessions", help="Sessions per group.")]
StartOption = Annotated[str | None, typer.Option("--start", help="First session, YYYY-MM-DD.")]
ThemesOption = Annotated[
    Path | None, typer.Option("--themes", help="Your own theme codebook (YAML).")
]

session = typer.Typer(
    help="Record what happened in a group session.",
    epilog=epilog("group session"),
    no_args_is_help=True,
)
group.add_typer(session, name="session")


@group.command(epilog=epilog("group survey"))
def survey(
    residents: ResidentsArgument,
    out: HtmlOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Needs survey: how many residents have each need, scores, preferences, mobility."""

    def body() -> None:
        from careplanner.group import (
            load_residents,
            profile_residents,
            summarise_survey,
            survey_html,
            survey_text,
        )

        speak(lang)
        summary = summarise_survey(profile_residents(load_residents(residents)))
        language = lang or "zh-CN"
        if out is not None:
            emit(out, survey_html(summary, language))
        if is_stdout(out):
            return
        if output is OutputFormat.json:
            typer.echo(summary.model_dump_json(indent=2))
        else:
            typer.echo(survey_text(summary, language))

    run(body, content)


@group.command(epilog=epilog("group plan"))
def plan(
    residents: ResidentsArgument,
    out: HtmlOption = None,
    size_min: MinOption = 6,
    size_max: MaxOption = 10,
    target: TargetOption = 8,
    sessions: SessionsOption = None,
    start: StartOption = None,
    resources: Annotated[
        str | None,
        typer.Option("--resources", help="A resource register (YAML), or example:resources."),
    ] = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Screen residents (every decision explained), form groups and plan their sessions."""

    def body() -> None:
        from careplanner.group import load_register, work_html, work_text

        speak(lang)
        register = load_register(resources) if resources else None
        work = _plan(residents, size_min, size_max, target, sessions, start, register)
        language = lang or "zh-CN"
        if out is not None:
            emit(out, work_html(work, language))
        if is_stdout(out):
            return
        if output is OutputFormat.json:
            typer.echo(work.model_dump_json(indent=2))
        else:
            typer.echo(work_text(work, language))

    run(body, content)


@group.command(epilog=epilog("group evaluate"))
def evaluate(
    before: Annotated[str, typer.Argument(help="Residents at the start, or example:residents.")],
    after: Annotated[str, typer.Argument(help="The same residents after, or example:after.")],
    sessions_file: Annotated[
        str | None,
        typer.Option("--sessions", help="Session records (attendance), or example:sessions."),
    ] = None,
    sd_from_baseline: Annotated[
        bool,
        typer.Option(
            "--sd-from-baseline",
            help="Use the group's own baseline SD for the reliable change index (unverified).",
        ),
    ] = False,
    themes: ThemesOption = None,
    out: HtmlOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Evaluate a group: change per member, retention, satisfaction and the coded notes."""

    def body() -> None:
        from careplanner.group import (
            evaluate_group,
            evaluation_html,
            evaluation_text,
            load_residents,
            load_sessions,
            load_themes,
        )

        speak(lang)
        records = load_sessions(sessions_file) if sessions_file else ()
        result = evaluate_group(
            load_residents(before),
            load_residents(after),
            records=records,
            sd_from_baseline=sd_from_baseline,
            codebook=load_themes(themes),
        )
        language = lang or "zh-CN"
        if out is not None:
            emit(out, evaluation_html(result, language))
        if is_stdout(out):
            return
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            typer.echo(evaluation_text(result, language))

    run(body, content)


@session.command("add", epilog=epilog("group session add"))
def session_add(
    sessions_file: SessionsArgument,
    date: Annotated[str, typer.Option("--date", help="The session's date, YYYY-MM-DD.")],
    worker: WorkerOption,
    attended: Annotated[
        str, typer.Option("--attended", help="Members who came, comma-separated: r03,r04.")
    ],
    number: Annotated[
        int | None, typer.Option("--number", help="The session's number; the next by default.")
    ] = None,
    observations: Annotated[
        str | None, typer.Option("--observations", help="What you observed (free text).")
    ] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="A code for the observations; repeat.")
    ] = None,
    note: Annotated[
        list[str] | None, typer.Option("--note", help="MEMBER:CODE[,CODE] on one member; repeat.")
    ] = None,
    emerged: Annotated[
        list[str] | None, typer.Option("--emerged", help="MEMBER:NEED that emerged; repeat.")
    ] = None,
    left: Annotated[
        list[str] | None, typer.Option("--left", help="MEMBER:REASON for a member who left.")
    ] = None,
    themes: ThemesOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Add a session record to the group's running record, keeping its comments."""

    def body() -> None:
        from careplanner.group import (
            GroupSessionRecord,
            append_entry,
            load_session_log,
            load_themes,
            record_text,
        )
        from careplanner.group._log import check_codes, check_members

        speak(lang)
        log = load_session_log(sessions_file)
        record = GroupSessionRecord.model_validate(
            {
                "number": number or len(log.sessions) + 1,
                "date": _date(date, "--date"),
                "worker": worker,
                "attended": _listed(attended),
                "observations": observations,
                "themes": theme or [],
                "notes": [_pair(n, "--note", "member", "themes") for n in note or []],
                "emerged": [_pair(e, "--emerged", "member", "need") for e in emerged or []],
                "left": [_pair(x, "--left", "member", "reason") for x in left or []],
            }
        )
        _check_next(log, record)
        check_members(log, record)
        check_codes(record, load_themes(themes))
        entry = {**record.model_dump(mode="json", exclude_defaults=True), "date": record.date}
        append_entry(sessions_file, "sessions", entry)
        if output is OutputFormat.json:
            typer.echo(record.model_dump_json(indent=2))
        else:
            typer.echo(record_text(record, log.group, str(sessions_file), lang or "zh-CN"))

    run(body, content)


@group.command(epilog=epilog("group adjust"))
def adjust(
    residents: ResidentsArgument,
    sessions_file: SessionsArgument,
    worker: WorkerOption,
    on: Annotated[
        str | None, typer.Option("--on", help="Date of the adjustment; today by default.")
    ] = None,
    choose: Annotated[
        list[str] | None,
        typer.Option("--choose", help="SESSION=ACTIVITY you choose for a session to come."),
    ] = None,
    size_min: MinOption = 6,
    size_max: MaxOption = 10,
    target: TargetOption = 8,
    sessions: SessionsOption = None,
    start: StartOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Adjust the sessions to come after the records so far, and record it in the file."""

    def body() -> None:
        from careplanner.group import (
            adjust_programme,
            append_entry,
            load_session_log,
            programme_text,
            replay,
        )

        speak(lang)
        log = load_session_log(sessions_file)
        work = _plan(residents, size_min, size_max, target, sessions, start)
        current = replay(_programme_of(work, log), log)
        day = _date(on, "--on") if on else dt.date.today()
        chosen = dict(_choice(c) for c in choose or [])
        adjusted = adjust_programme(current, day, choose=chosen, worker=worker)
        entry = {
            "date": day,
            "worker": worker,
            "after_session": len(log.sessions),
            **({"choose": chosen} if chosen else {}),
        }
        append_entry(sessions_file, "adjustments", entry)
        if output is OutputFormat.json:
            typer.echo(adjusted.model_dump_json(indent=2))
        else:
            language = lang or "zh-CN"
            typer.echo(programme_text(adjusted, language, since=len(current.changes)), nl=False)

    run(body, content)


def _plan(
    residents: str,
    low: int,
    high: int,
    target: int,
    sessions: int | None,
    start: str | None,
    register: Register | None = None,
) -> GroupWork:
    from careplanner.group import load_outreach, load_residents, plan_groups

    return plan_groups(
        load_residents(residents),
        outreach=load_outreach(residents),
        size=_size(low, high, target),
        sessions=sessions,
        start=_date(start, "--start") if start else None,
        register=register,
    )


def _programme_of(work: GroupWork, log: SessionLog) -> Programme:
    groups = [p.group for p in work.programmes]
    found = next((p for p in work.programmes if p.group == log.group), None)
    if found is None:
        raise UnknownCodeError("group (of the sessions file)", log.group or "(none)", groups)
    return found


def _check_next(log: SessionLog, record: GroupSessionRecord) -> None:
    expected = len(log.sessions) + 1
    if record.number != expected:
        raise UnknownCodeError("--number", str(record.number), [str(expected)])
    if log.sessions and record.date < log.sessions[-1].date:
        raise UnknownCodeError(
            "--date", record.date.isoformat(), [f"{log.sessions[-1].date} or later"]
        )


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _pair(text: str, option: str, first: str, second: str) -> dict[str, object]:
    head, sep, tail = text.partition(":")
    if not sep or not head.strip() or not tail.strip():
        raise UnknownCodeError(option, text, [f"{first.upper()}:{second.upper()}"])
    value: object = _listed(tail) if second == "themes" else tail.strip()
    return {first: head.strip(), second: value}


def _choice(text: str) -> tuple[int, str]:
    number, sep, activity = text.partition("=")
    if not sep or not number.strip().isdigit() or not activity.strip():
        raise UnknownCodeError("--choose", text, ["SESSION=ACTIVITY, e.g. 7=reminiscence"])
    return int(number), activity.strip()


def _size(low: int, high: int, target: int) -> GroupSize:
    from pydantic import ValidationError

    from careplanner.group import GroupSize

    try:
        return GroupSize(min=low, max=high, target=target)
    except ValidationError:
        error = UnknownCodeError(
            "group size",
            f"--min {low} --target {target} --max {high}",
            ["2 <= min <= target <= max <= 30"],
        )
        raise typer.BadParameter(str(error), param_hint="'--min/--target/--max'") from None


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        error = UnknownCodeError(option, text, ["a date YYYY-MM-DD"])
        raise typer.BadParameter(str(error), param_hint=f"'{option}'") from None
