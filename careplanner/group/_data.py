"""Read the package's YAML data files (or a worker's copy) into checked models."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import load_bundled, load_file
from careplanner.errors import Problem
from careplanner.group._errors import GroupDataError

M = TypeVar("M", bound=BaseModel)


def read_model(model: type[M], bundled: str, path: str | Path | None = None) -> M:
    """Read `path`, or the bundled file `bundled`, into `model`.

    Raises
    ------
    GroupDataError
        The file cannot be read or parsed, or breaks the model; every problem is named by
        its dotted location, without echoing the input.
    """
    source = str(path) if path is not None else bundled
    try:
        return model.model_validate(read_yaml(bundled, path))
    except ValidationError as exc:
        raise GroupDataError(source, listed(exc)) from None


def read_yaml(bundled: str, path: str | Path | None = None) -> object:
    """Parse `path`, or the bundled file `bundled`, as YAML."""
    if path is None:
        return load_bundled("careplanner.group", bundled, GroupDataError)
    return load_file(path, GroupDataError)


def listed(exc: ValidationError) -> str:
    """Every error of `exc` as ``location: message``, inputs left out."""
    errors = exc.errors(include_input=False, include_url=False)
    return "; ".join(f"{dotted(e['loc'])}: {e['msg']}" for e in errors)


def located(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Every error of `exc` as a `Problem` at ``<prefix><location>``, inputs left out.

    >>> from pydantic import TypeAdapter
    >>> try:
    ...     TypeAdapter(list[int]).validate_python(["x"])
    ... except ValidationError as exc:
    ...     print(located(exc, "ids")[0].location)
    ids[0]
    """
    errors = exc.errors(include_input=False, include_url=False)
    return [Problem(_joined(prefix, dotted(e["loc"])), e["msg"]) for e in errors]


def _joined(prefix: str, location: str) -> str:
    if not prefix or location.startswith("["):
        return prefix + location
    return f"{prefix}.{location}"


def dotted(loc: tuple[int | str, ...]) -> str:
    """``("a", 0, "b")`` -> ``"a[0].b"``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"
