"""The OpenAPI document: FastAPI's, plus the schemas of the documents sent as request bodies.

Bodies are read by careplanner's own loader (see ``_body``), so FastAPI does not see their
models; their JSON Schemas come from the same pydantic models here and are referenced from
each operation's ``requestBody``. Errors are answered by handlers FastAPI does not see either:
every operation names `PROBLEMS` as its 4XX and 5XX answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Response
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from careplanner._version import __version__
from careplanner.group import Approached, GroupSessionRecord, Resident
from careplanner.models import Case
from careplanner.serve._body import DOCUMENT_TYPES, FHIR_TYPES, JSON, NDJSON_TYPES
from careplanner.serve._problems import MEDIA_TYPE, ProblemDetails

_SCHEMAS = "#/components/schemas/"
#: Request documents are referenced under this prefix until they get their final names.
_BODY = _SCHEMAS + "body:"
_REF = _BODY + "{model}"
Json = dict[str, Any]


def body_of(name: str) -> Json:
    """An operation's ``requestBody``: the document `name`, as JSON or YAML."""
    schema = {"$ref": _REF.format(model=name)}
    return {
        "requestBody": {
            "required": True,
            "content": {media: {"schema": schema} for media in DOCUMENT_TYPES},
        }
    }


CASE_BODY = body_of("Case")
IMPORT_BODY: Json = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": {"$ref": _REF.format(model="FhirImportBody")}} for media in FHIR_TYPES
        },
    }
}
RESIDENTS_BODY = body_of("Residents")
WORKBENCH_BODY: Json = {
    "requestBody": {
        "required": True,
        "content": {JSON: {"schema": {"$ref": _REF.format(model="WorkbenchBody")}}},
    }
}
OVERLAY_BODY: Json = {
    "requestBody": {
        "required": True,
        "content": {JSON: {"schema": {"$ref": _REF.format(model="OverlayBody")}}},
    }
}
EVALUATION_BODY = body_of("GroupEvaluationBody")
BATCH_BODY: Json = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": {"type": "string", "description": "One case as JSON per line."}}
            for media in NDJSON_TYPES
        },
    }
}


#: Every operation's error answers: a problem (RFC 9457). Naming "4XX" also keeps FastAPI from
#: describing its own 422 body, which this service never sends.
PROBLEMS: dict[int | str, Json] = {
    group: {
        "description": "A problem (RFC 9457): what is wrong, the field and the allowed values.",
        "content": {MEDIA_TYPE: {"schema": {"$ref": _REF.format(model="ProblemDetails")}}},
    }
    for group in ("4XX", "5XX")
}


def text_response(media_types: Iterable[str]) -> dict[int | str, Json]:
    """The ``responses`` entry of an operation that answers text or bytes, not JSON."""
    content = {media: {"schema": {"type": "string"}} for media in media_types}
    return {200: {"description": "Successful Response", "content": content}}


def raw_answer(media_types: Iterable[str]) -> Json:
    """Route options of an operation that answers a `Response` of one of `media_types`."""
    return {"response_class": Response, "responses": text_response(media_types)}


def openapi_document(app: FastAPI, *, secured: bool) -> Json:
    """Build (once) and return the app's OpenAPI document; `secured`: a token is needed."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=__version__,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        names = _final_names(schemas, _body_schemas())
        document = _renamed(document, names)
        document["components"]["schemas"] |= {
            names[name]: _renamed(schema, names) for name, schema in _body_schemas().items()
        }
        if secured:
            document["components"]["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            document["security"] = [{"bearer": []}]
        app.openapi_schema = document
    return app.openapi_schema


def _final_names(schemas: Json, bodies: Json) -> dict[str, str]:
    """Name each request document as its model, or ``<model>Input`` where FastAPI's differs."""
    names = {name: name for name in bodies}
    while True:
        clashing = {
            name
            for name, schema in bodies.items()
            if names[name] == name and name in schemas and schemas[name] != _renamed(schema, names)
        }
        if not clashing:
            return names
        names |= {name: f"{name}Input" for name in clashing}
        taken = sorted(names[name] for name in clashing if names[name] in schemas)
        if taken:
            raise ValueError(f"request document names {taken} are taken by other schemas")


def _renamed(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_BODY):
            return {**node, "$ref": _SCHEMAS + names[ref.removeprefix(_BODY)]}
        return {key: _renamed(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [_renamed(item, names) for item in node]
    return node


def _body_schemas() -> Json:
    keys, top = models_json_schema(
        [
            (Case, "validation"),
            (Resident, "validation"),
            (GroupSessionRecord, "validation"),
            (Approached, "validation"),
            (ProblemDetails, "serialization"),
        ],
        ref_template=_REF,
    )
    schemas: Json = top["$defs"]
    residents = _residents(keys[(Resident, "validation")], keys[(Approached, "validation")])
    sessions = {"type": "array", "items": keys[(GroupSessionRecord, "validation")]}
    schemas["Residents"] = residents
    schemas["FhirImportBody"] = {
        "title": "FhirImportBody",
        "description": "QuestionnaireResponses to read, and the case to add them to.",
        "type": "object",
        "additionalProperties": False,
        "required": ["source"],
        "properties": {
            "source": {
                "type": "object",
                "description": "A FHIR Bundle holding QuestionnaireResponses, or one of them.",
            },
            "into": {"oneOf": [{"$ref": _REF.format(model="Case")}, {"type": "null"}]},
        },
    }
    thresholds = {
        "type": "object",
        "description": "Edited thresholds by name; those of safety needs are locked.",
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1000},
    }
    schemas["OverlayBody"] = {
        "title": "OverlayBody",
        "description": "Thresholds edited on the workbench.",
        "type": "object",
        "additionalProperties": False,
        "properties": {"thresholds": thresholds},
    }
    schemas["WorkbenchBody"] = {
        "title": "WorkbenchBody",
        "description": "The case on screen, the case as it was opened, edited thresholds.",
        "type": "object",
        "additionalProperties": False,
        "required": ["case"],
        "properties": {
            "case": {"$ref": _REF.format(model="Case")},
            "baseline": {"oneOf": [{"$ref": _REF.format(model="Case")}, {"type": "null"}]},
            "thresholds": thresholds,
        },
    }
    schemas["GroupEvaluationBody"] = {
        "title": "GroupEvaluationBody",
        "description": "The residents before and after a group, and its session records.",
        "type": "object",
        "additionalProperties": False,
        "required": ["before", "after"],
        "properties": {
            "before": {"$ref": _REF.format(model="Residents")},
            "after": {"$ref": _REF.format(model="Residents")},
            "sessions": {"oneOf": [sessions, {"type": "null"}], "default": None},
        },
    }
    return schemas


def _residents(resident: Json, approached: Json) -> Json:
    return {
        "title": "Residents",
        "description": "A residents file: the surveyed residents of one community.",
        "type": "object",
        "additionalProperties": False,
        "required": ["residents"],
        "properties": {
            "residents_format": {"type": "integer", "enum": [1], "default": 1},
            "title": {"type": "object", "additionalProperties": {"type": "string"}},
            "residents": {"type": "array", "items": resident},
            "outreach": {"type": "array", "items": approached},
        },
    }
