"""Form groups from the suitable residents of each community (objective: docs/group.md).

`compose` never mixes communities, places only residents screened ``suitable``, and gives
every group a size within the bounds; residents it cannot place wait, with a reason.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from careplanner._content._scope import using
from careplanner.group._cost import CompositionCost, Member, members_of
from careplanner.group._profile import ResidentProfile
from careplanner.group._screening import Screening
from careplanner.group._search import exact, improve, split_count, start
from careplanner.group._spec import CommonOptionTerm, CompositionSpec, GroupSize, load_composition
from careplanner.group._types import SEVERITY_RANK, Frozen, Text, fill

if TYPE_CHECKING:
    from careplanner._content._content import Content

Method = Literal["exact", "local_search"]


class TermValue(Frozen):
    """One term of the objective for one group: its value and its weighted value."""

    term: str
    value: int
    weighted: int


class Group(Frozen):
    """A group and why it costs what it costs.

    Attributes
    ----------
    id : str
        ``<community>-g<n>``, numbered by the position of each group's first member.
    members : tuple of str
        Resident ids in input order.
    cost : int
        The group's share of the objective; `terms` itemises it.
    common : dict of str to str or None
        Per ``common_option`` question, the answer most members hold (ties: code order).
    needs : dict of str to int
        Each group need and how many members have it, most common first.
    acquainted : tuple of (str, str)
        Members who knew each other before the group.
    method : {"exact", "local_search"}
    """

    id: str
    community: str
    members: tuple[str, ...]
    cost: int
    terms: tuple[TermValue, ...]
    common: dict[str, str | None]
    needs: dict[str, int]
    acquainted: tuple[tuple[str, str], ...]
    method: Method


class Waiting(Frozen):
    """A suitable resident who could not be placed, and why."""

    resident: str
    community: str
    reason: Text


class Composition(Frozen):
    """Every community's groups, the waiting list, and the total objective."""

    spec: str
    size: GroupSize
    groups: tuple[Group, ...]
    waiting: tuple[Waiting, ...]
    cost: int

    def group_of(self, resident: str) -> Group | None:
        """The group `resident` is in, or None."""
        return next((g for g in self.groups if resident in g.members), None)


def compose(
    profiles: Sequence[ResidentProfile],
    screening: Screening,
    *,
    size: GroupSize | None = None,
    spec: CompositionSpec | None = None,
    content: Content | None = None,
) -> Composition:
    """Form groups of the residents screened ``suitable``, community by community.

    Parameters
    ----------
    profiles : sequence of ResidentProfile
    screening : Screening
        `screen` of the same residents.
    size : GroupSize, optional
        Size bounds and target; the spec's (6-10, target 8) when not given.
    spec : CompositionSpec, optional
        The objective's terms and weights; the bundled ``composition.yaml`` when not given.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    Composition

    Notes
    -----
    For each community with ``n`` suitable residents, the number of groups ``k`` is
    ``round(n / target)`` clamped to ``[ceil(n / max), floor(n / min)]``; when that range is
    empty, ``floor(n / min)`` groups are formed and the residents with the fewest and least
    severe group needs wait. Among all splits into ``k`` groups of ``min..max`` members the
    search minimises ``sum over groups g, terms t of weight_t * value_t(g)``; docs/group.md
    defines each term. Small communities are solved exactly; larger ones reach a local
    optimum (no single move or swap lowers the cost). The result is deterministic.

    References
    ----------
    .. [1] Gitterman A., Germain C. B. (2008) The Life Model of Social Work Practice, 3rd ed.
       Columbia University Press (Noah's Ark and "not the only one" principles)
       [gitterman2008].
    .. [2] Pitkälä K. H., Routasalo P., Kautiainen H., Tilvis R. S. (2009) Effects of
       psychosocial group rehabilitation on health, use of health care services, and
       mortality of older persons suffering from loneliness (Circle of Friends: closed groups
       of 7-8 members) [pitkala2009].

    Examples
    --------
    >>> from careplanner.group import load_residents, profile_residents, screen
    >>> profiles = profile_residents(load_residents("example:residents"))
    >>> composition = compose(profiles, screen(profiles))
    >>> [len(g.members) for g in composition.groups], composition.cost
    ([6, 6], 0)
    """
    with using(content):
        spec = spec or load_composition()
        size = size or spec.size
        wanted = {d.resident: d.group_needs for d in screening.decisions if d.joins_group}
        suitable = [p for p in profiles if p.id in wanted]
        groups: list[Group] = []
        waiting: list[Waiting] = []
        for community in sorted({p.community for p in suitable}):
            here = [p for p in suitable if p.community == community]
            placed, left = _place(here, wanted, size)
            waiting += [_waiting(p, spec, size, bool(placed)) for p in left]
            if placed:
                groups += _community_groups(placed, wanted, spec, size)
        return Composition(
            spec=spec.label,
            size=size,
            groups=tuple(groups),
            waiting=tuple(waiting),
            cost=sum(g.cost for g in groups),
        )


