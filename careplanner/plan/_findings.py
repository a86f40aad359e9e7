"""Build a plan from the rules engine's findings about a case."""

from __future__ import annotations

from operator import attrgetter

from careplanner._content._caches import CACHES
from careplanner._content._vocab import trusted
from careplanner.facts import Facts, assessment_facts
from careplanner.models import Assessment, Case
from careplanner.network import build_network, measure_built
from careplanner.plan._build import build_plan
from careplanner.plan._catalogue import Catalogue
from careplanner.plan._plan import CarePlan
from careplanner.plan._request import NeedInput, Ordering, PlanRequest, ProposedIntervention
from careplanner.plan._slots import slots_of
from careplanner.rules import Findings


def request_from_findings(
    findings: Findings,
    case: Case,
    assessment: Assessment | None = None,
    *,
    facts: Facts | None = None,
    top_contributor: str | None = None,
) -> PlanRequest:
    """Turn findings into a `PlanRequest`: needs, proposals, orderings, language, baseline.

    Parameters
    ----------
    findings : careplanner.rules.Findings
        What `careplanner.rules.evaluate` returned for the assessment.
    case : Case
        The client's case: its language, and the facts of `assessment` as the baseline.
    assessment : Assessment, optional
        The assessment the findings came from; the latest when not given.
    facts : dict, optional
        That assessment's facts, when the caller has them already (the objectives'
        baseline); computed from `case` otherwise.
    top_contributor : str, optional
        The contact carrying most support (the ``relied_on`` slot), when the caller has
        measured the network already; measured from `case` otherwise.

    Returns
    -------
    PlanRequest
    """
    assessment = assessment or case.latest
    if facts is None:
        baseline = assessment_facts(case, assessment)
    else:
        # The caller's facts are checked as a request checks them; the rest is validated
        # already (the case, the cached needs and proposals) or made here from it.
        baseline = PlanRequest(baseline=facts).baseline
    top = top_contributor if top_contributor is not None else _top_contributor(case, assessment)
    return trusted(
        PlanRequest,
        needs=tuple(
            [_need(n.id, n.severity, n.safety, tuple(n.statement.items())) for n in findings.needs]
        ),
        interventions=_proposals(tuple(map(_PROPOSED, findings.proposals))),
        ordering=_orderings(tuple(map(_ORDERED, findings.orderings))),
        language=case.client.language,
        baseline=baseline,
        slots=slots_of(case, assessment, top),
        declines_groups=assessment.observations.declines_groups is True,
    )


def _top_contributor(case: Case, assessment: Assessment) -> str | None:
    return measure_built(build_network(case, assessment)).top_contributor


# A rule pack words a need, a proposal or an ordering alike for every client it flags: each
# distinct one is validated once and shared (the models are frozen).


@CACHES.memoise("plan.needs", 512)
def _need(
    need_id: str, severity: str, safety: bool, statement: tuple[tuple[str, str], ...]
) -> NeedInput:
    return NeedInput.model_validate(
        {"id": need_id, "severity": severity, "is_safety": safety, "statement": dict(statement)}
    )


@CACHES.memoise("plan.proposals", 8192)
def _proposal(
    intervention_id: str, answers: tuple[str, ...], priority: str
) -> ProposedIntervention:
    return ProposedIntervention.model_validate(
        {"id": intervention_id, "answers": answers, "priority": priority}
    )


@CACHES.memoise("plan.orderings", 512)
def _ordering(before: str, after: str) -> Ordering:
    return Ordering(before=before, after=after)


# Many clients share all their proposals and orderings: each whole list is looked up once.
_PROPOSED = attrgetter("intervention", "answers", "priority")
_ORDERED = attrgetter("before", "after")


@CACHES.memoise("plan.proposal_lists", 4096)
def _proposals(
    proposed: tuple[tuple[str, tuple[str, ...], str], ...],
) -> tuple[ProposedIntervention, ...]:
    return tuple(_proposal(*each) for each in proposed)


@CACHES.memoise("plan.ordering_lists", 4096)
def _orderings(ordered: tuple[tuple[str, str], ...]) -> tuple[Ordering, ...]:
    return tuple(_ordering(*each) for each in ordered)


def plan_from_findings(
    findings: Findings,
    case: Case,
    assessment: Assessment | None = None,
    catalogue: Catalogue | None = None,
    *,
    facts: Facts | None = None,
    top_contributor: str | None = None,
) -> CarePlan:
    """Build the care plan for the needs and proposals the rules engine found.

    Parameters
    ----------
    findings : careplanner.rules.Findings
        What `careplanner.rules.evaluate` returned for the assessment.
    case : Case
        The client's case (language; intake facts for the objectives' baselines).
    assessment : Assessment, optional
        The assessment the findings came from; the latest when not given.
    catalogue : Catalogue, optional
        Defaults to the bundled catalogue.
    facts : dict, optional
        The assessment's facts if already computed (see `request_from_findings`).
    top_contributor : str, optional
        The contact carrying most support, if the network was measured already; the network
        is built and measured again only when it is not given.

    Returns
    -------
    CarePlan

    Raises
    ------
    UnknownCodeError
        A need or intervention the findings name has no catalogue entry; the message names
        the field and the catalogue's ids, so a rule pack and a catalogue that drift apart
        fail loudly instead of dropping a need.

    Examples
    --------
    >>> from careplanner import assessment_facts, load_case
    >>> from careplanner.rules import evaluate
    >>> case = load_case("example:living-alone-crisis")
    >>> plan = plan_from_findings(evaluate(assessment_facts(case)), case)
    >>> plan.stages[0].id, plan.crisis_plan is not None
    ('crisis', True)
    """
    request = request_from_findings(
        findings, case, assessment, facts=facts, top_contributor=top_contributor
    )
    return build_plan(request, catalogue)
