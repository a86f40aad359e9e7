"""compare_networks: intake and closure maps of one client."""

from __future__ import annotations

import pytest

from careplanner.errors import NetworkError
from careplanner.network import build_network, compare_networks

from .network_cases import CLOSURE, INTAKE, SEED_CASE
from .network_strategies import ego_map, tie


def test_compare_networks_lists_rebuilt_ties_when_seed_intake_to_closure():
    change = compare_networks(build_network(SEED_CASE, INTAKE), build_network(SEED_CASE, CLOSURE))
    assert change.ego == "client-003"
    assert change.added == ("community-staff", "dance-team", "old-friend", "sister", "volunteers")
    assert change.lost == ()
    assert change.strengthened == change.weakened == change.mixed == ()  # husband unchanged
    assert change.facts["net.dependency"] == (1.0, 3 / 11)
    assert change.facts["net.isolated"] == (True, False)
    assert change.facts["net.size"] == (1, 6)
    assert (change.before.size, change.after.size) == (1, 6)


@pytest.mark.parametrize(
    ("after", "bucket"),
    [
        ({"closeness": 5, "contacts_per_month": 4.0}, "strengthened"),
        ({"closeness": 4, "contacts_per_month": 8.0}, "strengthened"),
        ({"closeness": 3, "contacts_per_month": 4.0}, "weakened"),
        ({"closeness": 4, "contacts_per_month": 1.0}, "weakened"),
        ({"closeness": 5, "contacts_per_month": 1.0}, "mixed"),
    ],
)
def test_compare_networks_sorts_changed_ties_by_direction(after, bucket):
    before = ego_map({"f": tie("c", closeness=4, contacts_per_month=4.0), "g": tie("c")})
    later = ego_map({"f": tie("c", **after), "h": tie("c", status="dormant")})
    change = compare_networks(before, later)
    (moved,) = getattr(change, bucket)
    assert (moved.contact, moved.closeness_after, moved.contacts_per_month_after) == (
        "f",
        after["closeness"],
        after["contacts_per_month"],
    )
    assert change.lost == ("g",)  # g is gone; h is only dormant, so not added
    assert change.added == ()


def test_compare_networks_raises_when_egos_differ():
    other = ego_map({})
    other.graph["ego"] = "c"
    renamed = build_network(SEED_CASE, INTAKE)
    with pytest.raises(NetworkError, match="same ego"):
        compare_networks(renamed, other)
