"""Plan requests and facts shared by the plan tests: the seed mother, the crisis case, the well one.

The seed request is what the seed paper's assessment (§4.2.2) flags, with the interventions
of its Table 1 answering each need (the paper did not screen for prolonged grief, so neither
does the request); the facts are the seed case's intake and closure values
(``careplanner/examples/shidu-mother.yaml``; GDS-15 7 -> 3 as the paper reports 3 at closure).
"""

from __future__ import annotations

from careplanner.plan import NeedInput, Ordering, PlanRequest, ProposedIntervention

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

#: Seed intake facts (scores computed from the example case's answers).
SEED_INTAKE = {
    "gds15.total": 7,
    "phq9.total": 6,
    "ssrs.total": 22,
    "ssrs.utilisation": 4,
    "ucla3.total": 8,
    "lsns6.total": 3,
    "net.confidants_besides_spouse": 0,
    "obs.outings_per_week": 0,
    "obs.self_blame": True,
    "obs.feels_abandoned": True,
    "obs.hopelessness": True,
    "obs.depends_on_spouse_for_everything": True,
    "obs.uses_messaging_app": False,
    "obs.hobbies_abandoned": True,
}

#: Seed closure facts: GDS-15 3, the sister and an old friend confided in, back dancing.
SEED_CLOSURE = {
    "gds15.total": 3,
    "phq9.total": 2,
    "ssrs.total": 36,
    "ssrs.utilisation": 9,
    "ucla3.total": 4,
    "lsns6.total": 12,
    "net.confidants_besides_spouse": 2,
    "obs.outings_per_week": 3,
    "obs.self_blame": False,
    "obs.feels_abandoned": False,
    "obs.hopelessness": False,
    "obs.depends_on_spouse_for_everything": False,
    "obs.uses_messaging_app": True,
    "obs.hobbies_abandoned": False,
}


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
    )
    return request.model_copy(update=changes)
