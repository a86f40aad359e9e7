"""What every command shares: the app, options, error handling and output."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import json
import os
import platform
import re
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from careplanner._content._language import Language
from careplanner._content._loader import load_bundled
from careplanner._content._scope import using
from careplanner._version import __version__
from careplanner.errors import CareplannerError, DataFileError, UnknownCodeError
from careplanner.rules import ENGINE_VARIABLE, resolve_engine

if TYPE_CHECKING:
    from rich.console import RenderableType

    from careplanner._content._content import Content
    from careplanner.assess import AssessmentChoice
    from careplanner.models import Case

#: Where each command's help examples are kept.
_EXAMPLES = ("careplanner.cli", "examples.yaml")


@cache
def _examples() -> dict[str, list[str]]:
    """The help examples by command, checked to be lines of text."""
    data = load_bundled(*_EXAMPLES)
    if isinstance(data, dict) and all(
        isinstance(lines, list) and all(isinstance(line, str) for line in lines)
        for lines in data.values()
    ):
        return data
    raise DataFileError("/".join(_EXAMPLES), "expected a mapping of command to lines of text")


def epilog(command: str) -> str:
    """The help epilog of `command` (e.g. ``"group plan"``): its examples from examples.yaml."""
    lines = _examples()[command]
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


app = typer.Typer(
    name="careplanner",
    help="Assessment of an older client -> flagged needs, staged care plan, support network.",
    epilog=epilog("careplanner"),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for machines.")
]


class Detail(StrEnum):
    full = "full"
    compact = "compact"


DetailOption = Annotated[
    Detail,
    typer.Option(
        "--detail",
        help="With --format json: the full result, or compact (catalogue texts by template id; "
        "'careplanner texts' lists them).",
    ),
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
ContentOption = Annotated[
    Path | None,
    typer.Option(
        "--content",
        help="An organisation's overlay folder (see 'careplanner content init'); the bundled "
        "content if not set.",
    ),
]
OutPath = Annotated[Path, typer.Option("--output", "-o", help="File to write; '-' for stdout.")]
IdentityOption = Annotated[
    bool, typer.Option("--show-identity", help="Show names; pseudonymous ids otherwise.")
]
NotesOption = Annotated[
    bool,
    typer.Option(
        "--show-notes",
        help="Show the worker's observations and reflections on each session; hidden otherwise.",
    ),
]
_state: dict[str, Any] = {"debug": False, "lang": "en"}
#: The words of the command line's own lines (errors, "wrote ..."), by language.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "error": "careplanner: error: {message}",
        "wrote": "wrote {path}",
        "unwritable": "{path}: cannot be written ({reason})",
        "unwritable_output": "the output cannot be written ({reason})",
    },
    "zh-CN": {
        "error": "careplanner：错误：{message}",
        "wrote": "已写入 {path}",
        "unwritable": "{path}：无法写入（{reason}）",
        "unwritable_output": "无法写出结果（{reason}）",
    },
}
#: Why a file cannot be written, in Chinese, by errno (the system's words otherwise).
_REASONS_ZH = {
    errno.ENOENT: "文件夹不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限",
    errno.EROFS: "文件系统只读",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
}


def speak(lang: Language | None) -> None:
    """Write the command's own lines (errors, "wrote ...") in `lang` from now on.

    A command calls it with ``--lang`` as soon as it is parsed, and with the case's language
    once the case is read when ``--lang`` was not given; English until then.
    """
    if lang is not None:
        _state["lang"] = lang


def read_case(source: str, lang: Language | None) -> Case:
    """Read a case; the command's own lines speak `lang`, else the case's language."""
    from careplanner._load import load_case

    speak(lang)
    case = load_case(source)
    speak(lang or case.client.language)
    return case


def _say(key: str, **values: object) -> str:
    return _WORDS[_state["lang"]][key].format(**values)


class EngineName(StrEnum):
    auto = "auto"
    durable = "durable"
    python = "python"


def _set_engine(engine: EngineName | None) -> None:
    """Make `engine` the default of this process and of the processes it starts."""
    if engine is not None:
        os.environ[ENGINE_VARIABLE] = engine.value


def version_text() -> str:
    """What ``--version`` prints: careplanner, the engine that runs, Python, the rule pack."""
    from careplanner.rules import default_pack

    pack = default_pack()
    engine = "durable-rules" if resolve_engine() == "durable" else "python"
    if engine == "durable-rules":
        from importlib.metadata import version

        engine = f"durable-rules {version('durable_rules')}"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return (
        f"careplanner {__version__}\nengine: {engine}\npython: {python}\n"
        f"rule pack: {pack.name} {pack.content_hash}"
    )


def _show_version(show: bool) -> None:
    if show:
        try:
            typer.echo(version_text())
        except CareplannerError as exc:  # a bad CAREPLANNER_ENGINE
            typer.echo(f"careplanner: error: {exc}", err=True)
            raise typer.Exit(1) from None
        raise typer.Exit(0)


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    engine: Annotated[
        EngineName | None,
        typer.Option(
            "--engine",
            help=f"Rules engine: auto (durable-rules where it loads, else python), durable or "
            f"python. Default: ${ENGINE_VARIABLE}, else auto.",
            callback=_set_engine,
            is_eager=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version, the rules engine, Python and the rule pack, and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Assessment of an older client -> flagged needs, staged care plan, support network."""
    _state["debug"], _state["lang"] = debug, "en"


