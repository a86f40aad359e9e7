"""Public names imported on first use (PEP 562), for packages whose modules are heavy to load.

A package lists each lazy name with the module it comes from and defines::

    def __getattr__(name: str) -> Any:
        return lazy_attribute(globals(), _LAZY, name)

A name kept under another name in its module is listed as ``"module:attribute"``. Type checkers
read the same names from an ``if TYPE_CHECKING:`` block of imports, which a test
holds equal to the package's table.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def lazy_attribute(namespace: dict[str, Any], lazy: Mapping[str, str], name: str) -> Any:
    """Import `name` from the module `lazy` names for it, keep it in `namespace`, return it.

    `lazy` maps a name to its module (``"math"``), or to its module and the attribute there
    when the two names differ (``"math:sqrt"``).

    Raises
    ------
    AttributeError
        `lazy` does not name `name`, as for any missing attribute of a module.

    Examples
    --------
    >>> namespace = {"__name__": "pkg"}
    >>> lazy_attribute(namespace, {"sqrt": "math"}, "sqrt")(9.0), "sqrt" in namespace
    (3.0, True)
    >>> lazy_attribute(namespace, {"root": "math:sqrt"}, "root")(4.0)
    2.0
    >>> lazy_attribute(namespace, {}, "cube")
    Traceback (most recent call last):
    ...
    AttributeError: module 'pkg' has no attribute 'cube'
    """
    source = lazy.get(name)
    if source is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    module, _, attribute = source.partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    namespace[name] = value
    return value
