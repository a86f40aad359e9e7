"""The words of the network module, read once from ``text.yaml`` and checked complete."""

from __future__ import annotations

from functools import cache
from typing import Literal, get_args

from pydantic import model_validator

from careplanner._content._loader import load_bundled
from careplanner._content._vocab import Frozen, Text
from careplanner._sources import Cited
from careplanner.models import AssessmentKind, DeceasedRelation, SupportType
from careplanner.network._schema import Circle

LegendKey = Literal[
    "title",
    "client",
    "strong",
    "weak",
    "tenuous",
    "stressful",
    "flow",
    "dormant",
    "possible",
    "inactive_contact",
    "household",
    "key",
    "link",
    "kin",
    "informal",
    "formal",
    "group",
    "service",
    "closeness",
    "deceased",
    "died",
    "map_title",
]
ReasonKey = Literal[
    "dormant",
    "possible",
    "covers",
    "backs_up",
    "dependency",
    "outside_household",
    "nothing_recorded",
    "nothing_new",
]
Punctuation = Literal["colon", "semicolon", "stop", "list"]


class TextFile(Frozen):
    """The contents of ``text.yaml``: every word in every language."""

    id: str
    version: int
    source: Cited
    support_types: dict[SupportType, Text]
    circles: dict[Circle, Text]
    legend: dict[LegendKey, Text]
    assessment_kinds: dict[AssessmentKind, Text]
    deceased_relations: dict[DeceasedRelation, Text]
    reasons: dict[ReasonKey, Text]
    punctuation: dict[Punctuation, Text]

    @model_validator(mode="after")
    def _complete(self) -> TextFile:
        for field, keys in (
            ("support_types", SupportType),
            ("circles", Circle),
            ("legend", LegendKey),
            ("assessment_kinds", AssessmentKind),
            ("deceased_relations", DeceasedRelation),
            ("reasons", ReasonKey),
            ("punctuation", Punctuation),
        ):
            missing = sorted(set(get_args(keys)) - set(getattr(self, field)))
            if missing:
                raise ValueError(f"{field!r} lacks {missing}")
        return self


@cache
def text() -> TextFile:
    """Return the module's words (read and validated on first use)."""
    return TextFile.model_validate(load_bundled("careplanner.network", "text.yaml"))
