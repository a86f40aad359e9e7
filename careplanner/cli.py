"""The ``careplanner`` command: parse arguments, call the library, print.

No domain logic lives here. A `CareplannerError` becomes one paragraph on standard error and
exit code 1; ``--debug`` shows the traceback instead. With ``--format json`` standard output
carries JSON only.

Exit codes: 0 success; 1 invalid input (a case, a file, a value); 2 wrong usage of the command.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from careplanner._load import example_text, list_examples, load_case
from careplanner.assess import ASSESSMENT_NAMES, AssessmentChoice, pick_assessment
from careplanner.errors import (
    CareplannerError,
    CaseFileError,
    CaseValidationError,
    UnknownCodeError,
)
from careplanner.models import Language
from careplanner.network import build_network, ecomap_png, ecomap_svg
from careplanner.schemas import schema_for
from careplanner.whatif import what_if

app = typer.Typer(
    name="careplanner",
    help="Assessment of an older client -> flagged needs, staged care plan, support network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for machines.")
]
CaseArgument = Annotated[
    str, typer.Argument(help="A JSON/YAML case file, '-' for standard input, or example:ID.")
]
_state = {"debug": False}


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


def _run(action: Callable[[], int | None]) -> None:
    """Run a command body, turning careplanner errors into one paragraph and exit code 1."""
    try:
        code = action() or 0
    except CareplannerError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"careplanner: error: {exc}", err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(code)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def validate(
    cases: Annotated[list[str], typer.Argument(help="Case files, '-' or example:ID.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Check case files; one line per file. Exit code 1 when any is invalid."""

    def body() -> int:
        reports = [_validation_report(source) for source in cases]
        if output is OutputFormat.json:
            _print_json(reports)
        else:
            for report in reports:
                typer.echo(_validation_line(report))
        return 0 if all(r["valid"] for r in reports) else 1

    _run(body)


def _validation_report(source: str) -> dict[str, Any]:
    try:
        load_case(source)
    except CaseValidationError as exc:
        problems = [{"location": p.location, "message": p.message} for p in exc.problems]
        return {"source": source, "valid": False, "problems": problems}
    except CaseFileError as exc:
        return {
            "source": source,
            "valid": False,
            "problems": [{"location": "", "message": exc.reason}],
        }
    return {"source": source, "valid": True, "problems": []}


def _validation_line(report: dict[str, Any]) -> str:
    if report["valid"]:
        return f"ok       {report['source']}"
    listed = "; ".join(
        f"{p['location']}: {p['message']}" if p["location"] else p["message"]
        for p in report["problems"]
    )
    return f"invalid  {report['source']}: {listed}"


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(help="What to describe: case, result, reassessment or rulepack.")
    ] = "case",
) -> None:
    """Print a JSON Schema: validate against it before calling careplanner."""
    _run(lambda: _print_json(schema_for(kind)))


@app.command()
def examples(
    write: Annotated[
        Path | None, typer.Option("--write", help="Write every example case into this folder.")
    ] = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """List the bundled example cases (use them as example:ID), or write them out."""

    def body() -> None:
        infos = list_examples()
        if write is not None:
            _write_examples(write, [info.id for info in infos])
        if output is OutputFormat.json:
            _print_json([{"id": i.id, "title": i.title, "language": i.language} for i in infos])
            return
        for info in infos:
            title = info.title.get("en") or next(iter(info.title.values()), "")
            typer.echo(f"{info.id:<22} {info.language:<6} {title}")

    _run(body)


def _write_examples(folder: Path, ids: Sequence[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for example_id in ids:
        (folder / f"{example_id}.yaml").write_text(example_text(example_id), encoding="utf-8")


AtOption = Annotated[
    str,
    typer.Option(
        "--at", help="Which assessment: latest, intake, a position (0 = first) or a date."
    ),
]
LangOption = Annotated[
    Language | None, typer.Option("--lang", help="zh-CN or en; the client's language by default.")
]
PathOption = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]


def _at(text: str) -> AssessmentChoice:
    if text in ASSESSMENT_NAMES:
        return cast(AssessmentChoice, text)
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UnknownCodeError(
            "--at", text, [*ASSESSMENT_NAMES, "0, 1, ...", "YYYY-MM-DD"]
        ) from None


@app.command()
def whatif(
    case: CaseArgument,
    changes: Annotated[
        list[str],
        typer.Option(
            "--set", help="A changed answer: ssrs.item3=4, gds15.item1=yes, obs.self_blame=false."
        ),
    ],
    at: AtOption = "latest",
    output: FormatOption = OutputFormat.text,
) -> None:
    """Re-run an assessment with changed answers and show what changes in needs and plan."""

    def body() -> None:
        result = what_if(load_case(case), changes, _at(at))
        if output is OutputFormat.json:
            typer.echo(result.model_dump_json(indent=2, exclude={"before", "after"}))
            return
        typer.echo("changes: " + ", ".join(result.changes))
        for need in result.needs:
            typer.echo(
                f"need {need.id}: {need.before or 'not flagged'} -> {need.after or 'not flagged'}"
            )
        if not result.needs:
            typer.echo("needs: no change")
        for stage in result.stages_added:
            typer.echo(f"stage added: {stage}")
        for stage in result.stages_removed:
            typer.echo(f"stage removed: {stage}")

    _run(body)


@app.command()
def ecomap(
    case: CaseArgument,
    out: PathOption,
    at: AtOption = "latest",
    lang: LangOption = None,
    show_identity: Annotated[
        bool, typer.Option("--show-identity", help="Label people by name.")
    ] = False,
) -> None:
    """Draw the client's support network as an ecomap: SVG or PNG by the file's extension."""

    def body() -> None:
        loaded = load_case(case)
        assessment = loaded.assessments[pick_assessment(loaded, _at(at))]
        graph = build_network(loaded, assessment, show_identity=show_identity)
        language = lang or loaded.client.language
        suffix = out.suffix.lower()
        if suffix == ".svg":
            out.write_text(
                ecomap_svg(graph, lang=language, show_identity=show_identity), encoding="utf-8"
            )
        elif suffix == ".png":
            out.write_bytes(ecomap_png(graph, lang=language, show_identity=show_identity))
        else:
            raise UnknownCodeError("output extension", suffix or "(none)", [".png", ".svg"])
        typer.echo(f"wrote {out}", err=True)

    _run(body)


def main() -> None:
    """Console entry point."""
    app(prog_name="careplanner")


if __name__ == "__main__":  # pragma: no cover
    main()
