"""Rank the dormant and possible ties whose activation best repairs a support network."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Literal, NamedTuple

import networkx as nx

from careplanner._content._vocab import LANGUAGES, trusted
from careplanner.errors import NetworkError
from careplanner.models import Assessment, Case, Language, SupportType
from careplanner.network._build import EgoMap, ego_map
from careplanner.network._measures import Result, contribution, providers_of
from careplanner.network._schema import TieRow, adjacency, canonical_support, ego_rows
from careplanner.network._text import Punctuation, ReasonKey, text


class LinkSuggestion(Result):
    """One tie to revive or build, with what it would repair.

    Attributes
    ----------
    rank : int
        1 for the best; each later suggestion is judged with the ones above it in place.
    contact : str
        The contact's pseudonymous id.
    status : {"dormant", "possible"}
        The tie's status in the assessment.
    newly_covered : tuple of str
        Support types nobody gives now that this contact would give.
    backed_up : tuple of str
        Support types only one person gives now that this contact would also give.
    first_outside_household : bool
        It would be the first informal tie outside the household (ends that part of
        isolation).
    dependency_before, dependency_after : float
        Share of all support links carried by the largest contributor, without and with it.
    reason : dict
        A sentence a worker reads, per language (``en``, ``zh-CN``).
    """

    rank: int
    contact: str
    status: Literal["dormant", "possible"]
    newly_covered: tuple[SupportType, ...]
    backed_up: tuple[SupportType, ...]
    first_outside_household: bool
    dependency_before: float
    dependency_after: float
    reason: dict[Language, str]


def suggest_links(
    case: Case, assessment: Assessment | None = None, *, graph: nx.Graph | None = None
) -> list[LinkSuggestion]:
    """Rank the case's dormant and possible ties by what their activation would repair.

    Parameters
    ----------
    case : careplanner.models.Case
    assessment : careplanner.models.Assessment, optional
        The assessment whose ties are read; the latest one if not given.
    graph : networkx.Graph, optional
        The network `build_network` returned for this case and assessment, to rank its ties;
        the case's own ties are read if not given (no graph is built). Like `measure_built`,
        it is read unchecked: `validate` a graph changed since.

    Returns
    -------
    list of LinkSuggestion
        Every dormant or possible tie, best first. The order is greedy, as for maximum
        coverage [1]_: at each step the tie that covers the most support types nobody gives,
        then backs up the most types only one person gives, then gives the first informal
        tie outside the household, then most lowers the dependency on one person, then is
        the closest and most frequent; ties on all of these go to the smaller id. A dormant
        or possible tie is assumed to give the support recorded for it.

    Raises
    ------
    NetworkError
        `graph` is not an ego map of the case's client.

    Notes
    -----
    Matched, varied support buffers stress (Cohen & Wills 1985) [2]_; a network carried by
    one ageing spouse is fragile, so a suggestion that spreads support counts as a repair.

    References
    ----------
    .. [1] Nemhauser G. L., Wolsey L. A., Fisher M. L. "An analysis of approximations for
       maximizing submodular set functions". Mathematical Programming 14 (1978) 265-294.
    .. [2] Cohen S., Wills T. A. "Stress, social support, and the buffering hypothesis".
       Psychological Bulletin 98 (1985) 310-357.
    """
    assessment = assessment or case.latest
    if graph is None:
        return suggest_for(ego_map(case, assessment))
    if graph.graph.get("ego") != case.client.id:
        raise NetworkError(f"'graph' must be the ego map of client {case.client.id!r}")
    nodes = graph.nodes
    return _ranked(
        ego_rows(adjacency(graph), case.client.id),
        assessment,
        lambda alter, lang: nodes[alter].get(f"label_{lang}", alter),
    )


def suggest_for(ego: EgoMap) -> list[LinkSuggestion]:
    """Return `suggest_links` of the case and assessment whose map `ego` is."""
    contacts = ego.contacts
    return _ranked(
        ego.rows, ego.assessment, lambda alter, lang: contacts[alter].label.get(lang, alter)
    )


#: How a suggestion names a contact in a language: its label, else its id.
_Name = Callable[[str, Language], str]


def _ranked(rows: Sequence[TieRow], assessment: Assessment, name: _Name) -> list[LinkSuggestion]:
    """The greedy ranking of `suggest_links` over a map's ties (`ego_rows`)."""
    network = _Growing([row for row in rows if row.status == "active"])
    could = _could_give(assessment)
    # A revived tie is judged by what it could give, where the case says so (version 2).
    candidates = [
        row._replace(given=could[row.alter]) if could.get(row.alter) else row
        for row in rows
        if row.status != "active"
    ]
    classes = _classes(candidates)
    suggestions: list[LinkSuggestion] = []
    while classes:
        # max keeps the first of equal keys: the heads are sorted by id
        heads = sorted((ties[0] for ties in classes.values()), key=lambda row: row.alter)
        best = max((network.gain(row) for row in heads), key=_Gain.key)
        suggestions.append(best.suggestion(name, len(suggestions) + 1))
        ties = classes[_class_of(best.row)]
        ties.popleft()
        if not ties:
            del classes[_class_of(best.row)]
        network.add(best.row)
    return suggestions


