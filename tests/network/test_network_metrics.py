"""Text is measured with the font's own advance widths (cmap + hmtx), else estimated."""

from __future__ import annotations

import struct

import pytest

from careplanner.network._fonts import faces, find_cjk_font, read_table, table_directory
from careplanner.network._layout import wrap
from careplanner.network._metrics import (
    _cmap_runs,
    _format4,
    estimated_em,
    measure_with,
    read_metrics,
)

INSTALLED = find_cjk_font()
needs_font = pytest.mark.skipif(INSTALLED is None, reason="no CJK font installed")


@needs_font
def test_read_metrics_gives_ideographs_one_em_and_latin_letters_their_own_widths():
    assert INSTALLED is not None
    metrics = read_metrics(INSTALLED.path)
    assert metrics is not None
    assert [metrics.em(c) for c in "社区中心"] == [1.0, 1.0, 1.0, 1.0]
    assert metrics.em("i") < metrics.em("n") < metrics.em("W") < 1.0
    assert metrics.em("\U000e0100") == 1.0  # no glyph: one em, as a fallback font might draw


@needs_font
def test_cmap_format4_and_format12_map_every_bmp_character_alike():
    assert INSTALLED is not None
    with INSTALLED.path.open("rb") as handle:
        tables = table_directory(handle, faces(handle)[0])
        cmap = read_table(handle, tables[b"cmap"])
    (count,) = struct.unpack_from(">H", cmap, 2)
    subtables = dict(
        (struct.unpack_from(">HH", cmap, 4 + 8 * n), struct.unpack_from(">I", cmap, 8 + 8 * n)[0])
        for n in range(count)
    )
    full = _cmap_runs(cmap)
    bmp = _format4(cmap, subtables[(3, 1)])

    def glyph(runs: list[tuple[int, int, int]], code: int) -> int | None:
        return next((g + code - s for s, e, g in runs if s <= code <= e), None)

    for char in "aZ9 ，社区卫生服务中心（）—…":
        assert glyph(bmp, ord(char)) == glyph(full, ord(char)) is not None


def test_read_metrics_returns_none_for_a_file_that_is_no_font(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 8)
    assert read_metrics(fake) is None
    assert read_metrics(tmp_path / "missing.ttf") is None


@pytest.mark.parametrize(("char", "em"), [("a", 0.62), (" ", 0.62), ("社", 1.0), ("，", 1.0)])
def test_estimated_em_gives_cjk_one_em_and_other_text_more_than_latin_needs(char, em):
    assert estimated_em(char) == em


@needs_font
def test_wrap_breaks_measured_text_at_words_and_cjk_anywhere_but_before_a_comma():
    measure = measure_with(None)
    assert wrap("community health service centre", 130, measure) == [
        "community health",
        "service centre",
    ]
    assert wrap("社区卫生服务中心老城区分中心", 112, measure) == [
        "社区卫生服务中心",
        "老城区分中心",
    ]
    assert wrap("社区卫生服务中，心", 98, measure) == ["社区卫生服务中，", "心"]
    assert (
        wrap("Hippopotomonstrosesquipedalian", 80, measure)[0] != "Hippopotomonstrosesquipedalian"
    )
    assert "".join(wrap("Hippopotomonstrosesquipedalian", 80, measure)) == (
        "Hippopotomonstrosesquipedalian"
    )
