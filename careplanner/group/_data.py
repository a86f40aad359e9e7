"""Read the package's YAML data files (or a worker's copy) into checked models.

A table an organisation's overlay changes (``group/<file>`` in `careplanner.load_content`) is
read from the running call's content instead of the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import load_bundled, load_file
from careplanner._content._problems import problems_of
from careplanner._content._scope import active
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
    source = str(path) if path is not None else _source(bundled)
    try:
        return model.model_validate(read_yaml(bundled, path))
    except ValidationError as exc:
        raise GroupDataError(source, problems_of(exc)) from None


def read_yaml(bundled: str, path: str | Path | None = None) -> object:
    """Parse `path`, or the bundled file `bundled` (as the running content has it), as YAML."""
    if path is None:
        content = active()
        if overlaid(bundled) and content is not None:
            return content.group_data[f"group/{bundled}"]
        return load_bundled("careplanner.group", bundled, GroupDataError)
    return load_file(path, GroupDataError)


def overlaid(bundled: str) -> bool:
    """Whether the running call's content changes the bundled table `bundled`."""
    content = active()
    return content is not None and f"group/{bundled}" in content.group_data


def _source(bundled: str) -> str:
    return f"group/{bundled}" if overlaid(bundled) else bundled
