"""Evaluation on hand-made before/after data: every change worked out by hand."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from careplanner.errors import UnknownCodeError
from careplanner.group import (
    GroupEvaluation,
    GroupSessionRecord,
    Resident,
    evaluate_group,
    load_questionnaire,
    load_sessions,
    residents_from_data,
)

from .group_cases import SURVEY


def ucla(total: int) -> dict[str, int]:
    items = [1, 1, 1]
    for i in range(total - 3):
        items[i % 3] += 1
    return {"1": items[0], "2": items[1], "3": items[2]}


def gds(total: int) -> dict[str, str]:
    """GDS-15 answers scoring `total`: items 2, 3, 4, ... answered "yes" (not reverse-keyed)."""
    plain = ["2", "3", "4", "6", "8", "9", "10", "12", "14", "15"]
    answers = {str(i): "no" for i in range(1, 16)}
    answers |= {"1": "yes", "5": "yes", "7": "yes", "11": "yes", "13": "yes"}
    answers |= {item: "yes" for item in plain[:total]}
    return answers


def member(rid: str, date: str, u: int, g: int, friends: tuple[str, ...] = ()) -> dict[str, Any]:
    contacts = [{"id": f, "relation": "friend", "distance": "nearby"} for f in friends]
    ties = [
        {"contact": f, "contacts_per_month": 4, "closeness": 3, "support_given": ["companionship"]}
        for f in friends
    ]
    assessment = {
        "date": date,
        "kind": "intake",
        "worker": "sw-1",
        "scales": {"ucla3": ucla(u), "gds15": gds(g)},
        "ties": ties,
    }
    case = {
        "client": {"id": rid, "age": 75, "sex": "female", "living_arrangement": "alone"},
        "contacts": contacts,
        "assessments": [assessment],
    }
    return {"community": "c1", "survey": SURVEY, "case": case}


def residents(*entries: dict[str, Any]) -> tuple[Resident, ...]:
    return residents_from_data(list(entries), load_questionnaire())


BEFORE = residents(
    member("m1", "2025-01-06", u=9, g=8, friends=("m3",)),
    member("m2", "2025-01-06", u=6, g=4),
    member("m3", "2025-01-06", u=7, g=6),
)
AFTER = residents(
    member("m1", "2025-04-07", u=4, g=2, friends=("m2", "m3")),
    member("m2", "2025-04-07", u=6, g=4),
    member("m3", "2025-04-07", u=8, g=6),
)
RECORDS = tuple(
    GroupSessionRecord(number=n, date=dt.date(2025, 1, 6) + dt.timedelta(weeks=n), attended=who)
    for n, who in [(1, ("m1", "m2")), (2, ("m1", "m2")), (3, ("m1",)), (4, ("m1",))]
)
SD = 1.5  # a reference SD of the UCLA-3 total, passed by hand
S_DIFF = math.sqrt(2) * SD * math.sqrt(1 - 0.72)  # 0.72: UCLA-3 alpha, Hughes et al. 2004


@pytest.fixture(scope="module")
def result() -> GroupEvaluation:
    return evaluate_group(BEFORE, AFTER, records=RECORDS, reference_sd={"ucla3": SD})


@pytest.mark.parametrize(
    ("member_id", "before", "after", "direction"),
    [
        ("m1", 9, 4, "improved"),
        ("m2", 6, 6, "no_reliable_change"),
        ("m3", 7, 8, "no_reliable_change"),
    ],
)
def test_evaluate_group_computes_reliable_change_by_hand_when_sd_given(
    result: GroupEvaluation, member_id: str, before: int, after: int, direction: str
) -> None:
    change = next(
        c
        for m in result.members
        if m.member == member_id
        for c in m.emotional
        if c.scale == "ucla3"
    )
    assert (change.before, change.after, change.change) == (before, after, after - before)
    assert change.reliable is not None
    assert change.reliable.rci == pytest.approx((after - before) / S_DIFF)
    assert change.reliable.direction == direction


def test_evaluate_group_summarises_each_scale_when_members_have_both_totals(
    result: GroupEvaluation,
) -> None:
    ucla3 = next(s for s in result.scales if s.scale == "ucla3")
    assert (ucla3.dimension, ucla3.n) == ("emotional", 3)
    assert ucla3.mean_before == pytest.approx(22 / 3)
    assert ucla3.mean_after == pytest.approx(6.0)
    assert ucla3.mean_change == pytest.approx(-4 / 3)
    assert (ucla3.improved, ucla3.no_reliable_change, ucla3.deteriorated, ucla3.not_computed) == (
        1,
        2,
        0,
        0,
    )


def test_evaluate_group_says_why_when_no_sd_is_published(result: GroupEvaluation) -> None:
    gds15 = next(s for s in result.scales if s.scale == "gds15")
    assert gds15.not_computed == 3
    change = result.members[0].emotional[0]
    assert change.scale == "gds15"
    assert any("no published reference SD" in why for why in change.not_computed)
    assert change.cutoff is not None and change.cutoff.crossed  # 8 -> 2 crosses "> 5"


def test_evaluate_group_uses_the_baseline_sd_only_when_asked() -> None:
    result = evaluate_group(BEFORE, AFTER, records=RECORDS, sd_from_baseline=True)
    assert result.sd_from_baseline == ("gds15", "ucla3")
    change = result.members[0].emotional[0]
    assert change.reliable is not None
    assert change.reliable.sd.value == pytest.approx(2.0)  # stdev of 8, 4, 6
    assert (change.reliable.sd.origin, change.reliable.sd.verified) == ("caller", None)


def test_evaluate_group_counts_retention_by_the_drop_out_rule(result: GroupEvaluation) -> None:
    r = result.retention
    assert (r.sessions_held, r.started, r.completed) == (4, 2, 1)
    assert (r.dropped_out, r.never_started) == (("m2",), ("m3",))
    assert r.rate == pytest.approx(0.5)
    assert r.mean_attendance == pytest.approx((1 + 0.5 + 0) / 3)
    assert [m.status for m in result.members] == ["completed", "dropped_out", "never_started"]


def test_evaluate_group_finds_the_new_tie_inside_the_group(result: GroupEvaluation) -> None:
    assert result.network.new_ties == (("m1", "m2"),)
    assert (result.network.before.ties, result.network.after.ties) == (1, 2)
    assert result.network.ties_per_member["m1"] == (1, 2)
    assert [m.new_ties for m in result.members] == [("m2",), ("m1",), ()]
    size = next(c for c in result.members[0].network if c.name == "net.size")
    assert (size.before, size.after, size.change) == (1, 2, 1.0)


def test_evaluate_group_checks_objectives_of_the_members_group_needs(
    result: GroupEvaluation,
) -> None:
    status = {
        (m.member, o.objective.measure): o.status for m in result.members for o in m.objectives
    }
    assert status[("m1", "ucla3.total")] == "met"  # 4 <= 5
    assert status[("m3", "ucla3.total")] == "not_met"  # 8 > 5


def test_evaluate_group_has_no_attendance_when_no_records() -> None:
    result = evaluate_group(BEFORE, AFTER)
    assert [m.status for m in result.members] == ["not_recorded"] * 3
    assert result.retention.rate is None


def test_evaluate_group_refuses_a_member_missing_before() -> None:
    with pytest.raises(UnknownCodeError, match="'after' must be one of"):
        evaluate_group(BEFORE[:2], AFTER)


def test_evaluate_group_reports_the_example_group(
    residents: tuple[Resident, ...], after: tuple[Resident, ...]
) -> None:
    result = evaluate_group(residents, after, records=load_sessions("example:sessions"))
    assert result.retention.dropped_out == ("r10",)
    assert result.network.new_ties == (
        ("r03", "r06"),
        ("r03", "r11"),
        ("r04", "r07"),
        ("r06", "r11"),
    )
    assert next(s for s in result.scales if s.scale == "ucla3").mean_change == pytest.approx(-1.5)
