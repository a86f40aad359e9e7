"""Rank the dormant and possible ties whose activation best repairs a support network."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal, get_args

import networkx as nx

from careplanner.models import Assessment, Case, Language, SupportType
from careplanner.network._build import build_network
from careplanner.network._measures import Result, providers_of, top_contributor
from careplanner.network._schema import TieRow, adjacency, ego_rows, graph_ego
from careplanner.network._text import text


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


def suggest_links(case: Case, assessment: Assessment | None = None) -> list[LinkSuggestion]:
    """Rank the case's dormant and possible ties by what their activation would repair.

    Parameters
    ----------
    case : careplanner.models.Case
    assessment : careplanner.models.Assessment, optional
        The assessment whose ties are read; the latest one if not given.

    Returns
    -------
    list of LinkSuggestion
        Every dormant or possible tie, best first. The order is greedy, as for maximum
        coverage [1]_: at each step the tie that covers the most support types nobody gives,
        then backs up the most types only one person gives, then gives the first informal
        tie outside the household, then most lowers the dependency on one person, then is
        the closest and most frequent; ties on all of these go to the smaller id. A dormant
        or possible tie is assumed to give the support recorded for it.

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
    G = build_network(case, assessment)
    rows = ego_rows(adjacency(G), graph_ego(G))
    active = [row for row in rows if row.status == "active"]
    candidates = [row for row in rows if row.status != "active"]
    suggestions: list[LinkSuggestion] = []
    while candidates:
        best = max(candidates, key=lambda row: _Gain.of(active, row).key)
        suggestions.append(_Gain.of(active, best).suggestion(G, len(suggestions) + 1))
        candidates.remove(best)
        active.append(dataclasses.replace(best, status="active"))
    return suggestions


@dataclasses.dataclass(frozen=True)
class _Gain:
    row: TieRow
    newly: tuple[SupportType, ...]
    backed: tuple[SupportType, ...]
    outside: bool
    before: float
    after: float

    @classmethod
    def of(cls, active: Sequence[TieRow], row: TieRow) -> _Gain:
        providers = providers_of(active)
        has_outside = any(not r.formal and r.distance != "household" for r in active)
        return cls(
            row=row,
            newly=tuple(t for t in row.given if not providers[t]),
            backed=tuple(t for t in row.given if len(providers[t]) == 1),
            outside=not has_outside and not row.formal and row.distance != "household",
            before=top_contributor(active)[1],
            after=top_contributor([*active, row])[1],
        )

    @property
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

    def suggestion(self, G: nx.Graph, rank: int) -> LinkSuggestion:
        status: Literal["dormant", "possible"] = (
            "dormant" if self.row.status == "dormant" else "possible"
        )
        return LinkSuggestion(
            rank=rank,
            contact=self.row.alter,
            status=status,
            newly_covered=self.newly,
            backed_up=self.backed,
            first_outside_household=self.outside,
            dependency_before=self.before,
            dependency_after=self.after,
            reason={lang: self._sentence(G, lang, status) for lang in get_args(Language)},
        )

    def _sentence(self, G: nx.Graph, lang: Language, status: Literal["dormant", "possible"]) -> str:
        words = text()
        said = {key: value[lang] for key, value in words.reasons.items()}
        mark = {key: value[lang] for key, value in words.punctuation.items()}
        who = G.nodes[self.row.alter].get(f"label_{lang}", self.row.alter)
        parts = []
        if self.newly:
            parts.append(said["covers"].format(types=self._types(lang, self.newly)))
        if self.backed:
            parts.append(said["backs_up"].format(types=self._types(lang, self.backed)))
        if self.outside:
            parts.append(said["outside_household"])
        if self.after < self.before:
            before, after = round(self.before * 100), round(self.after * 100)
            parts.append(said["dependency"].format(before=before, after=after))
        action = said[status].format(who=who)
        return (
            action
            + mark["colon"]
            + mark["semicolon"].join(parts or [said["nothing"]])
            + mark["stop"]
        )

    @staticmethod
    def _types(lang: Language, types: Sequence[SupportType]) -> str:
        words = text()
        return words.punctuation["list"][lang].join(words.support_types[t][lang] for t in types)
