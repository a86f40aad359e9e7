"""reassess keeps delivered sessions the rebuilt intake plan cannot hold whole."""

from __future__ import annotations

import copy
from typing import Any

from careplanner import case_from_data, load_case, reassess

SEED: dict[str, Any] = load_case("example:shidu-mother").model_dump(mode="json")


def _with_sessions(change: Any) -> Any:
    data = copy.deepcopy(SEED)
    change(data["sessions"])
    return case_from_data(data)


def test_reassess_leaves_out_an_intervention_the_plan_lacks_with_a_notice() -> None:
    case = _with_sessions(lambda s: s[1].update(interventions=["crisis_referral"]))
    done = reassess(case)
    assert [n.text["en"] for n in done.notices] == [
        "sessions[1]: interventions its stage no longer holds were left out; the rest of the "
        "record is kept."
    ]
    assert done.closure == reassess(load_case("example:shidu-mother")).closure


def test_reassess_leaves_out_a_session_of_a_stage_the_plan_lacks() -> None:
    case = _with_sessions(lambda s: s[1].update(stage="crisis", interventions=[]))
    (notice,) = reassess(case).notices
    assert notice.code == "session_left_out" and notice.text["en"].startswith("sessions[1] was")


def test_reassess_adds_planned_sessions_when_more_were_delivered() -> None:
    case = _with_sessions(lambda s: s.insert(2, copy.deepcopy(s[1])) or s.insert(2, s[1]))
    done = reassess(case)
    assert done.notices == ()
