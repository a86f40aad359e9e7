"""The planner's own sentences (``messages.yaml``): reasons and change-log summaries."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Literal, get_args

from pydantic import Field, model_validator

from careplanner._plural import plural
from careplanner.plan._load import parse_bundled
from careplanner.plan._plan import Reason, ReasonKind
from careplanner.plan._types import Code, Frozen, Text

ChangeKind = Literal["add_sessions", "add_need"]


class Messages(Frozen):
    """The content of ``messages.yaml``: one text per reason kind and per change kind."""

    id: Code
    version: int = Field(ge=1)
    source: str
    reasons: dict[ReasonKind, Text]
    changes: dict[ChangeKind, Text]

    @model_validator(mode="after")
    def _complete(self) -> Messages:
        for field, kinds, given in (
            ("reasons", get_args(ReasonKind), self.reasons),
            ("changes", get_args(ChangeKind), self.changes),
        ):
            missing = sorted(set(kinds) - set(given))
            if missing:
                raise ValueError(f"{field!r} needs a text for each of {missing}")
        return self


@cache
def messages() -> Messages:
    """Return the bundled messages (read once)."""
    return parse_bundled("messages.yaml", Messages)


@lru_cache(maxsize=512)
def reason(kind: ReasonKind, subject: str) -> Reason:
    """Return the reason of this kind about `subject` (an id or a field name); shared."""
    template = messages().reasons[kind]
    text = {lang: t.format(subject=subject) for lang, t in template.items()}
    return Reason.model_validate({"kind": kind, "subject": subject, "text": text})


def change_summary(kind: ChangeKind, subject: str, count: int = 0) -> dict[str, str]:
    """Return the change-log summary of this kind, in both languages."""
    template = messages().changes[kind]
    values = {"subject": subject, "count": count}
    return {lang: plural(t, values).format(**values) for lang, t in template.items()}
