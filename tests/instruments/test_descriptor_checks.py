"""A malformed scale file is refused with the file and the field named."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from careplanner.errors import DataFileError
from careplanner.instruments._checks import partition_problems
from careplanner.instruments._load import parse_scale
from careplanner.instruments.model import Band, ScoreRange

Edit = Callable[[dict[str, Any]], None]
LABEL = {"en": "x", "zh-CN": "x"}


def _bundled(scale_id: str) -> dict[str, Any]:
    text = files("careplanner.instruments").joinpath("scales", f"{scale_id}.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _refusal(scale_id: str, edit: Edit) -> str:
    data = _bundled(scale_id)
    edit(data)
    with pytest.raises(DataFileError) as info:
        parse_scale(yaml.safe_dump(data, allow_unicode=True), f"{scale_id}.yaml")
    return str(info.value)


def _set_band(index: int, **fields: int) -> Edit:
    return lambda d: d["cutoff_sets"][0]["bands"][index].update(fields)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set_band(1, min=7), "band lonely starts at 7, expected 6"),
        (_set_band(1, min=5), "band lonely starts at 5, expected 6"),
        (_set_band(1, max=8), "last band ends at 8, expected 9"),
        (_set_band(0, min=2), "band not_lonely starts at 2, expected 3"),
    ],
    ids=["gap", "overlap", "short", "below-range"],
)
def test_parse_scale_names_the_band_when_bands_do_not_partition(edit: Edit, expected: str) -> None:
    message = _refusal("ucla3", edit)
    assert message.startswith("ucla3.yaml: ")
    assert f"cutoff_sets.convention_ge6.bands (total): {expected}" in message


def _subscale_item(d: dict[str, Any]) -> None:
    d["subscales"][0]["items"] = ["1", "2", "7"]


def _total_max(d: dict[str, Any]) -> None:
    d["total"]["max"] = 10


def _verified_convention(d: dict[str, Any]) -> None:
    d["cutoff_sets"][0]["verified"] = True


def _convention_default(d: dict[str, Any]) -> None:
    d["default_cutoff_set"] = "convention_ge6"


def _unknown_field(d: dict[str, Any]) -> None:
    d["cutoffs"] = []


def _unknown_answer_set(d: dict[str, Any]) -> None:
    d["items"][2]["answers"] = "how_much"


def _unreachable_flag(d: dict[str, Any]) -> None:
    d["item_flags"][0]["min_score"] = 4


def _short_count(d: dict[str, Any]) -> None:
    d["answer_sets"][4]["options"].pop()


def _unknown_default_norm(d: dict[str, Any]) -> None:
    d["default_norm"] = "beijing"


@pytest.mark.parametrize(
    ("scale_id", "edit", "expected"),
    [
        ("lsns6", _subscale_item, "subscales.family.items: '7' is not one of"),
        ("ucla3", _total_max, "total: declared 3-10, items give 3-9"),
        ("ucla3", _verified_convention, "cutoff set 'convention_ge6': a convention cannot be"),
        ("ucla3", _convention_default, "default_cutoff_set: must be a verified set"),
        ("ucla3", _unknown_field, "cutoffs: Extra inputs are not permitted"),
        ("ucla3", _unknown_answer_set, "items.3.answers: 'how_much' is not one of ['how_often']"),
        ("phq9", _unreachable_flag, "item_flags.self_harm.min_score: item 9 cannot reach 4"),
        ("ssrs", _short_count, "answer_sets.source_count.options: a count of ssrs_sources_9"),
        ("ssrs", _unknown_default_norm, "default_norm: 'beijing' is not one of"),
    ],
)
def test_parse_scale_names_the_field_when_a_rule_is_broken(
    scale_id: str, edit: Edit, expected: str
) -> None:
    message = _refusal(scale_id, edit)
    assert message.startswith(f"{scale_id}.yaml: ")
    assert expected in message


def test_parse_scale_lists_every_problem_when_several_fields_are_wrong() -> None:
    def two_problems(d: dict[str, Any]) -> None:
        _total_max(d)
        _set_band(1, min=7)(d)

    message = _refusal("ucla3", two_problems)
    assert "total: declared 3-10" in message
    assert "band lonely starts at 7" in message


def test_parse_scale_refuses_when_id_differs_from_file_name() -> None:
    text = yaml.safe_dump(_bundled("ucla3"), allow_unicode=True)
    with pytest.raises(DataFileError, match=r"loneliness\.yaml: id: 'ucla3' must match"):
        parse_scale(text, "loneliness.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: [ucla3", "ucla3.yaml: not valid YAML"),
        ("- 1\n- 2", "expected a mapping"),
    ],
)
def test_parse_scale_refuses_when_text_is_not_a_mapping(text: str, expected: str) -> None:
    with pytest.raises(DataFileError, match=expected):
        parse_scale(text, "ucla3.yaml")


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[Band], ScoreRange]:
    low = draw(st.integers(-5, 20))
    high = draw(st.integers(low + 1, low + 40))
    cuts = sorted(draw(st.sets(st.integers(low + 1, high), min_size=1, max_size=6)))
    starts, ends = [low, *cuts], [c - 1 for c in cuts] + [high]
    bands = [
        Band(id=f"b{i}", min=s, max=e, label=LABEL)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]
    return bands, ScoreRange(min=low, max=high)


@given(partitions())
def test_partition_problems_accepts_bands_when_they_tile_the_range(
    case: tuple[list[Band], ScoreRange],
) -> None:
    bands, span = case
    assert partition_problems("bands", bands, span) == []


@given(partitions(), st.data())
def test_partition_problems_reports_when_one_boundary_moves(
    case: tuple[list[Band], ScoreRange], data: st.DataObject
) -> None:
    bands, span = case
    index = data.draw(st.integers(0, len(bands) - 1))
    field = data.draw(st.sampled_from(["min", "max"]))
    shift = data.draw(st.sampled_from([-1, 1]))
    moved = bands[index].model_copy(update={field: getattr(bands[index], field) + shift})
    assert partition_problems("bands", [*bands[:index], moved, *bands[index + 1 :]], span) != []
