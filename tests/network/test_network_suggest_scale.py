"""suggest_links at scale: the same ranking as the plain greedy, in linear work."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner import case_from_data
from careplanner.models import Case
from careplanner.network import _suggest, build_network, suggest_links
from careplanner.network._schema import adjacency, ego_rows

SUPPORT = ["emotional", "practical", "informational", "companionship", "financial"]
RELATIONS = ["spouse", "child", "friend", "neighbour", "community_staff", "volunteer", "group"]


def _case(ties: list[dict[str, Any]]) -> Case:
    contacts, rows = [], []
    for n, tie in enumerate(ties):
        contacts.append(
            {"id": f"p{n:05d}", "relation": tie["relation"], "distance": tie["distance"]}
        )
        rows.append(
            {
                "contact": f"p{n:05d}",
                "status": tie["status"],
                "closeness": tie["closeness"],
                "contacts_per_month": tie["cpm"],
                "support_given": tie["given"],
            }
        )
    return case_from_data(
        {
            "client": {"id": "c1", "age": 80, "sex": "female", "living_arrangement": "with_others"},
            "contacts": contacts,
            "assessments": [{"date": "2024-01-01", "kind": "intake", "worker": "w1", "ties": rows}],
        }
    )


def _plain_greedy(case: Case) -> list[tuple[str, tuple[str, ...], tuple[str, ...], float]]:
    """The ranking as the greedy states it: every candidate weighed at every step."""
    rows = ego_rows(adjacency(build_network(case)), case.client.id)
    network = _suggest._Growing([row for row in rows if row.status == "active"])
    candidates = [row for row in rows if row.status != "active"]
    ranked = []
    while candidates:
        best = max((network.gain(row) for row in candidates), key=_suggest._Gain.key)
        ranked.append((best.row.alter, best.newly, best.backed, best.after))
        candidates.remove(best.row)
        network.add(best.row)
    return ranked


ties = st.fixed_dictionaries(
    {
        "relation": st.sampled_from(RELATIONS),
        "distance": st.sampled_from(["household", "nearby", "same_city", "far"]),
        "status": st.sampled_from(["active", "dormant", "possible"]),
        "closeness": st.integers(1, 5),
        "cpm": st.sampled_from([0.0, 0.5, 1.0, 4.0, 30.0]),
        "given": st.lists(st.sampled_from(SUPPORT), unique=True, max_size=3),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ties, max_size=14))
def test_suggest_links_ranks_as_the_plain_greedy(drawn: list[dict[str, Any]]) -> None:
    case = _case(drawn)
    got = [
        (s.contact, s.newly_covered, s.backed_up, s.dependency_after) for s in suggest_links(case)
    ]
    assert got == _plain_greedy(case)


@pytest.mark.parametrize("dormant", [200, 2000])
def test_suggest_links_weighs_few_ties_a_step_with_many_dormant_ties(
    dormant: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = [
        {
            "relation": "spouse",
            "distance": "household",
            "status": "active",
            "closeness": 5,
            "cpm": 30.0,
            "given": ["emotional", "practical"],
        },
    ]
    drawn += [
        {
            "relation": RELATIONS[n % 7],
            "distance": "nearby",
            "status": "dormant",
            "closeness": 1 + n % 5,
            "cpm": float(n % 4),
            "given": [SUPPORT[n % 5]],
        }
        for n in range(dormant)
    ]
    case = _case(drawn)
    calls = 0
    real = _suggest._Growing.gain

    def counted(self: Any, row: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(self, row)

    monkeypatch.setattr(_suggest._Growing, "gain", counted)
    ranked = suggest_links(case)
    assert len(ranked) == dormant
    # at most one tie per class (what it gives x outside the household) is weighed a step
    assert calls <= 10 * dormant
