"""Choosing the rules engine: argument, CAREPLANNER_ENGINE, auto, and durable-rules missing."""

from __future__ import annotations

import platform
import sys

import pytest

from careplanner import assess, load_case, reassess, what_if
from careplanner.errors import EngineUnavailableError, UnknownCodeError
from careplanner.rules import _engines, durable_problem, evaluate, evaluate_many, resolve_engine

MISSING = "importing durable-rules on CPython 3.13.0 failed (ImportError: undefined symbol)"


@pytest.fixture
def no_durable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend durable-rules cannot be imported, as on Python 3.13."""
    monkeypatch.setattr(_engines, "durable_problem", lambda: MISSING)


def test_durable_rules_loads_on_cpython_before_3_13() -> None:
    """Where durable-rules is supported it must load: its tests are skipped only elsewhere."""
    supported = platform.python_implementation() == "CPython" and sys.version_info < (3, 13)
    assert (durable_problem() is None) == supported


@pytest.mark.parametrize(("choice", "kind"), [("python", "python"), ("durable", "durable")])
def test_resolve_engine_honours_an_explicit_choice_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, choice: str, kind: str
) -> None:
    monkeypatch.setattr(_engines, "durable_problem", lambda: None)
    monkeypatch.setenv("CAREPLANNER_ENGINE", "python" if choice == "durable" else "durable")
    assert resolve_engine(choice) == kind


@pytest.mark.parametrize(("variable", "kind"), [("python", "python"), ("", "durable")])
def test_resolve_engine_reads_careplanner_engine_when_no_choice_is_given(
    monkeypatch: pytest.MonkeyPatch, variable: str, kind: str
) -> None:
    monkeypatch.setattr(_engines, "durable_problem", lambda: None)
    monkeypatch.setenv("CAREPLANNER_ENGINE", variable)
    assert resolve_engine() == kind


@pytest.mark.usefixtures("no_durable")
def test_auto_falls_back_to_the_python_engine_where_durable_rules_cannot_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CAREPLANNER_ENGINE", raising=False)
    assert resolve_engine("auto") == resolve_engine() == "python"
    assert evaluate({"ucla3.total": 7}).engine.name == "python"


@pytest.mark.usefixtures("no_durable")
def test_asking_for_durable_where_it_cannot_load_says_why_and_what_to_do() -> None:
    with pytest.raises(EngineUnavailableError) as caught:
        evaluate({"ucla3.total": 7}, engine="durable")
    message = str(caught.value)
    assert message.startswith(f"rules engine 'durable' cannot be loaded here: {MISSING}. ")
    for hint in ("CPython 3.11 and 3.12", "C compiler", "PyObject_CallObject", "engine='python'"):
        assert hint in message


def test_an_unknown_engine_names_the_field_and_the_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(UnknownCodeError, match=r"'engine'.*\['auto', 'durable', 'python'\]"):
        evaluate({}, engine="drools")
    monkeypatch.setenv("CAREPLANNER_ENGINE", "fast")
    with pytest.raises(UnknownCodeError, match=r"'CAREPLANNER_ENGINE'.*'python'"):
        evaluate({})


def test_python_engine_gives_evaluate_many_errors_in_place() -> None:
    results = evaluate_many([{"ucla3.total": 8}, {"ucla3.total": 99}], engine="python")
    assert results[0].need_ids == ("loneliness",)  # type: ignore[union-attr]
    assert "ucla3.total" in str(results[1]) and type(results[1]).__name__ == "RuleError"


def test_results_record_the_engine_beside_the_pack() -> None:
    case = load_case("example:shidu-mother")
    result = assess(case, "intake", engine="python")
    assert (result.findings.engine.name, result.findings.pack.id) == (
        "python",
        "careplanner-default",
    )
    assert reassess(case, engine="python").closure == reassess(case).closure
    changed = what_if(case, ["ucla3.item1=1"], "intake", engine="python")
    assert changed.after.findings.engine.name == changed.before.findings.engine.name == "python"
