"""The resource register: venues, volunteers, partners and money, matched to the sessions.

The group seed study names integrating and using resources as one of its difficulties. A
register (a YAML file a worker keeps) lists what the community has; `match_resources` gives
every planned session a venue, the volunteers and the partner its activity needs
(``requires`` in ``activities.yaml``; an outing needs one escort per member who needs one),
adds up the costs, and flags every gap before the group starts. The matching is careplanner's
convention: first fit in register order, each volunteer up to their number of sessions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from careplanner._content._problems import problems_of
from careplanner._load import parse_document
from careplanner.errors import CaseValidationError
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._programme import PlannedSession, Programme
from careplanner.group._residents import read_text
from careplanner.group._types import WRITING_ORDER, Code, Frozen, Text
from careplanner.group._words import line, words
from careplanner.models import Identifier, Language

GapKind = Literal["venue", "volunteer", "partner", "budget"]


class Venue(Frozen):
    """A room the group can meet in."""

    id: Identifier
    label: Text
    capacity: int = Field(ge=1)
    step_free: bool
    times: tuple[Code, ...] = Field(min_length=1)
    cost: float = Field(0, ge=0, description="Per session.")
    closed: tuple[dt.date, ...] = ()


class Volunteer(Frozen):
    """A volunteer (pseudonymous id), the roles they take and when they can come."""

    id: Identifier
    roles: tuple[Code, ...] = Field(min_length=1)
    times: tuple[Code, ...] = Field(min_length=1)
    max_sessions: int = Field(ge=1)
    away: tuple[dt.date, ...] = ()


class Partner(Frozen):
    """An organisation that offers services to the group (a health centre, a library)."""

    id: Identifier
    label: Text
    offers: tuple[Code, ...] = Field(min_length=1)
    times: tuple[Code, ...] = Field(min_length=1)
    cost: float = Field(0, ge=0, description="Per session it serves.")


class Register(Frozen):
    """The content of a resource register file."""

    resources_format: Literal[1] = 1
    title: Text | None = None
    currency: str = "CNY"
    budget: float | None = Field(None, ge=0, description="For one group's programme.")
    venues: tuple[Venue, ...] = ()
    volunteers: tuple[Volunteer, ...] = ()
    partners: tuple[Partner, ...] = ()


def load_register(source: str | Path) -> Register:
    """Read a resource register (YAML or JSON), or ``example:resources``.

    Raises
    ------
    CaseFileError
        The file cannot be read or parsed.
    CaseValidationError
        An entry breaks the model; every problem is listed by location.

    Examples
    --------
    >>> register = load_register("example:resources")
    >>> [v.id for v in register.venues], register.budget
    (['activity-room', 'library-room'], 600.0)
    """
    name = str(source)
    try:
        return Register.model_validate(parse_document(read_text(name), name))
    except ValidationError as exc:
        raise CaseValidationError(name, problems_of(exc)) from None


class SessionResources(Frozen):
    """What one session was given; None or missing entries are gaps."""

    number: int
    venue: str | None
    volunteers: tuple[str, ...]
    partner: str | None
    cost: float


class ResourceGap(Frozen):
    """Something a session (or the budget) lacks, said in both languages."""

    session: int | None
    kind: GapKind
    need: str
    text: Text


class ResourcePlan(Frozen):
    """A group's sessions matched to the register; `gaps` must be closed before it starts."""

    group: str
    sessions: tuple[SessionResources, ...]
    gaps: tuple[ResourceGap, ...]
    cost: float
    budget: float | None
    currency: str


