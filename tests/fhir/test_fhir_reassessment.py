"""fhir_reassessment: the intake's plan with its outcome, both assessments, the verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from careplanner import Case, load_case
from careplanner.assess import reassess
from careplanner.fhir import FhirExportError, check_bundle, fhir_reassessment

from .fhir_cases import by_url, codes_of, resources
from .fhir_server import Store


def _unchanged_review() -> Case:
    """The crisis example seen again a month later with the same answers: nothing improved."""
    case = load_case("example:living-alone-crisis")
    again = case.latest.model_copy(
        update={"kind": "review", "date": case.latest.date + dt.timedelta(days=30)}
    )
    return case.model_copy(update={"assessments": (*case.assessments, again)})


def _export(case: Case, bundle: str = "collection") -> dict[str, Any]:
    return fhir_reassessment(case, reassess(case), bundle=bundle)  # type: ignore[arg-type]


CASES = {"shidu-mother": lambda: load_case("example:shidu-mother"), "unchanged": _unchanged_review}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("kind", ["collection", "transaction"])
def test_reassessment_validates_with_r4b_and_careplanners_checks(name: str, kind: str) -> None:
    bundle = _export(CASES[name](), kind)
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert check_bundle(bundle) == []


def test_reassessment_of_the_closure_marks_every_goal_achieved_and_needs_resolved() -> None:
    case = load_case("example:shidu-mother")
    done = reassess(case)
    bundle = _export(case)
    goals = resources(bundle, "Goal")
    assert len(goals) == len(done.evaluation.objectives) == 18
    judged = [
        g for g, r in zip(goals, done.evaluation.objectives, strict=True) if r.after is not None
    ]
    assert {
        (g["lifecycleStatus"], g["achievementStatus"]["coding"][0]["code"]) for g in judged
    } == {("completed", "achieved")}
    # Prolonged grief was never screened in the paper: that goal stays open, with no outcome.
    [open_goal] = [g for g in goals if g not in judged]
    assert (open_goal["lifecycleStatus"], "achievementStatus" in open_goal) == ("active", False)
    assert {g["statusDate"] for g in judged} == {done.after.date.isoformat()}
    conditions = resources(bundle, "Condition")
    status = {
        codes_of(c["code"])[0][1]: c["clinicalStatus"]["coding"][0]["code"] for c in conditions
    }
    assert status.pop("bereavement") == "active"  # still a bereaved parent at closure
    assert set(status.values()) == {"resolved"}
    assert {c["abatementDateTime"] for c in conditions if "abatementDateTime" in c} == {
        "2022-06-14"
    }


def test_reassessment_goal_outcome_points_to_the_later_score() -> None:
    bundle = _export(load_case("example:shidu-mother"))
    urls = by_url(bundle)
    outcomes = [
        g["outcomeReference"][0]["reference"]
        for g in resources(bundle, "Goal")
        if "outcomeReference" in g
    ]
    assert len(outcomes) == 4
    assert {urls[u]["effectiveDateTime"] for u in outcomes} == {"2022-06-14"}


def test_reassessment_goal_outcome_says_the_later_value_in_words() -> None:
    case = load_case("example:shidu-mother")
    done = reassess(case)
    bundle = fhir_reassessment(case, done)
    for goal, result in zip(resources(bundle, "Goal"), done.evaluation.objectives, strict=True):
        if result.after is None:  # not measured: no value to say
            assert "outcomeCode" not in goal
            continue
        english = goal["outcomeCode"][0]["_text"]["extension"][0]["extension"][1]["valueString"]
        words = {True: "yes", False: "no"}
        value = words[result.after] if isinstance(result.after, bool) else result.after
        assert english == f"Value at the re-assessment of 2022-06-14: {value}."


def test_reassessment_holds_both_assessments_scores() -> None:
    bundle = _export(load_case("example:shidu-mother"))
    totals = [o for o in resources(bundle, "Observation") if "valueInteger" in o]
    dates = sorted({o["effectiveDateTime"] for o in totals})
    assert dates == ["2022-03-08", "2022-06-14"]


def _verdict(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "verdict"
    )


def test_reassessment_verdict_has_a_component_per_rule_and_scale_change() -> None:
    case = load_case("example:shidu-mother")
    done = reassess(case)
    verdict = _verdict(_export(case))
    assert verdict["valueBoolean"] is True
    rules = [c["code"]["coding"][0]["code"] for c in verdict["component"]]
    assert rules == [c.rule for c in done.closure.checks] + [
        f"change.{s.scale}" for s in done.evaluation.scales
    ]
    gds = next(c for c in verdict["component"] if c["code"]["coding"][0]["code"] == "change.gds15")
    assert gds["valueInteger"] == -4
    assert len(verdict["note"]) == len(done.closure.checks)


def test_reassessment_without_progress_keeps_goals_open_and_safety_flags_active() -> None:
    case = _unchanged_review()
    done = reassess(case)
    bundle = _export(case)
    expected = {
        "met": ("completed", "achieved"),
        "not_met": ("active", "not-achieved"),
        "not_measured": ("active", None),
    }
    found = [
        (g["lifecycleStatus"], g.get("achievementStatus", {}).get("coding", [{}])[0].get("code"))
        for g in resources(bundle, "Goal")
    ]
    assert found == [expected[r.status] for r in done.evaluation.objectives]
    assert ("active", "not-achieved") in found
    flags = resources(bundle, "Flag")
    assert len(flags) == 2
    assert {f["status"] for f in flags} == {"active"}
    assert _verdict(bundle)["valueBoolean"] is False


def test_reassessment_keeps_a_resolved_safety_flag_as_inactive() -> None:
    bundle = _export(_unchanged_review())
    flag = resources(bundle, "Flag")[0]
    # Resolving the need by hand shows what the export writes: inactive, with an end date.
    case = _unchanged_review()
    done = reassess(case)
    need = flag["code"]["coding"][0]["code"]
    cleared = done.model_copy(update={"open_needs": tuple(n for n in done.open_needs if n != need)})
    closed = next(
        f
        for f in resources(fhir_reassessment(case, cleared), "Flag")
        if f["code"]["coding"][0]["code"] == need
    )
    assert (closed["status"], closed["period"]["end"]) == ("inactive", done.after.date.isoformat())
    assert flag["status"] == "active"


def test_reassessment_transaction_is_stored_once() -> None:
    bundle = _export(load_case("example:shidu-mother"), "transaction")
    store = Store()
    store.transaction(bundle)
    count = len(store.resources)
    store.transaction(bundle)
    assert len(store.resources) == count == len(bundle["entry"])


def test_reassessment_of_another_case_is_refused() -> None:
    with pytest.raises(FhirExportError, match="client id"):
        fhir_reassessment(load_case("example:living-alone-crisis"), reassess(_shidu()))


def _shidu() -> Case:
    return load_case("example:shidu-mother")
