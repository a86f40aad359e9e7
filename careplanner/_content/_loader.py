"""The one safe loader for every document careplanner reads: cases, packs, catalogues, scales.

A document is read, decoded and parsed under limits checked *before* the data is built, so a
hostile or careless file costs bounded time and memory and ends in one `DataFileError`:

- bytes: counted on what is actually read, never on what ``stat`` reports, so ``/dev/zero``,
  a FIFO or a ``/proc`` file stop at the limit;
- depth: JSON is scanned for nesting before `json.loads`; YAML counts depth while composing;
- aliases: YAML counts alias uses and the nodes they expand to (an alias that points into
  its own anchor is refused), so a small file cannot stand for a huge one;
- duplicate keys are refused in both formats (a copied entry would silently replace one);
- JSON's non-standard ``NaN`` and ``Infinity`` and numbers longer than Python converts are
  refused.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Literal

from careplanner._content._parsed import parsed
from careplanner.errors import CareplannerError, DataFileError

#: Deepest nesting of lists and mappings; careplanner's own files need fewer than 12 levels.
MAX_DEPTH = 48
#: Most alias uses in one YAML document.
MAX_ALIASES = 256
#: Most nodes aliases may add when expanded (what a validator walks in the end).
MAX_ALIAS_NODES = 20_000
Format = Literal["json", "yaml"]
#: Builds the error a caller raises for a bad file from its source and the reason.
ErrorType = Callable[[str, str], CareplannerError]

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def read_limited(source: str | Path, limit: int, error: ErrorType = DataFileError) -> bytes:
    """Read at most `limit` bytes of a file (``"-"`` is standard input); more is an error.

    Examples
    --------
    >>> read_limited("/dev/zero", 10)
    Traceback (most recent call last):
    ...
    careplanner.errors.DataFileError: /dev/zero: larger than the 10 bytes this file may have
    """
    name = str(source)
    if name == "-":
        return _read_stream(sys.stdin, name, limit, error)
    try:
        with open(name, "rb") as stream:
            return _take(stream, name, limit, error)
    except FileNotFoundError:
        raise error(name, "no such file") from None
    except IsADirectoryError:
        raise error(name, "is a directory, not a file") from None
    except PermissionError:
        raise error(name, "permission denied") from None
    except OSError as exc:
        raise error(name, f"cannot be read ({exc.strerror or type(exc).__name__})") from None


def _read_stream(stream: Any, name: str, limit: int, error: ErrorType) -> bytes:
    binary = getattr(stream, "buffer", None)
    if stream is None or binary is None or getattr(binary, "closed", True):
        raise error(name, "standard input is closed; give a file instead")
    try:
        return _take(binary, name, limit, error)
    except (OSError, ValueError):
        raise error(name, "standard input cannot be read") from None


def _take(stream: BinaryIO, name: str, limit: int, error: ErrorType) -> bytes:
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise error(name, f"larger than the {_size(limit)} this file may have")
    return raw


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit % mib == 0 else f"{limit} bytes"


def decode(raw: bytes, source: str, error: ErrorType = DataFileError) -> str:
    """UTF-8 text (a byte-order mark is dropped), or an error naming the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(source, f"not UTF-8 text (byte {exc.start})") from None


def parse(text: str, source: str, fmt: Format, error: ErrorType = DataFileError) -> object:
    """Parse JSON or YAML text under the limits above.

    Examples
    --------
    >>> parse('{"a": [1, 2]}', "x.json", "json")
    {'a': [1, 2]}
    >>> parse("a: 1\\na: 2", "x.yaml", "yaml")
    Traceback (most recent call last):
    ...
    careplanner.errors.DataFileError: x.yaml: not valid YAML: repeated key 'a' at line 2, column 1
    """
    try:
        return parse_json(text, source) if fmt == "json" else parse_yaml(text, source)
    except DataFileError as exc:
        if error is DataFileError:
            raise
        raise error(exc.source, exc.reason) from None


