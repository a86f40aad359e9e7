"""Record a case's delivered sessions on a plan built again from the intake.

A re-assessment rebuilds the intake plan from the current rules and catalogue, which may
differ from those the sessions were delivered under: a session can name a stage the plan no
longer has, an intervention its stage no longer holds, or go beyond the stage's planned
sessions. Delivered work is a fact, so each session is kept as far as the plan can hold it
and what could not be kept is reported, instead of refusing the re-assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from careplanner.errors import CareplannerError
from careplanner.models import AddSessionsRecord, AdjustmentRecord, SessionRecord
from careplanner.plan._plan import AddNeed, AddSessions, Adjustment, CarePlan
from careplanner.plan._request import NeedInput
from careplanner.plan._sessions import adjust_plan, record_session

#: What was left out of one session: its whole stage, or some interventions.
LeftOut = tuple[int, Literal["stage", "interventions"]]


def record_delivered(
    plan: CarePlan,
    sessions: Sequence[SessionRecord],
    adjustments: Sequence[AdjustmentRecord] = (),
) -> tuple[CarePlan, tuple[LeftOut, ...], tuple[int, ...]]:
    """The plan with every session and adjustment it can hold, and what it could not hold.

    Adjustments dated on or before a session's date are applied before it, the rest after the
    last session. A stage's planned sessions are raised (`AddSessions`) when more were
    delivered. An adjustment the plan cannot take (a stage it does not have, a need already
    in it) is left out rather than refusing the assessment.

    Returns
    -------
    tuple
        The plan; which sessions it could not hold whole; the places of the adjustments it
        could not take.
    """
    left_out: list[LeftOut] = []
    refused: list[int] = []
    pending = list(enumerate(adjustments))
    for index, session in enumerate(sessions):
        now = [(k, a) for k, a in pending if a.date <= session.date]
        pending = [(k, a) for k, a in pending if a.date > session.date]
        plan = _adjusted(plan, now, refused)
        plan, part = _recorded(plan, session)
        if part is not None:
            left_out.append((index, part))
    plan = _adjusted(plan, pending, refused)
    return plan, tuple(left_out), tuple(refused)


def _recorded(
    plan: CarePlan, session: SessionRecord
) -> tuple[CarePlan, Literal["stage", "interventions"] | None]:
    stage = next((s for s in plan.stages if s.id == session.stage), None)
    if stage is None:
        return plan, "stage"
    allowed = {entry.id for entry in stage.interventions}
    kept = tuple(i for i in session.interventions if i in allowed)
    part: Literal["interventions"] | None = None
    if len(kept) < len(session.interventions):
        part = "interventions"
        session = session.model_copy(update={"interventions": kept})
    if sum(s.stage == stage.id for s in plan.sessions) >= stage.sessions:
        plan = adjust_plan(plan, AddSessions(stage=stage.id), on=session.date)
    return record_session(plan, session), part


def _adjusted(
    plan: CarePlan, adjustments: list[tuple[int, AdjustmentRecord]], refused: list[int]
) -> CarePlan:
    for index, record in adjustments:
        try:
            plan = adjust_plan(plan, as_adjustment(record), on=record.date)
        except CareplannerError:
            refused.append(index)
    return plan


def as_adjustment(record: AdjustmentRecord) -> Adjustment:
    """The plan adjustment a case's adjustment record asks for."""
    if isinstance(record, AddSessionsRecord):
        return AddSessions(stage=record.stage, count=record.count, reason=record.reason)
    need = NeedInput(id=record.need, severity=record.severity)
    return AddNeed(need=need, reason=record.reason)
