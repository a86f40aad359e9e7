"""Record what happened in each session and adjust the remaining ones; never in place.

`adjust_programme` reads the records not yet reviewed and, by the catalogue's thresholds
(``activities.yaml``, ``adjustments``):

- a **safety need** that emerged is logged as a same-day referral to crisis services and
  casework (the group is never the only response) and the member is marked referred;
- another **emerged need** joins the member's needs and the remaining sessions are re-planned;
- **attendance** below the threshold in the latest session, or members absent from the last
  sessions in a row, put a note on the next session to contact them personally; when a
  member is newly at risk, the remaining sessions are re-planned with the needs and choices
  of those at risk counted twice, and the change is logged (retention is the known weak point
  of such groups [bouwman2019]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner.errors import GroupError, UnknownCodeError
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._programme import (
    GroupSessionRecord,
    MemberNeeds,
    PlannedSession,
    Programme,
    ProgrammeChange,
    SessionChange,
    Trigger,
    choose,
    session_notes,
)
from careplanner.group._types import Text, fill
from careplanner.group._words import need_list
from careplanner.rules import RulePack, active_pack

if TYPE_CHECKING:
    from careplanner._content._content import Content


def record_group_session(programme: Programme, record: GroupSessionRecord) -> Programme:
    """Return the programme with one more session record.

    Raises
    ------
    GroupError
        The record is not the next session's, is beyond the programme, or is dated before
        the previous record.
    UnknownCodeError
        An attendee or a member with an emerged need is not a member.

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner.group import load_residents, plan_groups
    >>> programme = plan_groups(load_residents("example:residents")).programmes[1]
    >>> first = GroupSessionRecord(number=1, date=dt.date(2025, 4, 7), attended=("r03", "r04"))
    >>> len(record_group_session(programme, first).records), len(programme.records)
    (1, 0)
    """
    expected = len(programme.records) + 1
    if record.number != expected:
        raise GroupError(f"'number' must be {expected}, the next session, got {record.number}")
    if record.number > len(programme.sessions):
        raise GroupError(f"'number' must be at most {len(programme.sessions)} (the last session)")
    if programme.records and record.date < programme.records[-1].date:
        raise GroupError("'date' must not be before the previous record's date")
    members = programme.member_ids
    for field, ids in (
        ("attended", record.attended),
        ("emerged.member", tuple(e.member for e in record.emerged)),
    ):
        for member in ids:
            if member not in members:
                raise UnknownCodeError(field, member, members)
    return programme.model_copy(update={"records": (*programme.records, record)})


def adjust_programme(
    programme: Programme,
    on: dt.date,
    *,
    choose: Mapping[int, str] | None = None,
    worker: str | None = None,
    catalogue: ActivityCatalogue | None = None,
    pack: RulePack | None = None,
    content: Content | None = None,
) -> Programme:
    """Return the programme with its remaining sessions adjusted to the new records.

    Parameters
    ----------
    programme : Programme
    on : datetime.date
        The date of the adjustment, for the change log.
    choose : mapping of session number to activity id, optional
        The worker's own choice for sessions not yet held, e.g. because the members asked
        for an activity again; it overrides the fixed activities and the variety rule and
        is kept through later re-plans. The activity must be allowed in that stage.
    worker : str, optional
        Who made the adjustment; recorded on every change-log entry it makes.
    catalogue : ActivityCatalogue, optional
        The catalogue the programme was planned with (the bundled one by default).
    pack : careplanner.rules.RulePack, optional
        Says which emerged needs are safety needs (the bundled pack by default).
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    Programme
        A new programme whose change log has one entry per trigger met (none if none was).

    Raises
    ------
    GroupError
        The catalogue is not the programme's, or a chosen session is held or beyond it.
    UnknownCodeError
        An emerged need is not a need of the pack, or a chosen activity is not allowed in
        that session's stage (the message lists the ones that are).
    """
    with using(content):
        catalogue = catalogue or load_activities()
        if catalogue.label != programme.catalogue:
            raise GroupError(
                f"'catalogue' must be {programme.catalogue!r}, not {catalogue.label!r}"
            )
        pack = pack or active_pack()
        fresh = programme.records[programme.reviewed :]
        current = programme.model_copy(update={"reviewed": len(programme.records)})
        if choose:
            current = _on_choice(current, choose, on, catalogue)
        for record in fresh:
            for emerged in record.emerged:
                current = _on_need(current, emerged.member, emerged.need, on, catalogue, pack)
        at_risk = _at_risk(current, catalogue) if fresh else ()
        if set(at_risk) - set(current.followed_up):
            weights = {m: 2 for m in at_risk}
            message = fill(catalogue.messages.attendance_drop, members=", ".join(at_risk))
            current = _replan(current, catalogue, weights, on, "attendance_drop", at_risk, message)
        if at_risk:
            note = fill(catalogue.messages.contact_absent, members=", ".join(at_risk))
            current = _note_next(current, note)
        if worker is not None:
            changes = tuple(
                c.model_copy(update={"worker": worker}) if n >= len(programme.changes) else c
                for n, c in enumerate(current.changes)
            )
            current = current.model_copy(update={"changes": changes})
        return current.model_copy(update={"followed_up": at_risk})


def _on_choice(
    programme: Programme, choose: Mapping[int, str], on: dt.date, catalogue: ActivityCatalogue
) -> Programme:
    held = len(programme.records)
    for number, activity in sorted(choose.items()):
        if not held < number <= len(programme.sessions):
            raise GroupError(
                f"'choose' session must be from {held + 1} to {len(programme.sessions)} "
                f"(not yet held), got {number}"
            )
        stage = programme.sessions[number - 1].stage
        allowed = [a.id for a in catalogue.activities if stage in a.stages]
        if activity not in allowed:
            raise UnknownCodeError(f"choose.{number}", activity, allowed)
    chosen = programme.model_copy(update={"chosen": {**programme.chosen, **choose}})
    listed = ", ".join(f"{n}={a}" for n, a in sorted(choose.items()))
    summary = fill(catalogue.messages.worker_choice, sessions=listed)
    return _replan(chosen, catalogue, {}, on, "worker_choice", (), summary)


def _on_need(
    programme: Programme,
    member: str,
    need: str,
    on: dt.date,
    catalogue: ActivityCatalogue,
    pack: RulePack,
) -> Programme:
    spec = pack.needs.get(need)
    if spec is None:
        raise UnknownCodeError("emerged.need", need, pack.needs)
    names = need_list([need])
    if spec.safety:
        summary = {
            lang: t.format(need=names[lang], members=member)
            for lang, t in catalogue.messages.safety_referral.items()
        }
        entry = ProgrammeChange(
            date=on, trigger="safety_referral", members=(member,), summary=summary, sessions=()
        )
        return programme.model_copy(
            update={
                "changes": (*programme.changes, entry),
                "referred": (*programme.referred, member),
            }
        )
    members = tuple(
        m.model_copy(update={"needs": (*m.needs, need)})
        if m.id == member and need not in m.needs
        else m
        for m in programme.members
    )
    grown = programme.model_copy(update={"members": members})
    summary = {
        lang: t.format(need=names[lang], members=member)
        for lang, t in catalogue.messages.need_emerged.items()
    }
    return _replan(grown, catalogue, {}, on, "need_emerged", (member,), summary)


def _at_risk(programme: Programme, catalogue: ActivityCatalogue) -> tuple[str, ...]:
    """Members absent from the latest session when attendance fell, or absent in a row."""
    records = programme.records
    if not records:
        return ()
    rule = catalogue.adjustments
    latest = records[-1]
    members = [m for m in programme.member_ids if m not in programme.referred]
    low = len(set(latest.attended) & set(members)) < rule.attendance_below * len(members)
    recent = records[-rule.missed_in_a_row :]
    in_a_row = {
        m
        for m in members
        if len(recent) == rule.missed_in_a_row and all(m not in r.attended for r in recent)
    }
    absent = {m for m in members if m not in latest.attended} if low else set()
    return tuple(sorted(absent | in_a_row))


def _replan(
    programme: Programme,
    catalogue: ActivityCatalogue,
    weights: dict[str, int],
    on: dt.date,
    trigger: Trigger,
    members: Sequence[str],
    summary: Text,
) -> Programme:
    held = [s.activity for s in programme.sessions[: len(programme.records)]]
    stages = [s.stage for s in programme.sessions]
    chosen = choose(catalogue, stages, programme.members, weights, held, programme.chosen)
    needs = {n for m in programme.members for n in m.needs}
    sessions = tuple(
        _replace(s, chosen[s.number - 1], needs, catalogue, programme.members)
        for s in programme.sessions
    )
    changed = tuple(
        SessionChange(number=old.number, before=old.activity, after=new.activity)
        for old, new in zip(programme.sessions, sessions, strict=True)
        if old.activity != new.activity
    )
    entry = ProgrammeChange(
        date=on, trigger=trigger, members=tuple(members), summary=summary, sessions=changed
    )
    return programme.model_copy(
        update={"sessions": sessions, "changes": (*programme.changes, entry)}
    )


def _replace(
    session: PlannedSession,
    activity_id: str,
    needs: set[str],
    catalogue: ActivityCatalogue,
    members: Sequence[MemberNeeds],
) -> PlannedSession:
    activity = catalogue.activity(activity_id)
    update: dict[str, object] = {"answers": tuple(n for n in activity.answers if n in needs)}
    if activity_id != session.activity:
        update |= {"activity": activity_id, "notes": session_notes(activity, members, catalogue)}
    return session.model_copy(update=update)


def _note_next(programme: Programme, note: Text) -> Programme:
    upcoming = len(programme.records)
    if upcoming >= len(programme.sessions):
        return programme
    sessions = tuple(
        s.model_copy(update={"notes": (*s.notes, note)}) if n == upcoming else s
        for n, s in enumerate(programme.sessions)
    )
    return programme.model_copy(update={"sessions": sessions})
