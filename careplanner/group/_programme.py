"""A session-by-session programme for one group, from the activity catalogue (data).

Sessions follow the stages of group development (Garland, Jones & Kolodny 1965); each
session not fixed by its stage takes the activity that best answers the members (the score
in ``activities.yaml`` and docs/group.md): needs shared by more members count more, a need
already answered counts less each time, and members' own choices in the survey count too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from careplanner._content._scope import using
from careplanner.group._activities import Activity, ActivityCatalogue, load_activities
from careplanner.group._compose import Group
from careplanner.group._notes import MemberNote
from careplanner.group._profile import ResidentProfile
from careplanner.group._recruitment import Leaving
from careplanner.group._types import Code, Frozen, Text, fill
from careplanner.models import Identifier, LongText

if TYPE_CHECKING:
    from careplanner._content._content import Content

Trigger = Literal["attendance_drop", "need_emerged", "safety_referral", "worker_choice"]


class MemberNeeds(Frozen):
    """What the programme reads about a member: group needs, interests, escort, step-free."""

    id: Identifier
    needs: tuple[Code, ...]
    interests: tuple[Code, ...]
    escort: bool
    step_free: bool = False


class PlannedSession(Frozen):
    """One session: its stage, its activity, the group's needs it answers, notes."""

    number: int = Field(ge=1)
    date: dt.date | None
    stage: Code
    activity: Code
    answers: tuple[Code, ...]
    fixed: bool
    notes: tuple[Text, ...] = ()


class EmergedNeed(Frozen):
    """A need observed in a session for a member (a need id of the rule pack)."""

    member: Identifier
    need: Code


class GroupSessionRecord(Frozen):
    """What happened in a session.

    Who came, what the worker observed and the codes they gave it (``themes``), notes on
    members, needs that emerged, members who left (with a reason), and who recorded it.
    """

    number: int = Field(ge=1)
    date: dt.date
    worker: Identifier | None = None
    attended: tuple[Identifier, ...]
    observations: LongText | None = Field(None, repr=False)
    themes: tuple[Code, ...] = ()
    notes: tuple[MemberNote, ...] = ()
    emerged: tuple[EmergedNeed, ...] = ()
    left: tuple[Leaving, ...] = ()


class SessionChange(Frozen):
    """A remaining session whose activity changed."""

    number: int
    before: Code
    after: Code


class ProgrammeChange(Frozen):
    """One entry of the change log; `worker` is who made the adjustment, when recorded."""

    date: dt.date
    worker: Identifier | None = None
    trigger: Trigger
    members: tuple[str, ...]
    summary: Text
    sessions: tuple[SessionChange, ...]


class Programme(Frozen):
    """A group's programme, its session records and its change log.

    Functions return new programmes (`record_group_session`, `adjust_programme`); a programme is
    never changed in place.
    """

    group: str
    community: str
    catalogue: str
    members: tuple[MemberNeeds, ...]
    meeting_time: str | None
    sessions: tuple[PlannedSession, ...]
    records: tuple[GroupSessionRecord, ...] = ()
    changes: tuple[ProgrammeChange, ...] = ()
    reviewed: int = Field(0, description="Records already considered by adjust_programme.")
    referred: tuple[str, ...] = Field((), description="Members referred for a safety need.")
    followed_up: tuple[str, ...] = Field((), description="Members at risk of dropping out.")
    chosen: dict[int, Code] = Field(
        default_factory=dict, description="Session number -> the activity the worker chose."
    )

    @property
    def needs(self) -> dict[str, int]:
        """Each group need and how many members have it, most common first."""
        counts = Counter(n for m in self.members for n in m.needs)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The members' ids."""
        return tuple(m.id for m in self.members)


def plan_programme(
    group: Group,
    profiles: Sequence[ResidentProfile],
    *,
    sessions: int | None = None,
    start: dt.date | None = None,
    catalogue: ActivityCatalogue | None = None,
    content: Content | None = None,
) -> Programme:
    """Plan a group's sessions from the catalogue, adapted to the members' needs and choices.

    Parameters
    ----------
    group : Group
        A group of `compose`.
    profiles : sequence of ResidentProfile
        Profiles including every member of `group` (other residents are ignored; pass only
        the members' when planning many groups).
    sessions : int, optional
        How many sessions; the catalogue's default (12, weekly over about 3 months).
    start : datetime.date, optional
        The first session's date; sessions are then weekly.
    catalogue : ActivityCatalogue, optional
        The bundled ``activities.yaml`` when not given.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    Programme

    Notes
    -----
    Stages after Garland, Jones & Kolodny (1965) [1]_; the 12-session closed format after
    the Circle of Friends trial [2]_; each activity's evidence or convention is in the
    catalogue.

    References
    ----------
    .. [1] Garland J., Jones H., Kolodny R. "A model for stages of development in social
       work groups". In Bernstein S. (ed.) Explorations in Group Work, Boston University
       School of Social Work (1965).
    .. [2] Pitkala K. H., Routasalo P., Kautiainen H., Tilvis R. S. "Effects of
       psychosocial group rehabilitation ... older persons suffering from loneliness: a
       randomized, controlled trial". J Gerontol A (2009).

    Examples
    --------
    >>> from careplanner.group import compose, load_residents, profile_residents, screen
    >>> profiles = profile_residents(load_residents("example:residents"))
    >>> group = compose(profiles, screen(profiles)).groups[0]
    >>> programme = plan_programme(group, profiles)
    >>> [s.activity for s in programme.sessions][:3], programme.sessions[-1].activity
    (['ice_breaking', 'group_contract', 'emotional_expression'], 'closing_ritual')
    """
    with using(content):
        catalogue = catalogue or load_activities()
        count = sessions or catalogue.sessions
        stages = catalogue.schedule(count)
        by_id = {p.id: p for p in profiles}
        members = tuple(_member(by_id[m], group, catalogue) for m in group.members)
        chosen = choose(catalogue, stages, members, {}, ())
        planned = tuple(
            _session(n + 1, stage, activity, start, members, catalogue)
            for n, (stage, activity) in enumerate(zip(stages, chosen, strict=True))
        )
        times = Counter(
            c for m in group.members for c in by_id[m].survey.get(catalogue.time_question, ())
        )
        return Programme(
            group=group.id,
            community=group.community,
            catalogue=catalogue.label,
            members=members,
            meeting_time=min(times, key=lambda c: (-times[c], c)) if times else None,
            sessions=planned,
        )


