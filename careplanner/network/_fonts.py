"""Find a font for Chinese labels the way a font database does: by family name, on every OS.

The folders are those resvg's font database (fontdb) scans on Linux, macOS and Windows; each
TrueType/OpenType file or collection there is opened and its family names are read from its
``name`` table (IDs 1 and 16), so ``msyh.ttc`` is found as "Microsoft YaHei" and
``PingFang.ttc`` as "PingFang SC" whatever the files are called.

References
----------
.. [1] Apple. "TrueType Reference Manual: The 'name' table". 2023.
.. [2] Microsoft. "OpenType specification 1.9: name - Naming table; Font collections". 2022.
"""

from __future__ import annotations

import os
import platform
import re
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

#: The font stack the ecomap's SVG names; `ecomap_png` swaps it for the family it found.
FONT = (
    "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC',"
    "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"
)

#: Families that cover simplified Chinese, best first: the ecomap's own font stack, then
#: those that ship with Windows and macOS or are common on Linux.
CJK_FAMILIES: tuple[str, ...] = (
    *re.findall(r"'([^']+)'", FONT),
    "Noto Serif CJK SC",
    "Source Han Sans CN",
    "Microsoft JhengHei",
    "DengXian",
    "SimHei",
    "SimSun",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Songti SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Sarasa Gothic SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
_FAMILY_IDS = (1, 16)  # font family, typographic family


@dataclass(frozen=True)
class FontMatch:
    """A font file and the CJK family it provides."""

    family: str
    path: Path


def font_dirs(
    system: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> tuple[Path, ...]:
    """The system font folders of `system` (``platform.system()`` by default), as fontdb has them.

    Examples
    --------
    >>> [str(p) for p in font_dirs("Darwin", {}, Path("/Users/a"))][1:]
    ['/System/Library/Fonts', '/System/Library/AssetsV2', '/Users/a/Library/Fonts']
    """
    system = platform.system() if system is None else system
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    if system == "Windows":
        windir = Path(env.get("WINDIR") or env.get("SystemRoot") or "C:\\Windows")
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return (windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts")
    if system == "Darwin":
        system_dirs = ("/Library/Fonts", "/System/Library/Fonts", "/System/Library/AssetsV2")
        return (*map(Path, system_dirs), home / "Library" / "Fonts")
    data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return (
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        data / "fonts",
    )


def find_cjk_font(dirs: Sequence[Path] | None = None) -> FontMatch | None:
    """The best CJK font (by `CJK_FAMILIES` order) in `dirs` (`font_dirs` by default), or None."""
    found = _families_in(tuple(font_dirs() if dirs is None else dirs))
    for family in CJK_FAMILIES:
        if family.casefold() in found:
            return FontMatch(family, found[family.casefold()])
    return None


def font_families(path: Path) -> frozenset[str]:
    """The family names a font file declares; empty when it is not a TrueType/OpenType font.

    Only the headers and the ``name`` tables are read, not the glyphs.
    """
    try:
        with path.open("rb") as handle:
            return frozenset(
                name for table in _name_tables(handle) for name in _name_records(table)
            )
    except (OSError, struct.error, UnicodeDecodeError, ValueError):
        return frozenset()


@cache
def _families_in(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Family (case-folded) -> the first file that provides it, over every font in `dirs`."""
    families: dict[str, Path] = {}
    for path in _font_files(dirs):
        for family in font_families(path):
            families.setdefault(family.casefold(), path)
    return families


def _font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    for folder in dirs:
        if folder.is_dir():
            yield from sorted(
                p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file()
            )


def faces(handle: BinaryIO) -> tuple[int, ...]:
    """The offset of each font in a file: one, or each font of a collection (``ttcf``)."""
    handle.seek(0)
    head = handle.read(12)
    if head[:4] != b"ttcf":
        return (0,)
    (count,) = struct.unpack_from(">I", head, 8)
    return struct.unpack(f">{count}I", handle.read(4 * count))


def table_directory(handle: BinaryIO, face: int) -> dict[bytes, tuple[int, int]]:
    """The tables of the font at offset `face`: tag -> (offset, length)."""
    handle.seek(face + 4)
    (tables,) = struct.unpack(">H", handle.read(2))
    handle.seek(face + 12)
    directory = handle.read(16 * tables)
    found = {}
    for n in range(tables):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * n)
        found[tag] = (offset, length)
    return found


def read_table(handle: BinaryIO, where: tuple[int, int]) -> bytes:
    """The bytes of one table, given its (offset, length) from `table_directory`."""
    handle.seek(where[0])
    return handle.read(where[1])


def _name_tables(handle: BinaryIO) -> Iterator[bytes]:
    """The ``name`` table of each font in a file."""
    for face in faces(handle):
        directory = table_directory(handle, face)
        if b"name" in directory:
            yield read_table(handle, directory[b"name"])


def _name_records(table: bytes) -> Iterator[str]:
    """The family names (IDs 1 and 16) of one ``name`` table."""
    _, count, strings = struct.unpack_from(">HHH", table, 0)
    for n in range(count):
        platform_id, _, _, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * n
        )
        if name_id in _FAMILY_IDS:
            raw = table[strings + offset : strings + offset + length]
            yield raw.decode("mac_roman") if platform_id == 1 else raw.decode("utf-16-be")
