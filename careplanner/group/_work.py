"""The whole group-work pipeline in one call: profile, screen, compose, plan each group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._compose import Composition, compose
from careplanner.group._profile import profile_residents
from careplanner.group._programme import Programme, plan_programme
from careplanner.group._questionnaire import Questionnaire
from careplanner.group._recruitment import (
    Approached,
    Funnel,
    RecruitmentSpec,
    recruitment_funnel,
)
from careplanner.group._residents import Resident
from careplanner.group._resources import Register, ResourcePlan, match_resources
from careplanner.group._screening import Screening, ScreeningRules, screen
from careplanner.group._spec import CompositionSpec, GroupSize
from careplanner.group._types import Frozen
from careplanner.rules import RulePack

if TYPE_CHECKING:
    from careplanner._content._content import Content


class GroupWork(Frozen):
    """Screening, groups and programmes for a set of residents.

    ``model_dump_json()`` is the ``--format json`` output of ``careplanner group plan``.
    """

    residents: int
    funnel: Funnel
    screening: Screening
    composition: Composition
    programmes: tuple[Programme, ...]
    resources: tuple[ResourcePlan, ...] = ()


def plan_groups(
    residents: Sequence[Resident],
    *,
    size: GroupSize | None = None,
    sessions: int | None = None,
    start: dt.date | None = None,
    questionnaire: Questionnaire | None = None,
    rules: ScreeningRules | None = None,
    spec: CompositionSpec | None = None,
    catalogue: ActivityCatalogue | None = None,
    pack: RulePack | None = None,
    recruitment: RecruitmentSpec | None = None,
    outreach: Sequence[Approached] = (),
    register: Register | None = None,
    content: Content | None = None,
) -> GroupWork:
    """Screen the residents, form groups of the suitable ones and plan each group's sessions.

    Parameters
    ----------
    residents : sequence of Resident
        `load_residents`.
    size : GroupSize, optional
        Group size bounds and target (default 6-10, target 8).
    sessions : int, optional
        Sessions per group (default 12).
    start : datetime.date, optional
        Date of the first session; weekly after.
    questionnaire, rules, spec, catalogue, pack, recruitment : optional
        Replacements for the bundled data files and rule pack.
    outreach : sequence of Approached, optional
        People approached but never surveyed (`load_outreach`), for the recruitment funnel.
    register : Register, optional
        The community's resources (`load_register`); each programme is matched to it and
        its gaps flagged (`match_resources`).
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    GroupWork

    Examples
    --------
    >>> from careplanner.group import load_residents
    >>> work = plan_groups(load_residents("example:residents"))
    >>> work.screening.counts()["suitable"], [g.id for g in work.composition.groups]
    (12, ['hepingli-g1', 'hepingli-g2'])
    """
    with using(content):
        profiles = profile_residents(residents, questionnaire=questionnaire, pack=pack)
        screening = screen(profiles, rules)
        composition = compose(profiles, screening, size=size, spec=spec)
        catalogue = catalogue or load_activities()
        by_id = {p.id: p for p in profiles}
        programmes = tuple(
            plan_programme(
                g,
                [by_id[m] for m in g.members],
                sessions=sessions,
                start=start,
                catalogue=catalogue,
            )
            for g in composition.groups
        )
        reached = [(r.id, r.outreach) for r in residents] + [(a.id, a) for a in outreach]
        return GroupWork(
            residents=len(residents),
            funnel=recruitment_funnel(reached, screening, composition, recruitment),
            screening=screening,
            composition=composition,
            programmes=programmes,
            resources=tuple(match_resources(p, register, catalogue) for p in programmes)
            if register is not None
            else (),
        )
