"""Render the ecomap to PNG with resvg.

resvg (through the ``resvg-py`` wheel: about 3 MB, no Python or system dependency) draws
the very SVG `ecomap_svg` writes, so the PNG and the SVG cannot drift apart. CJK labels need
a CJK font: `ecomap_png` takes the one given as ``font=``, or finds one by family name in the
system font folders of Linux, macOS or Windows (`careplanner.network._fonts`), and draws the
labels with it; the same font measures the labels for their placement. Without one resvg
would draw the labels blank and say nothing, so `ecomap_png` refuses instead. docs/network.md
weighs resvg against matplotlib and CairoSVG.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import resvg_py

from careplanner.errors import NetworkError
from careplanner.models import Language
from careplanner.network._ecomap import ecomap_svg
from careplanner.network._fonts import (
    CJK_FAMILIES,
    FONT,
    FontMatch,
    find_cjk_font,
    font_dirs,
)
from careplanner.network._fonts import font_families as _font_families

_CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def ecomap_png(
    G: nx.Graph,
    *,
    lang: Language,
    show_identity: bool = False,
    title: str | None = None,
    zoom: float = 1.0,
    font_files: Sequence[str] = (),
    deceased: Sequence[str] = (),
    font: str | os.PathLike[str] | None = None,
) -> bytes:
    """Return the ecomap of an ego map as PNG bytes (the `ecomap_svg` picture, rasterised).

    Parameters
    ----------
    G, lang, show_identity, title, deceased
        As for `ecomap_svg`.
    zoom : float
        Scale factor; 1.0 gives 1180 x 780 pixels, 2.0 a print-quality 2360 x 1560.
    font_files : sequence of str
        Font files to load besides the system's; one that provides a CJK family is used for
        the labels.
    font : str or path, optional
        A TrueType/OpenType font file (or collection) to draw every label with, e.g. a CJK
        font on a machine without one; its family is read from the file.

    Raises
    ------
    NetworkError
        As for `ecomap_svg`; `font` is not a readable font file; the picture has Chinese
        text and none of the CJK families is installed or given (the message names them
        and the folders searched); or the renderer refused the picture.
    """
    match = _chosen_font(Path(font)) if font is not None else None
    match = match or _given_cjk_font(font_files) or find_cjk_font()
    svg = ecomap_svg(
        G,
        lang=lang,
        show_identity=show_identity,
        title=title,
        deceased=deceased,
        font=None if match is None else match.path,
    )
    if match is None and _CJK_TEXT.search(svg):
        raise NetworkError(_no_cjk_font())
    files = [*font_files, *([str(match.path)] if match else [])]
    if match is not None:  # draw with the family found, whatever the SVG's stack names
        svg = svg.replace(FONT, f"'{match.family}',sans-serif")
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, font_files=files or None)
    except ValueError as exc:
        raise NetworkError(f"the PNG renderer refused the ecomap: {exc}") from exc
    return bytes(png)


def _chosen_font(path: Path) -> FontMatch:
    families = sorted(_font_families(path))
    if not families:
        raise NetworkError(
            f"font {path.name!r} is not a readable TrueType/OpenType font file "
            "(.ttf, .otf, .ttc or .otc)"
        )
    cjk = [f for f in CJK_FAMILIES if f in families]
    return FontMatch((cjk or families)[0], path)


def _given_cjk_font(font_files: Sequence[str]) -> FontMatch | None:
    for name in font_files:
        families = _font_families(Path(name))
        family = next((f for f in CJK_FAMILIES if f in families), None)
        if family is not None:
            return FontMatch(family, Path(name))
    return None


def _no_cjk_font() -> str:
    return (
        "the ecomap has Chinese labels but no font of the CJK families "
        f"{', '.join(CJK_FAMILIES[:6])} (or {len(CJK_FAMILIES) - 6} others) was found in "
        f"{[str(d) for d in font_dirs()]}: install one (Debian: apt-get install "
        "fonts-noto-cjk; Windows has Microsoft YaHei, macOS PingFang SC) or pass a font file "
        "(--font FILE, font=)"
    )
