"""Render the ecomap to PNG with resvg, an optional extra (``pip install careplanner[png]``).

resvg (through the ``resvg-py`` wheel: about 3 MB, no Python or system dependency) draws
the very SVG `ecomap_svg` writes, so the PNG and the SVG cannot drift apart. It finds
fonts on the system; CJK labels need a CJK font there (Debian: ``fonts-noto-cjk``) or
passed as ``font_files``. docs/network.md weighs this against matplotlib and CairoSVG.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.models import Language
from careplanner.network._ecomap import ecomap_svg


def ecomap_png(
    G: nx.Graph,
    *,
    lang: Language,
    show_identity: bool = False,
    title: str | None = None,
    zoom: float = 1.0,
    font_files: Sequence[str] = (),
) -> bytes:
    """Return the ecomap of an ego map as PNG bytes (the `ecomap_svg` picture, rasterised).

    Parameters
    ----------
    G, lang, show_identity, title
        As for `ecomap_svg`.
    zoom : float
        Scale factor; 1.0 gives 1180 x 780 pixels, 2.0 a print-quality 2360 x 1560.
    font_files : sequence of str
        Font files to load besides the system's, e.g. a CJK font on a machine without one.

    Raises
    ------
    ImportError
        The ``png`` extra (``resvg-py``) is not installed.
    NetworkError
        As for `ecomap_svg`, or the renderer refused the picture.
    """
    try:
        import resvg_py
    except ImportError as exc:
        raise ImportError(
            "ecomap_png needs the 'png' extra: pip install 'careplanner[png]' (resvg-py)"
        ) from exc
    svg = ecomap_svg(G, lang=lang, show_identity=show_identity, title=title)
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, font_files=list(font_files) or None)
    except ValueError as exc:
        raise NetworkError(f"the PNG renderer refused the ecomap: {exc}") from exc
    return bytes(png)