def _member(profile: ResidentProfile, group: Group, catalogue: ActivityCatalogue) -> MemberNeeds:
    return MemberNeeds(
        id=profile.id,
        needs=tuple(n.id for n in profile.needs if n.id in group.needs),
        interests=profile.survey.get(catalogue.interest_question, ()),
        escort=catalogue.escort_when.matched(profile.facts) is not None,
        step_free=catalogue.step_free_when.matched(profile.facts) is not None,
    )


def choose(
    catalogue: ActivityCatalogue,
    stages: Sequence[str],
    members: Sequence[MemberNeeds],
    weights: Mapping[str, int],
    held: Sequence[str],
    chosen: Mapping[int, str] | None = None,
) -> list[str]:
    """The activity of every session: `held` kept, then the worker's, fixed, the rest scored.

    `weights` counts some members more (default 1), e.g. members at risk of dropping out.
    `chosen` maps a session number to the activity the worker chose for it; it overrides
    the stage's fixed activity and the variety rule.
    """
    fixed = _fixed_positions(catalogue, stages)
    picked = {n - 1: a for n, a in (chosen or {}).items()}
    used: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    out: list[str] = []
    for n, stage in enumerate(stages):
        recent = frozenset(out[max(0, len(out) - catalogue.variety.within) :])
        activity = (
            held[n]
            if n < len(held)
            else picked.get(n)
            or fixed.get(n)
            or _best(catalogue, stage, members, weights, used, covered, recent)
        )
        out.append(activity)
        used[activity] += 1
        covered.update(catalogue.activity(activity).answers)
    return out


def _fixed_positions(catalogue: ActivityCatalogue, stages: Sequence[str]) -> dict[int, str]:
    positions: dict[int, str] = {}
    for stage in catalogue.stages:
        first = stages.index(stage.id) if stage.id in stages else None
        if first is not None:
            positions.update({first + k: a for k, a in enumerate(stage.fixed)})
    return positions


def _best(
    catalogue: ActivityCatalogue,
    stage: str,
    members: Sequence[MemberNeeds],
    weights: Mapping[str, int],
    used: Counter[str],
    covered: Counter[str],
    recent: frozenset[str],
) -> str:
    allowed = [a for a in catalogue.activities if stage in a.stages]
    fresh = [a for a in allowed if used[a.id] < a.max_sessions] or allowed
    fresh = [a for a in fresh if a.id not in recent] or fresh
    holders: Counter[str] = Counter()
    for m in members:
        holders.update({n: weights.get(m.id, 1) for n in m.needs})

    def score(activity_id: str) -> tuple[int, Fraction]:
        activity = catalogue.activity(activity_id)
        # A need no session answers yet comes first, so that a need few members share is
        # still answered once; then the weighted share of needs and interests.
        first = sum(holders[n] for n in activity.answers if not covered[n])
        needs = sum((Fraction(holders[n], 1 + covered[n]) for n in activity.answers), Fraction(0))
        liked = sum(
            weights.get(m.id, 1) for m in members if set(m.interests) & set(activity.interests)
        )
        return first, needs + Fraction(liked, 1 + used[activity_id])

    # max keeps the first best: catalogue order breaks ties.
    return max((a.id for a in fresh), key=score)


def _session(
    number: int,
    stage: str,
    activity_id: str,
    start: dt.date | None,
    members: Sequence[MemberNeeds],
    catalogue: ActivityCatalogue,
) -> PlannedSession:
    activity = catalogue.activity(activity_id)
    needs = {n for m in members for n in m.needs}
    return PlannedSession(
        number=number,
        date=None if start is None else start + dt.timedelta(weeks=number - 1),
        stage=stage,
        activity=activity_id,
        answers=tuple(n for n in activity.answers if n in needs),
        fixed=catalogue.stages_fixed(stage, activity_id),
        notes=session_notes(activity, members, catalogue),
    )


def session_notes(
    activity: Activity, members: Sequence[MemberNeeds], catalogue: ActivityCatalogue
) -> tuple[Text, ...]:
    """The notes a session of `activity` needs: escorts for an outing."""
    escorts = [m.id for m in members if m.escort]
    if not (activity.outing and escorts):
        return ()
    return (fill(catalogue.messages.escort, count=str(len(escorts)), members=", ".join(escorts)),)
