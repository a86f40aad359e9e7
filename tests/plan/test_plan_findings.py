"""plan_from_findings: the rules engine's findings on the bundled cases become plans."""

from __future__ import annotations

from careplanner import assessment_facts, load_case, rules
from careplanner.models import Case
from careplanner.plan import CarePlan, load_catalogue, plan_from_findings, request_from_findings
from careplanner.rules import Findings, default_pack, evaluate

TABLE_1 = ("engage_assess", "beliefs", "strengths_family", "social_reentry", "consolidate_close")


def intake(example: str) -> tuple[Case, Findings]:
    case = load_case(f"example:{example}")
    return case, evaluate(assessment_facts(case, case.intake))


def plan_for(example: str) -> CarePlan:
    case, findings = intake(example)
    return plan_from_findings(findings, case, case.intake)


def test_plan_from_findings_leads_with_crisis_when_client_in_crisis() -> None:
    plan = plan_for("living-alone-crisis")
    assert plan.stage_ids[:2] == ("crisis", "engage_assess")
    assert plan.crisis_plan is not None
    assert {"suicide_risk", "severe_depression"} <= set(plan.crisis_plan.needs)
    assert plan.language == "zh-CN"


def test_plan_from_findings_reproduces_table_1_for_the_seed_mother() -> None:
    plan = plan_for("shidu-mother")
    assert plan.stage_ids == TABLE_1
    assert [s.sessions for s in plan.stages] == [1, 2, 2, 1, 1]
    assert plan.crisis_plan is None


def test_plan_from_findings_proposes_no_plan_and_says_why_for_the_well_client() -> None:
    plan = plan_for("living-alone-well")
    assert (plan.kind, plan.stages) == ("none", ())
    assert [r.kind for r in plan.reasons] == ["no_needs"]


def test_plan_from_findings_answers_every_finding_with_objective_and_stage() -> None:
    for example in ("shidu-mother", "living-alone-crisis", "living-alone-well"):
        case, findings = intake(example)
        plan = plan_from_findings(findings, case, case.intake)
        assert [n.need.id for n in plan.needs] == list(findings.need_ids)
        assert all(n.objectives and n.stages for n in plan.needs)


def test_plan_from_findings_takes_baselines_from_the_assessment() -> None:
    case, findings = intake("shidu-mother")
    request = request_from_findings(findings, case, case.intake)
    assert request.baseline["gds15.total"] == 7
    plan = plan_from_findings(findings, case, case.intake)
    depression = next(n for n in plan.needs if n.need.id == "depressive_symptoms")
    assert depression.objectives[0].baseline == 7


def test_catalogue_has_a_template_for_every_need_the_default_pack_flags() -> None:
    pack, catalogue = default_pack(), load_catalogue()
    assert set(pack.needs) <= set(catalogue.need_ids)
    assert set(pack.interventions) <= set(catalogue.intervention_ids)


def test_catalogue_measures_objectives_with_facts_the_rules_know() -> None:
    known = {fact.name for fact in rules.load_fact_catalogue().facts}
    measures = {o.measure for n in load_catalogue().needs.needs for o in n.objectives}
    assert sorted(measures - known) == []
