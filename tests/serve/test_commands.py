"""Every command of the command line has an endpoint: a new command without one fails here."""

from __future__ import annotations

import typer.main

from careplanner.cli import app
from careplanner.serve import create_app
from careplanner.serve._commands import ENDPOINTS, NOT_SERVED


def _commands(command: object, prefix: str = "") -> list[str]:
    """Command names, a group's commands as "group survey" (typer's click may be vendored)."""
    subcommands = getattr(command, "commands", None)
    if isinstance(subcommands, dict):
        return [
            name
            for sub_name, sub in sorted(subcommands.items())
            for name in _commands(sub, f"{prefix}{sub_name} ")
        ]
    return [prefix.strip()]


def _routes() -> set[str]:
    """The endpoints the OpenAPI document of the service describes."""
    paths = create_app().openapi()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_commands_are_read_from_the_typer_app() -> None:
    names = _commands(typer.main.get_command(app))
    assert {"assess", "group survey", "serve", "validate"} <= set(names)
    assert "group" not in names


def test_every_command_has_an_endpoint_or_a_reason() -> None:
    names = set(_commands(typer.main.get_command(app)))
    missing = sorted(names - set(ENDPOINTS) - set(NOT_SERVED))
    assert missing == [], f"add these commands to careplanner/serve/_commands.py: {missing}"


def test_the_table_names_no_command_that_is_gone() -> None:
    names = set(_commands(typer.main.get_command(app)))
    assert sorted(set(ENDPOINTS) | set(NOT_SERVED)) == sorted(names)


def test_every_listed_endpoint_exists() -> None:
    routes = _routes()
    assert sorted(e for e in ENDPOINTS.values() if e not in routes) == []
