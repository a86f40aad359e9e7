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

from careplanner.models import SessionRecord
from careplanner.plan._plan import AddSessions, CarePlan
from careplanner.plan._sessions import adjust_plan, record_session

#: What was left out of one session: its whole stage, or some interventions.
LeftOut = tuple[int, Literal["stage", "interventions"]]


def record_delivered(
    plan: CarePlan, sessions: Sequence[SessionRecord]
) -> tuple[CarePlan, tuple[LeftOut, ...]]:
    """The plan with every session it can hold, and which sessions it could not hold whole.

    A stage's planned sessions are raised (`AddSessions`) when more were delivered.
    """
    left_out: list[LeftOut] = []
    for index, session in enumerate(sessions):
        stage = next((s for s in plan.stages if s.id == session.stage), None)
        if stage is None:
            left_out.append((index, "stage"))
            continue
        allowed = {entry.id for entry in stage.interventions}
        kept = tuple(i for i in session.interventions if i in allowed)
        if len(kept) < len(session.interventions):
            left_out.append((index, "interventions"))
            session = session.model_copy(update={"interventions": kept})
        if sum(s.stage == stage.id for s in plan.sessions) >= stage.sessions:
            plan = adjust_plan(plan, AddSessions(stage=stage.id), on=session.date)
        plan = record_session(plan, session)
    return plan, tuple(left_out)