def group_count(n: int, size: GroupSize) -> int:
    """How many groups to form from `n` residents (see `compose`, Notes).

    Examples
    --------
    >>> s = GroupSize(min=6, max=10, target=8)
    >>> [group_count(n, s) for n in (5, 6, 11, 12, 20, 30)]
    [0, 1, 1, 2, 3, 4]
    """
    low, high = math.ceil(n / size.max), n // size.min
    if low > high:
        return high
    return min(max(math.floor(n / size.target + 0.5), low), high)


def _place(
    here: list[ResidentProfile], wanted: dict[str, tuple[str, ...]], size: GroupSize
) -> tuple[list[ResidentProfile], list[ResidentProfile]]:
    k = group_count(len(here), size)
    room = min(len(here), k * size.max)
    ranked = sorted(range(len(here)), key=lambda i: (-_weight(here[i], wanted), i))
    chosen = set(ranked[:room])
    placed = [p for i, p in enumerate(here) if i in chosen]
    return placed, [p for i, p in enumerate(here) if i not in chosen]


def _weight(profile: ResidentProfile, wanted: dict[str, tuple[str, ...]]) -> int:
    needs = set(wanted[profile.id])
    return sum(SEVERITY_RANK[n.severity] for n in profile.needs if n.id in needs)


def _waiting(p: ResidentProfile, spec: CompositionSpec, size: GroupSize, full: bool) -> Waiting:
    template = spec.messages.no_room if full else spec.messages.too_few
    reason = fill(template, min=str(size.min), max=str(size.max))
    return Waiting(resident=p.id, community=p.community, reason=reason)


def _community_groups(
    placed: list[ResidentProfile],
    wanted: dict[str, tuple[str, ...]],
    spec: CompositionSpec,
    size: GroupSize,
) -> list[Group]:
    n, k = len(placed), group_count(len(placed), size)
    members = members_of(placed, spec, wanted)
    objective = CompositionCost(spec, members, k)
    method: Method
    if split_count(n, k, size.min, size.max) <= spec.exact_limit:
        split, method = exact(n, k, size.min, size.max, objective.cost), "exact"
    else:
        split, method = start(_start_order(members), k), "local_search"
        improve(split, objective.cost, size.min, size.max)
    split = sorted((sorted(g) for g in split), key=lambda g: g[0])
    context = _Context(placed, members, objective, spec, wanted, method)
    return [_group(f"{placed[0].community}-g{n + 1}", g, context) for n, g in enumerate(split)]


def _start_order(members: Sequence[Member]) -> list[int]:
    return sorted(range(len(members)), key=lambda i: (members[i].options, members[i].needs, i))


@dataclass(frozen=True)
class _Context:
    placed: list[ResidentProfile]
    members: list[Member]
    objective: CompositionCost
    spec: CompositionSpec
    wanted: dict[str, tuple[str, ...]]
    method: Method


def _group(group_id: str, group: list[int], c: _Context) -> Group:
    members, spec = c.members, c.spec
    values = c.objective.values(group)
    people = [c.placed[i] for i in group]
    inside = set(group)
    pairs = sorted(
        (members[i].id, members[j].id) for i in group for j in members[i].knows & inside if i < j
    )
    return Group(
        id=group_id,
        community=people[0].community,
        members=tuple(p.id for p in people),
        cost=c.objective.cost(group),
        terms=tuple(
            TermValue(term=t.id, value=v, weighted=t.weight * v)
            for t, v in zip(spec.terms, values, strict=True)
        ),
        common={
            t.question: _most_common(people, t.question)
            for t in spec.terms
            if isinstance(t, CommonOptionTerm)
        },
        needs=dict(
            sorted(
                Counter(n for p in people for n in c.wanted[p.id]).items(),
                key=lambda item: (-item[1], item[0]),
            )
        ),
        acquainted=tuple(pairs),
        method=c.method,
    )


def _most_common(people: Sequence[ResidentProfile], question: str) -> str | None:
    counts = Counter(code for p in people for code in p.survey.get(question, ()))
    if not counts:
        return None
    return min(counts, key=lambda code: (-counts[code], code))
