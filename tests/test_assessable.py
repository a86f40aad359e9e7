"""Every valid case is assessed; a refused case that shows a safety signal says so."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from careplanner import assess, assess_many, case_from_data, load_case, run_batch
from careplanner.errors import CaseFileError, CaseValidationError

CRISIS = load_case("example:living-alone-crisis").model_dump(mode="json")
WELL = load_case("example:living-alone-well").model_dump(mode="json")


def _with_ties(base: dict[str, Any], count: int) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["contacts"] += [{"id": f"p{n}", "relation": "friend"} for n in range(count)]
    data["assessments"][-1]["ties"] += [
        {"contact": f"p{n}", "contacts_per_month": 1, "closeness": 3} for n in range(count)
    ]
    return data


def _with_self_tie(base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    own = data["client"]["id"]
    data["contacts"].append({"id": own, "relation": "friend"})
    data["assessments"][-1]["ties"].append(
        {"contact": own, "contacts_per_month": 2, "closeness": 4}
    )
    return data


def test_assess_caps_a_network_larger_than_the_rules_read_with_a_notice() -> None:
    case = case_from_data(_with_ties(CRISIS, 10_001))
    result = assess(case)
    capped = [n for n in result.notices if n.code == "fact_capped"]
    assert "net.size is 10003, more than the rules read" in capped[0].text["en"]
    assert result.facts["net.size"] == 10_000
    assert result.findings.needs[0].id == "suicide_risk"
    assert result.plan.stages[0].id == "crisis"


def test_assess_leaves_out_a_tie_to_the_clients_own_id_with_a_notice() -> None:
    case = case_from_data(_with_self_tie(CRISIS))
    result, plain = assess(case), assess(case_from_data(CRISIS))
    assert [n.code for n in result.notices if n.code == "self_tie_left_out"] == [
        "self_tie_left_out"
    ]
    assert result.network == plain.network
    assert result.findings.need_ids == plain.findings.need_ids
    (many,) = assess_many([case])
    assert not isinstance(many, Exception) and many.plan == result.plan


def _invalid_with_signal() -> dict[str, Any]:
    data = copy.deepcopy(WELL)
    data["client"]["age"] = 300
    data["assessments"][-1]["observations"]["self_harm"] = True
    return data


def test_case_from_data_says_a_refused_case_shows_a_safety_signal() -> None:
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(_invalid_with_signal())
    assert caught.value.safety_signal
    assert "[safety signal present]" in str(caught.value)
    with pytest.raises(CaseValidationError) as plain:
        case_from_data({**copy.deepcopy(WELL), "client": {**WELL["client"], "age": 300}})
    assert not plain.value.safety_signal
    assert "safety signal" not in str(plain.value)


def test_load_case_flags_an_unparseable_case_that_sets_a_signal(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"assessments": [{"observations": {"suicidal_ideation": true}', "utf-8")
    with pytest.raises(CaseFileError, match=r"\[safety signal present\]"):
        load_case(path)


def test_run_batch_flags_and_counts_refused_lines_with_a_signal(tmp_path: Path) -> None:
    src = tmp_path / "cases.jsonl"
    lines = [
        json.dumps(WELL),
        json.dumps(_invalid_with_signal()),
        '{"assessments": [{"observations": {"neglect_reported": true}',
        json.dumps({**WELL, "client": {**WELL["client"], "age": 300}}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run_batch(src, tmp_path / "out.jsonl", tmp_path / "err.jsonl", workers=1)
    records = [json.loads(x) for x in (tmp_path / "err.jsonl").read_text("utf-8").splitlines()]
    assert [(r["line"], r.get("safety_signal", False)) for r in records] == [
        (2, True),
        (3, True),
        (4, False),
    ]
    assert records[0]["message"] == "not a valid case (1 problem) [safety signal present]"
    assert summary.safety_signals == 2


@pytest.mark.parametrize(("answer", "signal"), [("²", False), ("2", True), (2, True)])
def test_a_refused_case_is_judged_for_a_signal_whatever_its_item_9_holds(
    answer: object, signal: bool
) -> None:
    data = copy.deepcopy(WELL)
    data["client"]["age"] = 300
    data["assessments"][-1]["scales"]["phq9"] = {"9": answer, "1": "often"}
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(data)
    assert caught.value.safety_signal is signal
