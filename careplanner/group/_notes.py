"""Interview and observation notes, coded by the worker, and their summary by theme.

The group seed study interviewed residents and members about their experiences, feelings
and suggestions, and recorded and observed every session. careplanner keeps such notes per
resident (``interviews`` in a residents file) and per session (``themes`` and ``notes`` of a
session record). A note carries the codes the worker gave it (``themes.yaml``, or the
worker's own codebook); the summary counts those codes. It never reads or infers anything
from a note's text, and never prints the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from careplanner.errors import UnknownCodeError
from careplanner.group._data import overlaid, read_model
from careplanner.group._types import Code, Frozen, Source, Text
from careplanner.models import Identifier, LongText

Area = Literal["outcome", "experience", "challenge", "suggestion"]
InterviewKind = Literal["needs", "experience", "exit"]


class Interview(Frozen):
    """One interview with a resident: when, what about, the worker's codes, the note."""

    date: dt.date
    kind: InterviewKind
    themes: tuple[Code, ...] = ()
    note: LongText | None = Field(None, repr=False)


class MemberNote(Frozen):
    """A worker's note on one member in one session, with its codes."""

    member: Identifier
    themes: tuple[Code, ...] = Field(min_length=1)
    note: LongText | None = Field(None, repr=False)


class Theme(Frozen):
    """One code of the codebook."""

    code: Code
    area: Area
    label: Text


class Codebook(Frozen):
    """The content of ``themes.yaml``: the codes a worker gives notes."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    themes: tuple[Theme, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> Codebook:
        codes = [t.code for t in self.themes]
        if len(set(codes)) != len(codes):
            raise ValueError("theme codes must be distinct")
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in codebook order."""
        return tuple(t.code for t in self.themes)


def load_themes(path: str | Path | None = None) -> Codebook:
    """Load the theme codebook: a worker's own file, or the bundled ``themes.yaml``.

    Examples
    --------
    >>> book = load_themes()
    >>> book.codes[:2], book.themes[0].area
    (('emotional_comfort', 'new_relationships'), 'outcome')
    """
    if path is None and not overlaid("themes.yaml"):
        return _bundled()
    return read_model(Codebook, "themes.yaml", path)


@cache
def _bundled() -> Codebook:
    return read_model(Codebook, "themes.yaml")


class ThemeCount(Frozen):
    """How often the worker gave one code: in interviews before and after, in sessions."""

    code: str
    area: Area
    label: Text
    interviews_before: int
    interviews_after: int
    sessions: int
    people: tuple[str, ...]


class Coded(Frozen):
    """One coded note, reduced to what the summary needs: who, when, which codes."""

    person: str | None
    stage: Literal["before", "after", "session", "member"]
    themes: tuple[str, ...]
    field: str


def coded_interviews(
    people: Iterable[tuple[str, Sequence[Interview]]], stage: Literal["before", "after"]
) -> list[Coded]:
    """The interviews of each person (id, interviews) as coded notes of `stage`."""
    return [
        Coded(person=who, stage=stage, themes=i.themes, field=f"{who}.interviews[{n}].themes")
        for who, interviews in people
        for n, i in enumerate(interviews)
    ]


def coded_session(number: int, themes: Sequence[str], notes: Sequence[MemberNote]) -> list[Coded]:
    """A session's codes (its own and its member notes', counted once) and each member note."""
    union = tuple(dict.fromkeys([*themes, *(c for n in notes for c in n.themes)]))
    where = f"sessions[{number}]"
    return [
        Coded(person=None, stage="session", themes=union, field=f"{where}.themes"),
        *(
            Coded(person=n.member, stage="member", themes=n.themes, field=f"{where}.notes.themes")
            for n in notes
        ),
    ]


def summarise_themes(notes: Iterable[Coded], codebook: Codebook) -> tuple[ThemeCount, ...]:
    """Count every code of `codebook` over the coded notes; codes never given count 0.

    Raises
    ------
    UnknownCodeError
        A note carries a code the codebook does not have; the field names where it is.

    Examples
    --------
    >>> notes = [Coded(person="r01", stage="before", themes=("loneliness",), field="x")]
    >>> counts = summarise_themes(notes, load_themes())
    >>> [(c.code, c.interviews_before, c.people) for c in counts if c.people]
    [('loneliness', 1, ('r01',))]
    """
    listed = list(notes)
    for note in listed:
        for code in note.themes:
            if code not in codebook.codes:
                raise UnknownCodeError(note.field, code, codebook.codes)
    return tuple(_count(theme, listed) for theme in codebook.themes)


def _count(theme: Theme, notes: Sequence[Coded]) -> ThemeCount:
    tagged = [n for n in notes if theme.code in n.themes]
    return ThemeCount(
        code=theme.code,
        area=theme.area,
        label=theme.label,
        interviews_before=sum(n.stage == "before" for n in tagged),
        interviews_after=sum(n.stage == "after" for n in tagged),
        sessions=sum(n.stage == "session" for n in tagged),
        people=tuple(sorted({n.person for n in tagged if n.person is not None})),
    )
