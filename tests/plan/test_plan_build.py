"""build_plan: the seed's five stages, crisis first, stages added and left out, bad ids named."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner.errors import UnknownCodeError
from careplanner.plan import (
    CarePlan,
    Catalogue,
    NeedInput,
    Ordering,
    OrderingCycleError,
    PlanError,
    PlanRequest,
    ProposedIntervention,
    build_plan,
    catalogue_from_data,
    load_catalogue,
)
from careplanner.plan._order import topological
from careplanner.plan._shape import ids_of, shape

from .plan_cases import SEED_INTAKE, need, seed_request

CATALOGUE = load_catalogue()
PHASE_ORDER = ("crisis", "opening", "middle", "closing")


def stage_ids(plan: CarePlan) -> list[str]:
    return [s.id for s in plan.stages]


#: Table 1 of the seed paper: each stage's two-part aim (its name) and its sessions.
TABLE_1 = (
    ("建立专业关系", "获得相互信任", 1),
    ("纠正非理性信念", "缓解负面情绪", 2),
    ("挖掘自身潜能", "巩固亲友支持", 2),
    ("老友重聚", "重获社交乐趣", 1),
    ("巩固案主改变", "结束专业关系", 1),
)


def test_build_plan_reproduces_seed_table_1_when_needs_are_the_seed_cases(
    seed: PlanRequest,
) -> None:
    plan = build_plan(seed)
    expected = [(n, "\N{FULLWIDTH COMMA}".join(aim), k) for n, (*aim, k) in enumerate(TABLE_1, 1)]
    assert [(s.number, s.name["zh-CN"], s.sessions) for s in plan.stages] == expected
    assert plan.planned_sessions == 7
    assert plan.crisis_plan is None


def test_build_plan_puts_seed_interventions_in_their_table_1_stages(seed: PlanRequest) -> None:
    plan = build_plan(seed)
    assert {s.id: [i.id for i in s.interventions] for s in plan.stages} == {
        "engage_assess": ["engagement_assessment"],
        "beliefs": ["rebt_belief_work"],
        "strengths_family": ["strengths_life_review", "family_support", "messaging_app_skills"],
        "social_reentry": ["network_rebuilding", "community_reentry"],
        "consolidate_close": ["consolidation_closure"],
    }


def test_build_plan_explains_left_out_stages_when_seed_needs(seed: PlanRequest) -> None:
    plan = build_plan(seed)
    left_out = [r.subject for r in plan.reasons if r.kind == "stage_left_out"]
    assert left_out == ["crisis", "safeguarding", "carer", "depression", "grief"]


def test_build_plan_carries_the_seed_precautions_when_seed_needs(seed: PlanRequest) -> None:
    plan = build_plan(seed)
    precautions = {s.id: [(p.id, p.when) for p in s.precautions] for s in plan.stages}
    assert precautions["social_reentry"] == [("prepare_for_strong_emotion", "before")]
    assert ("name_the_ending_early", "during") in precautions["engage_assess"]
    assert ("work_through_separation", "during") in precautions["consolidate_close"]


def test_build_plan_sets_gds15_objective_with_baseline_when_intake_known(
    seed: PlanRequest,
) -> None:
    plan = build_plan(seed)
    depression = next(n for n in plan.needs if n.need.id == "depressive_symptoms")
    gds = depression.objectives[0]
    assert (gds.measure, gds.comparison, gds.target, gds.baseline) == ("gds15.total", "<=", 5, 7)
    assert depression.stages == ("beliefs", "strengths_family")


def test_build_plan_schedules_follow_up_online_and_at_home_with_borrowed_remeasure(
    seed: PlanRequest,
) -> None:
    follow_up = build_plan(seed).follow_up
    assert follow_up is not None
    assert [c.channel for c in follow_up.contacts] == ["phone_or_messaging", "home_visit"]
    assert follow_up.remeasure_months == (3, 9)
    assert "[korte2012]" in follow_up.remeasure_source
    assert "the sources give no interval" in follow_up.note["en"]
    assert "gds15.total" in follow_up.measures


def test_build_plan_leads_with_crisis_stage_and_plan_when_safety_need(
    crisis: PlanRequest,
) -> None:
    plan = build_plan(crisis)
    assert stage_ids(plan)[:2] == ["crisis", "engage_assess"]
    assert stage_ids(plan)[-1] == "consolidate_close"
    assert plan.crisis_plan is not None
    assert plan.crisis_plan.needs == ("suicide_risk",)
    assert [s.id for s in plan.crisis_plan.steps] == [
        "warning_signs",
        "internal_coping",
        "social_distraction",
        "people_to_ask",
        "professionals",
        "lethal_means",
    ]
    assert "same day" in plan.crisis_plan.referral["en"]


def test_build_plan_adds_crisis_stage_when_safety_need_answered_elsewhere() -> None:
    request = PlanRequest(
        needs=(need("suicide_risk", "high", safety=True),),
        interventions=(ProposedIntervention(id="rebt_belief_work", answers=("suicide_risk",)),),
    )
    plan = build_plan(request)
    assert stage_ids(plan) == ["crisis", "engage_assess", "beliefs", "consolidate_close"]
    assert [r.kind for r in plan.reasons if r.subject == "suicide_risk"] == ["crisis_added"]


def test_build_plan_adds_no_crisis_reason_when_crisis_proposed() -> None:
    request = PlanRequest(
        needs=(need("suicide_risk", "high", safety=True),),
        interventions=(ProposedIntervention(id="crisis_referral", answers=("suicide_risk",)),),
    )
    plan = build_plan(request)
    assert [i.id for i in plan.stages[0].interventions] == ["crisis_referral"]
    assert not [r for r in plan.reasons if r.kind == "crisis_added"]


def test_build_plan_proposes_no_casework_and_says_why_when_no_need() -> None:
    plan = build_plan(PlanRequest(language="en"))
    assert (plan.kind, plan.stages, plan.crisis_plan, plan.follow_up) == ("none", (), None, None)
    assert [r.kind for r in plan.reasons] == ["no_needs"]
    assert "no casework plan" in plan.reasons[0].text["en"]


@pytest.mark.parametrize(
    ("need_id", "stage"),
    [
        ("carer_strain", "carer"),
        ("prolonged_grief", "grief"),
        ("digital_exclusion", "strengths_family"),
        ("irrational_beliefs", "beliefs"),
        ("social_isolation", None),
    ],
)
def test_build_plan_adds_a_stage_only_when_a_need_calls_for_it(
    need_id: str, stage: str | None
) -> None:
    lonely = PlanRequest(needs=(need("loneliness"),))
    more = PlanRequest(needs=(need("loneliness"), need(need_id)))
    extra = set(stage_ids(build_plan(more))) - set(stage_ids(build_plan(lonely)))
    assert extra == ({stage} if stage else set())


def test_build_plan_puts_grief_work_before_social_reentry_when_unproposed() -> None:
    request = PlanRequest(needs=(need("prolonged_grief"), need("loneliness")))
    order = stage_ids(build_plan(request))
    assert order == ["engage_assess", "grief", "social_reentry", "consolidate_close"]


def test_build_plan_shares_stage_sessions_up_to_its_ceiling() -> None:
    alone = build_plan(PlanRequest(needs=(need("digital_exclusion"),)))
    assert [s.sessions for s in alone.stages] == [1, 1, 1]


def test_build_plan_orders_interventions_within_stage_by_constraint(seed: PlanRequest) -> None:
    rule = Ordering(before="messaging_app_skills", after="family_support")
    plan = build_plan(seed_request(ordering=(*seed.ordering, rule)))
    third = [i.id for i in plan.stages[2].interventions]
    assert third == ["strengths_life_review", "messaging_app_skills", "family_support"]


def test_build_plan_ignores_constraint_outside_the_plan_and_says_so(seed: PlanRequest) -> None:
    rule = Ordering(before="grief_work", after="community_reentry")
    plan = build_plan(seed_request(ordering=(rule,)))
    assert [(r.kind, r.subject) for r in plan.reasons if r.kind == "ordering_ignored"] == [
        ("ordering_ignored", "ordering[0]")
    ]


def test_build_plan_names_the_stage_cycle_when_constraint_contradicts_catalogue(
    seed: PlanRequest,
) -> None:
    rule = Ordering(before="community_reentry", after="rebt_belief_work")
    with pytest.raises(OrderingCycleError, match="stage ordering constraints form a cycle") as e:
        build_plan(seed_request(ordering=(rule,)))
    assert set(e.value.cycle) == {"beliefs", "social_reentry"}
    assert "ordering[0]: community_reentry before rebt_belief_work" in str(e.value)


def test_build_plan_names_the_intervention_cycle_within_a_stage(seed: PlanRequest) -> None:
    rules = (
        Ordering(before="family_support", after="messaging_app_skills"),
        Ordering(before="messaging_app_skills", after="family_support"),
    )
    with pytest.raises(OrderingCycleError, match="intervention ordering constraints"):
        build_plan(seed_request(ordering=rules))


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        (
            {"interventions": (ProposedIntervention(id="hugging", answers=("loneliness",)),)},
            "interventions[0].id",
            "crisis_referral",
        ),
        ({"needs": (need("boredom"),)}, "needs[0].id", "carer_strain"),
        (
            {"interventions": (ProposedIntervention(id="grief_work", answers=("anger",)),)},
            "interventions[0].answers[0]",
            "loneliness",
        ),
        ({"ordering": (Ordering(before="dancing", after="grief_work"),)}, "ordering[0].before", ""),
        (
            {"needs": (), "interventions": (ProposedIntervention(id="hugging"),)},
            "interventions[0].id",
            "crisis_referral",
        ),
    ],
)
def test_build_plan_names_field_and_allowed_ids_when_id_unknown(
    seed: PlanRequest, changes: dict[str, object], field: str, allowed: str
) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        build_plan(seed.model_copy(update=changes))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field!r} must be one of [")
    assert allowed in caught.value.allowed or not allowed


def test_build_plan_lists_every_catalogue_intervention_when_one_is_unknown() -> None:
    request = PlanRequest(
        needs=(need("loneliness"),),
        interventions=(ProposedIntervention(id="hugging", answers=("loneliness",)),),
    )
    with pytest.raises(UnknownCodeError) as caught:
        build_plan(request)
    assert caught.value.allowed == sorted(CATALOGUE.intervention_ids)


def test_build_plan_refuses_need_listed_twice() -> None:
    request = PlanRequest(needs=(need("loneliness"), need("loneliness", "high")))
    with pytest.raises(PlanError, match=r"'needs\[1\]\.id': 'loneliness' is listed more than"):
        build_plan(request)


def test_build_plan_round_trips_through_json_when_seed(seed: PlanRequest) -> None:
    plan = build_plan(seed)
    assert CarePlan.model_validate_json(plan.model_dump_json()) == plan


def test_build_plan_keeps_baseline_out_of_objectives_when_not_measured() -> None:
    request = PlanRequest(needs=(need("loneliness"),), baseline={"gds15.total": 9})
    objective = build_plan(request).needs[0].objectives[0]
    assert (objective.measure, objective.baseline) == ("ucla3.total", None)


# -- invariants over random requests -------------------------------------------------------

NEED_IDS = CATALOGUE.need_ids
INTERVENTION_IDS = CATALOGUE.intervention_ids


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    """Random flagged needs, proposals answering them, forward-only ordering constraints."""
    ids = draw(st.lists(st.sampled_from(NEED_IDS), min_size=1, max_size=6, unique=True))
    needs = tuple(need(i, safety=draw(st.booleans()) and i == "suicide_risk") for i in ids)
    proposals = draw(
        st.lists(
            st.tuples(
                st.sampled_from(INTERVENTION_IDS),
                st.lists(st.sampled_from(ids), min_size=1, unique=True),
            ),
            max_size=5,
            unique_by=lambda p: p[0],
        )
    )
    pairs = [(a, b) for i, a in enumerate(INTERVENTION_IDS) for b in INTERVENTION_IDS[i + 1 :]]
    ordering = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True))
    return PlanRequest(
        needs=needs,
        interventions=tuple(ProposedIntervention(id=i, answers=tuple(a)) for i, a in proposals),
        ordering=tuple(Ordering(before=a, after=b) for a, b in ordering),
        baseline=SEED_INTAKE,
    )


@settings(max_examples=60, deadline=None)
@given(requests())
def test_build_plan_answers_every_need_with_objective_and_stage(request: PlanRequest) -> None:
    plan = build_plan(request)
    assert [n.need.id for n in plan.needs] == [n.id for n in request.needs]
    for need_plan in plan.needs:
        assert need_plan.objectives
        assert need_plan.stages
        assert all(
            need_plan.need.id in plan.stages[stage_ids(plan).index(s)].needs
            for s in need_plan.stages
        )


@settings(max_examples=60, deadline=None)
@given(requests())
def test_build_plan_never_has_an_empty_stage(request: PlanRequest) -> None:
    plan = build_plan(request)
    assert all(s.interventions and s.sessions >= 1 for s in plan.stages)
    assert [s.number for s in plan.stages] == list(range(1, len(plan.stages) + 1))


@settings(max_examples=60, deadline=None)
@given(requests())
def test_build_plan_respects_phases_dependencies_and_constraints(request: PlanRequest) -> None:
    plan = build_plan(request)
    order = stage_ids(plan)
    phases = [PHASE_ORDER.index(s.phase) for s in plan.stages]
    assert phases == sorted(phases)
    assert order[-1] == "consolidate_close"
    crisis_phase = [s.id for s in plan.stages if s.phase == "crisis"]
    assert order[0] == (crisis_phase[0] if crisis_phase else "engage_assess")
    for stage in order:
        for before in CATALOGUE.stage(stage).after:
            assert before not in order or order.index(before) < order.index(stage)
    position = {i.id: (s.number, n) for s in plan.stages for n, i in enumerate(s.interventions)}
    for rule in request.ordering:
        if rule.before in position and rule.after in position:
            assert position[rule.before] < position[rule.after]


@settings(max_examples=40, deadline=None)
@given(requests())
def test_build_plan_gives_crisis_stage_and_plan_when_safety_need(request: PlanRequest) -> None:
    plan = build_plan(request)
    has_crisis_stage = plan.stages[0].phase == "crisis"
    if any(n.is_safety for n in request.needs):
        assert has_crisis_stage
    # The suicide safety plan comes with the safety-planning intervention, never alone.
    planned = {i.id for s in plan.stages for i in s.interventions}
    assert (plan.crisis_plan is not None) == ("safety_planning" in planned)


def test_build_plan_names_phase_order_when_constraint_puts_closing_first(
    seed: PlanRequest,
) -> None:
    rule = Ordering(before="consolidation_closure", after="community_reentry")
    with pytest.raises(OrderingCycleError, match="phase order: crisis, opening, middle, closing"):
        build_plan(seed_request(ordering=(rule,)))


def test_build_plan_orders_by_phase_when_catalogue_lists_stages_otherwise(
    seed: PlanRequest,
) -> None:
    data = CATALOGUE.model_dump()
    data["stages"]["stages"] = list(reversed(data["stages"]["stages"]))
    reordered = catalogue_from_data(data)
    order = stage_ids(build_plan(seed, reordered))
    assert (order[0], order[-1]) == ("engage_assess", "consolidate_close")
    assert order.index("beliefs") < order.index("social_reentry")
    assert order.index("strengths_family") < order.index("social_reentry")


@pytest.mark.parametrize(
    ("baseline", "measure"),
    [
        ({}, "gds15.total"),
        ({"phq9.total": 12}, "phq9.total"),
        ({"phq9.total": 12, "gds15.total": 8}, "gds15.total"),
    ],
)
def test_build_plan_keeps_the_alternative_measured_at_intake(
    baseline: dict[str, int], measure: str
) -> None:
    plan = build_plan(PlanRequest(needs=(need("depressive_symptoms"),), baseline=baseline))
    assert [o.measure for o in plan.objectives] == [measure]


def test_build_plan_adds_the_stage_of_a_proposal_answering_no_need() -> None:
    request = PlanRequest(
        needs=(need("loneliness"),), interventions=(ProposedIntervention(id="carer_support"),)
    )
    plan = build_plan(request)
    assert "carer" in stage_ids(plan)
    assert plan.stages[stage_ids(plan).index("carer")].needs == ()


REVERSED = catalogue_from_data(
    {
        **CATALOGUE.model_dump(),
        "stages": {
            **CATALOGUE.stages.model_dump(),
            "stages": [s.model_dump() for s in reversed(CATALOGUE.stages.stages)],
        },
    }
)


def stage_order_from_scratch(plan: CarePlan, catalogue: Catalogue) -> list[str]:
    """The stage order with every constraint collected anew for this plan's stages."""
    planned = {i.id for s in plan.stages for i in s.interventions}
    present = {catalogue.intervention(i).stage for i in planned}
    nodes = [s for s in catalogue.stage_ids if s in present]
    edges: dict[tuple[str, str], str] = {}
    for a in nodes:
        for b in nodes:
            phases = (
                PHASE_ORDER.index(catalogue.stage(a).phase),
                PHASE_ORDER.index(catalogue.stage(b).phase),
            )
            if phases[0] < phases[1]:
                edges[(a, b)] = "phase"
        for before in catalogue.stage(a).after:
            edges.setdefault((before, a), "after")
    for rule in plan.request.ordering:
        if rule.before in planned and rule.after in planned:
            pair = (
                catalogue.intervention(rule.before).stage,
                catalogue.intervention(rule.after).stage,
            )
            if pair[0] != pair[1]:
                edges.setdefault(pair, "request")
    return list(topological(nodes, edges, "stage"))


