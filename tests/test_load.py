"""Reading cases: every bad input gets a clear, field-named error, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import careplanner
from careplanner._load import MAX_CASE_BYTES, case_from_data, list_examples, load_case
from careplanner.errors import CaseFileError, CaseValidationError, UnknownCodeError

#: The careplanner these tests import (an installed wheel in CI), where its data is kept.
PACKAGE = Path(careplanner.__file__).parent


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    text = json.dumps(data, default=str) if name.endswith(".json") else yaml.safe_dump(data)
    path.write_text(text, encoding="utf-8")
    return path


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(data, "case.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("example", "client_id", "assessments"),
    [
        ("shidu-mother", "shidu-mother-01", 2),
        ("living-alone-well", "alone-well-01", 1),
        ("living-alone-crisis", "alone-crisis-01", 1),
    ],
)
def test_load_case_reads_every_bundled_example(
    example: str, client_id: str, assessments: int
) -> None:
    case = load_case(f"example:{example}")
    assert (case.client.id, len(case.assessments)) == (client_id, assessments)


@pytest.mark.parametrize("example", ["shidu-mother", "living-alone-well", "living-alone-crisis"])
def test_an_example_read_with_its_dates_as_text_is_the_case_its_yaml_gives(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Examples are read with dates as text, so that their data is kept as JSON: the same case."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    text = (PACKAGE / "examples" / f"{example}.yaml").read_text("utf-8")
    expected = case_from_data(yaml.safe_load(text))
    assert any(isinstance(a.date, dt.date) for a in expected.assessments)
    assert load_case(f"example:{example}") == expected  # parsed, or read back
    assert load_case(f"example:{example}") == expected  # read back
    kept = PACKAGE / "examples" / "__pycache__" / f"{example}.yaml.json"
    assert '"date": "20' in kept.read_text("utf-8")


def test_list_examples_names_three_cases_with_both_titles() -> None:
    infos = list_examples()
    assert [i.id for i in infos] == ["living-alone-crisis", "living-alone-well", "shidu-mother"]
    assert all(set(i.title) == {"en", "zh-CN"} for i in infos)


def test_seed_mother_is_shidu_and_eligible_for_special_assistance() -> None:
    client = load_case("example:shidu-mother").client
    assert client.is_shidu
    assert client.shidu_assistance_eligible


def test_load_case_round_trips_through_json(tmp_path: Path) -> None:
    case = load_case("example:shidu-mother")
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    assert load_case(path) == case


def test_load_case_reads_standard_input(monkeypatch: pytest.MonkeyPatch, seed_data: Any) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(yaml.safe_dump(seed_data).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert load_case("-").client.age == 68


def test_unknown_example_names_the_allowed_ids() -> None:
    with pytest.raises(UnknownCodeError, match="shidu-mother"):
        load_case("example:nobody")


def test_empty_file_is_refused_with_what_a_case_needs(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"empty.*'client' and 'assessments'"):
        load_case(path)


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"client": {"age": 70,}}', encoding="utf-8")
    # Python 3.13's json points at the trailing comma itself, earlier versions after it.
    column = 22 if sys.version_info >= (3, 13) else 23
    with pytest.raises(CaseFileError, match=rf"not valid JSON: .* at line 1, column {column}"):
        load_case(path)


def test_malformed_yaml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("client:\n  age: [70\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"not valid YAML: .* at line 3"):
        load_case(path)


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_CASE_BYTES
    with pytest.raises(CaseFileError, match="larger than the 5 MiB"):
        load_case(path)


def test_missing_file_and_directory_are_named(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        load_case(tmp_path / "absent.yaml")
    with pytest.raises(CaseFileError, match="is a directory"):
        load_case(tmp_path)


def test_a_list_is_not_a_case(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="not a list"):
        load_case(_write(tmp_path, "list.json", [1, 2]))


def test_wrong_type_names_the_field(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["age"] = "sixty-eight"
    assert _problems(seed_data) == ["client.age: Input should be a valid integer"]


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("client", "age"), True, "client.age: Input should be a valid integer"),
        (("client", "age"), 68.0, "client.age: Input should be a valid integer"),
        (("client", "age"), "68", "client.age: Input should be a valid integer"),
        (("assessments", 0, "ties", 0, "closeness"), True, "closeness: Input should be a valid"),
        (("assessments", 0, "ties", 0, "contacts_per_month"), False, "contacts_per_month: Input"),
        (("assessments", 0, "observations", "outings_per_week"), True, "outings_per_week: Input"),
        (("assessments", 0, "date"), 0, "assessments[0].date: a date is written"),
        (("assessments", 0, "date"), "2022-03-08T10:00:00", "date: a date is"),
        (("assessments", 0, "date"), dt.datetime(2022, 3, 8, 10), "date: a date"),
        (("sessions", 0, "date"), 1646697600, "sessions[0].date: a date is"),
    ],
)
def test_a_bool_number_or_datetime_is_not_taken_for_an_int_or_a_date(
    seed_data: dict[str, Any], path: tuple[str | int, ...], value: object, problem: str
) -> None:
    target: Any = seed_data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert any(problem in p for p in _problems(seed_data)), _problems(seed_data)


@pytest.mark.parametrize(("answer", "accepted"), [(2, True), ("2", True), (True, False)])
def test_a_scale_answer_is_an_int_or_its_digits_never_a_bool(
    seed_data: dict[str, Any], answer: object, accepted: bool
) -> None:
    seed_data["assessments"][0]["scales"]["phq9"]["1"] = answer
    problems = _problems(seed_data) if not accepted else []
    if accepted:
        assert case_from_data(seed_data).assessments[0].scales["phq9"]["1"] == answer
    else:
        assert any(p.startswith("assessments[0].scales.phq9.1") for p in problems), problems


def test_unknown_field_lists_the_allowed_fields(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["favourite_colour"] = "red"
    (problem,) = _problems(seed_data)
    assert problem.startswith("client.favourite_colour: unknown field; allowed fields here: [")
    assert "'living_arrangement'" in problem


def test_missing_required_field_is_named(seed_data: dict[str, Any]) -> None:
    del seed_data["client"]["sex"]
    assert _problems(seed_data) == ["client.sex: required field is missing"]


def test_closed_set_lists_the_allowed_values(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["living_arrangement"] = "with_cat"
    (problem,) = _problems(seed_data)
    assert problem.startswith("client.living_arrangement: Input should be 'alone', 'with_spouse'")


def test_every_problem_is_reported_not_only_the_first(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["age"] = 200
    seed_data["assessments"][0]["ties"][0]["contacts_per_month"] = -1
    locations = [p.split(":")[0] for p in _problems(seed_data)]
    assert locations == ["client.age", "assessments[0].ties[0].contacts_per_month"]


def test_validation_error_never_echoes_personal_data(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["name"] = "张" * 500  # too long: the message must not repeat it
    seed_data["assessments"][0]["observations"]["notes"] = 42
    with pytest.raises(CaseValidationError) as caught:
        case_from_data(seed_data, "case.yaml")
    assert "张张" not in str(caught.value)
    assert "client.name" in str(caught.value)


def test_a_bad_field_of_the_only_assessment_is_the_only_problem(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"] = seed_data["assessments"][:1]
    seed_data["assessments"][0]["kind"] = "bogus"
    (problem,) = _problems(seed_data)
    assert problem.startswith("assessments[0].kind: Input should be 'intake'")


def test_no_assessment_is_said_plainly(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"] = []
    assert _problems(seed_data) == ["assessments: needs at least 1, found none"]


def test_nan_is_reported_as_not_a_number_not_as_out_of_range(seed_data: dict[str, Any]) -> None:
    seed_data["assessments"][0]["ties"][0]["contacts_per_month"] = float("nan")
    (problem,) = _problems(seed_data)
    assert problem == "assessments[0].ties[0].contacts_per_month: Input should be a finite number"


def test_one_problem_is_one_problem(seed_data: dict[str, Any]) -> None:
    seed_data["client"]["age"] = 300
    with pytest.raises(CaseValidationError, match=r"is not a valid case \(1 problem\)"):
        case_from_data(seed_data)
