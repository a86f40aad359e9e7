"""Plan requests and facts shared by the plan tests: the seed mother, the crisis case, the well one.

The seed request is what the seed paper's assessment (§4.2.2) flags, with the interventions
of its Table 1 answering each need (the paper did not screen for prolonged grief, so neither
does the request); the facts are the seed case's intake and closure values
(``careplanner/examples/shidu-mother.yaml``; GDS-15 7 -> 3 as the paper reports 3 at closure).
"""

from __future__ import annotations

from careplanner import assessment_facts, load_case
from careplanner.plan import NeedInput, Ordering, PlanRequest, ProposedIntervention
from careplanner.plan._findings import _top_contributor
from careplanner.plan._slots import slots_of

SEED_NEEDS = (
    "depressive_symptoms",
    "irrational_beliefs",
    "social_isolation",
    "low_social_support",
    "low_support_utilisation",
    "loneliness",
    "over_dependence",
    "digital_exclusion",
    "loss_of_interests",
)

SEED_PROPOSALS = (
    ("rebt_belief_work", ("irrational_beliefs", "depressive_symptoms", "social_isolation")),
    ("strengths_life_review", ("depressive_symptoms", "loss_of_interests")),
    ("family_support", ("low_social_support", "low_support_utilisation")),
    ("messaging_app_skills", ("digital_exclusion", "low_support_utilisation")),
    ("network_rebuilding", ("low_social_support", "loneliness", "over_dependence")),
    ("community_reentry", ("social_isolation", "loneliness", "loss_of_interests")),
)

#: Seed intake and closure facts, from the real pipeline on the bundled example case.
_SEED = load_case("example:shidu-mother")
SEED_INTAKE = assessment_facts(_SEED, _SEED.intake)
SEED_CLOSURE = assessment_facts(_SEED, _SEED.latest)
#: The seed mother's own words for the catalogue's slots (her old friend, her child...).
SEED_SLOTS = slots_of(_SEED, _SEED.intake, _top_contributor(_SEED, _SEED.intake))


def need(need_id: str, severity: str = "moderate", *, safety: bool = False) -> NeedInput:
    """A flagged need without a statement."""
    return NeedInput.model_validate({"id": need_id, "severity": severity, "is_safety": safety})


def seed_request(**changes: object) -> PlanRequest:
    """The seed mother's request; keyword arguments replace fields."""
    request = PlanRequest(
        needs=tuple(need(n) for n in SEED_NEEDS),
        interventions=tuple(
            ProposedIntervention(id=i, answers=answers) for i, answers in SEED_PROPOSALS
        ),
        ordering=(Ordering(before="rebt_belief_work", after="community_reentry"),),
        language="zh-CN",
        baseline=SEED_INTAKE,
        slots=SEED_SLOTS,
    )
    return request.model_copy(update=changes)
