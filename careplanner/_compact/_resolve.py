"""Text references back to texts: `careplanner.texts` and `careplanner.resolve_texts`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, overload

from pydantic import BaseModel

from careplanner._compact._fields import Kind, field_plan, pick_model
from careplanner._compact._templates import Template, Templates, build_templates
from careplanner._content._scope import active, using
from careplanner._content._vocab import WRITING_ORDER, Language, check_language
from careplanner.errors import CareplannerError, UnknownCodeError
from careplanner.plan._slots import fill, has_slots, need_slots

if TYPE_CHECKING:
    from careplanner._content._content import Content

Slots = Mapping[str, Mapping[Language, str]]

#: Templates by content hash; a process meets one or two contents.
_TEMPLATES: dict[str, Templates] = {}
_MAX_CONTENTS = 8


def templates_of(content: Content | None = None) -> Templates:
    """The templates of `content`, of the active content by default; built once per content."""
    if content is None:
        content = active()
    if content is None:
        if _BASE:
            return _BASE[0]
        from careplanner._content._content import base_content

        _BASE.append(_templates(base_content()))
        return _BASE[0]
    return _templates(content)


def _templates(content: Content) -> Templates:
    found = _TEMPLATES.get(content.content_hash)
    if found is None:
        if len(_TEMPLATES) >= _MAX_CONTENTS:
            _TEMPLATES.clear()
        found = _TEMPLATES[content.content_hash] = build_templates(content)
    return found


#: The bundled content's templates, once built.
_BASE: list[Templates] = []


@overload
def texts(lang: None = None, *, content: Content | None = None) -> dict[str, Template]: ...
@overload
def texts(lang: str, *, content: Content | None = None) -> dict[str, str]: ...
def texts(
    lang: str | None = None, *, content: Content | None = None
) -> dict[str, Template] | dict[str, str]:
    """Return every catalogue text by template id: what a compact result's references name.

    Parameters
    ----------
    lang : {"zh-CN", "en"}, optional
        One language: each template's wording in it. By default every language,
        ``{"en": ..., "zh-CN": ...}``; a source (a citation) is one string in any case.
    content : careplanner.Content, optional
        The content whose texts to list; the bundled content by default.

    Returns
    -------
    dict
        Template id -> template, sorted by id. A template may name slots (``{hobby}``,
        ``{when_reunion}``), filled from the case's ``slots`` as the plan fills them.

    Raises
    ------
    UnknownCodeError
        `lang` is not a language careplanner writes.

    Examples
    --------
    >>> texts("en")["plan.stages.engage_assess.name"]
    'Build the working relationship and mutual trust'
    """
    language = None if lang is None else check_language(lang)
    with using(content):
        by_id = templates_of(content).by_id
    ordered = dict(sorted(by_id.items()))
    if language is None:
        every: dict[str, Template] = {
            tid: t if isinstance(t, str) else dict(t) for tid, t in ordered.items()
        }
        return every
    return {tid: t if isinstance(t, str) else t[language] for tid, t in ordered.items()}


def resolve_texts(compact: Mapping[str, Any], *, content: Content | None = None) -> dict[str, Any]:
    """Return the full result's data from a compact result: every text reference resolved.

    Parameters
    ----------
    compact : mapping
        A compact result, as `careplanner.result_json` writes it (parsed from JSON).
    content : careplanner.Content, optional
        The content it was written on; the bundled content by default.

    Returns
    -------
    dict
        The data of the full result, equal to ``json.loads(result.model_dump_json())``:
        each text in full, the plan's request with its baseline and slots, each stage with
        its objectives. ``AssessmentResult.model_validate`` reads it.

    Raises
    ------
    CareplannerError
        `compact` was written on another content (its ``content_hash`` differs), or is not a
        compact result (a field it needs is missing or of another type).
    UnknownCodeError
        `compact` names a template the content does not have.

    Examples
    --------
    >>> import json
    >>> from careplanner import assess, load_case, result_json
    >>> result = assess(load_case("example:shidu-mother"))
    >>> full = resolve_texts(json.loads(result_json(result, detail="compact")))
    >>> full == json.loads(result.model_dump_json())
    True
    """
    with using(content):
        templates = templates_of(content)
    if compact.get("content_hash") != templates.content_hash:
        raise CareplannerError(
            "'content_hash' of the compact result names other content than "
            f"{templates.content_hash!r}; resolve it with the content it was written on"
        )
    try:
        return _resolved(compact, templates)
    except (KeyError, TypeError, AttributeError, StopIteration) as exc:
        where = f" (at {exc.args[0]!r})" if isinstance(exc, KeyError) else ""
        raise CareplannerError(
            f"'compact' is not a compact result{where}: check it against "
            "'careplanner schema compact-result'"
        ) from None


def _resolved(compact: Mapping[str, Any], templates: Templates) -> dict[str, Any]:
    from careplanner.assess import AssessmentResult

    request = compact["plan"]["request"]
    slots = dict(compact["slots"]) | need_slots(n["id"] for n in request["needs"])
    body = {k: v for k, v in compact.items() if k not in _COMPACT_ONLY}
    full: dict[str, Any] = _resolve_model(AssessmentResult, body, templates, slots)
    plan = full["plan"]
    plan["request"] = {
        **plan["request"],
        "baseline": request.get("baseline", compact["facts"]),
        "slots": compact["slots"],
    }
    objectives = {o["id"]: o for need in plan["needs"] for o in need["objectives"]}
    for stage in plan["stages"]:
        stage["objectives"] = [objectives[o] for o in stage["objectives"]]
    return full


#: Keys of a compact result that the full result does not have.
_COMPACT_ONLY = frozenset({"compact_format", "content_hash", "slots"})


def _resolve_model(cls: type[BaseModel], data: Any, templates: Templates, slots: Slots) -> Any:
    if not isinstance(data, Mapping):  # a stage's objective, by id
        return data
    out = dict(data)
    for _, key, kind, classes in field_plan(cls):
        value = data.get(key)
        if value is None or kind is Kind.PLAIN:
            continue
        if kind in (Kind.TEXT, Kind.SOURCE):
            out[key] = resolve_ref(value, templates, slots)
        elif kind is Kind.TEXTS:
            out[key] = [resolve_ref(v, templates, slots) for v in value]
        elif kind is Kind.MODEL:
            out[key] = _resolve_model(_pick(classes, value), value, templates, slots)
        elif kind is Kind.MODELS:
            out[key] = [_resolve_model(_pick(classes, v), v, templates, slots) for v in value]
        else:
            out[key] = {
                k: _resolve_model(_pick(classes, v), v, templates, slots) for k, v in value.items()
            }
    return out


def _pick(classes: tuple[type[BaseModel], ...], data: Any) -> type[BaseModel]:
    return pick_model(classes, data) if isinstance(data, Mapping) else classes[0]


def resolve_ref(ref: object, templates: Templates, slots: Slots) -> object:
    """The text one reference stands for: a template filled with `slots`, or the inline text."""
    if isinstance(ref, Mapping):
        return ref["literal"] if "literal" in ref else dict(ref)
    tid, own = (ref[0], ref[1]) if isinstance(ref, list) and len(ref) == 2 else (ref, {})
    if not isinstance(tid, str) or tid not in templates.by_id:
        raise UnknownCodeError("text reference", str(tid), ["a template id of careplanner texts"])
    return resolve_template(templates.by_id[tid], slots, own)


def resolve_template(template: Template, slots: Slots, own: Mapping[str, str]) -> Template:
    """`template` with its slots filled from `slots` and the text's `own` words."""
    if isinstance(template, str) or not has_slots(template):
        return template if isinstance(template, str) else dict(template)
    if own:
        slots = {
            **slots,
            **{name: dict.fromkeys(WRITING_ORDER, words) for name, words in own.items()},
        }
    return fill(template, slots) or dict(template)
