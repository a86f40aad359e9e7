"""Aggregate the needs survey over many residents: needs, scale scores, answers.

The picture of a population before a group is planned (seed: needs survey by questionnaire
and interview): how many residents each need was flagged for, how scale totals are
distributed, and how residents answered every question of the questionnaire -- preferred
activities and times, mobility and language in the bundled one, and any question a worker
adds.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner.group._profile import ResidentProfile
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._types import Frozen, Text
from careplanner.group._words import need_label
from careplanner.instruments import get_scale, load_scales
from careplanner.rules import RulePack, active_pack

if TYPE_CHECKING:
    from careplanner._content._content import Content

#: Most bins a histogram of scale totals has.
MAX_BINS = 12


class NeedCount(Frozen):
    """How many residents a need was flagged for, and for how many it could not be assessed.

    A need is *not assessed* for a resident who has none of the facts its rules read (for
    low social support: no SSRS), so a count of 0 flagged is never mistaken for "nobody".
    """

    need: str
    label: Text
    safety: bool
    count: int
    not_assessed: int


class Bin(Frozen):
    """Totals from `low` to `high` (inclusive) and how many residents scored there."""

    low: int
    high: int
    count: int


class ScoreDistribution(Frozen):
    """The totals of one scale across the residents who have one."""

    scale: str
    name: Text
    min: int
    max: int
    n: int
    mean: float
    median: float
    lowest: int
    highest: int
    bins: tuple[Bin, ...]


class OptionCount(Frozen):
    """How many residents chose one answer."""

    code: str
    label: Text
    count: int


class QuestionSummary(Frozen):
    """Every answer to one question, counted.

    `not_asked` residents have no answer to the question at all; `none_chosen` answered a
    question of kind ``many`` by choosing none of its options. Neither is counted as "no".
    """

    id: str
    text: Text
    kind: str
    options: tuple[OptionCount, ...]
    not_asked: int
    none_chosen: int


class SurveySummary(Frozen):
    """The needs survey of many residents.

    ``model_dump_json()`` is the ``--format json`` output of ``careplanner group survey``.
    """

    questionnaire: str
    residents: int
    communities: dict[str, int]
    needs: tuple[NeedCount, ...]
    scales: tuple[ScoreDistribution, ...]
    questions: tuple[QuestionSummary, ...]


def summarise_survey(
    profiles: Sequence[ResidentProfile],
    *,
    questionnaire: Questionnaire | None = None,
    pack: RulePack | None = None,
    content: Content | None = None,
) -> SurveySummary:
    """Count needs, distribute scale totals and count answers over all residents.

    Parameters
    ----------
    profiles : sequence of ResidentProfile
        `profile_residents` of the residents surveyed.
    questionnaire : Questionnaire, optional
        The survey (its questions are counted in order); the bundled one when not given.
    pack : careplanner.rules.RulePack, optional
        Lists the needs, in pack order (safety needs first); the bundled pack by default.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    SurveySummary

    Examples
    --------
    >>> from careplanner.group import load_residents, profile_residents
    >>> summary = summarise_survey(profile_residents(load_residents("example:residents")))
    >>> next(n.count for n in summary.needs if n.need == "loneliness"), summary.residents
    (17, 17)
    """
    with using(content):
        questionnaire = questionnaire or load_questionnaire()
        pack = pack or active_pack()
        flagged = Counter(n.id for p in profiles for n in p.needs)
        return SurveySummary(
            questionnaire=questionnaire.label,
            residents=len(profiles),
            communities=dict(sorted(Counter(p.community for p in profiles).items())),
            needs=tuple(
                NeedCount(
                    need=need,
                    label={lang: need_label(need, lang) for lang in ("en", "zh-CN")},
                    safety=spec.safety,
                    count=flagged[need],
                    not_assessed=sum(not (facts & p.facts.keys()) for p in profiles),
                )
                for need, spec in pack.needs.items()
                for facts in [need_facts(pack, need)]
            ),
            scales=tuple(
                d
                for d in (_distribution(s, profiles) for s in sorted(load_scales()))
                if d is not None
            ),
            questions=tuple(
                _question(q.id, profiles, questionnaire) for q in questionnaire.questions
            ),
        )


def need_facts(pack: RulePack, need: str) -> frozenset[str]:
    """The facts a need's rules read; a resident with none of them was not assessed for it.

    Examples
    --------
    >>> from careplanner.rules import default_pack
    >>> sorted(need_facts(default_pack(), "low_social_support"))
    ['ssrs.objective', 'ssrs.total']
    """
    conditions = (c for rule in pack.needs[need].rules for c in (*rule.all, *rule.any))
    return frozenset(c.fact for c in conditions if c.fact is not None)


def _distribution(scale_id: str, profiles: Sequence[ResidentProfile]) -> ScoreDistribution | None:
    totals = [int(p.facts[f"{scale_id}.total"]) for p in profiles if f"{scale_id}.total" in p.facts]
    if not totals:
        return None
    scale = get_scale(scale_id)
    low, high = scale.total.min, scale.total.max
    width = math.ceil((high - low + 1) / MAX_BINS)
    edges = range(low, high + 1, width)
    return ScoreDistribution(
        scale=scale_id,
        name=scale.name,
        min=low,
        max=high,
        n=len(totals),
        mean=statistics.fmean(totals),
        median=statistics.median(totals),
        lowest=min(totals),
        highest=max(totals),
        bins=tuple(
            Bin(low=e, high=min(e + width - 1, high), count=sum(e <= t < e + width for t in totals))
            for e in edges
        ),
    )


def _question(
    question_id: str, profiles: Sequence[ResidentProfile], questionnaire: Questionnaire
) -> QuestionSummary:
    question = questionnaire.question(question_id)
    assert question is not None
    chosen = Counter(code for p in profiles for code in p.survey.get(question_id, ()))
    return QuestionSummary(
        id=question.id,
        text=question.text,
        kind=question.kind,
        options=tuple(
            OptionCount(code=o.code, label=o.label, count=chosen[o.code]) for o in question.options
        ),
        not_asked=sum(question_id not in p.survey for p in profiles),
        none_chosen=sum(p.survey.get(question_id) == () for p in profiles),
    )
