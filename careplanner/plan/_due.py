"""When a plan's sessions and its follow-up re-measures fall due.

The first session falls due on the plan's start date; every later one the stage's cadence
(days) after the session before it -- the date it was delivered, or the date it falls due. A
change to the plan (`adjust_plan`) re-plans from its date: the first session still due then
falls due the stage's cadence after the later of the last session delivered and the change.
The catalogue states a cadence per stage (``stages.yaml``, ``cadence_days``); a case may set
its own (``schedule``). The follow-up re-measures fall due the catalogue's months after the
plan's last session.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

from pydantic import Field

from careplanner.errors import PlanError, UnknownCodeError
from careplanner.plan._catalogue import Catalogue
from careplanner.plan._load import load_catalogue
from careplanner.plan._plan import CarePlan
from careplanner.plan._types import Code, FactName, Frozen


class DueSession(Frozen):
    """One session of the plan: delivered on a date, or falling due on one."""

    stage: Code
    number: int = Field(ge=1, description="The session's number within its stage.")
    date: dt.date = Field(description="The date it was delivered, or falls due.")
    delivered: bool
    minutes: int | None = Field(None, description="How long a delivered session lasted.")
    record: int | None = Field(None, description="Its place in ``plan.sessions`` if delivered.")


class DueFollowUp(Frozen):
    """A follow-up re-measure: how many months after the last session, and the date."""

    months: int = Field(ge=1)
    date: dt.date
    measures: tuple[FactName, ...]


class Schedule(Frozen):
    """Planned and delivered sessions in plan order, and the follow-up re-measures.

    Attributes
    ----------
    start : datetime.date
        The date the plan's first session falls due.
    cadence_days : dict of str to int
        The cadence each stage of the plan was scheduled with.
    sessions : tuple of DueSession
        Stage by stage in plan order: the delivered sessions, then those still due.
    follow_up : tuple of DueFollowUp
        Empty when the plan has no follow-up.
    """

    start: dt.date
    cadence_days: dict[str, int]
    sessions: tuple[DueSession, ...]
    follow_up: tuple[DueFollowUp, ...]

    @property
    def next(self) -> DueSession | None:
        """The first session not yet delivered, or ``None`` when all are."""
        return next((s for s in self.sessions if not s.delivered), None)

    @property
    def upcoming(self) -> tuple[DueSession, ...]:
        """The sessions not yet delivered, in the order they fall due."""
        return tuple(s for s in self.sessions if not s.delivered)


def due(
    plan: CarePlan,
    start: dt.date,
    *,
    cadence: Mapping[str, int] | None = None,
    catalogue: Catalogue | None = None,
) -> Schedule:
    """Return when each session of `plan` was delivered or falls due, and the follow-up dates.

    Parameters
    ----------
    plan : CarePlan
        A plan, with its delivered sessions recorded (`record_session`).
    start : datetime.date
        The date the first session falls due (usually the assessment's date).
    cadence : mapping of str to int, optional
        Stage id -> days between sessions, overriding the catalogue's ``cadence_days``.
    catalogue : Catalogue, optional
        The catalogue the plan was built with (default: the bundled one).

    Returns
    -------
    Schedule

    Raises
    ------
    UnknownCodeError
        `cadence` names a stage the catalogue does not have.
    PlanError
        The catalogue is not the plan's.

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner.plan import NeedInput, PlanRequest, build_plan
    >>> plan = build_plan(PlanRequest(needs=(NeedInput(id="loneliness", severity="low"),)))
    >>> schedule = due(plan, dt.date(2024, 3, 1))
    >>> [(s.stage, s.date.isoformat()) for s in schedule.sessions][:2]
    [('engage_assess', '2024-03-01'), ('social_reentry', '2024-03-22')]
    >>> [(f.months, f.date.isoformat()) for f in schedule.follow_up]
    [(3, '2024-07-19'), (9, '2025-01-19')]
    """
    days = _cadence(plan, cadence or {}, catalogue or load_catalogue())
    # A change re-plans from its date: what is still due follows the later of the two.
    last = max((*(s.date for s in plan.sessions), *(c.date for c in plan.changes)), default=None)
    sessions: list[DueSession] = []
    for stage in plan.stages:
        held = [(k, s) for k, s in enumerate(plan.sessions) if s.stage == stage.id]
        sessions += [
            DueSession(
                stage=stage.id, number=n, date=s.date, delivered=True, minutes=s.minutes, record=k
            )
            for n, (k, s) in enumerate(held, 1)
        ]
        for n in range(len(held) + 1, stage.sessions + 1):
            last = start if last is None else last + dt.timedelta(days=days[stage.id])
            sessions.append(DueSession(stage=stage.id, number=n, date=last, delivered=False))
    return Schedule(
        start=start,
        cadence_days=days,
        sessions=tuple(sessions),
        follow_up=_follow_up(plan, last),
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` moved `months` calendar months on; the 31st becomes a shorter month's end.

    Examples
    --------
    >>> add_months(dt.date(2024, 8, 31), 6).isoformat()
    '2025-02-28'
    """
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def _cadence(plan: CarePlan, cadence: Mapping[str, int], catalogue: Catalogue) -> dict[str, int]:
    if catalogue.label != plan.catalogue:
        raise PlanError(
            f"'catalogue' must be the plan's {plan.catalogue!r}, not {catalogue.label!r}"
        )
    for stage_id in cadence:
        if stage_id not in catalogue.stage_ids:
            raise UnknownCodeError("schedule.cadence_days", stage_id, catalogue.stage_ids)
    return {s.id: cadence.get(s.id, catalogue.stage(s.id).cadence_days) for s in plan.stages}


def _follow_up(plan: CarePlan, last: dt.date | None) -> tuple[DueFollowUp, ...]:
    if plan.follow_up is None or last is None:
        return ()
    return tuple(
        DueFollowUp(months=m, date=add_months(last, m), measures=plan.follow_up.measures)
        for m in plan.follow_up.remeasure_months
    )
