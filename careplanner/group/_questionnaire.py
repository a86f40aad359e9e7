"""The needs-survey questionnaire (data) and the check of one resident's answers against it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from careplanner.errors import Problem
from careplanner.group._data import overlaid, read_model
from careplanner.group._types import Code, FactValue, Frozen, Source, Text

#: One resident's answers: question id -> an option code (kind ``one``) or codes (``many``).
Answers = Mapping[str, str | tuple[str, ...]]


class Option(Frozen):
    """One answer a question allows."""

    code: Code
    label: Text


class Question(Frozen):
    """A survey question: one answer or many, from its options."""

    id: Code
    kind: Literal["one", "many"]
    required: bool = False
    text: Text
    options: tuple[Option, ...] = Field(min_length=2)

    @property
    def codes(self) -> tuple[str, ...]:
        """The option codes, in order."""
        return tuple(o.code for o in self.options)

    @model_validator(mode="after")
    def _distinct(self) -> Question:
        if len(set(self.codes)) != len(self.codes):
            raise ValueError(f"question {self.id!r}: option codes must be distinct")
        return self


class Questionnaire(Frozen):
    """The survey: questions whose answers become facts ``survey.<question>.<option>``."""

    id: Code
    version: int = Field(ge=1)
    title: Text
    source: Source
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> Questionnaire:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be distinct")
        return self

    @property
    def label(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    def question(self, question_id: str) -> Question | None:
        """The question `question_id`, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def fact_names(self) -> frozenset[str]:
        """Every fact the answers can give: ``survey.<question>.<option>``."""
        return frozenset(f"survey.{q.id}.{code}" for q in self.questions for code in q.codes)


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """Load the needs-survey questionnaire: a worker's extended copy, or the bundled one.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file in the format of the bundled ``questionnaire.yaml``.

    Returns
    -------
    Questionnaire

    Raises
    ------
    GroupDataError
        The file cannot be read or breaks the model (the message names the field).

    Examples
    --------
    >>> q = load_questionnaire()
    >>> q.label, q.question("mobility").codes[-1]
    ('group_needs_survey@1', 'housebound')
    """
    if path is None and not overlaid("questionnaire.yaml"):
        return _bundled()
    return read_model(Questionnaire, "questionnaire.yaml", path)


@cache
def _bundled() -> Questionnaire:
    return read_model(Questionnaire, "questionnaire.yaml")


def answer_problems(answers: Answers, questionnaire: Questionnaire, where: str) -> list[Problem]:
    """Return every way `answers` break `questionnaire`: unknown question or code, missing.

    Messages name the question and the allowed codes; they never echo a free answer.
    """
    problems = []
    known = [q.id for q in questionnaire.questions]
    for question_id, answer in answers.items():
        question = questionnaire.question(question_id)
        at = f"{where}.{question_id}"
        if question is None:
            problems.append(Problem(at, f"unknown question; known: {known}"))
            continue
        problems += _answer_problems(question, answer, at)
    for question in questionnaire.questions:
        if question.required and question.id not in answers:
            problems.append(Problem(f"{where}.{question.id}", "required answer is missing"))
    return problems


def _answer_problems(question: Question, answer: str | tuple[str, ...], at: str) -> list[Problem]:
    if question.kind == "one" and not isinstance(answer, str):
        return [Problem(at, "takes one answer code, not a list")]
    if question.kind == "many" and isinstance(answer, str):
        return [Problem(at, "takes a list of answer codes")]
    codes = (answer,) if isinstance(answer, str) else answer
    allowed = list(question.codes)
    return [Problem(at, f"must be one of {allowed}") for code in codes if code not in allowed]


def survey_facts(answers: Answers, questionnaire: Questionnaire) -> dict[str, FactValue]:
    """Return the answers as facts: ``survey.<question>.<option>`` true or false.

    An unanswered question gives no fact. The answers must have been checked.

    Examples
    --------
    >>> facts = survey_facts({"mobility": "needs_escort"}, load_questionnaire())
    >>> facts["survey.mobility.needs_escort"], facts["survey.mobility.independent"]
    (True, False)
    >>> "survey.times.weekday_morning" in facts
    False
    """
    facts: dict[str, FactValue] = {}
    for question in questionnaire.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        chosen = {answer} if isinstance(answer, str) else set(answer)
        for code in question.codes:
            facts[f"survey.{question.id}.{code}"] = code in chosen
    return facts
