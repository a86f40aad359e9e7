"""The composition spec (``composition.yaml``): group size and the objective's terms."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from careplanner.errors import GroupDataError
from careplanner.group._data import overlaid, read_model
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._screening import known_facts
from careplanner.group._types import Basis, Code, Conditions, Frozen, Source, Text, fact_problems
from careplanner.rules import RulePack, active_pack


class GroupSize(Frozen):
    """Group size bounds and the size aimed at when choosing how many groups to form."""

    min: int = Field(ge=2, le=30)
    max: int = Field(ge=2, le=30)
    target: int = Field(ge=2, le=30)
    basis: Basis = "convention"
    source: Source = "set by the worker"

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if not self.min <= self.target <= self.max:
            raise ValueError("size needs min <= target <= max")
        return self


class _Term(Frozen):
    id: Code
    weight: int = Field(ge=0, le=1000)
    text: Text
    basis: Basis
    source: Source


class SharedNeedTerm(_Term):
    """Members who share no group need with another member."""

    kind: Literal["shared_need"]


class CommonOptionTerm(_Term):
    """Members without the group's most common answer to `question`."""

    kind: Literal["common_option"]
    question: Code


class SpreadTerm(_Term):
    """Members with the trait `when` beyond ``ceil(count / groups)`` in a group."""

    kind: Literal["spread"]
    when: Conditions


class CliqueTerm(_Term):
    """Per member, acquaintances in the group beyond `allowed`."""

    kind: Literal["clique"]
    allowed: int = Field(ge=0, le=30)


Term = Annotated[
    SharedNeedTerm | CommonOptionTerm | SpreadTerm | CliqueTerm, Field(discriminator="kind")
]


class Messages(Frozen):
    """Why a resident waits: too few for a group, or the groups are full."""

    too_few: Text
    no_room: Text


class CompositionSpec(Frozen):
    """The content of ``composition.yaml``."""

    id: Code
    version: int = Field(ge=1)
    title: Text
    source: Source
    size: GroupSize
    exact_limit: int = Field(ge=1, le=10_000_000)
    terms: tuple[Term, ...] = Field(min_length=1)
    messages: Messages

    @property
    def label(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @model_validator(mode="after")
    def _distinct(self) -> CompositionSpec:
        ids = [t.id for t in self.terms]
        if len(set(ids)) != len(ids):
            raise ValueError("term ids must be distinct")
        return self


def load_composition(
    path: str | Path | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    pack: RulePack | None = None,
) -> CompositionSpec:
    """Load the composition spec and check the questions and facts its terms name.

    Raises
    ------
    GroupDataError
        The file breaks the model; a ``common_option`` term names a question that is not a
        required one; a ``spread`` term names an unknown fact.

    Examples
    --------
    >>> spec = load_composition()
    >>> spec.size.min, spec.size.max, [t.id for t in spec.terms][:2]
    (6, 10, ['common_language', 'shared_need'])
    """
    if path is None and questionnaire is None and pack is None and not overlaid("composition.yaml"):
        return _bundled()
    spec = read_model(CompositionSpec, "composition.yaml", path)
    _check(spec, str(path or "composition.yaml"), questionnaire, pack)
    return spec


@cache
def _bundled() -> CompositionSpec:
    spec = read_model(CompositionSpec, "composition.yaml")
    _check(spec, "composition.yaml", None, None)
    return spec


def _check(
    spec: CompositionSpec,
    source: str,
    questionnaire: Questionnaire | None,
    pack: RulePack | None,
) -> None:
    questionnaire = questionnaire or load_questionnaire()
    known = known_facts(questionnaire, set((pack or active_pack()).needs))
    problems = []
    for i, term in enumerate(spec.terms):
        if isinstance(term, CommonOptionTerm):
            question = questionnaire.question(term.question)
            if question is None or not question.required:
                problems.append(
                    f"terms[{i}].question: {term.question!r} is not a required question"
                )
        if isinstance(term, SpreadTerm):
            problems += fact_problems(f"terms[{i}].when", term.when, known)
    if problems:
        raise GroupDataError(source, "; ".join(problems))
