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

The serialiser writes JSON bytes itself, not through the full result's models: each model's
plain fields (ids, numbers, the client's values, text-free sub-models) go to pydantic-core's
``to_json`` in one call, its texts become references, and the bytes are joined. A model shared
between results -- a catalogue objective, a precaution, a rule's evidence, an intervention in
a client's words, which the pipeline caches -- is written once and its bytes reused in every
result whose slots hold the same words for the slots its references were checked with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel
from pydantic_core import to_json

from careplanner._compact._fields import Kind, field_plan
from careplanner._compact._resolve import resolve_template, templates_of
from careplanner._compact._templates import Templates, text_key
from careplanner._content._vocab import WRITING_ORDER, Language
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
_MAX_MEMO = 8_192


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
    return _compact_bytes(result, content)


def _compact_bytes(result: AssessmentResult, content: Content | None) -> bytes:
    templates = templates_of(content)
    request = result.plan.request
    slots = dict(request.slots)
    writer = _Writer(templates, slots | need_slots(n.id for n in request.needs), result.facts)
    head = to_json(
        {
            "compact_format": COMPACT_FORMAT,
            "content_hash": templates.content_hash,
            "slots": slots,
        }
    )
    body = memoryview(writer.model(result, None))[1:]  # joined without a copy
    return b"".join((head[:-1], b",", body))


@dataclass
class _Memory:
    """What the serialiser remembers for one content's templates (each content its own, so
    that results on two contents, in two threads, never share an entry)."""

    #: (template id, text, slot values it reads) -> whether the template gives the text.
    checked: dict[tuple[str, tuple[str, ...], tuple[object, ...]], bool] = field(
        default_factory=dict
    )
    #: A text without slots -> its reference (or itself) as JSON.
    fixed: dict[tuple[str, ...], bytes] = field(default_factory=dict)
    #: (field, owner, text) that no template gave: written whole again without a search. A
    #: text it stands for is always exact; at worst one that a template could give under
    #: other slot words is written whole.
    unmatched: set[tuple[str, str | None, tuple[str, ...]]] = field(default_factory=set)
    #: A source string -> its reference (or itself) as JSON.
    sources: dict[str, bytes] = field(default_factory=dict)
    #: id(model) -> `_Kept`, for models shared between results.
    shared: dict[int, _Kept] = field(default_factory=dict)


class _Kept(NamedTuple):
    """A model written once, to be reused: the model is kept so that its id stays its own."""

    model: BaseModel
    json: bytes
    #: The slots and words its references were checked with.
    read: tuple[tuple[str, object], ...]
    #: Its class's count in `_SEEN`.
    seen: list[int]


#: One `_Memory` per templates object (one per content), by id; the templates are kept.
_MEMORIES: dict[int, tuple[Templates, _Memory]] = {}
#: Per model class: [models found in memory, models put there]; a class whose models are
#: found less often than they are put there is no longer kept after `_TRIAL` tries.
_SEEN: dict[type[BaseModel], list[int]] = {}
_TRIAL = 256
_texts_of = itemgetter(*WRITING_ORDER)


def _memory(templates: Templates) -> _Memory:
    found = _MEMORIES.get(id(templates))
    if found is None or found[0] is not templates:
        if len(_MEMORIES) >= 8:
            _MEMORIES.clear()
        found = _MEMORIES[id(templates)] = (templates, _Memory())
    return found[1]


class _Writer:
    """Writes one result's models as compact JSON; `slots` and `facts` are the result's."""

    def __init__(self, templates: Templates, slots: Slots, facts: Mapping[str, object]) -> None:
        self.templates = templates
        self.slots = slots
        self.facts = facts
        #: (slot, its words in this result, None if it has none) read by the references
        #: written so far for the model being written: a kept model is reused only where
        #: the same slots hold the same words.
        self.read: list[tuple[str, object]] = []
        memory = _memory(templates)
        self.checked, self.fixed, self.shared = memory.checked, memory.fixed, memory.shared
        self.sources, self.unmatched = memory.sources, memory.unmatched

    def model(self, obj: BaseModel, parent: str | None) -> bytes:
        kept = self.shared.get(id(obj))
        if kept is not None and kept.model is obj and (not kept.read or self._same_words(kept)):
            kept.seen[0] += 1
            self.read += kept.read
            return kept.json
        cls = type(obj)
        seen = _SEEN.get(cls)
        if seen is None:
            seen = _SEEN[cls] = [0, 0]
        outer, self.read = self.read, []
        layout = _LAYOUTS.get(cls) or _layout(cls)
        out = self._fields(obj, layout, layout.scope(obj) or parent)
        read, self.read = self.read, outer
        if read:
            outer += read
        # Kept only for a class whose models recur (plan entries, evidence), not per client.
        if seen[1] < _TRIAL or seen[0] >= seen[1]:
            if len(self.shared) >= _MAX_MEMO:
                self.shared.clear()
            self.shared[id(obj)] = _Kept(obj, out, tuple(dict(read).items()) if read else (), seen)
            seen[1] += 1
        return out

    def _same_words(self, kept: _Kept) -> bool:
        """Whether this result's slots hold the words a kept model's texts were checked with."""
        slots = self.slots
        return all(slots.get(name) == words for name, words in kept.read)

    def _fields(self, obj: BaseModel, layout: _Layout, scope: str | None) -> bytes:
        values = obj.__dict__
        plain = {key: values[name] for name, key in layout.plain}
        if layout.baseline and plain.get("baseline") == self.facts:
            del plain["baseline"]  # the plan's request: its baseline is the result's facts
        parts = [to_json(plain)[:-1]]
        for name, key, write in layout.rest:
            value = values[name]
            parts += (key, b"null" if value is None else write(self, value, name, scope, obj))
        parts.append(b"}")
        return b"".join(parts)

    def texts(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        return b"".join((b"[", b",".join([self.text(v, name, scope, obj) for v in value]), b"]"))

    def source(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        known = self.sources.get(value)
        if known is None:
            tid = self.templates.fixed.get(value)
            known = to_json(tid if tid is not None else {"literal": value})
            if len(self.sources) >= _MAX_MEMO:
                self.sources.clear()
            self.sources[value] = known
        return known

    def one(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        return self.model(value, scope)

    def many(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        if not value:
            return b"[]"
        shared, model, parts = self.shared, self.model, []
        for item in value:
            kept = shared.get(id(item))
            if kept is not None and kept.model is item and not kept.read:  # as in `model`
                kept.seen[0] += 1
                parts.append(kept.json)
            else:
                parts.append(model(item, scope))
        return b"".join((b"[", b",".join(parts), b"]"))

    def by_key(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        items = [to_json(k) + b":" + self.model(v, scope) for k, v in value.items()]
        return b"".join((b"{", b",".join(items), b"}"))

    def ids(self, value: Any, name: str, scope: str | None, obj: BaseModel) -> bytes:
        return to_json([v.id for v in value])

    def text(self, value: Any, field: str, scope: str | None, owner: BaseModel) -> bytes:
        """The reference to a text as JSON, or the text itself when no template gives it."""
        text = value if type(value) is dict else _as_text(value)
        key = _texts_of(text) if len(text) == len(WRITING_ORDER) else None
        if not isinstance(key, tuple):
            return to_json(text)
        known = self.fixed.get(key)
        if known is not None:
            return known
        tid = self.templates.fixed.get(key)
        if tid is not None:
            self.fixed[key] = found = to_json(tid)
            return found
        unmatched = (field, scope, key)
        if unmatched not in self.unmatched:
            for tid in self._candidates(field, scope):
                ref = self._matching(tid, key, owner)
                if ref is not None:
                    return to_json(ref)
            if len(self.unmatched) >= _MAX_MEMO:
                self.unmatched.clear()
            self.unmatched.add(unmatched)  # a sentence rendered from numbers, most likely
        return to_json(text)

    def _candidates(self, field: str, scope: str | None) -> tuple[str, ...]:
        """The templates with slots that may give a text of `field` owned by `scope`: the
        owner's in this field, then the owner's others (a message kind's text); without
        either, those of any owner in this field (the crisis plan's referral)."""
        slotted = self.templates.slotted
        mine = slotted.get(f"{field}@{scope}", ()) + slotted.get(f"@{scope}", ())
        return mine or slotted.get(field, ())

    def _matching(self, tid: str, key: tuple[str, ...], owner: BaseModel) -> object:
        """`tid` as a reference to the text `key`, if it resolves to it; else None."""
        names = self.templates.slot_names[tid]
        own = {n: v for n in names if n not in self.slots and isinstance(v := _attr(owner, n), str)}
        self.read += [(n, self.slots.get(n)) for n in names if n not in own]
        values = tuple(own.get(n) or tuple(self.slots.get(n, {}).values()) for n in names)
        memo = (tid, key, values)
        known = self.checked.get(memo)
        if known is None:
            resolved = resolve_template(self.templates.by_id[tid], self.slots, own)
            known = isinstance(resolved, Mapping) and text_key(resolved) == key
            if len(self.checked) >= _MAX_MEMO:
                self.checked.clear()
            self.checked[memo] = known
        if not known:
            return None
        return [tid, own] if own else tid


#: How a field of each kind is written (plain fields are written together, first).
_WRITE: dict[Kind, Callable[[_Writer, Any, str, str | None, BaseModel], bytes]] = {
    Kind.TEXT: _Writer.text,
    Kind.TEXTS: _Writer.texts,
    Kind.SOURCE: _Writer.source,
    Kind.MODEL: _Writer.one,
    Kind.MODELS: _Writer.many,
    Kind.MODEL_MAP: _Writer.by_key,
    Kind.IDS: _Writer.ids,
}


@dataclass(frozen=True)
class _Layout:
    """How a model class is written: its plain fields in one go, then the others."""

    scope: Callable[[Any], str | None]
    plain: tuple[tuple[str, str], ...]
    #: (attribute, its JSON key with the comma before it, how it is written).
    rest: tuple[tuple[str, bytes, Callable[[_Writer, Any, str, str | None, BaseModel], bytes]], ...]
    baseline: bool


_LAYOUTS: dict[type[BaseModel], _Layout] = {}
#: Fields the compact form leaves out, or writes as the ids of their models.
_LEFT_OUT = frozenset({("PlanRequest", "slots")})
_AS_IDS = frozenset({("PlannedStage", "objectives")})


def _layout(cls: type[BaseModel]) -> _Layout:
    found = _LAYOUTS.get(cls)
    if found is None:
        plain, rest = [], []
        for name, key, kind, _ in field_plan(cls):
            if (cls.__name__, name) in _LEFT_OUT:
                continue
            if (cls.__name__, name) in _AS_IDS:
                kind = Kind.IDS
            if kind is Kind.PLAIN:
                plain.append((name, key))
            else:
                rest.append((name, to_json(key) + b":", _WRITE[kind]))
        # The plain fields are written first; every key after the first follows a comma.
        keyed = tuple((n, b"," + k if plain or i else k, w) for i, (n, k, w) in enumerate(rest))
        baseline = cls.__name__ == "PlanRequest"
        found = _LAYOUTS[cls] = _Layout(_scope_of(cls), tuple(plain), keyed, baseline)
    return found


def _scope_of(cls: type[BaseModel]) -> Callable[[Any], str | None]:
    """How to find a model's owner id, under which its texts' templates are looked up first."""
    fields = cls.model_fields
    if "id" in fields:
        return _own_id
    if "kind" in fields:
        return _kind
    if "need" in fields:
        return _need_id
    return _no_scope


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
    if type(value) is dict:
        return value
    if isinstance(value, BaseModel):  # a label model
        return {"en": getattr(value, "en"), "zh-CN": getattr(value, "zh_CN")}  # noqa: B009
    assert isinstance(value, Mapping)
    return value
