"""The one vocabulary every package shares: languages, texts, codes, facts, severities, models.

Each idea is declared here once; the packages import it rather than restate it:

- `Language`, the closed set of languages careplanner writes (BCP 47 tags), and `LANGUAGES`
  (declared in `careplanner._content._language`, which imports nothing heavy, for the command
  line's options); adding a language is adding it to `Language` and giving every shipped text
  its wording;
- `Text`, a text keyed by language that is complete in every language of `LANGUAGES`;
- `Code` (an id inside a data file) and `Slug` (an id that may also hold ``-``);
- `FactName`, `FactValue` and `Facts`, what the rules, the plan and group work read;
- `Severity` and `SEVERITY_RANK`;
- `Frozen`, the base of every content and result model: immutable, strict about unknown
  fields and silent about the input it refuses; `trusted` builds a result model from parts
  already validated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from careplanner._content._language import LANGUAGES as LANGUAGES
from careplanner._content._language import WRITING_ORDER as WRITING_ORDER
from careplanner._content._language import Language as Language
from careplanner._content._language import check_language as check_language

#: A fact value: a scale score, a network measure, an observation, an answer. A bool comes
#: first so that JSON ``true`` stays a bool.
FactValue = bool | int | float
#: Facts by name, e.g. ``{"gds15.total": 7, "obs.uses_messaging_app": False}``.
Facts = Mapping[str, FactValue]
#: A fact name: ``<namespace>.<name>[.<name>...]``, e.g. ``gds15.total``, ``net.size``.
FactName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
#: An id inside a data file: lower-case letters, digits and ``_``, a letter first.
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
#: An id that may also hold ``-``: a document's id (``default-pack``), a synthetic role.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
#: How much a need weighs, lowest first.
Severity = Literal["low", "moderate", "high"]
#: Severity as a number, for facts (``need.<id>``) and ordering.
SEVERITY_RANK: dict[str, int] = {"low": 1, "moderate": 2, "high": 3}


def complete(text: dict[Language, str]) -> dict[Language, str]:
    """Return `text` if it has a non-empty entry in every language, else raise ValueError.

    Examples
    --------
    >>> complete({"en": "Grief", "zh-CN": "哀伤"})
    {'en': 'Grief', 'zh-CN': '哀伤'}
    >>> complete({"en": "Grief"})
    Traceback (most recent call last):
    ...
    ValueError: text needs a non-empty entry for each of ['en', 'zh-CN']
    """
    # A loop, not a comprehension: every text of every plan passes here.
    for lang in WRITING_ORDER:
        if not text.get(lang, "").strip():
            raise ValueError(f"text needs a non-empty entry for each of {list(WRITING_ORDER)}")
    return text


#: A text in every language: ``{"en": ..., "zh-CN": ...}``.
Text = Annotated[dict[Language, str], AfterValidator(complete)]


class Frozen(BaseModel):
    """Base of every content and result model: immutable, strict, silent about inputs."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", hide_input_in_errors=True, populate_by_name=True
    )


M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def trusted(cls: type[M], **values: Any) -> M:
    """A `cls` model of `values` already validated, every field given: what
    ``cls.model_construct(**values)`` gives, without its search for aliases and defaults.

    For careplanner's own result models only (no extra fields, private attributes or
    post-init), built from parts that careplanner validated or made itself: never from input.

    Examples
    --------
    >>> class Pair(Frozen):
    ...     a: int
    ...     b: str
    >>> trusted(Pair, a=1, b="x") == Pair(a=1, b="x")
    True
    """
    assert values.keys() == cls.__pydantic_fields__.keys(), f"{cls.__name__}: every field"
    return _raw(cls, values, set(values))


def updated(model: M, changes: dict[str, Any]) -> M:
    """``model.model_copy(update=changes)`` for careplanner's own result models, with changes
    careplanner made itself, without copying what those models never hold (extra fields,
    private attributes): about half the time.

    Examples
    --------
    >>> class Pair(Frozen):
    ...     a: int
    ...     b: str
    >>> updated(Pair(a=1, b="x"), {"b": "y"}) == Pair(a=1, b="y")
    True
    """
    fields_set = model.__pydantic_fields_set__ | changes.keys()
    return _raw(type(model), model.__dict__ | changes, fields_set)


def _raw(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """A `cls` model holding `values` as they are: what pydantic's own construction leaves."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
