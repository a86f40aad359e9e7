"""Record delivered sessions and adjust a plan; each returns a new plan, the old one unchanged."""

from __future__ import annotations

import datetime as dt

from careplanner.errors import PlanError, UnknownCodeError
from careplanner.models import SessionRecord
from careplanner.plan._build import assemble_plan, check_request
from careplanner.plan._catalogue import Catalogue
from careplanner.plan._load import load_catalogue
from careplanner.plan._plan import (
    AddNeed,
    AddSessions,
    Adjustment,
    CarePlan,
    PlanChange,
    PlannedStage,
)
from careplanner.plan._reasons import change_summary
from careplanner.plan._request import PlanRequest


def record_session(plan: CarePlan, record: SessionRecord) -> CarePlan:
    """Return the plan with one more delivered session.

    Parameters
    ----------
    plan : CarePlan
    record : SessionRecord
        Date, stage, interventions worked on, what was done, observations, reflection and
        whether the ending was discussed.

    Returns
    -------
    CarePlan
        A new plan; `plan` is unchanged.

    Raises
    ------
    UnknownCodeError
        The stage is not in the plan, or an intervention is not in that stage.
    PlanError
        The date is before the previous session's, or the stage's planned sessions are all
        recorded (add one first with `adjust_plan` and `AddSessions`).

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner.plan import NeedInput, PlanRequest, build_plan
    >>> plan = build_plan(PlanRequest(needs=(NeedInput(id="loneliness", severity="low"),)))
    >>> first = SessionRecord(date=dt.date(2024, 3, 1), stage="engage_assess", done="intake")
    >>> len(record_session(plan, first).sessions), len(plan.sessions)
    (1, 0)
    """
    stage = _stage(plan, record.stage, "stage")
    allowed = [i.id for i in stage.interventions]
    for k, intervention_id in enumerate(record.interventions):
        if intervention_id not in allowed:
            raise UnknownCodeError(f"interventions[{k}]", intervention_id, allowed)
    if plan.sessions and record.date < plan.sessions[-1].date:
        raise PlanError("'date' must not be before the previous session's date")
    done = sum(1 for s in plan.sessions if s.stage == stage.id)
    if done >= stage.sessions:
        raise PlanError(
            f"'stage': all {stage.sessions} planned session(s) of {stage.id!r} are recorded; "
            "add one first (adjust_plan with AddSessions, or careplanner adjust --add-sessions)"
        )
    return plan.model_copy(update={"sessions": (*plan.sessions, record)})


def adjust_plan(
    plan: CarePlan,
    adjustment: Adjustment,
    on: dt.date,
    catalogue: Catalogue | None = None,
) -> CarePlan:
    """Return the plan changed by `adjustment`, with the change in its log.

    Parameters
    ----------
    plan : CarePlan
    adjustment : AddSessions or AddNeed
        Add sessions to a stage, or add a need that emerged (with any stage it calls for).
    on : datetime.date
        The date of the change, for the log.
    catalogue : Catalogue, optional
        The catalogue the plan was built with (default: the bundled one).

    Returns
    -------
    CarePlan
        A new plan; `plan` is unchanged. Stages with recorded sessions keep their order at
        the front; a new stage goes among the stages not yet started.

    Raises
    ------
    UnknownCodeError
        The stage or an id of the new need is unknown.
    PlanError
        The need is already in the plan, or the catalogue is not the plan's.

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner.plan import NeedInput, PlanRequest, build_plan
    >>> plan = build_plan(PlanRequest(needs=(NeedInput(id="loneliness", severity="low"),)))
    >>> later = adjust_plan(plan, AddSessions(stage="social_reentry"), on=dt.date(2024, 3, 9))
    >>> later.planned_sessions - plan.planned_sessions, len(later.changes)
    (1, 1)
    """
    if isinstance(adjustment, AddSessions):
        changed = _add_sessions(plan, adjustment)
        summary = change_summary("add_sessions", adjustment.stage, adjustment.count)
    else:
        changed = _add_need(plan, adjustment, catalogue or load_catalogue())
        summary = change_summary("add_need", adjustment.need.id)
    entry = PlanChange(date=on, adjustment=adjustment, summary=summary)
    return changed.model_copy(update={"changes": (*plan.changes, entry)})


def _add_sessions(plan: CarePlan, adjustment: AddSessions) -> CarePlan:
    target = _stage(plan, adjustment.stage, "stage")
    grown = target.model_copy(
        update={
            "sessions": target.sessions + adjustment.count,
            "added_sessions": target.added_sessions + adjustment.count,
        }
    )
    stages = tuple(grown if s.id == target.id else s for s in plan.stages)
    return plan.model_copy(update={"stages": stages})


def _add_need(plan: CarePlan, adjustment: AddNeed, catalogue: Catalogue) -> CarePlan:
    if catalogue.label != plan.catalogue:
        raise PlanError(
            f"'catalogue' must be the plan's {plan.catalogue!r}, not {catalogue.label!r}"
        )
    new = adjustment.need
    if new.id not in catalogue.need_ids:
        raise UnknownCodeError("need.id", new.id, catalogue.need_ids)
    if any(n.need.id == new.id for n in plan.needs):
        raise PlanError(f"'need.id': {new.id!r} is already in the plan")
    old = plan.request
    needs = (*old.needs, new)
    # Checked alone first, so that errors name the adjustment's own fields.
    alone = PlanRequest(
        needs=needs, interventions=adjustment.interventions, ordering=adjustment.ordering
    )
    check_request(alone, catalogue)
    request = old.model_copy(
        update={
            "needs": needs,
            "interventions": (*old.interventions, *adjustment.interventions),
            "ordering": (*old.ordering, *adjustment.ordering),
        }
    )
    delivered = tuple(dict.fromkeys(s.stage for s in plan.sessions))
    added = {s.id: s.added_sessions for s in plan.stages}
    rebuilt = assemble_plan(request, catalogue, delivered, added)
    return rebuilt.model_copy(update={"sessions": plan.sessions})


def _stage(plan: CarePlan, stage_id: str, field: str) -> PlannedStage:
    for stage in plan.stages:
        if stage.id == stage_id:
            return stage
    raise UnknownCodeError(field, stage_id, plan.stage_ids)
