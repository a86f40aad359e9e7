"""Bundled data files parsed once: their data kept as JSON beside them, as Python keeps bytecode.

Parsing YAML is most of what reading careplanner's bundled content costs, and every run of the
command line reads that content again: JSON of the same data loads about thirty times faster.
So the data of a bundled file is kept in ``__pycache__/<file name>.json`` beside the file, with
the SHA-256 of the text it came from and of the installed YAML parser (the path, size and time
of change of PyYAML's ``__init__.py``, found without importing it); a later run whose text
and parser hash the same reads the JSON instead of parsing the text, and needs no PyYAML.

The JSON is trusted as the bytecode in the same folders is (whoever can write there can change
careplanner's code). Nothing is written when Python writes no bytecode (``-B``,
``PYTHONDONTWRITEBYTECODE``), where the folder cannot be written, or for data that JSON does
not give back exactly (a date, a number used as a key); a kept file that cannot be read, or
was kept for another text, is parsed afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path


def parsed(file: Path, text: str, parse: Callable[[str], object], how: str = "") -> object:
    """The data of `file`, whose text is `text`: kept from an earlier run, or parsed by `parse`
    (`how` names the way `parse` reads a file that may be read more than one way).

    Examples
    --------
    >>> parsed(Path("/no/such/folder/a.yaml"), "a: [1, 2]", lambda text: {"a": [1, 2]})
    {'a': [1, 2]}
    """
    kept = file.parent / "__pycache__" / f"{file.name}.json"
    digest = hashlib.sha256(f"{_parser()}\n{how}\n{text}".encode()).hexdigest()
    try:
        document = json.loads(kept.read_bytes())
        if document["sha256"] == digest:
            return document["data"]
    except (OSError, ValueError, TypeError, KeyError):
        pass  # nothing kept yet, or not readable: parse the text
    data = parse(text)
    if not sys.dont_write_bytecode:
        _keep(kept, digest, data)
    return data


@cache
def _parser() -> str:
    """The installed PyYAML as Python's bytecode knows its source: path, size, time of change
    (its version would take importing it, about 10 ms; an upgrade rewrites the file)."""
    spec = importlib.util.find_spec("yaml")
    origin = spec.origin if spec is not None and spec.origin is not None else ""
    try:
        stat = os.stat(origin)
    except OSError:
        return origin
    return f"{origin} {stat.st_size} {stat.st_mtime_ns}"


def _keep(kept: Path, digest: str, data: object) -> None:
    try:
        document = json.dumps({"sha256": digest, "data": data}, allow_nan=False)
    except (TypeError, ValueError):
        return  # a date or a set: JSON cannot hold it
    if json.loads(document)["data"] != data:
        return  # a number key would come back a string
    temporary = kept.with_name(f"{kept.name}.{os.getpid()}")
    try:
        kept.parent.mkdir(exist_ok=True)
        temporary.write_text(document, "utf-8")
        os.replace(temporary, kept)  # whole or not at all, for a process reading it at once
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
