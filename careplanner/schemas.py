"""JSON Schemas of careplanner's public documents, for case systems that validate before calling."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from careplanner.errors import UnknownCodeError
from careplanner.models import Case

_DOCUMENTS: dict[str, type[BaseModel]] = {"case": Case}


def schema_for(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one document kind.

    Examples
    --------
    >>> schema_for("case")["title"]
    'Case'
    """
    if kind not in _DOCUMENTS:
        raise UnknownCodeError("schema kind", kind, _DOCUMENTS)
    return _DOCUMENTS[kind].model_json_schema()
