"""network_facts: exactly the names agreed with the rules engine."""

from __future__ import annotations

from careplanner.network import FACT_NAMES, build_network, measure, network_facts

from .network_cases import CLOSURE, INTAKE, SEED_CASE

AGREED = [
    "net.size",
    "net.informal_size",
    "net.formal_size",
    "net.kin_size",
    "net.nonkin_size",
    "net.informal_outside_household",
    "net.monthly_contacts",
    "net.emotional_providers",
    "net.practical_providers",
    "net.informational_providers",
    "net.companionship_providers",
    "net.financial_providers",
    "net.confidants_besides_spouse",
    "net.dependency",
    "net.top_contributor_is_spouse",
    "net.types_lost_if_top_removed",
    "net.isolated",
    "net.far_ties",
    "net.reciprocity",
    "net.density",
]


def test_network_facts_produces_exactly_agreed_names():
    facts = network_facts(measure(build_network(SEED_CASE, INTAKE)))
    assert list(facts) == AGREED == list(FACT_NAMES)


def test_network_facts_match_paper_when_seed_intake():
    assert network_facts(measure(build_network(SEED_CASE, INTAKE))) == {
        "net.size": 1,
        "net.informal_size": 1,
        "net.formal_size": 0,
        "net.kin_size": 1,
        "net.nonkin_size": 0,
        "net.informal_outside_household": 0,
        "net.monthly_contacts": 1,
        "net.emotional_providers": 1,
        "net.practical_providers": 1,
        "net.informational_providers": 0,
        "net.companionship_providers": 1,
        "net.financial_providers": 0,
        "net.confidants_besides_spouse": 0,
        "net.dependency": 1.0,
        "net.top_contributor_is_spouse": True,
        "net.types_lost_if_top_removed": 3,
        "net.isolated": True,
        "net.far_ties": 1,  # the sister: far away, out of touch
        "net.reciprocity": 1.0,
        "net.density": 0.0,
    }


def test_network_facts_match_rebuilt_network_when_seed_closure():
    assert network_facts(measure(build_network(SEED_CASE, CLOSURE))) == {
        "net.size": 6,
        "net.informal_size": 5,  # all but community staff (volunteers are informal)
        "net.formal_size": 1,
        "net.kin_size": 2,  # husband, sister
        "net.nonkin_size": 4,
        "net.informal_outside_household": 4,  # sister, friend, dance team, volunteers
        "net.monthly_contacts": 6,
        "net.emotional_providers": 3,  # husband, sister, friend
        "net.practical_providers": 3,  # husband, staff, volunteers
        "net.informational_providers": 1,  # staff
        "net.companionship_providers": 4,  # husband, friend, dance team, volunteers
        "net.financial_providers": 0,
        "net.confidants_besides_spouse": 2,  # sister, friend
        "net.dependency": 3 / 11,
        "net.top_contributor_is_spouse": True,
        "net.types_lost_if_top_removed": 0,
        "net.isolated": False,
        "net.far_ties": 1,  # sister, through WeChat
        "net.reciprocity": 4 / 6,
        "net.density": 3 / 15,
    }


def test_network_facts_types_are_int_float_and_bool():
    facts = network_facts(measure(build_network(SEED_CASE, CLOSURE)))
    floats = {"net.dependency", "net.reciprocity", "net.density"}
    bools = {"net.top_contributor_is_spouse", "net.isolated"}
    for name, value in facts.items():
        expected = float if name in floats else bool if name in bools else int
        assert type(value) is expected, name
