"""Planned and delivered sessions per stage, what is due next and the follow-up dates.

The same `SessionsView` feeds the terminal view and both report templates. The worker's
observations and reflections are the worker's private notes: they are read from the case,
and only when asked (``--show-notes``); the result never carries them.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplanner.assess import AssessmentResult
from careplanner.models import Case, SessionRecord
from careplanner.plan import DueSession, PlannedStage
from careplanner.report._plan import ordinal
from careplanner.report._text import Words


@dataclass(frozen=True)
class SessionRow:
    """One session: delivered (with what was done) or still due."""

    number: int
    date: str
    delivered: bool
    status: str
    minutes: str
    done: str
    ending: bool
    #: (label, text) of the worker's notes; empty unless notes are shown.
    notes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StageSessions:
    """The sessions of one stage: how many planned, how many delivered."""

    ordinal: str
    name: str
    planned: int
    delivered: int
    count: str
    rows: tuple[SessionRow, ...]


@dataclass(frozen=True)
class SessionsView:
    """The sessions section of a report or terminal view."""

    summary: str
    stages: tuple[StageSessions, ...]
    next: str | None
    follow_up: tuple[str, ...]
    cadence: str
    notes_shown: bool
    notes_hidden: bool


def sessions_view(
    case: Case | None, result: AssessmentResult, words: Words, *, show_notes: bool = False
) -> SessionsView | None:
    """The sessions of `result`'s plan in one language; ``None`` when there is no plan.

    The worker's notes come from `case` and only with `show_notes`; without a case there are
    none to show.
    """
    schedule = result.schedule
    if schedule is None:
        return None
    plan = result.plan
    stages = tuple(
        _stage(
            stage,
            [s for s in schedule.sessions if s.stage == stage.id],
            case,
            result,
            words,
            show_notes,
        )
        for stage in plan.stages
    )
    minutes = sum(s.minutes or 0 for s in plan.sessions)
    upcoming = schedule.next
    has_notes = any(_notes(case, s) for s in plan.sessions)
    return SessionsView(
        summary=words(
            "sessions.summary",
            delivered=len(plan.sessions),
            planned=plan.planned_sessions,
            minutes=minutes,
        ),
        stages=stages,
        next=None if upcoming is None else _next(upcoming, plan.stages, words),
        follow_up=tuple(
            words("sessions.follow_up_value", date=f.date.isoformat(), months=f.months)
            for f in schedule.follow_up
        ),
        cadence=words("sessions.cadence", start=schedule.start.isoformat()),
        notes_shown=show_notes,
        notes_hidden=has_notes and not show_notes,
    )


def _stage(
    stage: PlannedStage,
    slots: list[DueSession],
    case: Case | None,
    result: AssessmentResult,
    words: Words,
    show_notes: bool,
) -> StageSessions:
    delivered = sum(s.delivered for s in slots)
    return StageSessions(
        ordinal=ordinal(stage.number, words),
        name=words.pick(stage.name),
        planned=stage.sessions,
        delivered=delivered,
        count=words("sessions.stage_count", delivered=delivered, planned=stage.sessions),
        rows=tuple(_row(slot, case, result, words, show_notes) for slot in slots),
    )


def _row(
    slot: DueSession, case: Case | None, result: AssessmentResult, words: Words, show_notes: bool
) -> SessionRow:
    record = None if slot.record is None else result.plan.sessions[slot.record]
    notes = _notes(case, record) if record is not None and show_notes else ()
    return SessionRow(
        number=slot.number,
        date=slot.date.isoformat(),
        delivered=slot.delivered,
        status=words("sessions.delivered" if slot.delivered else "sessions.due"),
        minutes="" if slot.minutes is None else str(slot.minutes),
        done="" if record is None else record.done,
        ending=record is not None and record.ending_discussed,
        notes=tuple((words(f"sessions.{label}"), text) for label, text in notes),
    )


def _notes(case: Case | None, record: SessionRecord) -> tuple[tuple[str, str], ...]:
    """The worker's notes on `record`, read from the case (the result holds none)."""
    if case is None:
        return ()
    same = next(
        (
            s
            for s in case.sessions
            if (s.date, s.stage, s.done) == (record.date, record.stage, record.done)
        ),
        None,
    )
    if same is None:
        return ()
    pairs = (("observations", same.observations), ("reflection", same.reflection))
    return tuple((label, text) for label, text in pairs if text)


def _next(upcoming: DueSession, stages: tuple[PlannedStage, ...], words: Words) -> str:
    stage = next(s for s in stages if s.id == upcoming.stage)
    name = f"{ordinal(stage.number, words)} {words.pick(stage.name)}"
    return words(
        "sessions.next_value", date=upcoming.date.isoformat(), stage=name, number=upcoming.number
    )
