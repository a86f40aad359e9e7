"""The bundled words of the group outputs (``text.yaml``): need labels and headings."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import Field

from careplanner._plural import plural
from careplanner.group._data import read_model
from careplanner.group._types import WRITING_ORDER, Code, Frozen, Source, Text
from careplanner.models import Language


class Words(Frozen):
    """The content of ``text.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    needs: dict[Code, Text]
    words: dict[Code, Text]
    lines: dict[Code, Text]
    resources: dict[Code, Text] = Field(default_factory=dict)


@cache
def words() -> Words:
    """The bundled words (read once)."""
    return read_model(Words, "text.yaml")


def word(key: str, lang: Language) -> str:
    """A heading or column name in `lang`."""
    return words().words[key][lang]


def line(key: str, lang: Language, **values: object) -> str:
    """A sentence of the outputs in `lang`, its ``{placeholders}`` filled."""
    return plural(words().lines[key][lang], values).format(**values)


def need_label(need_id: str, lang: Language) -> str:
    """The short label of a need, or its id when the bundled words have none.

    Examples
    --------
    >>> need_label("loneliness", "zh-CN"), need_label("custom_need", "en")
    ('孤独感', 'custom_need')
    """
    text = words().needs.get(need_id)
    return text[lang] if text else need_id


def need_list(need_ids: Iterable[str]) -> dict[Language, str]:
    """The labels of `need_ids` joined, in each language (``"none"`` when empty)."""
    ids = list(need_ids)
    return {lang: joined((need_label(n, lang) for n in ids), lang) for lang in WRITING_ORDER}


def joined(items: Iterable[str], lang: Language) -> str:
    """`items` joined as a list in `lang`, or the word for none.

    >>> joined(["a", "b"], "en"), joined(["甲", "乙"], "zh-CN"), joined([], "en")
    ('a, b', '甲、乙', 'none')
    """
    listed = list(items)
    return ("、" if lang == "zh-CN" else ", ").join(listed) if listed else word("none", lang)
