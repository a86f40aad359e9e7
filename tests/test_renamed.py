"""Public names renamed so that no two packages share one keep working, with a warning."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from careplanner import group, plan, rules

RENAMED = [
    (rules, "Catalogue", "FactCatalogue"),
    (rules, "load_catalogue", "load_fact_catalogue"),
    (rules, "FactChange", "CounterfactualChange"),
    (rules, "Ordering", "ProposedOrdering"),
    (plan, "FactChange", "NetworkMeasureChange"),
    (group, "SessionRecord", "GroupSessionRecord"),
    (group, "record_session", "record_group_session"),
    (group, "Adjustment", "ProgrammeAdjustment"),
    (group, "Evidence", "ScreeningEvidence"),
]


@pytest.mark.parametrize(("module", "old", "new"), RENAMED)
def test_renamed_old_name_warns_and_gives_the_new_object(
    module: ModuleType, old: str, new: str
) -> None:
    with pytest.warns(DeprecationWarning, match=f"{module.__name__}.{old} is deprecated; use"):
        assert getattr(module, old) is getattr(module, new)


@pytest.mark.parametrize("module", [rules, plan, group])
def test_renamed_unknown_name_is_an_attribute_error(module: ModuleType) -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = module.Nothing


@pytest.mark.parametrize(("module", "old", "new"), RENAMED)
def test_renamed_all_lists_only_the_new_name(module: ModuleType, old: str, new: str) -> None:
    assert new in module.__all__
    assert old not in module.__all__


PACKAGES = ("rules", "network", "plan", "instruments", "report", "fhir", "batch", "synth", "group")


def test_renamed_a_public_name_means_one_thing_in_every_package() -> None:
    owners: dict[str, dict[int, list[str]]] = {}
    for name in ("careplanner", *(f"careplanner.{p}" for p in PACKAGES)):
        module = importlib.import_module(name)
        for public in module.__all__:
            owners.setdefault(public, {}).setdefault(id(getattr(module, public)), []).append(name)
    shared = {public: list(ids.values()) for public, ids in owners.items() if len(ids) > 1}
    assert shared == {}
