"""The words of the network module, read once from ``text.yaml`` and checked complete."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from careplanner._content._loader import load_bundled
from careplanner._sources import Cited
from careplanner.models import Language, SupportType
from careplanner.network._schema import Circle

LegendKey = Literal[
    "title",
    "client",
    "strong",
    "weak",
    "tenuous",
    "stressful",
    "flow",
    "inactive",
    "link",
    "kin",
    "informal",
    "formal",
    "group",
    "service",
    "closeness",
    "deceased",
]
ReasonKey = Literal[
    "dormant", "possible", "covers", "backs_up", "dependency", "outside_household", "nothing"
]
Punctuation = Literal["colon", "semicolon", "stop", "list"]


def _both_languages(words: dict[Language, str]) -> dict[Language, str]:
    missing = sorted(set(get_args(Language)) - set(words))
    if missing:
        raise ValueError(f"missing languages {missing}")
    return words


Words = Annotated[dict[Language, str], AfterValidator(_both_languages)]


class Text(BaseModel):
    """The contents of ``text.yaml``: every word in every language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int
    source: Cited
    support_types: dict[SupportType, Words]
    circles: dict[Circle, Words]
    legend: dict[LegendKey, Words]
    reasons: dict[ReasonKey, Words]
    punctuation: dict[Punctuation, Words]

    @model_validator(mode="after")
    def _complete(self) -> Text:
        for field, keys in (
            ("support_types", SupportType),
            ("circles", Circle),
            ("legend", LegendKey),
            ("reasons", ReasonKey),
            ("punctuation", Punctuation),
        ):
            missing = sorted(set(get_args(keys)) - set(getattr(self, field)))
            if missing:
                raise ValueError(f"{field!r} lacks {missing}")
        return self


@cache
def text() -> Text:
    """Return the module's words (read and validated on first use)."""
    return Text.model_validate(load_bundled("careplanner.network", "text.yaml"))
