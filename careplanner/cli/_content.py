"""The content commands: start an organisation's overlay, and check one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careplanner.cli._common import FormatOption, OutputFormat, app, epilog, print_json, run

content_app = typer.Typer(
    help="An organisation's own content: an overlay of the bundled rules, plan and scales.",
    epilog=epilog("content"),
    no_args_is_help=True,
)
app.add_typer(content_app, name="content")


@content_app.command("init", epilog=epilog("content init"))
def init(
    folder: Annotated[Path, typer.Argument(help="The new overlay folder (must not hold files).")],
    content_id: Annotated[
        str | None, typer.Option("--id", help="The overlay's id; folder name + random if not set.")
    ] = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Write a new overlay folder: content.yaml with a new id and version, and a guide."""

    def body() -> None:
        from careplanner._content._init import init_overlay

        written = init_overlay(folder, content_id)
        if output is OutputFormat.json:
            print_json({"written": str(written)})
        else:
            typer.echo(f"wrote {written}")

    run(body)


@content_app.command("check", epilog=epilog("content check"))
def check(
    folder: Annotated[Path, typer.Argument(help="The overlay folder to check.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Validate an overlay against the bundled content and print what it changes."""

    def body() -> None:
        from careplanner import load_content

        content = load_content(folder)
        changes = [str(change) for change in content.changes]
        if output is OutputFormat.json:
            print_json({"content": content.name, "hash": content.content_hash, "changes": changes})
            return
        typer.echo(f"{content.name} {content.content_hash}: valid, {len(changes)} changes")
        for line in changes:
            typer.echo(f"  {line}")

    run(body)
