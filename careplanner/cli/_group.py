"""Commands of group work: survey, plan and evaluate a mutual-support group."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from careplanner.cli._common import FormatOption, LangOption, OutputFormat, app, run, wrote
from careplanner.errors import UnknownCodeError
from careplanner.group import (
    GroupSize,
    evaluate_group,
    evaluation_text,
    load_outreach,
    load_residents,
    load_sessions,
    plan_groups,
    profile_residents,
    summarise_survey,
    survey_html,
    survey_text,
    work_html,
    work_text,
)

group = typer.Typer(
    help="Group work: survey residents, screen and form groups, plan and evaluate sessions.",
    no_args_is_help=True,
)
app.add_typer(group, name="group")

ResidentsArgument = Annotated[
    str, typer.Argument(help="A residents file (YAML/JSON) or example:residents.")
]
HtmlOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Also write the page as HTML here.")
]


@group.command()
def survey(
    residents: ResidentsArgument,
    out: HtmlOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Needs survey: how many residents have each need, scores, preferences, mobility."""

    def body() -> None:
        summary = summarise_survey(profile_residents(load_residents(residents)))
        language = lang or "zh-CN"
        if out is not None:
            out.write_text(survey_html(summary, language), encoding="utf-8")
            wrote(out)
        if output is OutputFormat.json:
            typer.echo(summary.model_dump_json(indent=2))
        else:
            typer.echo(survey_text(summary, language))

    run(body)


@group.command()
def plan(
    residents: ResidentsArgument,
    out: HtmlOption = None,
    size_min: Annotated[int, typer.Option("--min", help="Smallest group.")] = 6,
    size_max: Annotated[int, typer.Option("--max", help="Largest group.")] = 10,
    target: Annotated[int, typer.Option("--target", help="Size aimed at.")] = 8,
    sessions: Annotated[int | None, typer.Option("--sessions", help="Sessions per group.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="First session, YYYY-MM-DD.")] = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Screen residents (every decision explained), form groups and plan their sessions."""

    def body() -> None:
        work = plan_groups(
            load_residents(residents),
            outreach=load_outreach(residents),
            size=_size(size_min, size_max, target),
            sessions=sessions,
            start=_date(start),
        )
        language = lang or "zh-CN"
        if out is not None:
            out.write_text(work_html(work, language), encoding="utf-8")
            wrote(out)
        if output is OutputFormat.json:
            typer.echo(work.model_dump_json(indent=2))
        else:
            typer.echo(work_text(work, language))

    run(body)


@group.command()
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
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Evaluate a group: emotional, social and cognitive change per member, and retention."""

    def body() -> None:
        records = load_sessions(sessions_file) if sessions_file else ()
        result = evaluate_group(
            load_residents(before),
            load_residents(after),
            records=records,
            sd_from_baseline=sd_from_baseline,
        )
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            typer.echo(evaluation_text(result, lang or "zh-CN"))

    run(body)


def _size(low: int, high: int, target: int) -> GroupSize:
    try:
        return GroupSize(min=low, max=high, target=target)
    except ValidationError:
        raise UnknownCodeError(
            "group size",
            f"--min {low} --target {target} --max {high}",
            ["2 <= min <= target <= max <= 30"],
        ) from None


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UnknownCodeError("--start", text, ["a date YYYY-MM-DD"]) from None