def match_resources(
    programme: Programme, register: Register, catalogue: ActivityCatalogue | None = None
) -> ResourcePlan:
    """Give each session a venue, volunteers and a partner from the register; flag gaps.

    Parameters
    ----------
    programme : Programme
        Its meeting time and session dates (when planned with a start date) are matched.
    register : Register
    catalogue : ActivityCatalogue, optional
        What each activity requires; the bundled catalogue by default.

    Returns
    -------
    ResourcePlan

    Examples
    --------
    >>> from careplanner.group import load_residents, plan_groups
    >>> programme = plan_groups(load_residents("example:residents")).programmes[1]
    >>> plan = match_resources(programme, load_register("example:resources"))
    >>> [(g.session, g.kind, g.need) for g in plan.gaps]
    [(8, 'volunteer', 'escort')]
    """
    catalogue = catalogue or load_activities()
    load: Counter[str] = Counter()
    matched: list[SessionResources] = []
    gaps: list[ResourceGap] = []
    for session in programme.sessions:
        given, missing = _session(session, programme, register, catalogue, load)
        matched.append(given)
        gaps += missing
    cost = sum(s.cost for s in matched)
    if register.budget is not None and cost > register.budget:
        gaps.append(_gap(None, "budget", register.currency, f"{cost:g} > {register.budget:g}"))
    return ResourcePlan(
        group=programme.group,
        sessions=tuple(matched),
        gaps=tuple(gaps),
        cost=cost,
        budget=register.budget,
        currency=register.currency,
    )


def _session(
    session: PlannedSession,
    programme: Programme,
    register: Register,
    catalogue: ActivityCatalogue,
    load: Counter[str],
) -> tuple[SessionResources, list[ResourceGap]]:
    time, day, n = programme.meeting_time, session.date, session.number
    activity = catalogue.activity(session.activity)
    needs = activity.requires
    roles = list(needs.roles)
    if activity.outing:
        roles += [catalogue.escort_role] * sum(m.escort for m in programme.members)
    venue = _venue(register, time, day, programme)
    helpers = _volunteers(register, roles, time, day, load)
    partner = _partner(register, needs.partner, time)
    gaps = [] if venue else [_gap(n, "venue", "venue", time or "-")]
    gaps += [_gap(n, "volunteer", role, time or "-") for role, who in helpers if who is None]
    if needs.partner and partner is None:
        gaps.append(_gap(n, "partner", needs.partner, time or "-"))
    cost = needs.cost + (venue.cost if venue else 0) + (partner.cost if partner else 0)
    given = SessionResources(
        number=n,
        venue=venue.id if venue else None,
        volunteers=tuple(who for _, who in helpers if who is not None),
        partner=partner.id if partner else None,
        cost=cost,
    )
    return given, gaps


def _open(times: Sequence[str], time: str | None) -> bool:
    return time is not None and time in times


def _venue(
    register: Register, time: str | None, day: dt.date | None, programme: Programme
) -> Venue | None:
    step_free = any(m.step_free for m in programme.members)
    return next(
        (
            v
            for v in register.venues
            if _open(v.times, time)
            and v.capacity >= len(programme.members)
            and (v.step_free or not step_free)
            and day not in v.closed
        ),
        None,
    )


def _volunteers(
    register: Register,
    roles: Sequence[str],
    time: str | None,
    day: dt.date | None,
    load: Counter[str],
) -> list[tuple[str, str | None]]:
    taken: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for role in roles:
        who = next(
            (
                v.id
                for v in register.volunteers
                if role in v.roles
                and _open(v.times, time)
                and day not in v.away
                and load[v.id] < v.max_sessions
                and v.id not in taken
            ),
            None,
        )
        if who is not None:
            taken.add(who)
            load[who] += 1
        out.append((role, who))
    return out


def _partner(register: Register, service: str | None, time: str | None) -> Partner | None:
    if service is None:
        return None
    return next(
        (p for p in register.partners if service in p.offers and _open(p.times, time)), None
    )


def _gap(session: int | None, kind: GapKind, need: str, detail: str) -> ResourceGap:
    text: Text = {
        lang: line(
            f"gap_{kind}",
            lang,
            session=session or "-",
            need=_label(need, lang),
            detail=_label(detail, lang),
        )
        for lang in WRITING_ORDER
    }
    return ResourceGap(session=session, kind=kind, need=need, text=text)


def _label(code: str, lang: Language) -> str:
    """The word for a role, service or meeting time in `lang`, or the code itself."""
    text = words().resources.get(code)
    return text[lang] if text else code
