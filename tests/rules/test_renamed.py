"""Names renamed so that rules and plan no longer share them keep working, with a warning."""

from __future__ import annotations

import pytest

from careplanner import rules


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Catalogue", "FactCatalogue"),
        ("load_catalogue", "load_fact_catalogue"),
        ("FactChange", "CounterfactualChange"),
    ],
)
def test_rules_old_name_warns_and_gives_the_new_object(old: str, new: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"careplanner.rules.{old} is deprecated; use"):
        assert getattr(rules, old) is getattr(rules, new)


def test_rules_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = rules.Nothing


def test_rules_all_lists_only_current_names() -> None:
    assert {"FactCatalogue", "load_fact_catalogue", "CounterfactualChange"} <= set(rules.__all__)
    assert not {"Catalogue", "load_catalogue", "FactChange"} & set(rules.__all__)
