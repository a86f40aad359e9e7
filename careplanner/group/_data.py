"""Read the package's YAML data files (or a worker's copy) into checked models."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import load_bundled, load_file
from careplanner._content._problems import problems_of
from careplanner.errors import GroupDataError

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
        raise GroupDataError(source, problems_of(exc)) from None


def read_yaml(bundled: str, path: str | Path | None = None) -> object:
    """Parse `path`, or the bundled file `bundled`, as YAML."""
    if path is None:
        return load_bundled("careplanner.group", bundled, GroupDataError)
    return load_file(path, GroupDataError)