@settings(max_examples=80, deadline=None)
@given(requests(), st.sampled_from(["bundled", "stages reversed"]))
def test_build_plan_orders_stages_as_if_constraints_were_collected_per_plan(
    request: PlanRequest, listed: str
) -> None:
    """The catalogue's constraints, collected once, order each plan as per-plan ones would."""
    catalogue = CATALOGUE if listed == "bundled" else REVERSED
    plan = build_plan(request, catalogue)
    assert stage_ids(plan) == stage_order_from_scratch(plan, catalogue)


@pytest.mark.parametrize(
    ("measure", "first", "second"),
    [
        ("gds15.total", 7, 3),
        ("obs.uses_messaging_app", 1, True),
        ("ssrs.utilisation", 0.0, -0.0),
    ],
)
def test_build_plan_keeps_each_clients_baseline_when_needs_are_the_same(
    measure: str, first: float, second: float
) -> None:
    """Objectives shared between plans never carry another client's baseline."""
    need_id = next(n.id for n in CATALOGUE.needs.needs if n.objectives[0].measure == measure)
    for value in (first, second):
        plan = build_plan(PlanRequest(needs=(need(need_id),), baseline={measure: value}))
        objective = plan.needs[0].objectives[0]
        assert f'"baseline":{json.dumps(value)}' in objective.model_dump_json()


