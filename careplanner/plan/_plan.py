"""The care plan: stages in order, objectives per need, crisis plan, follow-up, sessions, log.

Every model is frozen: recording a session or adjusting the plan returns a new `CarePlan`
with the change appended to its log. A plan serialises to JSON and validates back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal, TypeVar

from pydantic import Field

from careplanner.models import Language, LongText, SessionRecord
from careplanner.plan._catalogue import (
    FollowUpContact,
    Phase,
    Precaution,
    SafetyStep,
    StageMeasure,
    Theory,
)
from careplanner.plan._request import NeedInput, Ordering, PlanRequest, ProposedIntervention
from careplanner.plan._types import Code, Comparison, FactName, FactValue, Frozen, Source, Text

T = TypeVar("T")
ReasonKind = Literal[
    "no_needs",
    "default_interventions",
    "crisis_added",
    "stage_left_out",
    "ordering_ignored",
    "delivered_first",
    "groups_declined",
    "covered_by_another",
    "does_not_fit",
    "unfit_cognition",
]


class Objective(Frozen):
    """A specific, measurable objective: ``<measure> <comparison> <target>``."""

    id: str = Field(description="'<need id>.<objective id>'.")
    need: Code
    measure: FactName
    comparison: Comparison
    target: FactValue
    baseline: FactValue | None = Field(None, description="The intake value, when known.")
    text: Text
    source: Source


class NeedPlan(Frozen):
    """How the plan answers one need: its goal, objectives and the stages that work on it."""

    need: NeedInput
    goal: Text
    objectives: tuple[Objective, ...] = Field(min_length=1)
    interventions: tuple[Code, ...] = Field(min_length=1)
    stages: tuple[Code, ...] = Field(min_length=1)


class PlannedIntervention(Frozen):
    """An intervention as planned: the catalogue entry plus the needs it answers here."""

    id: Code
    answers: tuple[Code, ...]
    sessions: int = Field(ge=1)
    place: Text
    purpose: Text
    strategies: tuple[Text, ...]
    techniques: tuple[Text, ...]
    theory: tuple[Theory, ...]
    measure: StageMeasure
    source: Source


class PlannedStage(Frozen):
    """One stage of the plan, numbered from 1 in delivery order."""

    id: Code
    number: int = Field(ge=1)
    phase: Phase
    name: Text
    purpose: Text
    sessions: int = Field(ge=1, description="Planned sessions, including added ones.")
    added_sessions: int = Field(0, ge=0, description="Sessions added by plan adjustments.")
    interventions: tuple[PlannedIntervention, ...] = Field(min_length=1)
    needs: tuple[Code, ...]
    objectives: tuple[Objective, ...]
    precautions: tuple[Precaution, ...]
    source: Source

    @property
    def techniques(self) -> tuple[Text, ...]:
        """The techniques of the stage's interventions, first mention first."""
        return _unique(t for i in self.interventions for t in i.techniques)

    @property
    def theory(self) -> tuple[Theory, ...]:
        """The theories of the stage's interventions, first mention first."""
        return _unique(t for i in self.interventions for t in i.theory)

    @property
    def measures(self) -> tuple[str, ...]:
        """The facts that show whether the stage worked."""
        return _unique(f for i in self.interventions for f in i.measure.facts)


class CrisisPlan(Frozen):
    """Same-day referral and the steps of a written safety plan, built with the client."""

    needs: tuple[Code, ...] = Field(min_length=1)
    referral: Text
    steps: tuple[SafetyStep, ...]
    notes: tuple[Text, ...]
    source: Source


class FollowUpPlan(Frozen):
    """Contact after closure and the months at which the objectives are measured again."""

    contacts: tuple[FollowUpContact, ...]
    remeasure_months: tuple[int, ...]
    measures: tuple[FactName, ...]
    note: Text
    source: Source
    remeasure_source: Source


class Reason(Frozen):
    """Why the plan looks as it does (a stage added or left out, a default used)."""

    kind: ReasonKind
    subject: str = Field(description="The need, stage or constraint the reason is about.")
    text: Text


class AddSessions(Frozen):
    """Adjustment: add sessions to a stage of the plan."""

    kind: Literal["add_sessions"] = "add_sessions"
    stage: Code
    count: int = Field(1, ge=1, le=10)
    reason: LongText | None = None


class AddNeed(Frozen):
    """Adjustment: a new need emerged; add it (and any stage it calls for) to the plan."""

    kind: Literal["add_need"] = "add_need"
    need: NeedInput
    interventions: tuple[ProposedIntervention, ...] = ()
    ordering: tuple[Ordering, ...] = ()
    reason: LongText | None = None


Adjustment = Annotated[AddSessions | AddNeed, Field(discriminator="kind")]


class PlanChange(Frozen):
    """One entry of the plan's change log."""

    date: dt.date
    adjustment: Adjustment
    summary: Text


class CarePlan(Frozen):
    """A staged care plan.

    Attributes
    ----------
    kind : {"casework", "none"}
        ``"none"`` when no need was flagged; `reasons` says why and `stages` is empty.
    stages : tuple of PlannedStage
        In delivery order: a crisis stage first when a safety need is flagged, then
        engagement and assessment, the middle stages, consolidation and closure last.
    needs : tuple of NeedPlan
        Every flagged need with its goal, objectives and the stages that answer it.
    crisis_plan : CrisisPlan or None
        Present whenever a safety need is flagged.
    """

    kind: Literal["casework", "none"]
    language: Language
    catalogue: str
    needs: tuple[NeedPlan, ...]
    stages: tuple[PlannedStage, ...]
    crisis_plan: CrisisPlan | None
    follow_up: FollowUpPlan | None
    reasons: tuple[Reason, ...]
    request: PlanRequest
    sessions: tuple[SessionRecord, ...] = ()
    changes: tuple[PlanChange, ...] = ()

    @property
    def objectives(self) -> tuple[Objective, ...]:
        """Every objective of the plan, need by need."""
        return tuple(o for n in self.needs for o in n.objectives)

    @property
    def planned_sessions(self) -> int:
        """The number of sessions the plan foresees."""
        return sum(s.sessions for s in self.stages)

    @property
    def stage_ids(self) -> tuple[str, ...]:
        """Stage ids in delivery order."""
        return tuple(s.id for s in self.stages)


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    out: list[T] = []
    for item in items:
        if item not in out:
            out.append(item)
    return tuple(out)
