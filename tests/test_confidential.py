"""No name, note or typed text in a repr, a str or an error message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from careplanner import case_from_data, load_case, run_batch
from careplanner.errors import CaseValidationError

NAME, NOTE, TYPED = "Zhang Wei", "Cries at night since March", "wangfang"


def _case_data() -> dict[str, Any]:
    data = load_case("example:shidu-mother").model_dump(mode="json")
    data["client"]["name"] = NAME
    data["client"]["former_occupation"] = NOTE
    data["contacts"][0]["name"] = NAME
    data["assessments"][0]["observations"]["notes"] = NOTE
    data["sessions"][0]["done"] = NOTE
    return data


def test_reprs_and_strs_of_a_case_hide_names_and_notes() -> None:
    case = case_from_data(_case_data())
    shown = [
        repr(case),
        str(case),
        repr(case.client),
        str(case.client),
        repr(case.contacts[0]),
        str(case.assessments[0].observations),
        repr(case.sessions[0]),
    ]
    for text in shown:
        assert NAME not in text and NOTE not in text
    assert "shidu-mother-01" in repr(case.client)
    assert case.client.name == NAME  # hidden from reprs, not removed


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a["scales"]["phq9"].update({"1": TYPED}),
        lambda a: a["scales"]["phq9"].update({TYPED: 1}),
        lambda a: a["scales"]["gds15"].update({"1": TYPED}),
        lambda a: a["scales"].update({TYPED: {"1": 1}}),
        lambda a: a["scales"].update({"Wang Fang": {"1": 1}}),
    ],
)
def test_validation_errors_never_repeat_typed_text(change: Any, tmp_path: Path) -> None:
    data = _case_data()
    change(data["assessments"][0])
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(copy.deepcopy(data))
    message = str(caught.value)
    assert TYPED not in message and "Wang Fang" not in message and NAME not in message
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    run_batch(src, tmp_path / "out.jsonl", tmp_path / "err.jsonl", workers=1)
    written = (tmp_path / "err.jsonl").read_text("utf-8")
    assert '"invalid_case"' in written
    assert TYPED not in written and "Wang Fang" not in written and NAME not in written
