"""The casework a case records against a plan: delivered sessions, adjustments, due dates.

A session or an adjustment belongs to the plan of the last assessment dated before it (the
intake's when none is): a session held on the day of a later assessment still belongs to the
plan before it, as the closing session of the seed case, held the day of the closure
assessment, belongs to the intake plan. The worker's private notes (observations, reflection)
stay in the case: a result carries what was done, not what the worker thought.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplanner._notices import Notice, adjustment_notice, session_notice
from careplanner.models import Case, SessionRecord
from careplanner.plan import CarePlan, Schedule, due
from careplanner.plan._delivered import record_delivered


@dataclass(frozen=True)
class Delivered:
    """A plan with the case's casework recorded on it, when it falls due, and what was left out."""

    plan: CarePlan
    schedule: Schedule | None
    notices: tuple[Notice, ...]


def owner(case: Case, day: dt.date) -> int:
    """The index of the assessment whose plan a session or change on `day` belongs to.

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner import load_case
    >>> case = load_case("example:shidu-mother")
    >>> [owner(case, s.date) for s in case.sessions] == [0] * 7
    True
    >>> owner(case, dt.date(2022, 6, 15))
    1
    """
    return max((k for k, a in enumerate(case.assessments) if a.date < day), default=0)


#: Assessments that end casework: a plan built at one is not casework still to deliver.
ENDING_KINDS = frozenset({"closure", "follow_up"})


def current(case: Case) -> int:
    """The assessment whose plan the work follows now: the latest that is not a closure or
    follow-up (their plans are not casework still to deliver), else the latest.

    Examples
    --------
    >>> from careplanner import load_case
    >>> current(load_case("example:shidu-mother"))
    0
    """
    working = [k for k, a in enumerate(case.assessments) if a.kind not in ENDING_KINDS]
    return working[-1] if working else len(case.assessments) - 1


def record_casework(case: Case, plan: CarePlan, first: int, last: int | None = None) -> Delivered:
    """Record on `plan` the sessions and adjustments of the assessments `first` up to `last`.

    Parameters
    ----------
    case : Case
    plan : CarePlan
        The plan built at assessment `first`.
    first, last : int
        The sessions and changes that belong to the assessments ``first .. last - 1`` are
        recorded (``last`` is ``first + 1`` by default: the plan's own).
    """
    held = range(first, first + 1 if last is None else last)
    sessions = [k for k, s in enumerate(case.sessions) if owner(case, s.date) in held]
    changes = [k for k, a in enumerate(case.adjustments) if owner(case, a.date) in held]
    recorded, left_out, refused = record_delivered(
        plan,
        [_without_notes(case.sessions[k]) for k in sessions],
        [case.adjustments[k] for k in changes],
    )
    notices = (
        *(session_notice(sessions[i], part) for i, part in left_out),
        *(adjustment_notice(changes[i]) for i in refused),
    )
    return Delivered(recorded, _schedule(case, recorded, first), notices)


def _without_notes(session: SessionRecord) -> SessionRecord:
    if session.observations is None and session.reflection is None:
        return session
    return session.model_copy(update={"observations": None, "reflection": None})


def _schedule(case: Case, plan: CarePlan, first: int) -> Schedule | None:
    if plan.kind == "none":
        return None
    chosen = case.schedule
    start = chosen.start if chosen and chosen.start else case.assessments[first].date
    return due(plan, start, cadence=chosen.cadence_days if chosen else None)
