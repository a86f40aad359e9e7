"""Commands on case files and documents: validate, schema, texts, examples."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from careplanner.cli._common import (
    ContentOption,
    FormatOption,
    LangOption,
    OutputFormat,
    app,
    epilog,
    is_stdout,
    print_json,
    run,
)
from careplanner.errors import SAFETY_SUFFIX, CaseFileError, CaseValidationError


@app.command(epilog=epilog("validate"))
def validate(
    cases: Annotated[list[str], typer.Argument(help="Case files, '-' or example:ID.")],
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Check case files; one line per file. Exit code 1 when any is invalid."""

    def body() -> int:
        reports = [_validation_report(source) for source in cases]
        if output is OutputFormat.json:
            print_json(reports)
        else:
            for report in reports:
                typer.echo(_validation_line(report))
        return 0 if all(r["valid"] for r in reports) else 1

    run(body, content)


def _validation_report(source: str) -> dict[str, Any]:
    from careplanner._load import load_case

    try:
        load_case(source)
    except CaseValidationError as exc:
        problems = [{"location": p.location, "message": p.message} for p in exc.problems]
        return _refused(source, problems, exc.safety_signal)
    except CaseFileError as exc:
        return _refused(source, [{"location": "", "message": exc.reason}], exc.safety_signal)
    return {"source": source, "valid": True, "problems": []}


def _refused(source: str, problems: list[dict[str, str]], safety_signal: bool) -> dict[str, Any]:
    # a refused case that carries a safety signal says so, as every other command does
    return {"source": source, "valid": False, "safety_signal": safety_signal, "problems": problems}


def _validation_line(report: dict[str, Any]) -> str:
    if report["valid"]:
        return f"ok       {report['source']}"
    listed = "; ".join(
        f"{p['location']}: {p['message']}" if p["location"] else p["message"]
        for p in report["problems"]
    )
    flag = SAFETY_SUFFIX if report.get("safety_signal") else ""
    return f"invalid  {report['source']}{flag}: {listed}"


@app.command(epilog=epilog("migrate"))
def migrate(
    case: Annotated[str, typer.Argument(help="A case file, '-' or example:ID.")],
    to: Annotated[
        int, typer.Option("--to", min=1, max=2, help="Format version to write: 1 or 2.")
    ] = 2,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write here (.json or .yaml); stdout if not set or '-'."
        ),
    ] = None,
    content: ContentOption = None,
) -> None:
    """Write a case in another format version (version 1 files upgrade to version 2)."""

    def body() -> None:
        import yaml

        from careplanner._load import load_case
        from careplanner._migrate import migrate_case

        data = migrate_case(load_case(case), to)
        if out is not None and out.suffix == ".json":
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        if out is None or is_stdout(out):
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")

    run(body, content)


@app.command(epilog=epilog("schema"))
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help="What to describe: case, result, compact-result, reassessment or rulepack."
        ),
    ] = "case",
) -> None:
    """Print a JSON Schema: validate against it before calling careplanner."""

    def body() -> None:
        from careplanner.schemas import schema_for

        print_json(schema_for(kind))

    run(body)


@app.command("texts", epilog=epilog("texts"))
def texts_command(
    lang: LangOption = None,
    content: ContentOption = None,
) -> None:
    """Print every catalogue text by template id, as JSON: what compact results refer to.

    A template may name slots ({hobby}, {when_reunion}); a compact result's "slots" fill them.
    """

    def body() -> None:
        from careplanner._compact import texts

        print_json(texts(lang))

    run(body, content)


@app.command(epilog=epilog("examples"))
def examples(
    write: Annotated[
        Path | None, typer.Option("--write", help="Write every example case into this folder.")
    ] = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """List the bundled example cases and group-work files (use them as example:ID)."""

    def body() -> None:
        from careplanner._load import list_examples
        from careplanner.group._residents import example_titles

        infos = list_examples()
        groups = example_titles()
        if write is not None:
            _write_examples(write, [info.id for info in infos])
            _write_group_examples(write / "group", list(groups))
        if output is OutputFormat.json:
            cases = [{"id": i.id, "title": i.title, "language": i.language} for i in infos]
            group = [
                {"id": n, "title": t, "language": "zh-CN", "command": "group"}
                for n, t in groups.items()
            ]
            print_json([*cases, *group])
            return
        for info in infos:
            title = info.title.get("en") or next(iter(info.title.values()), "")
            typer.echo(f"{info.id:<22} {info.language:<6} {title}")
        for name, titles in groups.items():
            typer.echo(f"{name:<22} {'zh-CN':<6} {titles.get('en', '')} (careplanner group)")

    run(body, content)


def _write_group_examples(folder: Path, names: Sequence[str]) -> None:
    from careplanner.group._residents import example_text as group_example_text

    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(group_example_text(name), encoding="utf-8")


def _write_examples(folder: Path, ids: Sequence[str]) -> None:
    from careplanner._load import example_text

    folder.mkdir(parents=True, exist_ok=True)
    for example_id in ids:
        (folder / f"{example_id}.yaml").write_text(example_text(example_id), encoding="utf-8")
