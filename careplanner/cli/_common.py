"""What every command shares: the app, options, error handling and output."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console, RenderableType

from careplanner.assess import ASSESSMENT_NAMES, AssessmentChoice
from careplanner.errors import CareplannerError, UnknownCodeError
from careplanner.models import Language

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
AtOption = Annotated[
    str,
    typer.Option(
        "--at",
        help="Which assessment: latest, intake, review, closure, follow_up (the latest of that "
        "kind), a position (0 = first) or a date YYYY-MM-DD.",
    ),
]
LangOption = Annotated[
    Language | None, typer.Option("--lang", help="zh-CN or en; the client's language by default.")
]
OutPath = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
IdentityOption = Annotated[
    bool, typer.Option("--show-identity", help="Show names; pseudonymous ids otherwise.")
]
_state = {"debug": False}


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


def run(action: Callable[[], int | None]) -> None:
    """Run a command body, turning careplanner errors into one paragraph and exit code 1."""
    try:
        code = action() or 0
    except CareplannerError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"careplanner: error: {exc}", err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    """Print data as JSON, keeping Chinese text readable."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show(renderable: RenderableType) -> None:
    """Print a rich view: coloured on a terminal, plain text in a pipe or a file."""
    Console(highlight=False).print(renderable)


def wrote(path: Path, output: OutputFormat = OutputFormat.text) -> None:
    """Say which file was written: a line on standard error, or JSON on standard output."""
    if output is OutputFormat.json:
        print_json({"output": str(path), "bytes": path.stat().st_size})
    else:
        typer.echo(f"wrote {path}", err=True)


def parse_at(text: str) -> AssessmentChoice:
    """Read ``--at``: a name, a position or a date."""
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
