"""The programme catalogue (``activities.yaml``): stages of group development and activities."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from careplanner.errors import GroupDataError, GroupError
from careplanner.group._data import overlaid, read_model
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._screening import known_facts
from careplanner.group._types import Basis, Code, Conditions, Frozen, Source, Text, fact_problems
from careplanner.rules import RulePack, active_pack


class Stage(Frozen):
    """A stage of group development (Garland, Jones & Kolodny 1965).

    It has a fixed number of `sessions`, or a `share` of the sessions the fixed stages leave;
    `fixed` activities open it, in order.
    """

    id: Code
    label: Text
    worker_role: Text
    sessions: int | None = Field(default=None, ge=1, le=10)
    share: int | None = Field(default=None, ge=1, le=10)
    fixed: tuple[Code, ...] = ()
    source: Source

    @model_validator(mode="after")
    def _sessions_or_share(self) -> Stage:
        if (self.sessions is None) == (self.share is None):
            raise ValueError(f"stage {self.id!r}: give 'sessions' or 'share', not both")
        if self.fixed and (self.sessions is None or len(self.fixed) > self.sessions):
            raise ValueError(f"stage {self.id!r}: 'fixed' needs 'sessions' >= its length")
        return self


class Requirements(Frozen):
    """What a session of an activity needs besides a venue: helpers, a partner, materials."""

    roles: tuple[Code, ...] = Field((), description="Volunteer roles, one volunteer each.")
    partner: Code | None = Field(None, description="A service a partner must offer.")
    cost: float = Field(0, ge=0, description="Materials per session, in the register's money.")


class Activity(Frozen):
    """A group activity: where it fits, which needs it answers, and its evidence."""

    id: Code
    label: Text
    description: Text
    stages: tuple[Code, ...] = Field(min_length=1)
    answers: tuple[Code, ...] = ()
    interests: tuple[Code, ...] = ()
    max_sessions: int = Field(ge=1, le=12)
    outing: bool = False
    requires: Requirements = Requirements()
    basis: Basis
    source: Source


class Adjustments(Frozen):
    """When the remaining sessions change: attendance below a share, or absences in a row."""

    attendance_below: float = Field(gt=0, le=1)
    missed_in_a_row: int = Field(ge=1, le=12)
    basis: Basis
    source: Source


class Variety(Frozen):
    """An activity held in session k is not chosen again for sessions k+1 .. k+`within`.

    A worker's own choice (`careplanner.group.adjust_programme`, ``choose``) overrides it.
    """

    within: int = Field(ge=0, le=12)
    basis: Basis
    source: Source


class Messages(Frozen):
    """The words of session notes and change-log entries."""

    escort: Text
    contact_absent: Text
    attendance_drop: Text
    need_emerged: Text
    safety_referral: Text
    worker_choice: Text


class ActivityCatalogue(Frozen):
    """The content of ``activities.yaml``."""

    id: Code
    version: int = Field(ge=1)
    title: Text
    source: Source
    sessions: int = Field(ge=1, le=60)
    sessions_source: Source
    interest_question: Code
    time_question: Code
    escort_when: Conditions
    escort_role: Code
    step_free_when: Conditions
    stages: tuple[Stage, ...] = Field(min_length=1)
    activities: tuple[Activity, ...] = Field(min_length=1)
    variety: Variety
    adjustments: Adjustments
    messages: Messages

    @property
    def label(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @property
    def min_sessions(self) -> int:
        """The fewest sessions a programme can have: one per shared stage at least."""
        return sum(s.sessions or 1 for s in self.stages)

    def stages_fixed(self, stage_id: str, activity_id: str) -> bool:
        """Whether `activity_id` is a fixed activity of stage `stage_id`."""
        return any(s.id == stage_id and activity_id in s.fixed for s in self.stages)

    def activity(self, activity_id: str) -> Activity:
        """The activity `activity_id` (it exists: the catalogue is checked)."""
        return next(a for a in self.activities if a.id == activity_id)

    @model_validator(mode="after")
    def _consistent(self) -> ActivityCatalogue:
        stages = [s.id for s in self.stages]
        ids = [a.id for a in self.activities]
        if len(set(stages)) != len(stages) or len(set(ids)) != len(ids):
            raise ValueError("stage ids and activity ids must be distinct")
        problems = [
            f"activity {a.id!r}: unknown stage {s!r}"
            for a in self.activities
            for s in a.stages
            if s not in stages
        ]
        for stage in self.stages:
            for fixed in stage.fixed:
                if fixed not in ids or stage.id not in self.activity(fixed).stages:
                    problems.append(
                        f"stage {stage.id!r}: fixed {fixed!r} is not one of its activities"
                    )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def schedule(self, sessions: int) -> tuple[str, ...]:
        """The stage of each session, in order.

        Fixed stages take their sessions; the rest are shared by ``share``, rounding down,
        the remainder going to the earliest shared stages.

        Raises
        ------
        GroupError
            Fewer sessions than `min_sessions`.

        Examples
        --------
        >>> stages = load_activities().schedule(12)
        >>> [stages.count(s) for s in dict.fromkeys(stages)]
        [2, 1, 4, 4, 1]
        """
        if not self.min_sessions <= sessions <= 60:
            raise GroupError(f"'sessions' must be from {self.min_sessions} to 60, got {sessions}")
        left = sessions - sum(s.sessions or 0 for s in self.stages)
        shared = [s for s in self.stages if s.share is not None]
        total = sum(s.share or 0 for s in shared)
        counts = {s.id: left * (s.share or 0) // total for s in shared}
        for s in shared[: left - sum(counts.values())]:
            counts[s.id] += 1
        return tuple(s.id for s in self.stages for _ in range(s.sessions or counts[s.id]))


def load_activities(
    path: str | Path | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    pack: RulePack | None = None,
) -> ActivityCatalogue:
    """Load the programme catalogue and check the needs and survey answers it names.

    Raises
    ------
    GroupDataError
        The file breaks the model, or names a need the rule pack lacks, an interest that is
        not an option of ``interest_question``, or an unknown survey question.

    Examples
    --------
    >>> catalogue = load_activities()
    >>> catalogue.sessions, catalogue.activity("reminiscence").basis
    (12, 'evidence')
    """
    if path is None and questionnaire is None and pack is None and not overlaid("activities.yaml"):
        return _bundled()
    catalogue = read_model(ActivityCatalogue, "activities.yaml", path)
    _check(catalogue, str(path or "activities.yaml"), questionnaire, pack)
    return catalogue


@cache
def _bundled() -> ActivityCatalogue:
    catalogue = read_model(ActivityCatalogue, "activities.yaml")
    _check(catalogue, "activities.yaml", None, None)
    return catalogue


def _check(
    catalogue: ActivityCatalogue,
    source: str,
    questionnaire: Questionnaire | None,
    pack: RulePack | None,
) -> None:
    questionnaire = questionnaire or load_questionnaire()
    needs = set((pack or active_pack()).needs)
    problems = [
        f"{q}: unknown survey question {getattr(catalogue, q)!r}"
        for q in ("interest_question", "time_question")
        if questionnaire.question(getattr(catalogue, q)) is None
    ]
    known = known_facts(questionnaire, needs)
    for field in ("escort_when", "step_free_when"):
        problems += fact_problems(field, getattr(catalogue, field), known)
    interest = questionnaire.question(catalogue.interest_question)
    options = set(interest.codes) if interest else set()
    for a in catalogue.activities:
        problems += [f"activity {a.id!r}: unknown need {n!r}" for n in a.answers if n not in needs]
        problems += [
            f"activity {a.id!r}: interest {i!r} is not an option of {catalogue.interest_question!r}"
            for i in a.interests
            if i not in options
        ]
    if problems:
        raise GroupDataError(source, "; ".join(problems))
