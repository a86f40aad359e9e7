"""evaluate / evaluate_many: the three example fact sets, results, packs side by side, errors."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from careplanner.errors import RuleError
from careplanner.rules import (
    Findings,
    RulePack,
    default_pack,
    evaluate,
    evaluate_many,
    load_pack,
    reference_evaluate,
    resolve_engine,
)

from .cases import LIVING_ALONE_CRISIS, LIVING_ALONE_WELL, SHIDU_MOTHER


def needs(findings: Findings) -> list[tuple[str, str]]:
    return [(need.id, need.severity) for need in findings.needs]


def test_seed_mother_at_intake_gets_the_needs_a_worker_found() -> None:
    findings = evaluate(SHIDU_MOTHER)
    # The paper's five problems ([shidu-casework] section 4.2.2): low mood
    # (depressive_symptoms), shutting herself in (social_isolation), few friends and no network
    # (low_social_support), insecurity and over-dependence on her husband (over_dependence),
    # feeling abandoned (irrational_beliefs).
    # The rest follow from the same facts: the loss of her only son (bereavement), loneliness
    # (UCLA-3 8), rarely turning to anyone (SSRS utilisation 4), no WeChat with her sister far
    # away, the square dance given up. Her husband carries all her support (net.dependency 1).
    assert needs(findings) == [
        ("low_social_support", "high"),  # SSRS 22 <= 22 (convention) and below the norm
        ("social_isolation", "high"),  # refuses to leave home; LSNS-6 3 < 12
        ("over_dependence", "high"),  # one person carries the whole network
        ("depressive_symptoms", "moderate"),  # GDS-15 7 > 5; PHQ-9 6 mild
        ("bereavement", "moderate"),  # a bereaved parent
        ("irrational_beliefs", "moderate"),
        ("low_support_utilisation", "moderate"),
        ("loneliness", "moderate"),
        ("digital_exclusion", "moderate"),
        ("loss_of_interests", "moderate"),
    ]
    assert not any(need.safety for need in findings.needs)


def test_seed_mother_plan_rebuilds_the_network_after_belief_work() -> None:
    findings = evaluate(SHIDU_MOTHER)
    raised = {p.intervention: p.raised_by for p in findings.proposals if p.raised_by}
    assert raised == {
        "rebt_belief_work": ("beliefs_with_depression",),
        "network_rebuilding": ("shidu_isolated_unsupported",),
        "messaging_app_skills": ("far_family_offline",),
    }
    order = {(o.before, o.after): o.sources for o in findings.orderings}
    # The paper's stages: beliefs (stage 2) before re-entry (stage 4); WeChat before the sister.
    assert order[("rebt_belief_work", "community_reentry")] == (
        "beliefs_with_depression",
        "fear_keeps_client_home",
    )
    assert order[("messaging_app_skills", "family_support")] == ("far_family_offline",)
    assert order[("engagement_assessment", "rebt_belief_work")] == ("pack",)


def test_well_supported_person_living_alone_has_no_needs() -> None:
    findings = evaluate(LIVING_ALONE_WELL)
    # Support, mood, loneliness and network all on the healthy side: nothing to plan.
    assert (findings.needs, findings.proposals, findings.orderings, findings.trace) == (
        (),
        (),
        (),
        (),
    )


def test_crisis_leads_with_safety_and_same_day_referral() -> None:
    findings = evaluate(LIVING_ALONE_CRISIS)
    # PHQ-9 item 9 = 2 and stated ideation: suicide risk leads, whatever else is found.
    assert needs(findings) == [
        ("suicide_risk", "high"),
        ("severe_depression", "high"),  # GDS-15 13 >= 12
        ("depressive_symptoms", "high"),  # PHQ-9 17 >= 10, GDS-15 13 >= 10
        ("loneliness", "high"),  # UCLA-3 9: "often" on every item
        ("social_isolation", "high"),  # refuses to leave home
        ("irrational_beliefs", "moderate"),  # feels useless
        ("digital_exclusion", "moderate"),
    ]
    assert findings.needs[0].safety and findings.needs[0].rules == (
        "phq9_item9_positive",
        "suicidal_ideation_observed",
    )
    assert [p.intervention for p in findings.proposals[:2]] == [
        "crisis_referral",
        "safety_planning",
    ]
    assert all(p.safety for p in findings.proposals[:2])
    assert findings.trace[0].rule == "phq9_item9_positive"


def test_findings_record_pack_name_version_hash_and_engine() -> None:
    findings = evaluate({"ucla3.total": 7})
    pack = default_pack()
    assert (findings.pack.name, findings.pack.content_hash) == (pack.name, pack.content_hash)
    expected = "durable-rules" if resolve_engine() == "durable" else "python"
    assert findings.engine.name == expected
    assert evaluate({"ucla3.total": 7}, engine="python").engine.name == "python"
    assert reference_evaluate({"ucla3.total": 7}).engine.name == "python"


def test_findings_round_trip_through_json() -> None:
    for facts in (SHIDU_MOTHER, LIVING_ALONE_CRISIS, LIVING_ALONE_WELL):
        findings = evaluate(facts)
        assert Findings.model_validate_json(findings.model_dump_json()) == findings


def test_trace_lists_matched_facts_and_thresholds() -> None:
    entry = evaluate({"ssrs.total": 21}).trace[0]
    assert entry.rule == "ssrs_total_below_norm" and entry.need == "low_social_support"
    assert [e.text["en"] for e in entry.evidence] == [
        "SSRS total 21 < 31.62 (norm-referenced: Shenzhen 60+ norm 39.51 - 1 x 7.89 [shenzhen2021])"
    ]


def test_evaluate_many_gives_each_client_what_evaluate_gives() -> None:
    clients = [SHIDU_MOTHER, LIVING_ALONE_WELL, LIVING_ALONE_CRISIS, {}, {"ucla3.total": 6}] * 5
    alone = [evaluate(facts) for facts in clients]
    for batch_size in (1, 3, 100):
        assert evaluate_many(clients, batch_size=batch_size) == alone


def test_evaluate_many_refuses_a_bad_batch_size() -> None:
    with pytest.raises(RuleError, match=r"batch_size must be in 1..1000, not 0"):
        evaluate_many([{}], batch_size=0)


def _org_pack(lonely_at: int, version: str = "1.0.0") -> Any:
    data = yaml.safe_load(
        resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    )
    data = copy.deepcopy(data)
    data["thresholds"]["ucla3_lonely"]["value"] = lonely_at
    data["version"] = version
    return load_pack(yaml.safe_dump(data, allow_unicode=True))


def test_several_packs_run_side_by_side_even_with_one_name() -> None:
    # A pack built in code kept the default's name and version and lowered one threshold
    # (`load_pack` refuses that; `RulePack.model_validate` does not look at the name).
    data = yaml.safe_load(
        resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    )
    data["thresholds"]["ucla3_lonely"]["value"] = 4
    org = RulePack.model_validate(data)
    assert org.name == default_pack().name and org.content_hash != default_pack().content_hash
    facts = {"ucla3.total": 5}
    assert evaluate(facts, org).need_ids == ("loneliness",)
    assert evaluate(facts).need_ids == ()
    assert evaluate(facts, org).pack.content_hash == org.content_hash


def test_need_lists_a_fact_shared_by_two_of_its_rules_once() -> None:
    grief = evaluate({"obs.intense_grief": True, "profile.months_since_loss": 30}).needs[0]
    assert grief.rules == ("intense_grief_observed", "grief_beyond_six_months")
    assert [e.text["en"] for e in grief.evidence] == [
        "intense grief: yes",
        "months since the loss 30 ≥ 6 (published: >= 6 months after the death [prigerson2009])",
    ]
