"""Public names that were renamed keep working, with a warning, for one minor release.

docs/api.md states the policy; each package's ``__init__`` keeps a ``_RENAMED`` table (old
name -> new name) and answers a missing attribute through `renamed`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any


def renamed(module: str, name: str, table: Mapping[str, str], namespace: Mapping[str, Any]) -> Any:
    """Return the object an old public name now goes by, warning that the name is deprecated.

    Parameters
    ----------
    module : str
        The package asked, e.g. ``"careplanner.rules"``.
    name : str
        The attribute asked for.
    table : mapping of str to str
        Old name -> new name.
    namespace : mapping
        The package's globals, which hold the new names.

    Returns
    -------
    object
        The object the new name is bound to.

    Raises
    ------
    AttributeError
        `name` is neither a current nor a renamed name of `module`.

    Examples
    --------
    >>> import pytest
    >>> with pytest.warns(DeprecationWarning, match="m.old is deprecated; use m.new"):
    ...     renamed("m", "old", {"old": "new"}, {"new": 1})
    1
    """
    new = table.get(name)
    if new is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warnings.warn(
        f"{module}.{name} is deprecated; use {module}.{new}", DeprecationWarning, stacklevel=3
    )
    return namespace[new]
