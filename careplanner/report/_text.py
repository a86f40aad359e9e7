"""The words of the report, read once from ``text.yaml``: every key in English and Chinese.

``text.yaml`` nests sections (``section: {key: {en: ..., zh-CN: ...}}``); a key is the dotted
path, e.g. ``section.safety``. A text may hold ``{name}`` placeholders filled by `Words`.
Domain texts (need statements, stage names) are not here: they come bilingual from the rule
pack and the plan catalogue, and `pick` chooses the language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from careplanner._content._loader import load_bundled
from careplanner._content._vocab import LANGUAGES, Language
from careplanner._plural import plural
from careplanner.errors import UnknownCodeError


@cache
def catalogue() -> dict[str, dict[Language, str]]:
    """Return every key of ``text.yaml`` with its texts, checked for both languages.

    Examples
    --------
    >>> catalogue()["section.safety"]["en"]
    'Safety first'
    """
    data = load_bundled("careplanner.report", "text.yaml")
    assert isinstance(data, dict)  # a packaging error otherwise
    flat: dict[str, dict[Language, str]] = {}
    _flatten(data["text"], "", flat)
    return flat


def _flatten(node: Mapping[str, object], prefix: str, out: dict[str, dict[Language, str]]) -> None:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if not isinstance(key, str):  # e.g. an unquoted yes/no, which YAML reads as a bool
            raise ValueError(f"text.yaml: key {path!r} must be text; quote it")
        if not isinstance(value, Mapping):
            raise ValueError(f"text.yaml: {path!r} must be a mapping")
        if set(value) & set(LANGUAGES):
            out[path] = _entry(path, value)
        else:
            _flatten(value, f"{path}.", out)


def _entry(path: str, value: Mapping[str, object]) -> dict[Language, str]:
    if set(value) != set(LANGUAGES) or not all(isinstance(v, str) and v for v in value.values()):
        raise ValueError(f"text.yaml: {path!r} needs a non-empty text for each of {LANGUAGES}")
    return {lang: str(value[lang]) for lang in LANGUAGES}


class Words:
    """The report's words in one language: ``words("section.plan")``.

    Examples
    --------
    >>> Words("zh-CN")("section.plan")
    '分阶段服务计划'
    >>> Words("en")("plan.summary", stages=5, sessions=7)
    '5 stages, 7 sessions'
    >>> Words("en")("needs.rule_count", n=1)
    '1 rule fired'
    """

    def __init__(self, lang: Language) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        entry = catalogue().get(key)
        if entry is None:
            raise UnknownCodeError(
                "report text key", key, ["a key of careplanner/report/text.yaml"]
            )
        return plural(entry[self.lang], values).format(**values) if values else entry[self.lang]

    @property
    def colon(self) -> str:
        """``": "`` in English, ``"："`` in Chinese."""
        return self("common.colon")

    def join(self, texts: Iterable[str]) -> str:
        """Join items of a list: ``", "`` in English, ``"、"`` in Chinese."""
        return self("common.list_separator").join(texts)

    def join_long(self, texts: Iterable[str]) -> str:
        """Join longer items: ``"; "`` in English, ``"；"`` in Chinese."""
        return self("common.item_separator").join(texts)

    def pick(self, text: Mapping[Language, str]) -> str:
        """The text in this language, else in the other one."""
        return text.get(self.lang) or next(iter(text.values()), "")
