"""Every rule of the default pack just below, at and just above its threshold (known answers)."""

from __future__ import annotations

from typing import Any

import pytest

from careplanner.rules import FactEvidence, default_pack, evaluate

# rule id, the fact varied, other facts that make the rest of the rule hold,
# and (value, fires) below / at / above the threshold. Where a value cannot exist (an int
# against 31.62, or below the range), the nearest values on both sides are used instead.
NUMERIC: list[tuple[str, str, dict[str, Any], list[tuple[Any, bool]]]] = [
    (
        "phq9_item9_positive",
        "phq9.item9",
        {},
        [(0, False), (1, True), (2, True)],
    ),  # > 0; 0 is the floor
    ("phq9_severe_band", "phq9.total", {}, [(19, False), (20, True), (21, True)]),
    ("gds15_severe_band", "gds15.total", {}, [(11, False), (12, True), (13, True)]),
    ("gds15_above_cutoff", "gds15.total", {}, [(4, False), (5, False), (6, True)]),
    ("gds15_probable_depression", "gds15.total", {}, [(9, False), (10, True), (11, True)]),
    ("phq9_mild_or_more", "phq9.total", {}, [(4, False), (5, True), (6, True)]),
    ("phq9_major_depression_likely", "phq9.total", {}, [(9, False), (10, True), (11, True)]),
    (
        "grief_beyond_six_months",
        "profile.months_since_loss",
        {"obs.intense_grief": True},
        [(5, False), (6, True), (7, True)],
    ),
    ("ssrs_total_below_norm", "ssrs.total", {}, [(30, True), (31, True), (32, False)]),  # < 31.62
    ("ssrs_total_very_low", "ssrs.total", {}, [(21, True), (22, True), (23, False)]),
    (
        "ssrs_objective_below_norm",
        "ssrs.objective",
        {},
        [(1, True), (2, True), (3, False)],
    ),  # < 2.92
    (
        "ssrs_utilisation_below_norm",
        "ssrs.utilisation",
        {},
        [(3, True), (4, True), (5, False)],
    ),  # < 4.22
    ("ucla3_lonely", "ucla3.total", {}, [(5, False), (6, True), (7, True)]),
    ("lsns6_at_risk", "lsns6.total", {}, [(11, True), (12, False), (13, False)]),
    (
        "lsns6_family_limited",
        "lsns6.family",
        {"lsns6.total": 11},
        [(5, True), (6, False), (7, False)],
    ),
    (
        "lsns6_friends_limited",
        "lsns6.friends",
        {"lsns6.total": 11},
        [(5, True), (6, False), (7, False)],
    ),
    # A thin side of the network flags isolation only while the whole network is small.
    ("lsns6_family_limited", "lsns6.total", {"lsns6.family": 0}, [(11, True), (12, False)]),
    ("lsns6_friends_limited", "lsns6.total", {"lsns6.friends": 0}, [(11, True), (12, False)]),
    ("rarely_goes_out", "obs.outings_per_week", {}, [(0, True), (1, True), (2, False)]),
    (
        "support_concentrated",
        "net.dependency",
        {"net.size": 3},
        [(0.59, False), (0.6, True), (0.61, True)],
    ),
    (
        "support_concentrated",
        "net.size",
        {"net.dependency": 1.0},
        [(2, False), (3, True)],
    ),
    (
        "support_fragile",
        "net.types_lost_if_top_removed",
        {"net.size": 3},
        [(1, False), (2, True), (3, True)],
    ),
    (
        "depends_on_one_person_fragile",
        "net.types_lost_if_top_removed",
        {"obs.depends_on_one_person": True},
        [(2, False), (3, True), (4, True)],
    ),
    (
        "no_confidant_besides_spouse",
        "net.confidants_besides_spouse",
        {"profile.has_spouse": True, "net.top_contributor_is_spouse": True},
        [(0, True), (1, False), (2, False)],
    ),
    (
        "pg13r_at_threshold",
        "pg13r.total",
        {"profile.months_since_loss": 12},
        [(29, False), (30, True), (31, True)],
    ),
    (
        "pg13r_at_threshold",
        "profile.months_since_loss",
        {"pg13r.total": 30},
        [(11, False), (12, True), (13, True)],
    ),
    (
        "intense_grief_observed",
        "profile.months_since_loss",
        {"obs.intense_grief": True},
        [(5, False), (6, True), (7, True)],
    ),
    (
        "intense_grief_in_first_year",
        "profile.months_since_loss",
        {"obs.intense_grief": True},
        [(11, True), (12, False), (13, False)],
    ),
    (
        "substantial_caring_hours",
        "profile.care_hours_per_week",
        {},
        [(19.9, False), (20.0, True), (21.0, True)],
    ),
    (
        "pg13r_probable_disorder",
        "pg13r.total",
        {"profile.months_since_loss": 12, "obs.grief_functional_impairment": True},
        [(29, False), (30, True), (31, True)],
    ),
    (
        "pg13r_probable_disorder",
        "profile.months_since_loss",
        {"pg13r.total": 30, "obs.grief_functional_impairment": True},
        [(11, False), (12, True), (13, True)],
    ),
    (
        "grief_signs_beyond_a_year",
        "grief.signs",
        {"profile.months_since_loss": 12},
        [(1, False), (2, True), (3, True)],
    ),
    (
        "grief_signs_beyond_a_year",
        "profile.months_since_loss",
        {"grief.signs": 2},
        [(11, False), (12, True), (13, True)],
    ),
    (
        "grief_signs_with_impairment",
        "grief.signs",
        {"profile.months_since_loss": 12, "obs.grief_functional_impairment": True},
        [(1, False), (2, True), (3, True)],
    ),
    # An old loss the client has adapted to is no longer a need.
    (
        "bereaved",
        "profile.months_since_loss",
        {"profile.bereaved": True},
        [(23, True), (24, False), (120, False)],
    ),
    (
        "loss_in_first_year",
        "profile.months_since_loss",
        {"profile.bereaved": True},
        [(11, True), (12, False), (13, False)],
    ),
    ("zbi12_burden", "zbi12.total", {}, [(12, False), (13, True), (14, True)]),
    (
        "heavy_caring_hours",
        "profile.care_hours_per_week",
        {},
        [(34.9, False), (35.0, True), (40.0, True)],
    ),
    ("ucla3_lonely_on_every_item", "ucla3.total", {}, [(8, False), (9, True)]),
    (
        "no_messaging_with_far_ties",
        "net.far_ties",
        {"obs.uses_messaging_app": False},
        [(0, False), (1, True), (2, True)],
    ),
]

