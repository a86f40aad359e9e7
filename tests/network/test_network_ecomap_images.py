"""The ecomap pictures in the docs are drawn by the code, from the 30-contact map.

Set ``CAREPLANNER_UPDATE_SCREENSHOT=1`` to redraw ``docs/images/ecomap-*.png``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careplanner.network import ecomap_png

from ..browser import png_size
from .network_strategies import crowded_map

DOCS = Path(__file__).resolve().parents[2] / "docs" / "images"
TITLES = {
    "en": "Ecomap of client C-0042: intake assessment, 2024-03-08",
    "zh-CN": "案主 C-0042 的生态图：接案评估，2024-03-08",
}
DEAD = {"en": ["son, died 2015"], "zh-CN": ["儿子（2015年去世）"]}


@pytest.mark.parametrize(("n", "lang"), [(30, "en"), (30, "zh-CN")])
def test_docs_ecomap_images_are_the_maps_the_code_draws(n: int, lang: str, tmp_path: Path) -> None:
    png = ecomap_png(crowded_map(n), lang=lang, title=TITLES[lang], deceased=DEAD[lang])  # type: ignore[arg-type]
    drawn = tmp_path / "map.png"
    drawn.write_bytes(png)
    committed = DOCS / f"ecomap-{n}-{lang}.png"
    if os.environ.get("CAREPLANNER_UPDATE_SCREENSHOT") == "1":
        committed.write_bytes(png)
    assert png_size(committed) == png_size(drawn)
