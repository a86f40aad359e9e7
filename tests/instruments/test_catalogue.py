"""The bundled catalogue: every data file loads, stays immutable, and follows the data policy."""

from __future__ import annotations

import threading
from importlib.resources import files
from pathlib import Path

import pydantic
import pytest

from careplanner.errors import UnknownCodeError
from careplanner.instruments import get_scale, load_scales
from careplanner.instruments._load import _read_catalogue, parse_scale

SCALE_FILES = sorted(
    e.name
    for e in files("careplanner.instruments").joinpath("scales").iterdir()
    if e.name.endswith(".yaml")
)
DOCS = Path(__file__).parents[2] / "docs" / "instruments.md"


@pytest.mark.parametrize("filename", SCALE_FILES)
def test_parse_scale_accepts_bundled_file_when_read_alone(filename: str) -> None:
    text = files("careplanner.instruments").joinpath("scales", filename).read_text("utf-8")
    scale = parse_scale(text, filename)
    assert f"{scale.id}.yaml" == filename
    assert load_scales()[scale.id] == scale


def test_load_scales_lists_the_six_scales_when_called() -> None:
    assert sorted(load_scales()) == [
        "gds15",
        "lsns6",
        "pg13r",
        "phq9",
        "sgabs",
        "ssrs",
        "ucla3",
        "zbi12",
    ]
    assert [f"{i}.yaml" for i in sorted(load_scales())] == SCALE_FILES


def test_load_scales_returns_one_shared_object_when_called_from_threads() -> None:
    _read_catalogue.cache_clear()
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(load_scales())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8
    assert all(s is seen[0] for s in seen)
    assert _read_catalogue.cache_info().misses == 1


def test_load_scales_refuses_changes_when_a_caller_tries() -> None:
    scales = load_scales()
    with pytest.raises(TypeError):
        scales["phq9"] = scales["gds15"]  # type: ignore[index]
    with pytest.raises(pydantic.ValidationError):
        scales["phq9"].total.max = 30  # type: ignore[misc]
    assert isinstance(scales["phq9"].items, tuple)


def test_get_scale_names_allowed_ids_when_id_is_unknown() -> None:
    with pytest.raises(UnknownCodeError) as info:
        get_scale("gds30")
    assert info.value.field == "scale"
    assert info.value.allowed == [
        "gds15",
        "lsns6",
        "pg13r",
        "phq9",
        "sgabs",
        "ssrs",
        "ucla3",
        "zbi12",
    ]


@pytest.mark.parametrize("scale_id", sorted(load_scales()))
def test_default_reliability_is_the_most_conservative_when_figures_exist(scale_id: str) -> None:
    """Default = lowest verified total coefficient; if none is verified, the lowest listed."""
    scale = get_scale(scale_id)
    totals = [r for r in scale.reliability if r.target == "total"]
    verified = [r for r in totals if r.verified] or totals
    expected = min(verified, key=lambda r: r.value).id if verified else None
    assert scale.default_reliability == expected


@pytest.mark.parametrize("scale_id", sorted(load_scales()))
def test_every_scale_states_what_is_unverified_when_loaded(scale_id: str) -> None:
    assert get_scale(scale_id).unverified


@pytest.mark.parametrize(
    ("scale_id", "default"),
    [
        ("gds15", "sheikh_yesavage_gt5"),
        ("phq9", "kroenke2001_severity"),
        ("lsns6", "lubben2006_lt12"),
        ("ssrs", None),
        ("ucla3", None),
        ("sgabs", None),
    ],
)
def test_default_cutoff_set_matches_reference_when_loaded(scale_id: str, default: str) -> None:
    """Scales whose only cut-offs are conventions (or none) get no band unless asked."""
    assert get_scale(scale_id).default_cutoff_set == default


def test_conventions_are_marked_unverified_when_loaded() -> None:
    conventions = {
        (s.id, c.id): c.verified
        for s in load_scales().values()
        for c in s.cutoff_sets
        if c.kind == "convention"
    }
    assert conventions == {
        ("gds15", "convention_four_band"): False,
        ("lsns6", "convention_subscale_lt6"): False,
        ("ssrs", "convention_thirds"): False,
        ("ucla3", "convention_ge6"): False,
    }


@pytest.mark.parametrize("scale_id", sorted(load_scales()))
def test_docs_name_every_cutoff_norm_and_reliability_when_a_scale_ships_them(
    scale_id: str,
) -> None:
    scale, text = get_scale(scale_id), DOCS.read_text("utf-8")
    ids = [c.id for c in scale.cutoff_sets] + [n.id for n in scale.norms]
    ids += [r.id for r in scale.reliability]
    assert [i for i in ids if f"`{i}`" not in text] == []
