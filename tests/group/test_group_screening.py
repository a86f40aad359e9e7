"""Screening: one explained decision per resident; a safety need always goes to crisis first."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from careplanner.group import (
    GroupDataError,
    ResidentProfile,
    load_questionnaire,
    load_screening,
    screen,
)

from .group_cases import bundled, profile, profiles, written


@pytest.mark.parametrize(
    ("resident", "decision", "rule"),
    [
        ("r01", "suitable", "group_needs_flagged"),
        ("r10", "suitable", "group_needs_flagged"),  # "maybe": open to join, so invited
        ("r13", "crisis", "safety_first"),
        ("r14", "excluded", "severe_cognitive_impairment"),
        ("r15", "casework_first", "child_loss_grief_first"),
        ("r16", "declined", "declined"),
        ("r17", "not_indicated", "not_living_alone"),
    ],
)
def test_screen_decides_as_a_worker_would_when_example_residents(
    profiles: tuple[ResidentProfile, ...], resident: str, decision: str, rule: str
) -> None:
    """A worker would agree: r13 states suicidal thoughts, so the crisis comes first even though
    she wants to join; r14's severe cognitive impairment rules out a talk-based group; r15's
    intense grief for his only son needs individual grief work first; r16 says no, and joining
    is voluntary; r17 lives with his wife; the others live alone, are lonely or isolated and
    willing or unsure, and unsure residents are invited personally, not dropped."""
    found = screen(profiles).of(resident)
    assert (found.decision, found.rule) == (decision, rule)


def test_screen_places_exactly_r01_to_r12_when_example_residents(
    profiles: tuple[ResidentProfile, ...],
) -> None:
    assert screen(profiles).suitable == tuple(f"r{i:02d}" for i in range(1, 13))


def test_screen_names_the_safety_need_and_its_fact_when_crisis(
    profiles: tuple[ResidentProfile, ...],
) -> None:
    found = screen(profiles).of("r13")
    assert found.reason["en"].startswith("A safety need is flagged (suicide risk)")
    assert found.reason["zh-CN"].startswith("识别出安全需要（自杀风险）")
    assert [(e.fact, e.value, e.test) for e in found.evidence] == [
        ("needs.safety", True, "needs.safety is true")
    ]
    assert found.basis == "convention"
    assert found.joins_group is False


def test_screen_lists_group_needs_in_reason_when_suitable(
    profiles: tuple[ResidentProfile, ...],
) -> None:
    found = screen(profiles).of("r11")
    assert found.group_needs == ("loneliness", "social_isolation")
    assert found.reason["en"].endswith("needs the group answers: loneliness, social isolation.")
    assert [(e.fact, e.value) for e in found.evidence] == [("needs.group", 2)]


@pytest.mark.parametrize(
    ("severity", "decision"), [("moderate", "suitable"), ("high", "casework_first")]
)
def test_screen_sends_to_casework_first_only_when_grief_is_high(
    severity: str, decision: str
) -> None:
    grieving = profile(
        "g",
        needs=("loneliness",),
        facts={"need.prolonged_grief": {"moderate": 2, "high": 3}[severity]},
    )
    assert screen([grieving]).decisions[0].decision == decision


@pytest.mark.parametrize(
    ("bereaved_parent", "rule", "says_child"),
    [(True, "child_loss_grief_first", True), (False, "intense_grief_first", False)],
)
def test_screen_speaks_of_a_child_only_when_a_child_died(
    bereaved_parent: bool, rule: str, says_child: bool
) -> None:
    """A widow in intense grief is not told that the loss of a child needs a same-loss group."""
    grieving = profile(
        "g",
        needs=("loneliness",),
        facts={"need.prolonged_grief": 3, "profile.bereaved_parent": bereaved_parent},
    )
    found = screen([grieving]).decisions[0]
    assert (found.decision, found.rule) == ("casework_first", rule)
    assert ("child" in found.reason["en"], "子" in found.reason["zh-CN"]) == (says_child,) * 2


@pytest.mark.parametrize(
    ("mobility", "decision"),
    [("needs_escort", "suitable"), ("housebound", "excluded")],
)
def test_screen_excludes_only_housebound_when_mobility_differs(
    mobility: str, decision: str
) -> None:
    assert screen([profile("m", mobility=mobility)]).decisions[0].decision == decision


def test_screen_puts_crisis_before_every_other_rule_when_safety_need_and_declined() -> None:
    person = profile(
        "s",
        safety=("abuse_or_neglect",),
        willing="no",
        lives_alone=False,
        facts={"obs.severe_cognitive_impairment": True},
    )
    assert screen([person]).decisions[0].decision == "crisis"


@settings(max_examples=60, deadline=None)
@given(people=profiles(max_size=10))
def test_screen_gives_each_resident_one_explained_decision_when_any_residents(
    people: list[ResidentProfile],
) -> None:
    screening = screen(people)
    assert [d.resident for d in screening.decisions] == [p.id for p in people]
    assert sum(screening.counts().values()) == len(people)
    for decision in screening.decisions:
        assert decision.reason["en"].strip() and decision.reason["zh-CN"].strip()
        assert decision.rule in {r.id for r in load_screening().rules}


@settings(max_examples=60, deadline=None)
@given(people=profiles(max_size=10))
def test_screen_never_places_a_safety_need_in_a_group_when_any_residents(
    people: list[ResidentProfile],
) -> None:
    screening = screen(people)
    for person in people:
        found = screening.of(person.id)
        if person.safety_needs:
            assert found.decision == "crisis"
            assert not found.joins_group
            assert person.id not in screening.suitable


def test_load_screening_refuses_a_table_without_the_safety_rule_first(tmp_path: Path) -> None:
    data = bundled("screening.yaml")
    data["rules"] = data["rules"][1:]
    with pytest.raises(GroupDataError, match=r"rules\[0\] must decide 'crisis' on exactly"):
        load_screening(written(tmp_path, "s.yaml", data))


def test_load_screening_refuses_a_table_without_a_catch_all(tmp_path: Path) -> None:
    data = bundled("screening.yaml")
    data["rules"] = data["rules"][:-1]
    with pytest.raises(GroupDataError, match="the last rule must have no condition"):
        load_screening(written(tmp_path, "s.yaml", data))


def test_load_screening_names_an_unknown_fact(tmp_path: Path) -> None:
    data = bundled("screening.yaml")
    data["rules"][1]["all"] = [{"fact": "obs.severe_cognitive_impairmnet", "is": True}]
    with pytest.raises(
        GroupDataError,
        match=r"rules\[1\]\.all\[0\]\.fact: unknown fact 'obs.severe_cognitive_impairmnet' "
        r"\(did you mean 'obs.severe_cognitive_impairment'\?\)",
    ):
        load_screening(written(tmp_path, "s.yaml", data))


def test_load_screening_reads_a_question_a_worker_added(tmp_path: Path) -> None:
    questions = bundled("questionnaire.yaml")
    questions["questions"].append(
        {
            "id": "pet",
            "kind": "one",
            "text": {"en": "Do you keep a pet?", "zh-CN": "您养宠物吗？"},
            "options": [
                {"code": "yes", "label": {"en": "yes", "zh-CN": "养"}},
                {"code": "no", "label": {"en": "no", "zh-CN": "不养"}},
            ],
        }
    )
    questionnaire = load_questionnaire(written(tmp_path, "q.yaml", questions))
    data = bundled("screening.yaml")
    data["rules"][1]["all"] = [{"fact": "survey.pet.yes", "is": True}]
    rules = load_screening(written(tmp_path, "s.yaml", data), questionnaire=questionnaire)
    assert rules.rules[1].all[0].fact == "survey.pet.yes"
