"""The members' ties to each other: drawn from their cases, measured before and after."""

from __future__ import annotations

import pytest

from careplanner.errors import UnknownCodeError
from careplanner.group import Resident, compare_group_networks, group_network, measure_group


def test_group_network_draws_only_ties_between_members(residents: tuple[Resident, ...]) -> None:
    G = group_network(residents, ["r03", "r04", "r08", "r01"])
    assert sorted(G.edges()) == [("r03", "r04"), ("r04", "r08")]
    assert G.edges["r03", "r04"]["rater"] == "r03"  # both report it: the smaller id's is kept
    assert sorted(G.nodes()) == ["r01", "r03", "r04", "r08"]


def test_measure_group_counts_ties_components_and_isolated(residents: tuple[Resident, ...]) -> None:
    measures = measure_group(group_network(residents, ["r03", "r04", "r08", "r01"]))
    assert (measures.members, measures.ties, measures.components) == (4, 2, 2)
    assert measures.density == pytest.approx(2 / 6)
    assert measures.isolated == ("r01",)


def test_compare_group_networks_finds_ties_formed_in_the_group(
    residents: tuple[Resident, ...], after: tuple[Resident, ...]
) -> None:
    members = [r.id for r in after]
    change = compare_group_networks(residents, after, members)
    assert change.new_ties == (("r03", "r06"), ("r03", "r11"), ("r04", "r07"), ("r06", "r11"))
    assert change.lost_ties == ()
    assert (change.before.isolated, change.after.isolated) == (
        ("r06", "r07", "r10", "r11"),
        ("r10",),
    )
    assert change.ties_per_member["r03"] == (1, 3)


def test_group_network_refuses_a_member_who_is_not_a_resident(
    residents: tuple[Resident, ...],
) -> None:
    with pytest.raises(UnknownCodeError, match="'members' must be one of"):
        group_network(residents, ["r01", "zz"])
