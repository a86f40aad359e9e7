"""The JSON Schema of the compact result, derived from the full result's.

The compact result has the full result's fields, so its schema is the full result's schema
with each text field's type replaced by a text reference and the few fields the compact form
leaves out or writes as ids changed. Deriving it keeps the two in step: a field added to the
full result appears in the compact schema too.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from careplanner._compact._fields import Kind, field_plan
from careplanner._compact._write import COMPACT_FORMAT

#: A text reference: a template id, an id with the text's own slot words, or the text itself.
TEXT_REF: dict[str, Any] = {
    "title": "TextRef",
    "description": "A catalogue text: its template id (careplanner texts); [id, {slot: words}] "
    "when the text's own record fills a slot of it; or, for a text the catalogue does not "
    'hold, the text itself ({"en": ..., "zh-CN": ...}, or {"literal": ...} for one string).',
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "array",
            "prefixItems": [
                {"type": "string", "minLength": 1},
                {"type": "object", "additionalProperties": {"type": "string"}},
            ],
            "minItems": 2,
            "maxItems": 2,
        },
        {
            "type": "object",
            "properties": {"en": {"type": "string"}, "zh-CN": {"type": "string"}},
            "required": ["en", "zh-CN"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"literal": {"type": "string"}},
            "required": ["literal"],
            "additionalProperties": False,
        },
    ],
}
_REF = {"$ref": "#/$defs/TextRef"}
_SLOTS = {
    "type": "object",
    "description": "The slots filled from the case, by name, in every language.",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
}


def compact_schema() -> dict[str, Any]:
    """Return the JSON Schema of the compact result (format `COMPACT_FORMAT`).

    Examples
    --------
    >>> schema = compact_schema()
    >>> schema["properties"]["compact_format"]["const"], schema["$id"]
    (1, 'urn:careplanner:schema:compact-result:1')
    """
    from careplanner.assess import AssessmentResult

    full = copy.deepcopy(AssessmentResult.model_json_schema())
    defs = full.setdefault("$defs", {})
    for cls in _text_models(AssessmentResult):
        target = full if cls is AssessmentResult else defs[cls.__name__]
        _refer_texts(cls, target)
    defs["TextRef"] = TEXT_REF
    request = defs["PlanRequest"]
    del request["properties"]["slots"]
    request["required"] = [k for k in request.get("required", []) if k not in ("slots", "baseline")]
    defs["PlannedStage"]["properties"]["objectives"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "The ids of the stage's objectives, held in full in plan.needs.",
    }
    full["properties"] = {
        "compact_format": {"const": COMPACT_FORMAT},
        "content_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "slots": _SLOTS,
        **full["properties"],
    }
    full["required"] = ["compact_format", "content_hash", "slots", *full.get("required", [])]
    full["title"] = "CompactAssessmentResult"
    full["$id"] = f"urn:careplanner:schema:compact-result:{COMPACT_FORMAT}"
    full["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return full


def _text_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model under it that holds a text, each once."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.append(cls)
        todo += [
            c for _, _, kind, classes in field_plan(cls) if kind is not Kind.PLAIN for c in classes
        ]
    return found


def _refer_texts(cls: type[BaseModel], schema: dict[str, Any]) -> None:
    properties = schema["properties"]
    for _, key, kind, _ in field_plan(cls):
        optional = _allows_null(properties[key])
        if kind in (Kind.TEXT, Kind.SOURCE):
            ref: dict[str, Any] = _REF
        elif kind is Kind.TEXTS:
            ref = {"type": "array", "items": _REF}
        else:
            continue
        properties[key] = {"anyOf": [ref, {"type": "null"}]} if optional else dict(ref)


def _allows_null(schema: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in schema.get("anyOf", []))
