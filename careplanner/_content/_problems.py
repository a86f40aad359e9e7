"""Turn a model's validation errors into located `Problem` s: the one place paths are written.

Every data file error lists its problems at ``a[0].b`` locations (`dotted`), without echoing
the input; `validate` builds a model from parsed data or raises `DataFileError` naming the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from careplanner.errors import DataFileError, Problem

M = TypeVar("M", bound=BaseModel)


def dotted(loc: Sequence[int | str]) -> str:
    """Write a location as a path: list positions in brackets, keys joined by dots.

    A mapping key pydantic refused (``"[key]"`` after it) is not repeated: it may be
    personal data.

    Examples
    --------
    >>> dotted(("a", 0, "b"))
    'a[0].b'
    >>> dotted(("contacts", "Mary", "[key]"))
    'contacts.[key]'
    """
    out = ""
    for n, part in enumerate(loc):
        if loc[n + 1 : n + 2] == ("[key]",):
            continue  # the refused key itself may be personal data
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_of(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Every error of `exc` as a `Problem` at ``<prefix><location>``, inputs left out.

    Examples
    --------
    >>> from pydantic import TypeAdapter
    >>> try:
    ...     TypeAdapter(list[int]).validate_python(["x"])
    ... except ValidationError as exc:
    ...     print(problems_of(exc, "ids")[0].location)
    ids[0]
    """
    errors = exc.errors(include_input=False, include_url=False)
    return [Problem(joined(prefix, dotted(e["loc"])), error_message(e)) for e in errors]


def error_message(error: object) -> str:
    """A pydantic error's message as a person reads it: its own words, without "Value error, "."""
    assert isinstance(error, dict)
    cause = error.get("ctx", {}).get("error")
    text = str(cause) if cause is not None else str(error["msg"])
    return text.removeprefix("Value error, ")


def joined(prefix: str, location: str) -> str:
    """``prefix`` and ``location`` as one path (``"a" + "[0]"`` -> ``"a[0]"``)."""
    if not prefix or not location or location.startswith("["):
        return prefix + location
    return f"{prefix}.{location}"


def validate(model: type[M], data: object, source: str) -> M:
    """Build `model` from parsed data, or raise `DataFileError` listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_of(exc)) from None


def unknown(kind: str, name: str, known: Collection[str]) -> str:
    """Say that `name` is no known `kind`: the closest known name, or every known name.

    Examples
    --------
    >>> unknown("fact", "ucla.total", {"ucla3.total", "gds15.total"})
    "unknown fact 'ucla.total' (did you mean 'ucla3.total'?)"
    >>> unknown("threshold", "x", {"b", "a"})
    "unknown threshold 'x'; known: ['a', 'b']"
    """
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {sorted(known)}"
    return f"unknown {kind} {name!r}{hint}"
