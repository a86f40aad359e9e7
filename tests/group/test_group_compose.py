"""Composition: groups within size bounds that minimise the stated objective, deterministically."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner.group import (
    Composition,
    GroupDataError,
    GroupSize,
    ResidentProfile,
    compose,
    group_count,
    load_composition,
    screen,
)
from careplanner.group._spec import CompositionSpec

from .group_cases import GROUP_NEEDS, LANGUAGES, TIMES, bundled, objective, profile, written

SMALL = GroupSize(min=2, max=4, target=3)


@st.composite
def suitable(draw: st.DrawFn, min_size: int, max_size: int) -> list[ResidentProfile]:
    """Residents the bundled screening finds suitable, with random features that matter."""
    n = draw(st.integers(min_size, max_size))
    ids = [f"r{i:02d}" for i in range(n)]
    return [
        profile(
            rid,
            needs=draw(st.lists(st.sampled_from(GROUP_NEEDS), unique=True, min_size=1, max_size=2)),
            languages=draw(
                st.lists(st.sampled_from(LANGUAGES), unique=True, min_size=1, max_size=2)
            ),
            times=draw(st.lists(st.sampled_from(TIMES), unique=True, min_size=1, max_size=2)),
            mobility=draw(st.sampled_from(("independent", "needs_escort"))),
            informal=draw(st.integers(0, 2)),
            knows=draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)),
        )
        for rid in ids
    ]


def _composed(
    people: Sequence[ResidentProfile], size: GroupSize, spec: CompositionSpec | None = None
) -> Composition:
    return compose(people, screen(people), size=size, spec=spec)


def _needs(people: Sequence[ResidentProfile]) -> dict[str, set[str]]:
    return {p.id: {n.id for n in p.needs} for p in people}


def _groups(result: Composition, people: Sequence[ResidentProfile]) -> list[list[ResidentProfile]]:
    by_id = {p.id: p for p in people}
    return [[by_id[m] for m in g.members] for g in result.groups]


def _brute_force(
    people: Sequence[ResidentProfile], k: int, size: GroupSize, spec: CompositionSpec
) -> int:
    """The least objective over every assignment of people to k labelled groups."""
    best = None
    for labels in itertools.product(range(k), repeat=len(people)):
        groups = [
            [p for p, label in zip(people, labels, strict=True) if label == g] for g in range(k)
        ]
        if all(size.min <= len(g) <= size.max for g in groups):
            cost = objective(groups, spec, _needs(people))
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@pytest.mark.parametrize(
    ("n", "groups"),
    [(5, 0), (6, 1), (10, 1), (11, 1), (12, 2), (19, 2), (20, 3), (30, 4), (31, 4)],
)
def test_group_count_picks_groups_nearest_target_when_bounds_allow(n: int, groups: int) -> None:
    assert group_count(n, GroupSize(min=6, max=10, target=8)) == groups


def test_compose_splits_example_at_zero_cost_with_the_trio_apart(
    profiles: tuple[ResidentProfile, ...],
) -> None:
    """r03-r04 and r04-r08 know each other: all three together would give r04 two
    acquaintances; r05 and r06 need an escort; r05, r07, r10, r12 have no informal tie;
    r02 can only come in the afternoon. A split with no cost meets all of it."""
    result = compose(profiles, screen(profiles))
    assert [g.members for g in result.groups] == [
        ("r01", "r02", "r05", "r08", "r09", "r12"),
        ("r03", "r04", "r06", "r07", "r10", "r11"),
    ]
    assert result.cost == 0
    assert [g.common["times"] for g in result.groups] == ["weekday_afternoon", "weekday_morning"]
    assert result.groups[1].acquainted == (("r03", "r04"),)


@pytest.mark.parametrize(
    ("people", "term", "value"),
    [
        ([profile("a", languages=["cantonese"]), profile("b"), profile("c")], "common_language", 1),
        ([profile("a", needs=["digital_exclusion"]), profile("b"), profile("c")], "shared_need", 1),
        (
            [profile("a", knows=["b", "c"]), profile("b", knows=["c"]), profile("c")],
            "no_cliques",
            3,
        ),
        ([profile("a", knows=["b"]), profile("b"), profile("c")], "no_cliques", 0),
        (
            [profile(x, mobility="needs_escort") for x in "abc"],
            "escort_spread",
            0,
        ),
        (
            [profile("a", times=["weekday_afternoon"]), profile("b"), profile("c")],
            "meeting_time",
            1,
        ),
    ],
)
def test_compose_scores_each_term_as_documented_when_one_group(
    people: list[ResidentProfile], term: str, value: int
) -> None:
    result = _composed(people, GroupSize(min=3, max=3, target=3))
    (group,) = result.groups
    assert {t.term: t.value for t in group.terms}[term] == value


def test_compose_spreads_people_without_ties_when_two_groups() -> None:
    people = [profile(f"n{i}", informal=0) for i in range(4)] + [profile(f"t{i}") for i in range(4)]
    result = _composed(people, GroupSize(min=4, max=4, target=4))
    assert [sum(m.startswith("n") for m in g.members) for g in result.groups] == [2, 2]
    assert result.cost == 0


def test_compose_waits_the_least_needy_when_groups_are_full() -> None:
    people = [profile(f"r{i:02d}", needs=("loneliness", "social_isolation")) for i in range(11)]
    people[4] = profile("r04", needs=("loneliness",), severity="low")
    result = _composed(people, GroupSize(min=6, max=10, target=8))
    assert [w.resident for w in result.waiting] == ["r04"]
    assert result.waiting[0].reason["en"].startswith("The groups are full (10 each)")


def test_compose_waits_everyone_when_too_few_for_a_group() -> None:
    people = [profile(f"r{i}") for i in range(5)]
    result = _composed(people, GroupSize(min=6, max=10, target=8))
    assert result.groups == ()
    assert len(result.waiting) == 5


def test_compose_never_mixes_communities_when_two_communities() -> None:
    people = [profile(f"a{i}", community="east") for i in range(6)]
    people += [profile(f"b{i}", community="west") for i in range(6)]
    result = _composed(people, GroupSize(min=6, max=10, target=8))
    assert [(g.id, {m[0] for m in g.members}) for g in result.groups] == [
        ("east-g1", {"a"}),
        ("west-g1", {"b"}),
    ]


@settings(max_examples=25, deadline=None)
@given(people=suitable(min_size=4, max_size=8))
def test_compose_matches_brute_force_when_few_residents(people: list[ResidentProfile]) -> None:
    spec = load_composition()
    result = _composed(people, SMALL)
    k = group_count(len(people), SMALL)
    assert result.cost == objective(_groups(result, people), spec, _needs(people))
    assert result.cost == _brute_force(people, k, SMALL, spec)
    assert {g.method for g in result.groups} == {"exact"}


def _no_step_improves(
    groups: list[list[ResidentProfile]],
    spec: CompositionSpec,
    needs: dict[str, set[str]],
    size: GroupSize,
) -> bool:
    base = objective(groups, spec, needs)
    for i, j in itertools.permutations(range(len(groups)), 2):
        for a in groups[i]:
            if len(groups[i]) > size.min and len(groups[j]) < size.max:
                moved = [list(g) for g in groups]
                moved[i].remove(a)
                moved[j].append(a)
                if objective(moved, spec, needs) < base:
                    return False
            for b in groups[j]:
                swapped = [list(g) for g in groups]
                swapped[i][swapped[i].index(a)] = b
                swapped[j][swapped[j].index(b)] = a
                if objective(swapped, spec, needs) < base:
                    return False
    return True


@settings(max_examples=10, deadline=None)
@given(people=suitable(min_size=16, max_size=30))
def test_compose_reaches_a_local_optimum_when_searching_locally(
    people: list[ResidentProfile],
) -> None:
    spec = load_composition().model_copy(update={"exact_limit": 1})
    size = GroupSize(min=4, max=7, target=5)
    result = _composed(people, size, spec)
    groups = _groups(result, people)
    assert {g.method for g in result.groups} == {"local_search"}
    assert result.cost == objective(groups, spec, _needs(people))
    assert _no_step_improves(groups, spec, _needs(people), size)


@settings(max_examples=20, deadline=None)
@given(
    people=suitable(min_size=0, max_size=40),
    bounds=st.tuples(st.integers(2, 6), st.integers(0, 4)),
)
def test_compose_keeps_every_group_within_bounds_when_any_size(
    people: list[ResidentProfile], bounds: tuple[int, int]
) -> None:
    low, extra = bounds
    size = GroupSize(min=low, max=low + extra, target=low + extra // 2)
    spec = load_composition().model_copy(update={"exact_limit": 2000})
    result = _composed(people, size, spec)
    placed = [m for g in result.groups for m in g.members]
    assert all(size.min <= len(g.members) <= size.max for g in result.groups)
    assert sorted(placed + [w.resident for w in result.waiting]) == sorted(p.id for p in people)
    assert len(placed) == len(set(placed))
    assert _composed(people, size, spec) == result


def test_load_composition_refuses_a_common_option_on_an_optional_question(tmp_path: Path) -> None:
    data = bundled("composition.yaml")
    data["terms"][0]["question"] = "hearing"
    with pytest.raises(
        GroupDataError, match=r"terms\[0\].question: 'hearing' is not a required question"
    ):
        load_composition(written(tmp_path, "c.yaml", data))
