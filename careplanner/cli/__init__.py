"""The ``careplanner`` command: parse arguments, call the library, print.

No domain logic lives here. A `CareplannerError` becomes one paragraph on standard error and
exit code 1; ``--debug`` shows the traceback instead. With ``--format json`` standard output
carries JSON only.

Exit codes: 0 success; 1 invalid input (a case, a file, a value) or, for ``validate``, an
invalid file; 2 wrong usage of the command.
"""

import sys

from careplanner.cli import _cases, _casework, _content, _fhir, _group, _record, _scale, _serve
from careplanner.cli._common import app, stdout_is_open

__all__ = ["app", "main"]

# The modules above register their commands on `app` when imported.
_COMMAND_MODULES = (_cases, _casework, _content, _fhir, _group, _record, _scale, _serve)


def main() -> None:
    """Console entry point; refuses to run with standard output closed (output would be lost)."""
    if not stdout_is_open():
        sys.stderr.write("careplanner: error: standard output is closed; nothing was done\n")
        raise SystemExit(1)
    app(prog_name="careplanner")
