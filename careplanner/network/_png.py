"""Render the ecomap to PNG with resvg.

resvg (through the ``resvg-py`` wheel: about 3 MB, no Python or system dependency) draws
the very SVG `ecomap_svg` writes, so the PNG and the SVG cannot drift apart. It finds
fonts on the system; CJK labels need a CJK font there (Debian: ``fonts-noto-cjk``) or
passed as ``font_files``. Without one resvg would draw the labels blank and say nothing,
so `ecomap_png` refuses instead. docs/network.md weighs this against matplotlib and CairoSVG.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import networkx as nx
import resvg_py

from careplanner.errors import NetworkError
from careplanner.models import Language
from careplanner.network._ecomap import ecomap_svg

#: Font folders resvg searches on Linux, and file names of fonts that cover Chinese.
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
_CJK_FONT = re.compile(r"(CJK|SourceHan|wqy|WenQuanYi|DroidSansFallback|Sarasa)", re.I)
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
) -> bytes:
    """Return the ecomap of an ego map as PNG bytes (the `ecomap_svg` picture, rasterised).

    Parameters
    ----------
    G, lang, show_identity, title, deceased
        As for `ecomap_svg`.
    zoom : float
        Scale factor; 1.0 gives 1180 x 780 pixels, 2.0 a print-quality 2360 x 1560.
    font_files : sequence of str
        Font files to load besides the system's, e.g. a CJK font on a machine without one.

    Raises
    ------
    NetworkError
        As for `ecomap_svg`; the picture has Chinese text and no CJK font is installed or
        given; or the renderer refused the picture.
    """
    svg = ecomap_svg(G, lang=lang, show_identity=show_identity, title=title, deceased=deceased)
    if _CJK_TEXT.search(svg) and not (font_files or _system_has_cjk_font()):
        raise NetworkError(
            "the ecomap has Chinese labels but no CJK font was found in "
            f"{list(_FONT_DIRS)}: install one (Debian: apt-get install fonts-noto-cjk) or "
            "pass font_files"
        )
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, font_files=list(font_files) or None)
    except ValueError as exc:
        raise NetworkError(f"the PNG renderer refused the ecomap: {exc}") from exc
    return bytes(png)


@cache
def _system_has_cjk_font() -> bool:
    return any(
        _CJK_FONT.search(path.name)
        for folder in _FONT_DIRS
        if Path(folder).is_dir()
        for path in Path(folder).rglob("*")
    )
