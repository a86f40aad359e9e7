"""The composition cost: what a group costs, term by term (docs/group.md, "Composition").

Residents are reduced to `Member` features once; `CompositionCost` then scores a group (a list of
member indices) in time linear in its size, which is what the search calls millions of times.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from careplanner.group._profile import ResidentProfile
from careplanner.group._spec import (
    CommonOptionTerm,
    CompositionSpec,
    SharedNeedTerm,
    SpreadTerm,
)


@dataclass(frozen=True, slots=True)
class Member:
    """What the objective reads about one resident.

    Attributes
    ----------
    id : str
    needs : int
        Bit set of the group needs flagged (bit i = i-th group need).
    options : tuple of tuple of int
        Per ``common_option`` term, the indices of the options the resident chose.
    traits : tuple of bool
        Per ``spread`` term, whether the resident has the trait.
    knows : frozenset of int
        Members (by index) the resident knows, either side reporting the tie.
    """

    id: str
    needs: int
    options: tuple[tuple[int, ...], ...]
    traits: tuple[bool, ...]
    knows: frozenset[int]


def members_of(
    profiles: Sequence[ResidentProfile],
    spec: CompositionSpec,
    group_needs: Mapping[str, Sequence[str]],
) -> list[Member]:
    """Reduce `profiles` to `Member` features, in order; ties are made symmetric.

    `group_needs` maps each resident id to the group needs flagged for them (screening).
    """
    index = {p.id: i for i, p in enumerate(profiles)}
    knows: list[set[int]] = [set() for _ in profiles]
    for i, profile in enumerate(profiles):
        for other in profile.knows:
            j = index.get(other)
            if j is not None and j != i:
                knows[i].add(j)
                knows[j].add(i)
    names = sorted({n for needs in group_needs.values() for n in needs})
    bits = {need: 1 << i for i, need in enumerate(names)}
    questions = [t.question for t in spec.terms if isinstance(t, CommonOptionTerm)]
    numbers = [_numbered(profiles, q) for q in questions]
    spreads = [t for t in spec.terms if isinstance(t, SpreadTerm)]
    return [
        Member(
            id=p.id,
            needs=sum(bits[n] for n in group_needs.get(p.id, ())),
            options=tuple(
                tuple(sorted(number[c] for c in p.survey.get(q, ())))
                for q, number in zip(questions, numbers, strict=True)
            ),
            traits=tuple(t.when.matched(p.facts) is not None for t in spreads),
            knows=frozenset(knows[i]),
        )
        for i, p in enumerate(profiles)
    ]


def _numbered(profiles: Sequence[ResidentProfile], question: str) -> dict[str, int]:
    codes = sorted({c for p in profiles for c in p.survey.get(question, ())})
    return {code: i for i, code in enumerate(codes)}


class CompositionCost:
    """The weighted cost of groups of `members` split into `groups` groups.

    Parameters
    ----------
    spec : CompositionSpec
    members : sequence of Member
    groups : int
        How many groups the members are split into (sets the spread terms' fair share).
    """

    def __init__(self, spec: CompositionSpec, members: Sequence[Member], groups: int) -> None:
        self.members = members
        self.weights = tuple(t.weight for t in spec.terms)
        self._needs = [m.needs for m in members]
        self._knows = [m.knows for m in members]
        self._plan: list[tuple[str, int]] = []
        common = spread = 0
        caps = []
        for term in spec.terms:
            if isinstance(term, SharedNeedTerm):
                self._plan.append(("shared", 0))
            elif isinstance(term, CommonOptionTerm):
                self._plan.append(("common", common))
                common += 1
            elif isinstance(term, SpreadTerm):
                count = sum(m.traits[spread] for m in members)
                caps.append(math.ceil(count / max(groups, 1)))
                self._plan.append(("spread", spread))
                spread += 1
            else:
                self._plan.append(("clique", term.allowed))
        self.caps = tuple(caps)

    def values(self, group: Sequence[int]) -> tuple[int, ...]:
        """The unweighted value of each term for one group, in spec order."""
        return tuple(self._value(kind, arg, group) for kind, arg in self._plan)

    def cost(self, group: Sequence[int]) -> int:
        """The weighted sum of the term values of one group."""
        return sum(
            w * self._value(kind, arg, group)
            for w, (kind, arg) in zip(self.weights, self._plan, strict=True)
            if w
        )

    def _value(self, kind: str, arg: int, group: Sequence[int]) -> int:
        if kind == "shared":
            return _alone([self._needs[i] for i in group])
        if kind == "common":
            return _left_out([self.members[i].options[arg] for i in group])
        if kind == "spread":
            count = sum(1 for i in group if self.members[i].traits[arg])
            return max(0, count - self.caps[arg])
        inside = set(group)
        return sum(max(0, len(self._knows[i] & inside) - arg) for i in group)


def _alone(needs: Sequence[int]) -> int:
    once = twice = 0
    for x in needs:
        twice |= once & x
        once |= x
    # A member shares a need when one of their needs is held by two or more members.
    return sum(1 for x in needs if not x & twice)


def _left_out(options: Sequence[tuple[int, ...]]) -> int:
    counts: dict[int, int] = {}
    for held in options:
        for option in held:
            counts[option] = counts.get(option, 0) + 1
    return len(options) - max(counts.values(), default=0)
