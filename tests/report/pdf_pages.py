"""PDF pages as a person sees them: pypdfium2 draws each page, and we read it back.

`Page` gives a page's size in points, its text, and how far down the page the ink reaches
(a half-empty page shows there). `png` writes a drawn page as a PNG without Pillow.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import pypdfium2 as pdfium

#: A4 in PDF points (1/72 inch), as Chromium writes it.
A4 = (595, 842)
#: A pixel lighter than this counts as paper.
PAPER = 245


@dataclass(frozen=True)
class Page:
    """One drawn page."""

    size: tuple[int, int]
    text: str
    #: How far down the page the lowest ink is, from 0 (blank) to 1 (the bottom edge).
    filled: float
    #: The page drawn in colour: width, height and RGB rows.
    width: int
    height: int
    rgb: bytes


def pages(pdf: bytes, scale: float = 1.5) -> list[Page]:
    """Every page of `pdf`, drawn at `scale` (1 = 72 dpi)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_page(document[n], scale) for n in range(len(document))]
    finally:
        document.close()


def _page(page: pdfium.PdfPage, scale: float) -> Page:
    width, height = page.get_size()
    text = page.get_textpage().get_text_range().replace("\r\n", "\n")
    grey = page.render(scale=scale, grayscale=True)
    rows = [
        bytes(grey.buffer[y * grey.stride : y * grey.stride + grey.width])
        for y in range(grey.height)
    ]
    inked = [y for y, row in enumerate(rows) if min(row) < PAPER]
    colour = page.render(scale=scale, rev_byteorder=True)
    rgb = b"".join(
        bytes(colour.buffer[y * colour.stride : y * colour.stride + colour.width * 3])
        for y in range(colour.height)
    )
    return Page(
        size=(round(width), round(height)),
        text=text,
        filled=(inked[-1] + 1) / grey.height if inked else 0.0,
        width=colour.width,
        height=colour.height,
        rgb=rgb,
    )


def png(page: Page) -> bytes:
    """The drawn page as a PNG file (8-bit RGB)."""
    row = page.width * 3
    raw = b"".join(b"\x00" + page.rgb[y * row : (y + 1) * row] for y in range(page.height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", page.width, page.height, 8, 2, 0, 0, 0)
    return b"".join(
        (b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(raw, 9)),
         chunk(b"IEND", b""))
    )  # fmt: skip
