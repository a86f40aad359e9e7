"""The safety floor: a safety signal raises its need whatever pack, engine or what-if is used."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from careplanner import assess, assess_many, case_from_data, load_case, reassess
from careplanner.errors import RulePackError
from careplanner.fhir import fhir_bundle
from careplanner.instruments import get_scale
from careplanner.plan import load_catalogue as load_plan_catalogue
from careplanner.report import as_text, render_html, render_markdown, render_terminal
from careplanner.rules import SAFETY_FLOOR, RulePack, apply_floor, evaluate, load_pack
from careplanner.rules._catalogue import load_fact_catalogue
from careplanner.rules._floor import FLOOR_NEEDS, signals
from careplanner.whatif import what_if

DEFAULT: dict[str, Any] = yaml.safe_load(
    resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
)
BASE = load_case("example:shidu-mother").model_dump(mode="json")


def _gds15_severe() -> dict[str, str]:
    return {i.id: "no" if i.reverse else "yes" for i in get_scale("gds15").items}


def _phq9(total_without_item9: int, item9: int = 0) -> dict[str, int]:
    answers = {str(n): min(3, max(0, total_without_item9 - 3 * (n - 1))) for n in range(1, 9)}
    return answers | {"9": item9}


#: Each signal of the floor, as a change to an assessment of a case, and the need it raises.
SIGNAL_CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "phq9.item9": (lambda a: a["scales"].update(phq9=_phq9(0, item9=1)), "suicide_risk"),
    "obs.suicidal_ideation": (
        lambda a: a["observations"].update(suicidal_ideation=True),
        "suicide_risk",
    ),
    "obs.self_harm": (lambda a: a["observations"].update(self_harm=True), "suicide_risk"),
    "phq9.total": (lambda a: a["scales"].update(phq9=_phq9(20)), "severe_depression"),
    "gds15.total": (lambda a: a["scales"].update(gds15=_gds15_severe()), "severe_depression"),
    "obs.abuse_reported": (
        lambda a: a["observations"].update(abuse_reported=True),
        "abuse_or_neglect",
    ),
    "obs.neglect_reported": (
        lambda a: a["observations"].update(neglect_reported=True),
        "abuse_or_neglect",
    ),
    # Case model 2: an abuse concern of any type sets its flag; self-neglect has its own.
    "obs.self_neglect_reported": (
        lambda a: a["observations"].update(abuse=[{"type": "self_neglect"}]),
        "abuse_or_neglect",
    ),
}


def with_signal(fact: str, assessments: tuple[int, ...] = (0, 1)) -> Any:
    data = copy.deepcopy(BASE)
    data["schema_version"] = 2  # a superset of version 1: abuse concerns are version 2
    change, _ = SIGNAL_CASES[fact]
    for index in assessments:
        change(data["assessments"][index])
    return case_from_data(data)


@pytest.mark.parametrize(
    ("facts", "rules"),
    [
        ({"phq9.item9": 0}, []),
        ({"phq9.item9": 1}, ["safety_floor:phq9.item9"]),
        ({"phq9.total": 19}, []),
        ({"phq9.total": 20}, ["safety_floor:phq9.total"]),
        ({"gds15.total": 11}, []),
        ({"gds15.total": 12}, ["safety_floor:gds15.total"]),
        ({"obs.self_harm": False, "obs.suicidal_ideation": None}, []),
        ({"obs.self_harm": True}, ["safety_floor:obs.self_harm"]),
        (
            {"obs.abuse_reported": True, "obs.neglect_reported": True},
            ["safety_floor:obs.abuse_reported", "safety_floor:obs.neglect_reported"],
        ),
        ({"phq9.item9": True, "phq9.total": float("nan")}, []),
    ],
)
def test_floor_signals_hold_on_each_side_of_their_bound(
    facts: dict[str, Any], rules: list[str]
) -> None:
    assert [s.rule for s in signals(facts)] == rules


def test_floor_covers_every_signal_once_and_names_known_facts_and_needs() -> None:
    assert sorted(SIGNAL_CASES) == sorted(s.fact for s in SAFETY_FLOOR)
    catalogue = load_fact_catalogue()
    assert all(catalogue.get(s.fact) is not None for s in SAFETY_FLOOR)
    plan_needs = {n.id for n in load_plan_catalogue().needs.needs}
    assert set(FLOOR_NEEDS) <= plan_needs


def test_apply_floor_leaves_findings_alone_when_the_pack_flagged_the_need() -> None:
    findings = evaluate({"obs.self_harm": True})
    assert apply_floor(findings, {"obs.self_harm": True}) is findings


def test_apply_floor_strengthens_a_need_the_pack_weakened() -> None:
    findings = evaluate({"obs.self_harm": True})
    weak = findings.needs[0].model_copy(update={"safety": False, "severity": "low"})
    found = apply_floor(findings.model_copy(update={"needs": (weak,)}), {"obs.self_harm": True})
    need = found.needs[0]
    assert (need.id, need.safety, need.severity) == ("suicide_risk", True, "high")
    assert need.rules == ("self_harm_observed", "safety_floor:obs.self_harm")
    assert found.trace[-1].rule == "safety_floor:obs.self_harm"


# --- Weakened packs: each edit is one way content could switch the floor off. ---------------


def _drop_rule(need: str, rule: str) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        if need not in d["needs"]:
            return
        rules = d["needs"][need]["rules"]
        d["needs"][need]["rules"] = [r for r in rules if r["id"] != rule] or rules[:0]
        if not d["needs"][need]["rules"]:
            _remove_need(d, need)

    return change


def _remove_need(d: dict[str, Any], need: str) -> None:
    d["needs"].pop(need, None)
    d["combinations"] = [
        c
        for c in d.get("combinations", [])
        if need not in yaml.safe_dump(c["all"]) and need not in yaml.safe_dump(c.get("any", []))
    ]
    for spec in d["needs"].values():
        for rule in spec["rules"]:
            rule["all"] = [c for c in rule.get("all", []) if c.get("need") != need]
            rule["any"] = [c for c in rule.get("any", []) if c.get("need") != need]
            if not rule["any"]:
                rule.pop("any")
    for spec in d["needs"].values():
        spec["rules"] = [r for r in spec["rules"] if r.get("all") or r.get("any")]


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        target = d
        for key in path[:-1]:  # an earlier edit may have removed the place: nothing to set
            if key not in target and not (isinstance(key, int) and key < len(target)):
                return
            target = target[key]
        target[path[-1]] = value

    return change


WEAKENINGS: list[Callable[[dict[str, Any]], None]] = [
    *(
        _drop_rule(need, rule["id"])
        for need in FLOOR_NEEDS
        for rule in DEFAULT["needs"][need]["rules"]
    ),
    *(_set(("needs", need, "safety"), False) for need in FLOOR_NEEDS),
    *(lambda d, n=need: _remove_need(d, n) for need in FLOOR_NEEDS),
    _set(("thresholds", "phq9_item9_any", "value"), 2),
    _set(("thresholds", "phq9_severe", "value"), 27),
    _set(("thresholds", "gds15_severe", "value"), 15),
    _set(("thresholds", "phq9_item9_any", "value"), float("nan")),
    *(
        _set(("needs", need, "rules", n, "severity"), "low")
        for need in FLOOR_NEEDS
        for n in range(len(DEFAULT["needs"][need]["rules"]))
    ),
]


def weakened_pack(edits: list[int]) -> RulePack | None:
    data = copy.deepcopy(DEFAULT)
    data["id"] = "org-weakened"
    for edit in edits:
        WEAKENINGS[edit](data)
    used = yaml.safe_dump(data["needs"]) + yaml.safe_dump(data.get("combinations", []))
    data["thresholds"] = {k: v for k, v in data["thresholds"].items() if k in used}
    try:
        return load_pack(yaml.safe_dump(data, allow_unicode=True))
    except RulePackError:
        return None


OPERATIONS = ["assess", "assess_many", "reassess", "what_if"]


def _floor_holds(result: Any, case: Any, need: str) -> None:
    found = result.findings.need(need)
    assert found is not None and found.safety and found.severity == "high"
    assert result.findings.needs[0].safety
    # a crisis-phase stage leads (crisis response; safeguarding for abuse and neglect)
    assert result.plan.stages[0].phase == "crisis"
    assert any(need in s.needs for s in result.plan.stages if s.phase == "crisis")
    assert "⚠ Safety first" in as_text(render_terminal(result, lang="en"))
    assert 'id="safety"' in render_html(case, result, lang="en")
    assert "**⚠ Safety first.**" in render_markdown(case, result, lang="en")
    resources_ = [entry["resource"] for entry in fhir_bundle(case, result)["entry"]]  # type: ignore[index]
    flags = [r for r in resources_ if r["resourceType"] == "Flag"]
    assert any(need in str(flag) for flag in flags)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(
    edits=st.lists(st.integers(0, len(WEAKENINGS) - 1), min_size=1, max_size=3),
    fact=st.sampled_from(sorted(SIGNAL_CASES)),
    operation=st.sampled_from(OPERATIONS),
)
def test_no_loadable_pack_or_what_if_loses_the_floor(
    edits: list[int], fact: str, operation: str
) -> None:
    pack = weakened_pack(edits)
    assume(pack is not None)
    need = SIGNAL_CASES[fact][1]
    case = with_signal(fact)
    if operation == "reassess":
        done = reassess(case, pack=pack)
        assert need in done.open_needs and not done.closure.ready
        return
    if operation == "what_if":  # a change elsewhere leaves the signal where it is
        result = what_if(case, ["obs.outings_per_week=6", "ssrs.item3=4"], pack=pack).after
    elif operation == "assess_many":
        (result,) = assess_many([case], pack=pack)
    else:
        result = assess(case, pack=pack)
    assert not isinstance(result, Exception)
    _floor_holds(result, case, need)


@pytest.mark.parametrize(
    "change", ["obs.self_harm=true", "phq9.item9=2", "obs.abuse_reported=true"]
)
def test_what_if_that_adds_a_signal_raises_the_floor_need_with_a_weakened_pack(change: str) -> None:
    removals = [n for n, w in enumerate(WEAKENINGS) if w.__name__ == "<lambda>"]
    pack = weakened_pack(removals)  # every floor need removed from the pack
    assert pack is not None and not set(FLOOR_NEEDS) & set(pack.needs)
    changed = what_if(load_case("example:shidu-mother"), [change], at="intake", pack=pack)
    assert changed.after.findings.needs[0].safety
    assert changed.after.plan.stages[0].phase == "crisis"
    assert changed.after.plan.stages[0].id in changed.stages_added
