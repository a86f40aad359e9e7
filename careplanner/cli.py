"""The ``careplanner`` command: parse arguments, call the library, print.

No domain logic lives here. A `CareplannerError` becomes one paragraph on standard error and
exit code 1; ``--debug`` shows the traceback instead. With ``--format json`` standard output
carries JSON only.

Exit codes: 0 success; 1 invalid input (a case, a file, a value); 2 wrong usage of the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from careplanner._load import example_text, list_examples, load_case
from careplanner.errors import CareplannerError, CaseFileError, CaseValidationError
from careplanner.schemas import schema_for

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
    kind: Annotated[str, typer.Argument(help="What to describe: case.")] = "case",
) -> None:
    """Print the JSON Schema of a case (validate against it before calling careplanner)."""
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


def main() -> None:
    """Console entry point."""
    app(prog_name="careplanner")


if __name__ == "__main__":  # pragma: no cover
    main()