def _could_give(assessment: Assessment) -> dict[str, tuple[SupportType, ...]]:
    return {
        tie.contact: canonical_support(tie.could_give) for tie in assessment.ties if tie.could_give
    }


def _class_of(row: TieRow) -> tuple[tuple[SupportType, ...], bool]:
    return row.given, _outside(row)


def _classes(candidates: Iterable[TieRow]) -> dict[tuple[Any, ...], deque[TieRow]]:
    """Candidates by what they give and whether they are outside the household, each class
    best first (closest, most frequent, smaller id).

    Within a class every part of a tie's gain but closeness and frequency is the same
    whatever is already in place (the dependency too: a tie that would become the largest
    contributor gives the same share as one that would not), so only the head of each class
    can be the best tie. A step weighs one tie per class -- at most 64 classes -- instead of
    every candidate: a network with thousands of dormant ties costs linear time, not
    quadratic.
    """
    ordered = sorted(candidates, key=lambda r: (-r.closeness, -r.contacts_per_month, r.alter))
    classes: dict[tuple[Any, ...], deque[TieRow]] = {}
    for row in ordered:
        classes.setdefault(_class_of(row), deque()).append(row)
    return classes


class _Growing:
    """The active ties while the greedy adds suggestions, kept as the gains need them."""

    def __init__(self, active: Sequence[TieRow]) -> None:
        # how many people give each type: 0 is a gap to cover, 1 a type to back up
        self.providers = {t: len(alters) for t, alters in providers_of(active).items()}
        self.outside = any(_outside(row) for row in active)
        self.links = sum(len(row.given) for row in active)
        self.top = max(active, key=contribution, default=None)
        self.dependency = _dependency(self.top, self.links)

    def gain(self, row: TieRow) -> _Gain:
        providers = self.providers
        links = self.links + len(row.given)
        return _Gain(
            row,
            newly=tuple(t for t in row.given if not providers[t]),
            backed=tuple(t for t in row.given if providers[t] == 1),
            outside=not self.outside and _outside(row),
            before=self.dependency,
            after=_dependency(self._top_with(row), links),
        )

    def add(self, row: TieRow) -> None:
        for t in row.given:
            self.providers[t] += 1
        self.outside = self.outside or _outside(row)
        self.links += len(row.given)
        self.top = self._top_with(row)
        self.dependency = _dependency(self.top, self.links)

    def _top_with(self, row: TieRow) -> TieRow:
        # the row comes last, so it wins only when strictly ahead (as in top_contributor)
        top = self.top
        return row if top is None or contribution(row) > contribution(top) else top


def _dependency(top: TieRow | None, links: int) -> float:
    return len(top.given) / links if top is not None and links else 0.0


def _outside(row: TieRow) -> bool:
    return not row.formal and row.distance != "household"


class _Gain(NamedTuple):
    row: TieRow
    newly: tuple[SupportType, ...]
    backed: tuple[SupportType, ...]
    outside: bool
    before: float
    after: float

    def key(self) -> tuple[int, int, bool, float, int, float]:
        drop = round(self.before - self.after, 9)
        row = self.row
        return (
            len(self.newly),
            len(self.backed),
            self.outside,
            drop,
            row.closeness,
            row.contacts_per_month,
        )

    def suggestion(self, name: _Name, rank: int) -> LinkSuggestion:
        status: Literal["dormant", "possible"] = (
            "dormant" if self.row.status == "dormant" else "possible"
        )
        # Every value is made here from the validated graph: the suggestion is not validated.
        return trusted(
            LinkSuggestion,
            rank=rank,
            contact=self.row.alter,
            status=status,
            newly_covered=self.newly,
            backed_up=self.backed,
            first_outside_household=self.outside,
            dependency_before=self.before,
            dependency_after=self.after,
            reason={lang: self._sentence(name, lang, status) for lang in LANGUAGES},
        )

    def _sentence(self, name: _Name, lang: Language, status: Literal["dormant", "possible"]) -> str:
        said, mark, names = _words(lang)
        who = name(self.row.alter, lang)
        parts = []
        if self.newly:
            types = mark["list"].join(names[t] for t in self.newly)
            parts.append(said["covers"].format(types=types))
        if self.backed:
            types = mark["list"].join(names[t] for t in self.backed)
            parts.append(said["backs_up"].format(types=types))
        if self.outside:
            parts.append(said["outside_household"])
        if self.after < self.before:
            before, after = round(self.before * 100), round(self.after * 100)
            parts.append(said["dependency"].format(before=before, after=after))
        if not parts:
            # Say why there is no gain: unknown support is a question, not a verdict.
            parts.append(said["nothing_new" if self.row.given else "nothing_recorded"])
        action = said[status].format(who=who)
        return action + mark["colon"] + mark["semicolon"].join(parts) + mark["stop"]


@cache
def _words(
    lang: Language,
) -> tuple[dict[ReasonKey, str], dict[Punctuation, str], dict[SupportType, str]]:
    """Return the reasons, punctuation and support-type names of `text` in one language."""
    words = text()
    return (
        {key: value[lang] for key, value in words.reasons.items()},
        {key: value[lang] for key, value in words.punctuation.items()},
        {key: value[lang] for key, value in words.support_types.items()},
    )