def run(
    action: Callable[[], int | None], content: Path | None = None, *, short: bool = False
) -> None:
    """Run a command body, turning careplanner errors into one paragraph and exit code 1.

    With `content` (``--content DIR``) the body runs on that overlay (`careplanner.Content`).
    With `short` (a body whose work does not grow with its input: one case, or two, in and
    what comes of them out) the garbage collector is paused while it runs: such a body leaves
    next to no reference cycles, and the collector would walk every module and content model
    it loads again and again, for nothing. Any other body runs with the collector on (the
    command line starts with it off).

    A file that cannot be written (a missing folder, a directory, a full disk) is such an
    error too. A reader that goes away (``careplanner demo | head -1``) ends the command
    quietly with exit code 0: what it wanted was written.
    """
    try:
        with _collecting(not short), using(_content(content)):
            code = action() or 0
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except BrokenPipeError:
        _discard_stdout()
        raise typer.Exit(0) from None
    except (CareplannerError, OSError) as exc:
        if _state["debug"]:
            raise
        typer.echo(_say("error", message=_message(exc)), err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(code)


@contextlib.contextmanager
def _collecting(on: bool) -> Iterator[None]:
    """Run the block with the garbage collector on or off; then as it was before."""
    was = gc.isenabled()
    if on:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def _content(folder: Path | None) -> Content | None:
    if folder is None:
        return None
    from careplanner._content._content import load_content  # the fhir tables: only if asked

    return load_content(folder)


def _message(exc: Exception) -> str:
    if isinstance(exc, CareplannerError):
        return exc.message(_state["lang"])
    if not isinstance(exc, OSError):
        return str(exc)
    reason = exc.strerror or type(exc).__name__
    if _state["lang"] == "zh-CN" and exc.errno in _REASONS_ZH:
        reason = _REASONS_ZH[exc.errno]
    if exc.filename:
        return _say("unwritable", path=exc.filename, reason=reason)
    return _say("unwritable_output", reason=reason)


def _discard_stdout() -> None:
    """Point standard output at /dev/null so that the flush at exit raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def stdout_is_open() -> bool:
    """Whether standard output exists and is open (``careplanner ... >&-`` closes it)."""
    stream = sys.stdout
    if stream is None or stream.closed:
        return False
    try:
        os.fstat(stream.fileno())
    except (OSError, ValueError):
        return False
    return True


def print_json(data: Any) -> None:
    """Print data as JSON, keeping Chinese text readable."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show(renderable: RenderableType) -> None:
    """Print a rich view: coloured on a terminal, plain text in a pipe or a file."""
    from careplanner.cli._console import PipeConsole

    PipeConsole(highlight=False).print(renderable)


def wrote(path: Path, output: OutputFormat = OutputFormat.text) -> None:
    """Say which file was written: a line on standard error, or JSON on standard output."""
    if output is OutputFormat.json:
        print_json({"output": str(path), "bytes": path.stat().st_size})
    else:
        typer.echo(_say("wrote", path=path), err=True)


def parse_at(text: str) -> AssessmentChoice:
    """Read ``--at``: a name, a position or a date; anything else is a usage error (exit 2)."""
    from careplanner.assess import ASSESSMENT_NAMES

    if text in ASSESSMENT_NAMES:
        return cast("AssessmentChoice", text)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        error = UnknownCodeError("--at", text, [*ASSESSMENT_NAMES, "0, 1, ...", "YYYY-MM-DD"])
        raise typer.BadParameter(str(error), param_hint="'--at'") from None


def as_option(kinds: str) -> Any:
    """The ``--as`` option of a command that writes one of `kinds` (e.g. ``"html, md"``)."""
    return typer.Option(
        "--as", help=f"What to write ({kinds}); by default the extension of -o, or the first for -."
    )


def is_stdout(path: Path | None) -> bool:
    """Whether an output option names standard output (``-o -``)."""
    return path is not None and str(path) == "-"


def emit(out: Path, data: str | bytes, output: OutputFormat = OutputFormat.text) -> None:
    """Write `data` to the file `out`, or to standard output when `out` is ``-``."""
    if is_stdout(out):
        typer.echo(data, nl=False)
        return
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data, encoding="utf-8")
    wrote(out, output)


def output_kind(out: Path, kind: str | None, allowed: list[str]) -> str:
    """The kind of file to write (``html``, ``png``...): `kind` if given, else `out`'s extension.

    Standard output (``-``) takes the first of `allowed` unless `kind` says otherwise. A kind
    not in `allowed` is a usage error (exit 2).
    """
    if kind is None:
        kind = allowed[0] if is_stdout(out) else out.suffix.lower().removeprefix(".")
    if kind not in allowed:
        extensions = [f".{a}" for a in allowed]
        error = UnknownCodeError("output extension", f".{kind}" if kind else "(none)", extensions)
        raise typer.BadParameter(f"{error} (or --as {'|'.join(allowed)})", param_hint="'-o'")
    return kind
