"""Cross-field checks of the case model: contradictions are reported, never guessed."""

from __future__ import annotations

from typing import Any

import pytest

from careplanner._load import case_from_data
from careplanner.errors import CaseValidationError
from careplanner.models import ChildLoss


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(data, "case.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("only_child", "others", "adopted", "shidu"),
    [
        (True, 0, False, True),
        (True, 0, True, False),  # adopted a child since: not 失独
        (True, 1, False, False),
        (False, 0, False, False),
    ],
)
def test_child_loss_is_shidu_only_when_no_child_remains(
    only_child: bool, others: int, adopted: bool, shidu: bool
) -> None:
    loss = ChildLoss(
        only_child=only_child, year=2019, other_living_children=others, adopted_or_new_child=adopted
    )
    assert loss.is_shidu is shidu


def test_living_alone_with_a_household_contact_is_a_contradiction(
    seed_data: dict[str, Any],
) -> None:
    seed_data["client"]["living_arrangement"] = "alone"
    assert _problems(seed_data) == [
        "contacts[0].distance: 'household' contradicts client.living_arrangement 'alone'"
    ]


def test_living_with_spouse_needs_a_spouse_entry(seed_data: dict[str, Any]) -> None:
    del seed_data["client"]["spouse"]
    (problem,) = _problems(seed_data)
    assert "living_arrangement 'with_spouse' needs a 'spouse' entry" in problem


def test_a_child_contact_contradicts_the_loss_of_an_only_child(seed_data: dict[str, Any]) -> None:
    seed_data["contacts"].append({"id": "son", "relation": "child"})
    assert _problems(seed_data) == [
        "contacts[6].relation: 'child' contradicts client.child_loss (only child died, no "
        "living, adopted or new child)"
    ]


def test_tie_to_unknown_contact_names_the_tie_and_known_ids(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][1]["ties"][1]["contact"] = "cousin"
    (problem,) = _problems(seed_data)
    assert problem.startswith("assessments[1].ties[1].contact: 'cousin' is not in contacts; known:")


def test_duplicate_contact_and_double_tie_are_reported(seed_data: dict[str, Any]) -> None:
    seed_data["contacts"].append({"id": "sister", "relation": "friend"})
    seed_data["assessments"][0]["ties"].append(seed_data["assessments"][0]["ties"][0])
    problems = _problems(seed_data)
    assert "contacts[1].id: 'sister' is listed more than once" in problems
    last = len(seed_data["contacts"]) - 1  # every listing of the id is named, the last too
    assert f"contacts[{last}].id: 'sister' is listed more than once" in problems
    assert sum("is listed more than once" in p for p in problems) == 2
    assert "assessments[0].ties[6].contact: 'husband' has two ties in one assessment" in problems


def test_self_link_is_refused(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][1]["links"][0]["between"] = ["old-friend", "old-friend"]
    assert _problems(seed_data) == [
        "assessments[1].links[0].between: a contact cannot be linked to itself ('old-friend')"
    ]


def test_future_assessment_and_disorder_are_reported(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["date"] = "2999-01-01"
    problems = _problems(seed_data)
    assert "assessments[0].date: 2999-01-01 is in the future" in problems
    assert "assessments: must be in date order, earliest first" in problems


def test_negative_contact_frequency_is_refused(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["ties"][0]["contacts_per_month"] = -2
    (problem,) = _problems(seed_data)
    assert problem.startswith("assessments[0].ties[0].contacts_per_month: Input should be greater")


def test_out_of_range_answer_names_scale_item_and_allowed_values(
    seed_data: dict[str, Any],
) -> None:
    seed_data["assessments"][0]["scales"]["phq9"]["9"] = 7
    assert _problems(seed_data) == [
        "assessments[0].scales.phq9.item 9: must be one of ['0', '1', '2', '3'], got 7"
    ]


def test_unknown_scale_lists_the_bundled_scales(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["scales"]["hads"] = {"1": 1}
    (problem,) = _problems(seed_data)
    assert problem.startswith("assessments[0].scales: an unknown scale id; known: [")
    assert "hads" not in problem  # typed text is not repeated
    assert "'gds15'" in problem


def test_unanswered_items_are_allowed_in_a_case(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["scales"]["phq9"]["9"] = None
    del seed_data["assessments"][0]["scales"]["phq9"]["8"]
    assert case_from_data(seed_data).intake.scales["phq9"]["9"] is None


def test_item_ids_written_as_numbers_are_read_as_text(seed_data: dict[str, Any]) -> None:
    scales = seed_data["assessments"][0]["scales"]
    answers = dict(scales["phq9"])
    scales["phq9"] = {int(item): answer for item, answer in answers.items()}
    assert case_from_data(seed_data).intake.scales["phq9"] == answers
    scales["phq9"][10] = 0
    assert _problems(seed_data) == [
        "assessments[0].scales.phq9.item: must be one of "
        "['1', '2', '3', '4', '5', '6', '7', '8', '9'], got '10'"
    ]


def test_sessions_out_of_order_or_in_the_future_are_reported(seed_data: dict[str, Any]) -> None:
    seed_data["sessions"][0]["date"] = "2999-01-01"
    problems = _problems(seed_data)
    assert "sessions[0].date: 2999-01-01 is in the future" in problems
    assert "sessions: must be in date order, earliest first" in problems