# rule id, the yes/no fact varied, the value that fires it, other facts the rule needs.
YES_NO: list[tuple[str, str, bool, dict[str, Any]]] = [
    ("suicidal_ideation_observed", "obs.suicidal_ideation", True, {}),
    ("self_harm_observed", "obs.self_harm", True, {}),
    ("abuse_reported", "obs.abuse_reported", True, {}),
    ("neglect_reported", "obs.neglect_reported", True, {}),
    ("self_neglect_reported", "obs.self_neglect_reported", True, {}),
    ("bereaved", "profile.bereaved", True, {"profile.months_since_loss": 23}),
    ("grief_signs_after_loss", "obs.grief_yearning", True, {"profile.bereaved": True}),
    ("bereaved_parent", "profile.bereaved_parent", True, {}),
    (
        "pg13r_probable_disorder",
        "obs.grief_functional_impairment",
        True,
        {"pg13r.total": 30, "profile.months_since_loss": 12},
    ),
    (
        "grief_signs_with_impairment",
        "obs.grief_functional_impairment",
        True,
        {"grief.signs": 2, "profile.months_since_loss": 12},
    ),
    ("hopelessness_observed", "obs.hopelessness", True, {}),
    ("intense_grief_observed", "obs.intense_grief", True, {"profile.months_since_loss": 6}),
    (
        "intense_grief_in_first_year",
        "obs.intense_grief",
        True,
        {"profile.months_since_loss": 3},
    ),
    ("grief_beyond_six_months", "obs.intense_grief", True, {"profile.months_since_loss": 12}),
    ("self_blame_observed", "obs.self_blame", True, {}),
    (
        "catastrophising_fear_observed",
        "obs.fear_of_infection",
        True,
        {"safety.abuse_or_neglect": False},
    ),
    (
        "catastrophising_fear_observed",
        "obs.fear_of_going_out",
        True,
        {"safety.abuse_or_neglect": False},
    ),
    (
        "catastrophising_fear_observed",
        "safety.abuse_or_neglect",
        False,
        {"obs.fear_of_going_out": True},
    ),
    ("feels_useless_observed", "obs.feels_useless", True, {}),
    ("feels_abandoned_observed", "obs.feels_abandoned", True, {}),
    ("refuses_to_leave_home", "obs.refuses_to_leave_home", True, {}),
    ("network_isolated", "net.isolated", True, {}),
    ("depends_on_one_person_observed", "obs.depends_on_one_person", True, {}),
    (
        "depends_on_one_person_fragile",
        "obs.depends_on_one_person",
        True,
        {"net.types_lost_if_top_removed": 3},
    ),
    (
        "no_confidant_besides_spouse",
        "profile.has_spouse",
        True,
        {"net.confidants_besides_spouse": 0, "net.top_contributor_is_spouse": True},
    ),
    (
        "no_confidant_besides_spouse",
        "net.top_contributor_is_spouse",
        True,
        {"net.confidants_besides_spouse": 0, "profile.has_spouse": True},
    ),
    ("no_messaging_with_far_ties", "obs.uses_messaging_app", False, {"net.far_ties": 2}),
    ("hobbies_abandoned_observed", "obs.hobbies_abandoned", True, {}),
    ("caregiver_strain_observed", "obs.caregiver_strain", True, {}),
    ("strained_dementia_carer", "profile.cares_for_dementia", True, {"obs.caregiver_strain": True}),
    ("strained_dementia_carer", "obs.caregiver_strain", True, {"profile.cares_for_dementia": True}),
    ("strained_sole_carer", "profile.sole_carer", True, {"zbi12.total": 13}),
    ("strained_sole_carer", "obs.caregiver_strain", True, {"profile.sole_carer": True}),
    (
        "ailing_spouse_is_main_support",
        "profile.spouse_needs_care",
        True,
        {"net.top_contributor_is_spouse": True},
    ),
    (
        "ailing_spouse_is_main_support",
        "net.top_contributor_is_spouse",
        True,
        {"profile.spouse_needs_care": True},
    ),
    (
        "ailing_spouse_is_main_support",
        "obs.depends_on_spouse_for_everything",
        True,
        {"profile.spouse_needs_care": True},
    ),
    ("severe_cognitive_impairment_observed", "obs.severe_cognitive_impairment", True, {}),
]