def test_build_plan_keeps_each_clients_needs_when_ids_are_the_same() -> None:
    """Plans sharing a shape still carry their own need severity and statement."""
    statements = ({"en": "first", "zh-CN": "一"}, {"en": "second", "zh-CN": "二"})
    plans = [
        build_plan(
            PlanRequest(needs=(NeedInput(id="loneliness", severity=severity, statement=statement),))
        )
        for severity, statement in zip(("low", "high"), statements, strict=True)
    ]
    shown = [(p.needs[0].need.severity, p.needs[0].need.statement) for p in plans]
    assert shown == [("low", statements[0]), ("high", statements[1])]


def test_build_plan_shares_a_shape_between_clients_whose_slots_differ_only_in_words() -> None:
    """Only a slot that says an intervention does not fit changes a plan's shape; the words
    of the other slots are each client's own."""
    index = CATALOGUE.index
    empty = {"en": "", "zh-CN": ""}
    chess = seed_request(slots={"hobby": {"en": "chess", "zh-CN": "下棋"}})
    opera = seed_request(slots={"hobby": {"en": "opera", "zh-CN": "京剧"}, "when_online": empty})
    unfit = seed_request(slots={"when_no_safe_relative": empty})
    shapes = [shape(index, ids_of(index, r, (), {})) for r in (chess, opera, unfit)]
    assert shapes[0] is shapes[1]
    assert [
        any(i.id == "family_support" for s in x.stages for i in s.interventions) for x in shapes
    ] == [True, True, False]
    texts = [build_plan(r).model_dump_json() for r in (chess, opera)]
    assert ["下棋" in t for t in texts] == [True, False]
    assert ["京剧" in t for t in texts] == [False, True]


def test_build_plan_words_a_stage_once_for_clients_with_the_same_words() -> None:
    """A stage in a client's words is shared by the clients with the same words for the slots
    it and its interventions name, and by no other."""
    index = CATALOGUE.index
    chess, opera = {"en": "chess", "zh-CN": "下棋"}, {"en": "opera", "zh-CN": "京剧"}
    requests = [seed_request(slots={"hobby": hobby}) for hobby in (chess, dict(chess), opera)]
    shared = shape(index, ids_of(index, requests[0], (), {}))
    n = next(k for k, names in enumerate(shared.named) if "hobby" in names)
    stages = [build_plan(r).stages[n] for r in requests]
    assert stages[0].interventions is stages[1].interventions
    assert stages[0].interventions != stages[2].interventions
