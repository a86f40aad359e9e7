"""The main job end to end on the bundled cases, as a social worker would check it."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner import case_from_data, load_case
from careplanner.assess import AssessmentResult, assess, assess_many, reassess
from careplanner.errors import RuleError, UnknownCodeError
from careplanner.models import Case
from careplanner.synth import generate_case


@pytest.fixture(scope="module")
def seed_intake() -> AssessmentResult:
    return assess(load_case("example:shidu-mother"), "intake")


def test_seed_intake_gives_the_five_stages_of_the_paper(seed_intake: AssessmentResult) -> None:
    # Table 1 of the casework paper: engage 1, beliefs 2, strengths and family 2,
    # old friends and community 1, consolidate and close 1.
    stages = [(s.id, s.sessions) for s in seed_intake.plan.stages]
    assert stages == [
        ("engage_assess", 1),
        ("beliefs", 2),
        ("strengths_family", 2),
        ("social_reentry", 1),
        ("consolidate_close", 1),
    ]


def test_seed_intake_flags_the_problems_the_worker_found(seed_intake: AssessmentResult) -> None:
    # §4.2.2: low mood, self-isolation, few friends and a thin network, over-dependence on the
    # husband, feeling abandoned (an irrational belief); plus the SSRS she scored low on.
    # The rest as tests/rules/test_engine.py explains; every need is listed, in plan order.
    assert [n.id for n in seed_intake.findings.needs] == [
        "low_social_support",
        "social_isolation",
        "over_dependence",
        "depressive_symptoms",
        "bereavement",
        "irrational_beliefs",
        "low_support_utilisation",
        "loneliness",
        "digital_exclusion",
        "loss_of_interests",
    ]
    assert not any(n.safety for n in seed_intake.findings.needs)


def test_crisis_case_puts_the_safety_need_and_crisis_stage_first() -> None:
    result = assess(load_case("example:living-alone-crisis"))
    assert result.findings.needs[0].id == "suicide_risk"
    assert result.safety
    assert result.plan.stages[0].id == "crisis"
    assert result.plan.crisis_plan is not None


def test_well_supported_client_gets_no_plan_and_is_told_why() -> None:
    result = assess(load_case("example:living-alone-well"))
    assert result.findings.needs == ()
    assert (result.plan.kind, result.plan.stages) == ("none", ())
    assert result.plan.reasons  # the plan says why there is none


def test_result_round_trips_through_json(seed_intake: AssessmentResult) -> None:
    assert AssessmentResult.model_validate_json(seed_intake.model_dump_json()) == seed_intake


def test_result_never_carries_the_client_name(seed_intake: AssessmentResult) -> None:
    assert "张女士" not in seed_intake.model_dump_json()
    assert seed_intake.client.id == "shidu-mother-01"


def test_assessment_is_chosen_by_name_position_or_date() -> None:
    case = load_case("example:shidu-mother")
    assert assess(case, 0).assessment.kind == "intake"
    assert assess(case, dt.date(2022, 6, 14)).assessment.kind == "closure"
    with pytest.raises(UnknownCodeError, match=r"\['2022-03-08', '2022-06-14'\], got '2022-06-15'"):
        assess(case, dt.date(2022, 6, 15))
    with pytest.raises(UnknownCodeError, match="'assessment' must be one of"):
        assess(case, 5)


def test_unanswered_safety_item_leads_the_notices(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["scales"]["phq9"]["9"] = None
    result = assess(case_from_data(seed_data), "intake")
    codes = [n.code for n in result.notices]
    assert codes == ["safety_item_unanswered", "scale_not_scored"]
    assert "suicide risk was not screened" in result.notices[0].text["en"]


def test_reassessment_of_the_seed_case_reports_the_papers_improvements() -> None:
    done = reassess(load_case("example:shidu-mother"))
    gds = next(s for s in done.evaluation.scales if s.scale == "gds15")
    assert (gds.before, gds.after, gds.cutoff.crossed) == (7, 3, True)
    assert {"sister", "old-friend", "dance-team"} <= set(done.network_change.added)
    # Still a bereaved parent at closure: bereavement support goes on; nothing new or worse.
    assert done.open_needs == ("bereavement",)
    assert (done.new_needs, done.worse_needs) == ((), ())
    # The paper closed the case; it announced the ending only in the last session and the
    # client took it hard: ready, with that caution.
    assert (done.closure.ready, done.closure.cautions) == (True, ("ending_prepared",))


def test_a_session_in_a_stage_the_plan_lacks_is_left_out_with_a_notice(
    seed_data: dict[str, Any],
) -> None:
    seed_data["sessions"][1]["stage"] = "grief"
    (notice,) = reassess(case_from_data(seed_data)).notices
    assert (notice.code, notice.text["en"][:26]) == (
        "session_left_out",
        "sessions[1] was left out: ",
    )


def test_reassessment_needs_a_later_assessment() -> None:
    case = load_case("example:living-alone-well")
    with pytest.raises(UnknownCodeError, match="'after' must be one of"):
        reassess(case)


def test_threads_give_the_same_results_as_a_loop() -> None:
    cases = [load_case(f"example:{name}") for name in ("shidu-mother", "living-alone-crisis")] * 4
    sequential = [assess(case).model_dump_json() for case in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda case: assess(case).model_dump_json(), cases))
    assert threaded == sequential


@settings(max_examples=15, deadline=None)
@given(
    batch=st.lists(
        st.builds(generate_case, st.integers(0, 2**32), st.integers(0, 10**7)), max_size=12
    ),
    batch_size=st.integers(1, 5),
)
def test_assess_many_gives_what_assess_gives_case_by_case(
    batch: list[Case], batch_size: int
) -> None:
    # Several clients share one rules session: none may see another's facts or findings.
    many = assess_many(batch, batch_size=batch_size)
    assert [r.model_dump_json() for r in many] == [assess(c).model_dump_json() for c in batch]


def test_assess_many_keeps_an_error_in_its_place_and_assesses_the_rest() -> None:
    seed, crisis = load_case("example:shidu-mother"), load_case("example:living-alone-crisis")
    results = assess_many([crisis, seed, crisis], at="closure")
    assert isinstance(results[0], UnknownCodeError) and isinstance(results[2], UnknownCodeError)
    assert "closure" in str(results[0])
    assert isinstance(results[1], AssessmentResult)
    assert results[1].model_dump_json() == assess(seed, "closure").model_dump_json()


def test_assess_many_refuses_a_batch_size_the_engine_cannot_hold() -> None:
    with pytest.raises(RuleError, match=r"batch_size must be in 1\.\.1000"):
        assess_many([load_case("example:shidu-mother")], batch_size=0)
