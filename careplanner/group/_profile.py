"""What group work reads about each resident: facts, flagged needs, answers and known residents.

`profile_residents` runs the casework pipeline's own steps on each resident's latest
assessment -- `careplanner.assessment_facts` and the rules engine
(`careplanner.rules.evaluate_many`, identical findings to `careplanner.assess.assess`) -- and
adds three kinds of fact the group data files read:

- ``need.<id>``: the severity of a flagged need, 1 low, 2 moderate, 3 high (absent if not
  flagged); ``needs.safety`` (any safety need), ``needs.count`` (flagged needs);
- ``survey.<question>.<option>``: the survey answers (`survey_facts`);
- the resident's community and the other residents they know (a contact whose id is another
  resident's client id, with an active tie in the latest assessment).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner.errors import CareplannerError
from careplanner.facts import assessment_facts
from careplanner.group._questionnaire import Questionnaire, load_questionnaire, survey_facts
from careplanner.group._residents import Resident
from careplanner.group._types import SEVERITY_RANK, Code, FactValue, Frozen, Severity
from careplanner.models import Case, Identifier, Language
from careplanner.rules import Findings, RulePack, evaluate_many

if TYPE_CHECKING:
    from careplanner._content._content import Content


class NeedFlag(Frozen):
    """A need the rules engine flagged for a resident."""

    id: Code
    severity: Severity
    safety: bool


class ResidentProfile(Frozen):
    """One resident as group work sees them (pseudonymous: no name, no free text).

    Attributes
    ----------
    id, community : str
    language : {"zh-CN", "en"}
        The case's language, for the resident's own texts.
    facts : dict of str to int, float or bool
        Assessment facts, ``need.*``, ``needs.*`` and ``survey.*`` facts.
    needs : tuple of NeedFlag
        Flagged needs, safety first, as the rules engine orders them.
    survey : dict
        The survey answers, each as a tuple of option codes.
    knows : tuple of str
        Other residents this one has an active tie to (as this resident reports it).
    """

    id: Identifier
    community: Identifier
    language: Language
    facts: dict[str, FactValue]
    needs: tuple[NeedFlag, ...]
    survey: dict[Code, tuple[Code, ...]]
    knows: tuple[Identifier, ...] = ()

    @property
    def need_ids(self) -> frozenset[str]:
        """Ids of the flagged needs."""
        return frozenset(n.id for n in self.needs)

    @property
    def safety_needs(self) -> tuple[str, ...]:
        """Ids of the flagged safety needs."""
        return tuple(n.id for n in self.needs if n.safety)


def profile_residents(
    residents: Sequence[Resident],
    *,
    questionnaire: Questionnaire | None = None,
    pack: RulePack | None = None,
    content: Content | None = None,
) -> tuple[ResidentProfile, ...]:
    """Assess every resident's latest assessment and return what group work reads.

    Parameters
    ----------
    residents : sequence of Resident
    questionnaire : Questionnaire, optional
        The survey the answers follow; the bundled one when not given.
    pack : careplanner.rules.RulePack, optional
        The rule pack; the bundled default when not given.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    tuple of ResidentProfile
        In the order of `residents`.

    Raises
    ------
    careplanner.errors.CareplannerError
        A resident's facts could not be evaluated (the engine's error, naming the fact).

    Examples
    --------
    >>> from careplanner.group import load_residents
    >>> crisis = profile_residents(load_residents("example:residents"))[12]
    >>> crisis.safety_needs, crisis.facts["needs.safety"]
    (('suicide_risk',), True)
    """
    with using(content):
        questionnaire = questionnaire or load_questionnaire()
        facts = [assessment_facts(r.case) for r in residents]
        findings = evaluate_many(facts, pack, batch_size=500)
        ids = {r.id for r in residents}
        return tuple(
            _profile(resident, case_facts, _checked(found), ids, questionnaire)
            for resident, case_facts, found in zip(residents, facts, findings, strict=True)
        )


def _checked(found: Findings | CareplannerError) -> Findings:
    if isinstance(found, CareplannerError):
        raise found
    return found


def _profile(
    resident: Resident,
    case_facts: dict[str, FactValue],
    findings: Findings,
    residents: set[str],
    questionnaire: Questionnaire,
) -> ResidentProfile:
    needs = tuple(NeedFlag(id=n.id, severity=n.severity, safety=n.safety) for n in findings.needs)
    facts: dict[str, FactValue] = {
        **case_facts,
        **{f"need.{n.id}": SEVERITY_RANK[n.severity] for n in needs},
        "needs.safety": any(n.safety for n in needs),
        "needs.count": len(needs),
        **survey_facts(resident.survey, questionnaire),
    }
    survey = {q: (a,) if isinstance(a, str) else tuple(a) for q, a in resident.survey.items()}
    return ResidentProfile(
        id=resident.id,
        community=resident.community,
        language=resident.case.client.language,
        facts=facts,
        needs=needs,
        survey=survey,
        knows=known_residents(resident.case, residents),
    )


def known_residents(case: Case, residents: set[str]) -> tuple[str, ...]:
    """Other residents `case`'s client has an active tie to in the latest assessment, sorted."""
    tied = {t.contact for t in case.latest.ties if t.status == "active"}
    return tuple(sorted(tied & (residents - {case.client.id})))
