"""Outreach and the recruitment funnel: contacted, interested, suitable, joined, stayed.

The group seed study names recruiting and keeping members as its first difficulty. A
resident's ``outreach`` records the channel that reached them, their response and, when they
declined, why; a session record's ``left`` records a member who left and why. The codes are
data (``recruitment.yaml``). `recruitment_funnel` counts the stages up to joining a group,
per channel; the evaluation adds who stayed and the reasons for leaving.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from careplanner.errors import UnknownCodeError
from careplanner.group._data import overlaid, read_model
from careplanner.group._types import Basis, Code, Frozen, Source, Text
from careplanner.models import Identifier

if TYPE_CHECKING:  # residents read Outreach; the funnel reads the groups formed from them
    from careplanner.group._compose import Composition
    from careplanner.group._screening import Screening

#: The channel row of residents whose outreach was not recorded.
NOT_RECORDED = "not_recorded"


class Outreach(Frozen):
    """How a resident was reached and what they answered (``reason`` when they declined)."""

    channel: Code
    date: dt.date | None = None
    response: Code
    reason: Code | None = None


class Approached(Outreach):
    """Someone approached who was never surveyed: counted in the funnel, not screened."""

    id: Identifier
    community: Identifier = "all"


class Leaving(Frozen):
    """A member who left the group, and the reason they gave."""

    member: Identifier
    reason: Code


class Coded(Frozen):
    """A code of ``recruitment.yaml`` and its label."""

    code: Code
    label: Text


class Channel(Coded):
    """An outreach channel; `basis` says whether a study supports it."""

    basis: Basis


class RecruitmentSpec(Frozen):
    """The content of ``recruitment.yaml``."""

    id: Code
    version: int = Field(ge=1)
    source: Source
    channels: tuple[Channel, ...] = Field(min_length=1)
    responses: tuple[Coded, ...] = Field(min_length=1)
    not_joining: tuple[Coded, ...] = Field(min_length=1)
    leaving: tuple[Coded, ...] = Field(min_length=1)


def load_recruitment(path: str | Path | None = None) -> RecruitmentSpec:
    """Load the outreach codes: a worker's copy, or the bundled ``recruitment.yaml``.

    Examples
    --------
    >>> [c.code for c in load_recruitment().responses]
    ['interested', 'declined', 'not_reached']
    """
    if path is None and not overlaid("recruitment.yaml"):
        return _bundled()
    return read_model(RecruitmentSpec, "recruitment.yaml", path)


@cache
def _bundled() -> RecruitmentSpec:
    return read_model(RecruitmentSpec, "recruitment.yaml")


class ChannelFunnel(Frozen):
    """The funnel of the residents one channel reached.

    ``approached`` counts every attempt, ``contacted`` those reached. For residents whose
    outreach was not recorded, ``contacted`` and ``interested`` are None: unknown, not 0.
    """

    channel: str
    label: Text
    approached: int
    contacted: int | None
    interested: int | None
    suitable: int
    joined: int


class ReasonCount(Frozen):
    """How many gave one reason; ``reason_not_recorded`` counts those who gave none."""

    code: str
    label: Text
    count: int


class Funnel(Frozen):
    """Approached -> contacted -> interested -> screened suitable -> joined, and per channel.

    ``outreach_not_recorded`` residents were surveyed without an outreach record; they are
    counted from screening on, in their own channel row.
    """

    recruitment: str
    outreach_not_recorded: int
    approached: int
    not_reached: int
    contacted: int
    interested: int
    suitable: int
    joined: int
    waiting: int
    channels: tuple[ChannelFunnel, ...]
    declined: tuple[ReasonCount, ...]
    screened_out: tuple[ReasonCount, ...]


_NOT_RECORDED_TEXT: Text = {"en": "reason not recorded", "zh-CN": "未记录原因"}


def recruitment_funnel(
    outreach: Sequence[tuple[str, Outreach | None]],
    screening: Screening,
    composition: Composition,
    spec: RecruitmentSpec | None = None,
) -> Funnel:
    """Count every stage of recruitment, per channel, with the reasons for not joining.

    Parameters
    ----------
    outreach : sequence of (resident id, Outreach or None)
        Every resident surveyed; None when their outreach was not recorded.
    screening, composition
        The screening decisions and the groups formed.
    spec : RecruitmentSpec, optional
        The codes; the bundled ``recruitment.yaml`` by default.

    Raises
    ------
    UnknownCodeError
        A channel, response or reason is not in `spec` (the field names the resident).
    """
    spec = spec or load_recruitment()
    for resident, record in outreach:
        if record is not None:
            _check(resident, record, spec)
    recorded = [(r, o) for r, o in outreach if o is not None]
    interested = [r for r, o in recorded if o.response == "interested"]
    joined = {m for g in composition.groups for m in g.members}
    suitable = set(screening.suitable)
    rows = [_row(c.code, c.label, recorded, suitable, joined) for c in spec.channels]
    missing = [r for r, o in outreach if o is None]
    if missing:
        rows.append(_unrecorded(missing, suitable, joined))
    out = [d for d in screening.decisions if d.decision != "suitable"]
    labels = {d.decision: d.label for d in out}
    not_reached = sum(o.response == "not_reached" for _, o in recorded)
    return Funnel(
        recruitment=f"{spec.id}@{spec.version}",
        outreach_not_recorded=len(missing),
        approached=len(recorded),
        not_reached=not_reached,
        contacted=len(recorded) - not_reached,
        interested=len(interested),
        suitable=len(suitable),
        joined=len(joined),
        waiting=len(composition.waiting),
        channels=tuple(rows),
        declined=_declined(recorded, spec),
        screened_out=tuple(
            ReasonCount(code=kind, label=labels[kind], count=count)
            for kind, count in sorted(Counter(d.decision for d in out).items())
        ),
    )


def _check(resident: str, record: Outreach, spec: RecruitmentSpec) -> None:
    at = f"residents[{resident}].outreach"
    allowed = {
        "channel": [c.code for c in spec.channels],
        "response": [c.code for c in spec.responses],
        "reason": [c.code for c in spec.not_joining],
    }
    for field, value in (("channel", record.channel), ("response", record.response)):
        if value not in allowed[field]:
            raise UnknownCodeError(f"{at}.{field}", value, allowed[field])
    if record.reason is not None and record.reason not in allowed["reason"]:
        raise UnknownCodeError(f"{at}.reason", record.reason, allowed["reason"])


def _row(
    channel: str,
    label: Text,
    recorded: Sequence[tuple[str, Outreach]],
    suitable: set[str],
    joined: set[str],
) -> ChannelFunnel:
    reached = [(r, o) for r, o in recorded if o.channel == channel]
    ids = {r for r, _ in reached}
    return ChannelFunnel(
        channel=channel,
        label=label,
        approached=len(reached),
        contacted=sum(o.response != "not_reached" for _, o in reached),
        interested=sum(o.response == "interested" for _, o in reached),
        suitable=len(ids & suitable),
        joined=len(ids & joined),
    )


def _unrecorded(missing: Sequence[str], suitable: set[str], joined: set[str]) -> ChannelFunnel:
    return ChannelFunnel(
        channel=NOT_RECORDED,
        label={"en": "outreach not recorded", "zh-CN": "未记录招募方式"},
        approached=len(missing),
        contacted=None,
        interested=None,
        suitable=len(set(missing) & suitable),
        joined=len(set(missing) & joined),
    )


def _declined(
    recorded: Sequence[tuple[str, Outreach]], spec: RecruitmentSpec
) -> tuple[ReasonCount, ...]:
    reasons = Counter(o.reason for _, o in recorded if o.response == "declined")
    return reason_counts(reasons, spec.not_joining)


def reason_counts(reasons: Counter[str | None], codes: Sequence[Coded]) -> tuple[ReasonCount, ...]:
    """The reasons given, in codebook order, and those given none (key None); zeros left out."""
    counted = [
        ReasonCount(code=c.code, label=c.label, count=reasons[c.code])
        for c in codes
        if reasons[c.code]
    ]
    if reasons[None]:
        counted.append(
            ReasonCount(code="reason_not_recorded", label=_NOT_RECORDED_TEXT, count=reasons[None])
        )
    return tuple(counted)
