"""Residents files: the bundled example loads; bad files are refused naming the field only."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from careplanner.errors import CaseFileError, CaseValidationError
from careplanner.group import GroupDataError, Resident, load_questionnaire, load_residents
from careplanner.group._residents import example_text

from .group_cases import bundled, written


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(example_text("residents")))


def residents_file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "residents.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_load_residents_reads_the_bundled_example_in_order(residents: tuple[Resident, ...]) -> None:
    assert [r.id for r in residents] == [f"r{i:02d}" for i in range(1, 18)]
    assert {r.community for r in residents} == {"hepingli"}
    assert {r.case.client.language for r in residents} == {"zh-CN", "en"}
    assert all(set(r.case.title) == {"en", "zh-CN"} for r in residents)


def test_load_residents_reads_yes_and_no_unquoted(tmp_path: Path, data: dict[str, Any]) -> None:
    data["residents"][0]["survey"]["willing"] = True  # what YAML makes of an unquoted yes
    assert load_residents(residents_file(tmp_path, data))[0].survey["willing"] == "yes"


def test_load_residents_names_question_and_codes_when_answer_unknown(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    data["residents"][2]["survey"]["mobility"] = "scooter"
    with pytest.raises(CaseValidationError) as caught:
        load_residents(residents_file(tmp_path, data))
    (problem,) = caught.value.problems
    assert problem.location == "residents[2].survey.mobility"
    assert (
        problem.message
        == "must be one of ['independent', 'walks_with_aid', 'needs_escort', 'housebound']"
    )


def test_load_residents_lists_every_problem_without_echoing_names(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    del data["residents"][0]["survey"]["languages"]
    data["residents"][1]["case"]["client"]["age"] = 130
    data["residents"][3]["case"]["client"]["id"] = "r01"
    with pytest.raises(CaseValidationError) as caught:
        load_residents(residents_file(tmp_path, data))
    locations = [p.location for p in caught.value.problems]
    assert locations == [
        "residents[0].survey.languages",
        "residents[1].case.client.age",
        "residents[0].case.client.id",
        "residents[3].case.client.id",
    ]
    assert "王阿姨" not in str(caught.value) and "李大爷" not in str(caught.value)


def test_load_residents_refuses_a_file_that_is_not_a_residents_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("client: {id: x}\n", encoding="utf-8")
    with pytest.raises(
        CaseFileError, match="a residents file is a mapping with a 'residents' list"
    ):
        load_residents(path)


def test_load_residents_names_the_bundled_examples_when_unknown() -> None:
    with pytest.raises(
        Exception,
        match=r"'example' must be one of \['after', 'residents', 'resources', 'sessions'\]",
    ):
        load_residents("example:nobody")


def test_load_questionnaire_refuses_repeated_option_codes(tmp_path: Path) -> None:
    data = bundled("questionnaire.yaml")
    data["questions"][0]["options"][1]["code"] = "yes"
    with pytest.raises(GroupDataError, match="option codes must be distinct"):
        load_questionnaire(written(tmp_path, "q.yaml", data))
