"""Who joined, who stayed and why members left: the end of the recruitment funnel.

The group seed study names recruiting and keeping members as its first difficulty. From the
session records: each member's attendance, whether they completed, dropped out (absent from
the last sessions held, ``evaluation.yaml``) or never started, and the reasons recorded
when a member left (``left`` in a session record, codes in ``recruitment.yaml``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from careplanner.errors import UnknownCodeError
from careplanner.group._programme import GroupSessionRecord
from careplanner.group._recruitment import ReasonCount, RecruitmentSpec, reason_counts
from careplanner.group._types import Basis, Frozen, Source

Status = Literal["completed", "dropped_out", "never_started", "not_recorded"]


class Dropout(Frozen):
    """A member who came at least once drops out when absent from the last sessions held."""

    missed_at_end: int = Field(ge=1, le=12)
    basis: Basis
    source: Source


class Attendance(Frozen):
    """Sessions a member attended of those held (recorded)."""

    attended: int
    held: int
    share: float


class Retention(Frozen):
    """Joined, started, stayed: the seed study's first difficulty.

    ``left`` counts the reasons recorded for members who left or dropped out; a drop-out with
    no recorded reason counts as ``reason_not_recorded``.
    """

    sessions_held: int
    joined: int
    started: int
    completed: int
    dropped_out: tuple[str, ...]
    never_started: tuple[str, ...]
    rate: float | None
    mean_attendance: float | None
    left: tuple[ReasonCount, ...]
    rule: str


def attendance(
    member: str, records: Sequence[GroupSessionRecord], dropout: Dropout
) -> tuple[Attendance | None, Status]:
    """A member's attendance and status from the session records (None if none were kept)."""
    if not records:
        return None, "not_recorded"
    came = [member in r.attended for r in records]
    share = Attendance(attended=sum(came), held=len(came), share=sum(came) / len(came))
    if not any(came):
        return share, "never_started"
    tail = came[-dropout.missed_at_end :]
    dropped = len(came) >= dropout.missed_at_end and not any(tail)
    left = any(member == x.member for r in records for x in r.left)
    return share, "dropped_out" if dropped or left else "completed"


def retention(
    statuses: Sequence[tuple[str, Attendance | None, Status]],
    records: Sequence[GroupSessionRecord],
    dropout: Dropout,
    spec: RecruitmentSpec,
) -> Retention:
    """Count who joined, started, completed and dropped out, and the reasons for leaving.

    Raises
    ------
    UnknownCodeError
        A ``left`` reason is not a leaving reason of `spec`.
    """
    started = [m for m, _, s in statuses if s in ("completed", "dropped_out")]
    completed = [m for m, _, s in statuses if s == "completed"]
    shares = [a.share for _, a, _ in statuses if a is not None]
    dropped = tuple(m for m, _, s in statuses if s == "dropped_out")
    return Retention(
        sessions_held=len(records),
        joined=len(statuses),
        started=len(started),
        completed=len(completed),
        dropped_out=dropped,
        never_started=tuple(m for m, _, s in statuses if s == "never_started"),
        rate=len(completed) / len(started) if started else None,
        mean_attendance=statistics.fmean(shares) if shares else None,
        left=_left(dropped, records, spec),
        rule=f"absent from the last {dropout.missed_at_end} sessions ({dropout.basis})",
    )


def _left(
    dropped: Sequence[str], records: Sequence[GroupSessionRecord], spec: RecruitmentSpec
) -> tuple[ReasonCount, ...]:
    allowed = [c.code for c in spec.leaving]
    given: dict[str, str] = {}
    for record in records:
        for leaving in record.left:
            if leaving.reason not in allowed:
                raise UnknownCodeError(
                    f"sessions[{record.number}].left.reason", leaving.reason, allowed
                )
            given[leaving.member] = leaving.reason
    reasons: Counter[str | None] = Counter(given.get(m) for m in dropped)
    return reason_counts(reasons, spec.leaving)
