"""The ``careplanner`` command: parse arguments, call the library, print.

No domain logic lives here. A `CareplannerError` becomes one paragraph on standard error and
exit code 1; ``--debug`` shows the traceback instead. With ``--format json`` standard output
carries JSON only.

Exit codes: 0 success; 1 invalid input (a case, a file, a value) or, for ``validate``, an
invalid file; 2 wrong usage of the command.
"""

import copy
import gc
import sys

import typer
from typer.main import get_command_name

from careplanner.cli import _cases, _casework, _content, _fhir, _group, _record, _scale, _serve
from careplanner.cli._common import app, stdout_is_open

__all__ = ["app", "app_for", "main"]

# The modules above register their commands on `app` when imported.
_COMMAND_MODULES = (_cases, _casework, _content, _fhir, _group, _record, _scale, _serve)


def main() -> None:
    """Console entry point; refuses to run with standard output closed (output would be lost)."""
    if not stdout_is_open():
        sys.stderr.write("careplanner: error: standard output is closed; nothing was done\n")
        raise SystemExit(1)
    gc.disable()  # while starting; `run` sets the collector for the command's body
    try:
        app_for(sys.argv[1:])(prog_name="careplanner")
    finally:
        # The process ends here and its objects go with it: frozen, they are spared the
        # garbage collections Python runs at exit, which would walk every one of them.
        gc.freeze()


def app_for(args: list[str]) -> typer.Typer:
    """`app`, or when `args` start with a command's name, a copy of it holding that command only.

    typer builds the options of every command it holds before running one (about 30 ms for
    all of careplanner's); the copy keeps the root's options and the command, so the command
    runs, checks its arguments and prints its help as it does in `app`. Anything else (no
    command, a root option first, an unknown name) gets `app` itself.
    """
    name = args[0] if args else ""
    commands = [
        info
        for info in app.registered_commands
        if name == (info.name or get_command_name(getattr(info.callback, "__name__", "")))
    ]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    alone = copy.copy(app)
    alone.registered_commands, alone.registered_groups = commands, groups
    return alone
