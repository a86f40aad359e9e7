"""suggest_links: dormant and possible ties ranked by what they would repair."""

from __future__ import annotations

import pytest

from careplanner.errors import NetworkError
from careplanner.models import Case, SupportTie
from careplanner.network import build_network, suggest_links

from .network_cases import CLOSURE, INTAKE, SEED_CASE


def test_suggest_links_ranks_greedily_when_seed_intake():
    ranked = suggest_links(SEED_CASE, INTAKE)
    # 1 staff: the only one to cover a type nobody gives (informational);
    # 2 old friend: backs up two types the husband alone gives, first tie outside the home;
    # 3-5 add nothing but spread support; closeness decides: sister 4, team 2, volunteers 1.
    assert [s.contact for s in ranked] == [
        "community-staff",
        "old-friend",
        "sister",
        "dance-team",
        "volunteers",
    ]
    assert [s.rank for s in ranked] == [1, 2, 3, 4, 5]


def test_suggest_links_explains_each_gain_when_seed_intake():
    staff, friend = suggest_links(SEED_CASE, INTAKE)[:2]
    assert (staff.status, staff.newly_covered, staff.backed_up) == (
        "possible",
        ("informational",),
        ("practical",),
    )
    # before: husband 3 of 3 links; with staff: 3 of 5
    assert (staff.dependency_before, staff.dependency_after) == (1.0, 0.6)
    assert staff.first_outside_household is False  # staff are formal support
    assert friend.first_outside_household is True
    assert friend.backed_up == ("emotional", "companionship")
    assert (friend.dependency_before, friend.dependency_after) == (0.6, 3 / 7)


def test_suggest_links_writes_reasons_in_both_languages():
    staff, friend = suggest_links(SEED_CASE, INTAKE)[:2]
    assert staff.reason["en"] == (
        "Build a tie with community staff: would give information and advice, which no one "
        "gives now; would be a second source of practical help, now given by one person only; "
        "would lower the share of support carried by one person from 100% to 60%."
    )
    assert friend.reason["zh-CN"] == (
        "恢复与老朋友中断的联系：可为目前仅一人提供的情感支持、陪伴增加第二个来源；"
        "将是家庭以外的第一条非正式联系；可使一人承担的支持比例从60%降至43%。"
    )


def test_suggest_links_says_first_tie_outside_household_when_only_gain():
    idle = SupportTie(contact="volunteers", status="possible", contacts_per_month=0, closeness=1)
    (only,) = suggest_links(_with_ties(INTAKE.ties[0], idle))
    assert only.first_outside_household is True  # volunteers are informal and nearby
    assert only.reason["en"] == (
        "Build a tie with volunteers: would be the first informal tie outside the household."
    )


def test_suggest_links_asks_what_a_tie_could_give_when_none_is_recorded():
    idle = SupportTie(contact="volunteers", status="possible", contacts_per_month=0, closeness=1)
    friend = CLOSURE.ties[2]  # active, nearby: the client already has a tie outside the home
    (only,) = suggest_links(_with_ties(INTAKE.ties[0], friend, idle))
    assert only.reason == {
        "en": "Build a tie with volunteers: what it could give is not recorded yet; ask the "
        "client, then judge it.",
        "zh-CN": "建立与社区志愿者的联系：尚未记录这段联系能提供哪些支持；"
        "先询问服务对象，再作判断。",
    }


def _with_ties(*ties: SupportTie) -> Case:
    assessment = INTAKE.model_copy(update={"ties": ties})
    return SEED_CASE.model_copy(update={"assessments": (assessment,)})


def test_suggest_links_returns_empty_when_every_tie_is_active():
    assert suggest_links(SEED_CASE, CLOSURE) == []


def test_suggest_links_gives_same_ranking_when_built_graph_passed():
    G = build_network(SEED_CASE, INTAKE)
    assert suggest_links(SEED_CASE, INTAKE, graph=G) == suggest_links(SEED_CASE, INTAKE)


def test_suggest_links_reads_passed_graph_not_case():
    """The graph is not built again: a tie dropped from it is not suggested."""
    G = build_network(SEED_CASE, INTAKE)
    G.remove_node("community-staff")
    ranked = suggest_links(SEED_CASE, INTAKE, graph=G)
    assert sorted(s.contact for s in ranked) == ["dance-team", "old-friend", "sister", "volunteers"]


def test_suggest_links_refuses_graph_of_another_client():
    G = build_network(SEED_CASE, INTAKE)
    G.graph["ego"] = "husband"
    with pytest.raises(NetworkError, match="'graph' must be the ego map of client"):
        suggest_links(SEED_CASE, INTAKE, graph=G)
