"""Which fields of a result model hold catalogue texts: read once per model class.

The compact serialiser walks a result's models field by field. What each field holds is
decided from its type once per class: a text (``Text`` or a label model), a tuple of texts, a
source string, a model (or tuple or mapping of models) that holds texts further down, or a
plain value -- ids, numbers, dates and the client's own values, passed on as they are.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel

from careplanner._compact._templates import SOURCE_FIELDS


class Kind(Enum):
    """What one field holds, as far as the compact form is concerned."""

    PLAIN = "plain"
    TEXT = "text"
    TEXTS = "texts"
    SOURCE = "source"
    MODEL = "model"
    MODELS = "models"
    MODEL_MAP = "model_map"
    #: Written as the ids of its models (a stage's objectives, held in full elsewhere).
    IDS = "ids"


#: A result class's fields: (attribute, key in JSON, kind, the model classes it may hold).
Plan = tuple[tuple[str, str, Kind, tuple[type[BaseModel], ...]], ...]


@cache
def field_plan(cls: type[BaseModel]) -> Plan:
    """The fields of `cls` in declaration order, each with its JSON key and `Kind`."""
    plan = []
    for name, info in cls.model_fields.items():
        key = info.serialization_alias or info.alias or name
        kind = kind_of(name, info.annotation)
        plan.append((name, key, kind, _models_in(info.annotation) if kind in _NESTED else ()))
    return tuple(plan)


def pick_model(classes: tuple[type[BaseModel], ...], data: Mapping[str, object]) -> type[BaseModel]:
    """The class of `classes` whose JSON keys are those of `data` (a union's member)."""
    if len(classes) == 1:
        return classes[0]
    keys = set(data)
    return next(c for c in classes if {key for _, key, _, _ in field_plan(c)} == keys)


def _models_in(annotation: object) -> tuple[type[BaseModel], ...]:
    inner = _strip(annotation)
    origin = get_origin(inner)
    if (
        origin is tuple
        or origin in (dict, Mapping)
        or (isinstance(origin, type) and issubclass(origin, Mapping))
    ):
        inner = _strip(get_args(inner)[-1 if origin is not tuple else 0])
    members = inner if isinstance(inner, tuple) else (inner,)
    return tuple(m for m in members if isinstance(m, type) and issubclass(m, BaseModel))


def kind_of(name: str, annotation: object) -> Kind:
    """The `Kind` of a field called `name` with type `annotation`."""
    inner = _strip(annotation)
    if _is_text(inner):
        return Kind.TEXT
    if name in SOURCE_FIELDS and inner is str:
        return Kind.SOURCE
    origin = get_origin(inner)
    if origin is tuple:
        args = get_args(inner)
        item = _strip(args[0]) if args else None
        if _is_text(item):
            return Kind.TEXTS
        if _holds_text(item):
            return Kind.MODELS
    if origin in (dict, Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping)):
        args = get_args(inner)
        if len(args) == 2 and _holds_text(_strip(args[1])):
            return Kind.MODEL_MAP
    if _holds_text(inner):
        return Kind.MODEL
    return Kind.PLAIN


def _strip(annotation: object) -> object:
    """`annotation` without ``Annotated`` metadata and without ``None`` in a union."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _strip(members[0])
        return tuple(_strip(m) for m in members)  # a union of models: checked one by one
    return annotation


def _is_text(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields) == {"en", "zh_CN"}
    if get_origin(annotation) is not dict:
        return False
    key, value = get_args(annotation)
    return value is str and get_origin(key) is not None and key is not str


def _holds_text(annotation: object) -> bool:
    if isinstance(annotation, tuple):  # a union of models
        return any(_holds_text(member) for member in annotation)
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return False
    return any(kind is not Kind.PLAIN for _, _, kind, _ in field_plan(annotation))


_NESTED = frozenset({Kind.MODEL, Kind.MODELS, Kind.MODEL_MAP})
