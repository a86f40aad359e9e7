"""The compact result: ids, numbers and the client's own values, each catalogue text by id.

A compact result keeps the full result's fields and nesting, with these differences:

- every catalogue text (a need's statement, a stage's name and purpose, an intervention's
  strategies, a threshold's source) is a *text reference*: its template id (a string), or
  ``[id, {slot: words}]`` when the template names a slot its own record fills (a reason's
  ``{subject}``). The slots filled from the case are written once, as ``slots``;
- a text the catalogue does not hold (a sentence rendered from numbers, a notice) is written
  whole, ``{"en": ..., "zh-CN": ...}``, or ``{"literal": ...}`` for a single-language string;
- ``plan.request`` leaves out ``baseline`` when it equals ``facts``, and ``slots`` (written
  once at the top); a stage's ``objectives`` are the ids of its needs' objectives, which
  ``plan.needs`` holds in full.

A reference is written only after checking that it resolves to the very text it stands for,
so `careplanner.resolve_texts` gives back the full result's data exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel
from pydantic_core import to_json

from careplanner._compact._fields import Kind, Plan, field_plan
from careplanner._compact._resolve import resolve_template, templates_of
from careplanner._compact._templates import Templates, text_key
from careplanner._content._vocab import Language
from careplanner.errors import UnknownCodeError
from careplanner.plan._slots import need_slots

if TYPE_CHECKING:
    from careplanner._content._content import Content
    from careplanner.assess import AssessmentResult

#: Version of the compact format (its JSON Schema: ``careplanner schema compact-result``);
#: bumped only when a field is removed or changes meaning.
COMPACT_FORMAT = 1

#: How much a written result holds: everything, or texts by template id.
Detail = Literal["full", "compact"]
DETAILS: tuple[Detail, ...] = ("full", "compact")

Slots = Mapping[str, Mapping[Language, str]]
#: Most entries kept by the two memories below; each is emptied when full.
_MAX_MEMO = 20_000


def result_json(
    result: AssessmentResult, *, detail: str = "full", content: Content | None = None
) -> bytes:
    """Return `result` as UTF-8 JSON bytes, in full or compact.

    Parameters
    ----------
    result : AssessmentResult
    detail : {"full", "compact"}
        ``full``: the bytes of ``result.model_dump_json()``. ``compact``: ids, numbers and
        the client's own values, each catalogue text as its template id
        (`careplanner.texts`) plus the slot values filled from the case;
        `careplanner.resolve_texts` gives the full result's data back. Its JSON Schema is
        ``careplanner.schema_for("compact-result")``.
    content : careplanner.Content, optional
        The content `result` was made on, whose templates a compact result names; the active
        content (the bundled one by default) when not given.

    Raises
    ------
    UnknownCodeError
        `detail` is neither ``full`` nor ``compact``.

    Examples
    --------
    >>> from careplanner import assess, load_case
    >>> result = assess(load_case("example:shidu-mother"))
    >>> result_json(result) == result.model_dump_json().encode()
    True
    >>> len(result_json(result, detail="compact")) < len(result_json(result))
    True
    """
    if check_detail(detail) == "compact":
        return compact_json(result, content)
    return result.__pydantic_serializer__.to_json(result)


def check_detail(detail: str) -> Detail:
    """Return `detail` as a `Detail`, or raise `UnknownCodeError` naming the allowed values."""
    for known in DETAILS:
        if detail == known:
            return known
    raise UnknownCodeError("detail", detail, DETAILS)


def compact_json(result: AssessmentResult, content: Content | None = None) -> bytes:
    """Return the compact form of `result` as UTF-8 JSON bytes (see docs/api.md).

    Ids, numbers and the client's own values are kept; every catalogue text is its template
    id (`careplanner.texts`) plus the slot values filled from the case, and
    `careplanner.resolve_texts` turns it back into the full result's data. The texts are
    looked up in `content`, by default the active content (the bundled one unless a call runs
    on another).

    Examples
    --------
    >>> import json
    >>> from careplanner import assess, load_case
    >>> compact = json.loads(compact_json(assess(load_case("example:shidu-mother"))))
    >>> compact["compact_format"], compact["plan"]["stages"][0]["name"]
    (1, 'plan.stages.engage_assess.name')
    """
    return to_json(compact_result(result, content))


def compact_result(result: AssessmentResult, content: Content | None = None) -> dict[str, Any]:
    """Return the compact form of `result` as plain data, ready for JSON (do not change it:
    parts of it are shared with other results)."""
    templates = templates_of(content)
    request = result.plan.request
    slots = dict(request.slots)
    writer = _Writer(templates, slots | need_slots(n.id for n in request.needs))
    body = writer.model(result, None)
    plan = body["plan"]
    request_out = {k: v for k, v in plan["request"].items() if k != "slots"}
    if request.baseline == result.facts:
        del request_out["baseline"]
    stages = [{**s, "objectives": [o["id"] for o in s["objectives"]]} for s in plan["stages"]]
    return {
        "compact_format": COMPACT_FORMAT,
        "content_hash": templates.content_hash,
        "slots": slots,
        **body,
        "plan": {**plan, "request": request_out, "stages": stages},
    }


#: (template id, text, slot values it reads) -> whether the template gives the text.
_CHECKED: dict[tuple[str, tuple[str, ...], tuple[object, ...]], bool] = {}
#: id(model) -> (model, its compact form), for models shared between results whose compact
#: form does not depend on the result's slots; the model is kept so that its id stays its own.
_SHARED: dict[int, tuple[BaseModel, dict[str, Any]]] = {}
_SHARED_FOR: list[Templates] = []


class _Writer:
    """Turns one result's models into compact data; `slots` are the result's slots."""

    def __init__(self, templates: Templates, slots: Slots) -> None:
        self.templates = templates
        self.slots = slots
        self.by_slots = False  # whether the model being written used the result's slots
        if not _SHARED_FOR or _SHARED_FOR[0] is not templates:
            _SHARED.clear()
            _SHARED_FOR[:] = [templates]

    def model(self, obj: BaseModel, parent: str | None) -> dict[str, Any]:
        shared = _SHARED.get(id(obj))
        if shared is not None and shared[0] is obj:
            return shared[1]
        outer, self.by_slots = self.by_slots, False
        scope_of, plan = _plan(type(obj))
        scope = scope_of(obj) or parent
        out = self._fields(obj, plan, scope)
        if not self.by_slots:
            if len(_SHARED) >= _MAX_MEMO:
                _SHARED.clear()
            _SHARED[id(obj)] = (obj, out)
        self.by_slots = outer or self.by_slots
        return out

    def _fields(self, obj: BaseModel, plan: Plan, scope: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, key, kind, _ in plan:
            value = getattr(obj, name)
            if kind is Kind.PLAIN or value is None:
                out[key] = value
            elif kind is Kind.TEXT:
                out[key] = self.text(_as_text(value), name, scope, obj)
            elif kind is Kind.TEXTS:
                out[key] = [self.text(_as_text(v), name, scope, obj) for v in value]
            elif kind is Kind.SOURCE:
                tid = self.templates.fixed.get(value)
                out[key] = tid if tid is not None else {"literal": value}
            elif kind is Kind.MODEL:
                out[key] = self.model(value, scope)
            elif kind is Kind.MODELS:
                out[key] = [self.model(v, scope) for v in value]
            else:
                out[key] = {k: self.model(v, scope) for k, v in value.items()}
        return out

    def text(
        self, text: Mapping[Language, str], field: str, scope: str | None, owner: BaseModel
    ) -> object:
        """The reference to `text`, or the text itself when no template gives it."""
        key = text_key(text)
        if key is None:
            return dict(text)
        tid = self.templates.fixed.get(key)
        if tid is not None:
            return tid
        slotted = self.templates.slotted
        for candidates in (slotted.get(f"@{scope}", ()), slotted.get(field, ())):
            for tid in candidates:
                ref = self._matching(tid, key, owner)
                if ref is not None:
                    return ref
        return dict(text)

    def _matching(self, tid: str, key: tuple[str, ...], owner: BaseModel) -> object:
        """`tid` as a reference to the text `key`, if it resolves to it; else None."""
        names = self.templates.slot_names[tid]
        own = {n: v for n in names if n not in self.slots and isinstance(v := _attr(owner, n), str)}
        values = tuple(own.get(n) or tuple(self.slots.get(n, {}).values()) for n in names)
        memo = (tid, key, values)
        known = _CHECKED.get(memo)
        if known is None:
            resolved = resolve_template(self.templates.by_id[tid], self.slots, own)
            known = isinstance(resolved, Mapping) and text_key(resolved) == key
            if len(_CHECKED) >= _MAX_MEMO:
                _CHECKED.clear()
            _CHECKED[memo] = known
        if not known:
            return None
        if len(own) < len(names):
            self.by_slots = True
        return [tid, own] if own else tid


_PLANS: dict[type[BaseModel], tuple[Any, Plan]] = {}


def _plan(cls: type[BaseModel]) -> tuple[Any, Plan]:
    """How to find a model's owner id (see `_scope`), and its fields."""
    found = _PLANS.get(cls)
    if found is None:
        fields = cls.model_fields
        if "id" in fields:
            found = (_own_id, field_plan(cls))
        elif "kind" in fields:
            found = (_kind, field_plan(cls))
        elif "need" in fields:
            found = (_need_id, field_plan(cls))
        else:
            found = (_no_scope, field_plan(cls))
        _PLANS[cls] = found
    return found


def _own_id(obj: Any) -> str | None:
    value = obj.id
    return value.rsplit(".", 1)[-1] if isinstance(value, str) else None


def _kind(obj: Any) -> str | None:
    return obj.kind if isinstance(obj.kind, str) else None


def _need_id(obj: Any) -> str | None:
    need = obj.need
    value = getattr(need, "id", need)
    return value if isinstance(value, str) else None


def _no_scope(obj: Any) -> None:
    return None


def _attr(owner: BaseModel, name: str) -> object:
    return owner.__dict__.get(name)


def _as_text(value: object) -> Mapping[Language, str]:
    if isinstance(value, BaseModel):  # a label model
        return {"en": getattr(value, "en"), "zh-CN": getattr(value, "zh_CN")}  # noqa: B009
    assert isinstance(value, Mapping)
    return value