def parse_json(text: str | bytes, source: str) -> object:
    """Parse JSON: depth scanned first, duplicate keys, NaN and endless numbers refused."""
    if isinstance(text, bytes):
        text = decode(text, source)
    _check_json_depth(text, source)
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno}, column {exc.colno}"
        raise DataFileError(source, f"not valid JSON: {exc.msg} {where}") from None
    except _Refused as exc:
        raise DataFileError(source, f"not valid JSON: {exc}") from None
    except ValueError:  # int() of more digits than sys.get_int_max_str_digits()
        raise DataFileError(source, "not valid JSON: a number has too many digits") from None
    except RecursionError:  # not reached after the depth scan; kept as a last guard
        raise DataFileError(source, too_deep()) from None


class _Refused(ValueError):
    """A JSON construct this loader refuses (a repeated key, NaN)."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        repeated = next(key for key, count in counts.items() if count > 1)
        raise _Refused(f"repeated key {repeated!r}")
    return data


def _no_constant(name: str) -> None:
    raise _Refused(f"{name} is not a JSON number")


def _check_json_depth(text: str, source: str) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise DataFileError(source, too_deep())
        elif bracket in "]}":
            depth -= 1


def too_deep() -> str:
    return f"nested deeper than the {MAX_DEPTH} levels a document may have"


def parse_yaml(text: str, source: str) -> object:
    """Parse one YAML document with the safe loader and the limits above."""
    from careplanner._content import _yaml  # PyYAML is imported only for a YAML text

    return _yaml.parse_yaml(text, source)


#: Largest data file (a catalogue, group data, a scale) read from a path, in bytes.
MAX_DATA_BYTES = 5 * 1024 * 1024
#: Largest case file read, in bytes. A case is a few kilobytes; anything near this is a mistake.
MAX_CASE_BYTES = 5 * 1024 * 1024


def load_file(
    source: str | Path, error: ErrorType = DataFileError, limit: int = MAX_DATA_BYTES
) -> object:
    """Read, decode and parse a YAML data file (JSON is YAML too) at a path."""
    name = str(source)
    return parse(decode(read_limited(name, limit, error), name, error), name, "yaml", error)


def load_bundled(
    package: str, name: str, error: ErrorType = DataFileError, dates_as_text: bool = False
) -> object:
    """Parse a YAML data file shipped inside a careplanner package.

    Bundled files are part of the release, so they are parsed by libyaml where it is built
    (about ten times faster than the pure-Python parser: 30 against 260 ms for the
    bibliography); repeated keys are refused all the same, and a test holds every bundled file
    to the limits above. The data is parsed once and kept, as JSON, beside the file
    (`careplanner._content._parsed`); JSON keeps no date, so a file whose reader takes a date
    as its ``YYYY-MM-DD`` text (a case) is kept when read with `dates_as_text`.
    """
    source = f"{package}/{name}"
    file = resources.files(package).joinpath(name)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(source, f"cannot be read ({type(exc).__name__})") from None
    if not isinstance(file, Path):  # inside a zip file: nowhere to keep the data
        return parse_bundled(text, source, error, dates_as_text)
    how = "dates as text" if dates_as_text else ""
    return parsed(file, text, lambda fresh: parse_bundled(fresh, source, error, dates_as_text), how)


def parse_bundled(
    text: str, source: str, error: ErrorType = DataFileError, dates_as_text: bool = False
) -> object:
    """Parse the YAML text of a file shipped inside careplanner (see `load_bundled`).

    Only for text careplanner ships (the default rule pack, the example cases): text from a
    user goes through `parse`, whose limits are checked while composing.

    Examples
    --------
    >>> parse_bundled("a: [1, 2]", "x.yaml")
    {'a': [1, 2]}
    >>> parse_bundled("a: 1\\na: 2", "x.yaml")
    Traceback (most recent call last):
    ...
    careplanner.errors.DataFileError: x.yaml: not valid YAML: repeated key 'a' at line 2, column 1
    """
    from careplanner._content import _yaml  # PyYAML is imported only for a YAML text

    return _yaml.parse_bundled(text, source, error, dates_as_text)
