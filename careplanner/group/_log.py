"""A group's running record: session records and adjustments, in one YAML file.

The file a worker keeps while the group runs::

    group: hepingli-g2                 # which group of `careplanner group plan` it records
    members: [r03, r04, ...]           # optional; attendees and notes must be members
    sessions:
      - {number: 1, date: 2025-04-07, worker: sw-05, attended: [...], themes: [...]}
    adjustments:
      - {date: 2025-05-06, worker: sw-05, after_session: 5, choose: {7: reminiscence}}

`append_entry` adds one entry to ``sessions`` or ``adjustments`` by writing text after the
list's last entry: everything else, comments included, stays byte for byte, and the file is
replaced atomically (a temporary file in the same folder, then `os.replace`) only once the
whole new text has been read back and checked. `replay` rebuilds the programme as the file
says it went: the planned programme, each record, and each adjustment at its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from careplanner._append import entry_text, inserted, write_atomically
from careplanner._content._problems import problems_of
from careplanner._load import parse_document
from careplanner.errors import CaseFileError, CaseValidationError, UnknownCodeError
from careplanner.group._activities import ActivityCatalogue
from careplanner.group._notes import Codebook
from careplanner.group._programme import GroupSessionRecord, Programme
from careplanner.group._recruitment import RecruitmentSpec, load_recruitment
from careplanner.group._residents import read_text
from careplanner.group._sessions import adjust_programme, record_group_session
from careplanner.group._types import Code, Frozen, Text
from careplanner.models import Identifier
from careplanner.rules import RulePack, active_pack

Section = Literal["sessions", "adjustments"]


class ProgrammeAdjustment(Frozen):
    """An adjustment a worker made after `after_session` records, and their choices."""

    date: dt.date
    worker: Identifier
    after_session: int = Field(ge=0)
    choose: dict[int, Code] = Field(default_factory=dict)


class SessionLog(Frozen):
    """The content of a group's running record."""

    title: Text | None = None
    group: Identifier | None = None
    members: tuple[Identifier, ...] = ()
    sessions: tuple[GroupSessionRecord, ...] = ()
    adjustments: tuple[ProgrammeAdjustment, ...] = ()


def load_session_log(source: str | Path) -> SessionLog:
    """Read a group's running record (YAML or JSON), or ``example:sessions``.

    Raises
    ------
    CaseFileError
        The file cannot be read or is not a mapping.
    CaseValidationError
        An entry breaks the model; every problem is listed by location.

    Examples
    --------
    >>> log = load_session_log("example:sessions")
    >>> log.group, len(log.sessions), log.sessions[7].left[0].reason
    ('hepingli-g2', 12, 'caring_duties')
    """
    name = str(source)
    return log_from_text(read_text(name), name)


def log_from_text(text: str, name: str) -> SessionLog:
    """Parse and check the text of a running record; see `load_session_log`."""
    data = parse_document(text, name)
    if not isinstance(data, dict):
        raise CaseFileError(name, "a sessions file is a mapping with a 'sessions' list")
    try:
        return SessionLog.model_validate(data)
    except ValidationError as exc:
        raise CaseValidationError(name, problems_of(exc)) from None


def load_sessions(source: str | Path) -> tuple[GroupSessionRecord, ...]:
    """Read the session records of a group's running record (``sessions: [...]``).

    Parameters
    ----------
    source : str or Path
        A file, or ``"example:sessions"`` for the bundled records of the example group.

    Raises
    ------
    CaseFileError
        The file cannot be read or is not a sessions file.
    CaseValidationError
        A record breaks the model; every problem is listed by location.

    Examples
    --------
    >>> records = load_sessions("example:sessions")
    >>> len(records), records[0].number, records[0].worker
    (12, 1, 'sw-05')
    """
    return load_session_log(source).sessions


def replay(
    programme: Programme,
    log: SessionLog,
    *,
    catalogue: ActivityCatalogue | None = None,
    pack: RulePack | None = None,
) -> Programme:
    """The programme as the running record says it went: records and adjustments in order.

    Raises
    ------
    GroupError, UnknownCodeError
        A record or an adjustment does not fit the programme (see `record_group_session`,
        `adjust_programme`).
    """
    for n in range(len(log.sessions) + 1):
        for adjustment in (a for a in log.adjustments if a.after_session == n):
            programme = adjust_programme(
                programme,
                adjustment.date,
                choose=adjustment.choose,
                worker=adjustment.worker,
                catalogue=catalogue,
                pack=pack,
            )
        if n < len(log.sessions):
            programme = record_group_session(programme, log.sessions[n])
    return programme


def check_members(log: SessionLog, record: GroupSessionRecord) -> None:
    """Refuse a record naming someone who is not in the file's ``members`` (when listed)."""
    if not log.members:
        return
    named = [
        ("attended", record.attended),
        ("notes.member", tuple(n.member for n in record.notes)),
        ("emerged.member", tuple(e.member for e in record.emerged)),
        ("left.member", tuple(x.member for x in record.left)),
    ]
    for field, ids in named:
        for member in ids:
            if member not in log.members:
                raise UnknownCodeError(field, member, log.members)


def check_codes(
    record: GroupSessionRecord,
    codebook: Codebook,
    recruitment: RecruitmentSpec | None = None,
    pack: RulePack | None = None,
) -> None:
    """Refuse a record whose theme codes, reasons for leaving or emerged needs are unknown."""
    themes = [("themes", c) for c in record.themes]
    themes += [("notes.themes", c) for n in record.notes for c in n.themes]
    for field, code in themes:
        if code not in codebook.codes:
            raise UnknownCodeError(field, code, codebook.codes)
    reasons = [c.code for c in (recruitment or load_recruitment()).leaving]
    for leaving in record.left:
        if leaving.reason not in reasons:
            raise UnknownCodeError("left.reason", leaving.reason, reasons)
    needs = (pack or active_pack()).needs
    for emerged in record.emerged:
        if emerged.need not in needs:
            raise UnknownCodeError("emerged.need", emerged.need, needs)


def append_entry(path: Path, section: Section, entry: Mapping[str, object]) -> SessionLog:
    """Add `entry` at the end of the file's `section` list, keeping every other byte.

    Returns
    -------
    SessionLog
        The file as written, read back and checked.

    Raises
    ------
    CaseFileError
        The file cannot be read or written, or its `section` is not a block list this can
        append to (``sessions: [...]`` written inline).
    CaseValidationError
        The file with the new entry breaks the model; the file is left unchanged.
    """
    name = str(path)
    text = read_text(name)
    updated = inserted(text, section, entry_text(entry), name)
    log = log_from_text(updated, name)
    write_atomically(path, updated)
    return log
