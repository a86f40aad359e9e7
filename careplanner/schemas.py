"""JSON Schemas of careplanner's public documents, for case systems that validate before calling."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from careplanner.assess import AssessmentResult, Reassessment
from careplanner.errors import UnknownCodeError
from careplanner.models import Case
from careplanner.rules import RulePack

_DOCUMENTS: dict[str, type[BaseModel]] = {
    "case": Case,
    "result": AssessmentResult,
    "reassessment": Reassessment,
    "rulepack": RulePack,
}


def schema_for(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one document kind: case, result, reassessment or rulepack.

    Examples
    --------
    >>> schema_for("case")["title"]
    'Case'
    """
    if kind not in _DOCUMENTS:
        raise UnknownCodeError("schema kind", kind, _DOCUMENTS)
    return _DOCUMENTS[kind].model_json_schema()
