"""Add one entry to a top-level list of a YAML file, keeping every other byte.

A case file and a group's running record are kept by hand: their comments, key order and
layout are the worker's. A new entry is written as text after the list's last entry (a block
list; an empty ``[]`` becomes one), so nothing else changes, and the file is replaced
atomically: a temporary file in the same folder, synced, then `os.replace`. The caller reads
the new text back and checks it before writing. Round-tripping through a YAML library
(ruamel.yaml) would keep comments too, but may still reflow flow mappings and quoting; text
insertion keeps them byte for byte and needs no dependency.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import yaml

from careplanner.errors import CaseFileError


def entry_text(entry: Mapping[str, object], *, block: bool = False) -> str:
    """`entry` as a YAML block-list item indented under a top-level key (``  - key: ...``).

    A mapping of plain values is written on one line (``{a: 1, b: 2}``) unless `block`.
    """
    dumped = yaml.safe_dump(
        dict(entry),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False if block else None,
        width=88,
    )
    lines = dumped.rstrip("\n").split("\n")
    return "\n".join(["  - " + lines[0], *("    " + line for line in lines[1:])]) + "\n"


_KEY = re.compile(r"^[A-Za-z_][\w-]*:")


def inserted(text: str, section: str, entry: str, name: str) -> str:
    """`text` with `entry` after the last item of its top-level `section` list.

    The list is added at the end when the file has none. A list written inline
    (``sessions: [...]``) other than ``[]`` is refused: `CaseFileError` names the section.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{section}:")), None)
    if start is None:
        return "".join(lines) + f"{section}:\n" + entry
    rest, hash_, comment = lines[start].split(":", 1)[1].partition("#")
    if rest.strip() == "[]":
        lines[start] = f"{section}:" + (f"  #{comment}" if hash_ else "\n")
    elif rest.strip():
        raise CaseFileError(name, f"'{section}' must be a block list ('- ...' lines) to add to")
    end = start + 1
    while end < len(lines) and not _KEY.match(lines[end]):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and comments just above the next key stay with that key
    return "".join([*lines[:end], entry, *lines[end:]])


def write_atomically(path: Path, text: str) -> None:
    """Replace the file at `path` by `text` at once, keeping its permissions.

    Raises
    ------
    CaseFileError
        The file or its folder cannot be written; the file is left as it was.
    """
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise CaseFileError(str(path), f"cannot be written ({exc.strerror})") from None