def fired(facts: dict[str, Any]) -> list[str]:
    return [entry.rule for entry in evaluate(facts).trace]


@pytest.mark.parametrize(
    ("rule", "fact", "value", "fires", "others"),
    [(r, f, v, fires, o) for r, f, o, cases in NUMERIC for v, fires in cases],
)
def test_rule_fires_only_on_its_side_of_the_threshold(
    rule: str, fact: str, value: Any, fires: bool, others: dict[str, Any]
) -> None:
    assert (rule in fired({**others, fact: value})) is fires


@pytest.mark.parametrize(("rule", "fact", "value", "others"), YES_NO)
def test_yes_no_rule_fires_on_its_answer_only(
    rule: str, fact: str, value: bool, others: dict[str, Any]
) -> None:
    assert rule in fired({**others, fact: value})
    assert rule not in fired({**others, fact: not value})
    assert rule not in fired(others)  # not assessed: the rule cannot fire


def test_every_rule_of_the_pack_has_a_known_answer() -> None:
    tabled = {row[0] for row in NUMERIC} | {row[0] for row in YES_NO}
    pack_rules = {rule.id for need in default_pack().needs.values() for rule in need.rules}
    assert pack_rules == tabled


def test_evidence_names_threshold_and_marks_conventions() -> None:
    pack = default_pack()
    for rule, fact, others, cases in NUMERIC:
        value = next(v for v, fires in cases if fires)
        entry = next(e for e in evaluate({**others, fact: value}).trace if e.rule == rule)
        evidence = next(e for e in entry.evidence if isinstance(e, FactEvidence) and e.fact == fact)
        threshold = pack.thresholds[evidence.threshold or ""]
        assert (evidence.value, evidence.bound, evidence.basis) == (
            value,
            threshold.cut,
            threshold.basis,
        )
        assert (threshold.basis == "convention") is ("(convention: " in evidence.text["en"])
        assert (threshold.basis == "convention") is ("（惯例：" in evidence.text["zh-CN"])
        bases = {e.basis for e in entry.evidence if isinstance(e, FactEvidence)}
        assert entry.convention is ("convention" in bases)
