"""Bundled data parsed once: kept as JSON beside its file, read back only for the same text."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import careplanner
from careplanner._content._loader import load_bundled, parse
from careplanner._content._parsed import parsed

#: The careplanner these tests import (an installed wheel in CI), where its data is kept.
PACKAGE = Path(careplanner.__file__).parent


@pytest.fixture
def writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python may write bytecode (the tests may run with ``PYTHONDONTWRITEBYTECODE``)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def counted(data: object) -> tuple[Callable[[str], object], list[str]]:
    """A parser giving `data`, and the texts it was asked to parse."""
    texts: list[str] = []

    def parse_text(text: str) -> object:
        texts.append(text)
        return data

    return parse_text, texts


@pytest.mark.usefixtures("writing")
def test_parsed_reads_the_kept_data_back_for_the_same_text(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    parse_text, texts = counted({"a": [1, 2.0, True, None, "x"], "b": {"c": "d"}})
    first, again = parsed(file, "text", parse_text), parsed(file, "text", parse_text)
    assert first == again == {"a": [1, 2.0, True, None, "x"], "b": {"c": "d"}}
    assert [type(value) for value in again["a"]] == [int, float, bool, type(None), str]
    assert texts == ["text"]
    assert (tmp_path / "__pycache__" / "a.yaml.json").is_file()


@pytest.mark.usefixtures("writing")
def test_parsed_parses_again_when_the_text_changed(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    parsed(file, "old", lambda text: {"v": 1})
    assert parsed(file, "new", lambda text: {"v": 2}) == {"v": 2}
    assert parsed(file, "new", lambda text: "parsed again") == {"v": 2}


@pytest.mark.usefixtures("writing")
def test_parsed_keeps_apart_the_data_of_one_text_read_two_ways(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    assert parsed(file, "text", lambda text: {"date": "2026-01-01"}, "dates as text") == {
        "date": "2026-01-01"
    }
    assert parsed(file, "text", lambda text: {"read": "the other way"}) == {"read": "the other way"}
    assert parsed(file, "text", lambda text: "parsed again") == {"read": "the other way"}


@pytest.mark.usefixtures("writing")
@pytest.mark.parametrize(
    "data", [{"when": dt.date(2026, 1, 1)}, {1: "a number key"}, {"x": float("nan")}]
)
def test_parsed_keeps_nothing_json_does_not_give_back_exactly(tmp_path: Path, data: object) -> None:
    parse_text, texts = counted(data)
    parsed(tmp_path / "a.yaml", "text", parse_text)
    parsed(tmp_path / "a.yaml", "text", parse_text)
    assert texts == ["text", "text"]
    assert list(tmp_path.rglob("*")) == []


def test_parsed_writes_nothing_where_python_writes_no_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert parsed(tmp_path / "a.yaml", "text", lambda text: {"a": 1}) == {"a": 1}
    assert list(tmp_path.rglob("*")) == []


@pytest.mark.usefixtures("writing")
@pytest.mark.parametrize("damage", ['{"sha256": ', "[1]", '{"data": {"a": 1}}', ""])
def test_parsed_parses_afresh_when_the_kept_file_is_damaged(tmp_path: Path, damage: str) -> None:
    file = tmp_path / "a.yaml"
    parsed(file, "text", lambda text: {"a": 1})
    (tmp_path / "__pycache__" / "a.yaml.json").write_text(damage, "utf-8")
    assert parsed(file, "text", lambda text: {"a": 2}) == {"a": 2}
    assert parsed(file, "text", lambda text: "parsed again") == {"a": 2}  # kept anew


@pytest.mark.usefixtures("writing")
def test_parsed_still_parses_where_nothing_can_be_kept(tmp_path: Path) -> None:
    (tmp_path / "__pycache__").write_text("a file where the folder would be", "utf-8")
    parse_text, texts = counted({"a": 1})
    assert parsed(tmp_path / "a.yaml", "text", parse_text) == {"a": 1}
    assert parsed(tmp_path / "a.yaml", "text", parse_text) == {"a": 1}
    assert texts == ["text", "text"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["__pycache__"]


@pytest.mark.usefixtures("writing")
def test_a_bundled_file_read_twice_gives_what_the_safe_loader_parses() -> None:
    """The second read comes from the kept JSON: the same data as the limited parse."""
    text = (PACKAGE / "rules" / "default.yaml").read_text("utf-8")
    load_bundled("careplanner.rules", "default.yaml")
    assert (PACKAGE / "rules" / "__pycache__" / "default.yaml.json").is_file()
    assert load_bundled("careplanner.rules", "default.yaml") == parse(text, "default", "yaml")
