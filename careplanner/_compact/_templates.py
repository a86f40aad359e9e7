"""The catalogue's texts by template id: what a compact result names instead of the words.

Every text the content holds -- a need's statement, a stage's name, an intervention's
strategies, a threshold's source, a scale band's label, the planner's reasons -- gets a template
id from where it sits in the content: ``plan.stages.engage_assess.name``,
``rules.needs.low_social_support.statement``, ``scales.gds15.cutoff_sets.sheikh_yesavage_gt5.
bands.suggests_depression.label``. An element of a list is named by its ``id`` when it has one,
else by its position. An English source with a Chinese wording beside it (a threshold's
``source`` and its ``zh-CN`` block) is also a text in both languages, ``<id>.source_text``. A
template may name slots (``{hobby}``, ``{when_reunion}``, ``{subject}``), filled from the case
as `careplanner.plan` fills them.

The ids are derived from the content, so an overlay that changes a text changes what its id
resolves to; a compact result names the content it was written on (``content_hash``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from careplanner._content._vocab import LANGUAGES, WRITING_ORDER, Language
from careplanner._translated import Translated

if TYPE_CHECKING:
    from careplanner._content._content import Content

#: A template: a text in every language, or a single-language source (a citation).
Template = Mapping[Language, str] | str
#: Fields whose plain text is a catalogue source or citation, not an id.
SOURCE_FIELDS = frozenset({"source", "citation", "population", "remeasure_source"})
#: English texts of a translated item that a result shows in both languages.
TRANSLATED_FIELDS = ("source", "cite", "population")
_SLOT = re.compile(r"\{([a-z_]+)(?:\|[^{}]*)?\}")


@dataclass(frozen=True)
class Templates:
    """Every template of one content, with the indexes a serialiser looks texts up in.

    Attributes
    ----------
    content_hash : str
        The content's hash; a compact result written on it names it.
    by_id : Mapping of str to Template
        Template id -> its text (``{"en": ..., "zh-CN": ...}``) or its source string.
    fixed : Mapping
        A text without slots, as a tuple in `WRITING_ORDER` (or a source string) -> its id.
    slotted : Mapping of str to tuple of str
        The templates with slots: ``"<field>@<owner>"`` -> those of one owner (a stage, an
        intervention, an objective, a message kind) in a field of that name, ``"@<owner>"``
        -> all of that owner's, and ``"<field>"`` -> those held in a field of that name.
    slot_names : Mapping of str to tuple of str
        Template id -> the slots its wordings name.
    """

    content_hash: str
    by_id: Mapping[str, Template]
    fixed: Mapping[tuple[str, ...] | str, str]
    slotted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    slot_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def text_key(text: Mapping[Language, str]) -> tuple[str, ...] | None:
    """A text's wordings in `WRITING_ORDER`, or None if it is not a text in every language."""
    if len(text) != len(LANGUAGES):
        return None
    try:
        return tuple(text[lang] for lang in WRITING_ORDER)
    except KeyError:
        return None


def build_templates(content: Content) -> Templates:
    """Collect every template of `content` and index them (see `Templates`)."""
    from careplanner.plan._reasons import messages

    found: dict[str, tuple[Template, str | None]] = {}
    catalogue = content.catalogue
    roots: list[tuple[str, object]] = [
        ("rules", content.pack),
        *((f"scales.{sid}", scale) for sid, scale in sorted(content.scales.items())),
        ("plan", catalogue.stages),
        ("plan", catalogue.needs),
        ("plan.closure", catalogue.closure),
        ("plan.messages", messages()),
    ]
    for prefix, root in roots:
        for tid, template, owner in _walk(root, prefix, None, None):
            found.setdefault(tid, (template, owner))
    return _index(content.content_hash, found)


def _index(content_hash: str, found: Mapping[str, tuple[Template, str | None]]) -> Templates:
    fixed: dict[tuple[str, ...] | str, str] = {}
    slotted: dict[str, list[str]] = {}
    slot_names: dict[str, tuple[str, ...]] = {}
    for tid, (template, owner) in found.items():
        if isinstance(template, str):
            fixed.setdefault(template, tid)
            continue
        names = tuple(dict.fromkeys(n for t in template.values() for n in _SLOT.findall(t)))
        if not names and not any("||" in t for t in template.values()):
            key = text_key(template)
            if key is not None:
                fixed.setdefault(key, tid)
            continue
        slot_names[tid] = names
        if owner is not None:
            slotted.setdefault(f"{_field_of(tid)}@{owner}", []).append(tid)
            slotted.setdefault(f"@{owner}", []).append(tid)
        slotted.setdefault(_field_of(tid), []).append(tid)
    by_id = {tid: template for tid, (template, _) in found.items()}
    return Templates(
        content_hash, by_id, fixed, {k: tuple(v) for k, v in slotted.items()}, slot_names
    )


def _field_of(tid: str) -> str:
    """The field a template sits in: the last part of its id that is not a position."""
    parts = tid.split(".")
    return next(p for p in reversed(parts) if not p.isdigit())


def _walk(
    value: object, path: str, name: str | None, owner: str | None
) -> Iterator[tuple[str, Template, str | None]]:
    if isinstance(value, BaseModel):
        yield from _walk_model(value, path, name, owner)
    elif isinstance(value, Mapping):
        if name is not None and _is_text(value):
            yield path, dict(value), owner
            return
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}", str(key), str(key))
    elif isinstance(value, tuple | list):
        for position, item in enumerate(value):
            item_id = getattr(item, "id", None)
            step = item_id if isinstance(item_id, str) else str(position)
            yield from _walk(item, f"{path}.{step}", name, step if item_id else owner)
    elif isinstance(value, str) and name in SOURCE_FIELDS:
        yield path, value, owner


def _is_text(value: Mapping[object, object]) -> bool:
    return (
        bool(value)
        and set(value) <= set(LANGUAGES)
        and all(isinstance(v, str) for v in value.values())
    )


def _walk_model(
    model: BaseModel, path: str, name: str | None, owner: str | None
) -> Iterator[tuple[str, Template, str | None]]:
    fields = type(model).model_fields
    if isinstance(model, Translated):
        for name in TRANSLATED_FIELDS:
            if model.english(name) is not None:
                text = {lang: model.text(name, lang) for lang in WRITING_ORDER}
                yield f"{path}.{name}_text", text, owner
    if set(fields) == {"en", "zh_CN"}:  # a label model: one text, if complete
        text = _label_text(model)
        if all(text.values()):
            yield path, text, owner
        return
    for field_name in fields:
        yield from _walk(getattr(model, field_name), f"{path}.{field_name}", field_name, owner)


def _label_text(model: BaseModel) -> dict[Language, str]:
    return {"en": getattr(model, "en") or "", "zh-CN": getattr(model, "zh_CN") or ""}  # noqa: B009
