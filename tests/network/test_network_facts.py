"""network_facts: exactly the network facts of the fact catalogue, typed and in range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careplanner.network import FACT_NAMES, build_network, measure, network_facts
from careplanner.rules import load_fact_catalogue

from .network_cases import CLOSURE, INTAKE, SEED_CASE

CATALOGUE = load_fact_catalogue()


def test_network_facts_produces_the_catalogue_network_facts_in_order():
    facts = network_facts(measure(build_network(SEED_CASE, INTAKE)))
    produced = [s.name for s in CATALOGUE.facts if s.producer == "careplanner.network"]
    assert list(facts) == produced == list(FACT_NAMES)
    assert len(produced) == 20


def test_network_facts_docs_table_lists_the_catalogue_network_facts_in_order():
    text = (Path(__file__).parents[2] / "docs" / "network.md").read_text("utf-8")
    text = text.split("| fact | type | definition |", 1)[1].split("\n\n", 1)[0]
    table = re.findall(r"^\| `(net\.[a-z_]+)` \|", text, flags=re.M)
    assert table == list(FACT_NAMES)


@pytest.mark.parametrize("assessment", [INTAKE, CLOSURE], ids=["intake", "closure"])
def test_network_facts_have_the_catalogue_type_and_range(assessment: object) -> None:
    facts = network_facts(measure(build_network(SEED_CASE, assessment)))
    wrong = [name for name, value in facts.items() if not CATALOGUE.by_name[name].allows(value)]
    assert wrong == []


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
