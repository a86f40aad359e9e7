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


#: The compact result's schema is derived from the full result's (`careplanner.result_json`).
COMPACT_RESULT = "compact-result"


def schema_for(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one document kind.

    Parameters
    ----------
    kind : {"case", "result", "compact-result", "reassessment", "rulepack"}
        ``compact-result`` is the result as ``detail="compact"`` writes it; its ``$id`` and
        ``compact_format`` carry its version.

    Examples
    --------
    >>> schema_for("case")["title"]
    'Case'
    >>> schema_for("compact-result")["$id"]
    'urn:careplanner:schema:compact-result:1'
    """
    if kind == COMPACT_RESULT:
        from careplanner._compact._schema import compact_schema

        return compact_schema()
    if kind not in _DOCUMENTS:
        raise UnknownCodeError("schema kind", kind, [*_DOCUMENTS, COMPACT_RESULT])
    return _DOCUMENTS[kind].model_json_schema()
