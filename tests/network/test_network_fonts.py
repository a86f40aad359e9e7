"""Finding a CJK font by family name in the font folders of Linux, macOS and Windows."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from careplanner.network._fonts import FontMatch, find_cjk_font, font_dirs, font_families


def sfnt(*families: str, platform_id: int = 3) -> bytes:
    """A minimal OpenType font: a table directory with only a ``name`` table of `families`."""
    encode = "mac_roman" if platform_id == 1 else "utf-16-be"
    strings = [f.encode(encode) for f in families]
    count = len(strings)
    records, offset = b"", 0
    for n, raw in enumerate(strings):
        name_id = 16 if n else 1
        records += struct.pack(">HHHHHH", platform_id, 1, 0x409, name_id, len(raw), offset)
        offset += len(raw)
    table = struct.pack(">HHH", 0, count, 6 + 12 * count) + records + b"".join(strings)
    header = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
    directory = struct.pack(">4sIII", b"name", 0, 12 + 16, len(table))
    return header + directory + table


def collection(*fonts: bytes) -> bytes:
    """A font collection (``ttcf``) of `fonts`, with their table offsets moved accordingly."""
    head = 12 + 4 * len(fonts)
    offsets, body = [], b""
    for font in fonts:
        start = head + len(body)
        offsets.append(start)
        (name_offset,) = struct.unpack_from(">I", font, 12 + 8)
        moved = font[:20] + struct.pack(">I", start + name_offset) + font[24:]
        body += moved
    header = struct.pack(">4sHHI", b"ttcf", 1, 0, len(fonts))
    return header + struct.pack(f">{len(fonts)}I", *offsets) + body


def install(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_font_families_reads_a_font_and_every_font_of_a_collection(tmp_path: Path) -> None:
    single = install(tmp_path, "a.otf", sfnt("Source Han Sans SC"))
    both = install(tmp_path, "b.ttc", collection(sfnt("SimSun"), sfnt("NSimSun")))
    mac = install(tmp_path, "c.ttf", sfnt("Heiti SC", platform_id=1))
    assert font_families(single) == {"Source Han Sans SC"}
    assert font_families(both) == {"SimSun", "NSimSun"}
    assert font_families(mac) == {"Heiti SC"}
    assert font_families(install(tmp_path, "d.ttf", b"PK\x03\x04 not a font")) == frozenset()


def test_windows_font_folder_yields_microsoft_yahei_from_msyh_ttc(tmp_path: Path) -> None:
    windows, home = tmp_path / "Windows", tmp_path / "Users" / "li"
    env = {"WINDIR": str(windows), "LOCALAPPDATA": str(home / "AppData" / "Local")}
    dirs = font_dirs("Windows", env, home)
    assert dirs == (
        windows / "Fonts",
        home / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts",
    )
    install(dirs[0], "arial.ttf", sfnt("Arial"))
    yahei = install(
        dirs[0], "msyh.ttc", collection(sfnt("Microsoft YaHei"), sfnt("Microsoft YaHei UI"))
    )
    assert find_cjk_font(dirs) == FontMatch("Microsoft YaHei", yahei)


def test_windows_user_font_folder_is_searched_too(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "li"
    env = {"WINDIR": str(tmp_path / "Windows"), "LOCALAPPDATA": str(home / "AppData" / "Local")}
    dirs = font_dirs("Windows", env, home)
    deng = install(dirs[1], "Deng.ttf", sfnt("DengXian"))
    assert find_cjk_font(dirs) == FontMatch("DengXian", deng)


def test_macos_font_folders_yield_pingfang_sc_by_family_name(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "li"
    system = font_dirs("Darwin", {}, home)
    assert system[-1] == home / "Library" / "Fonts"
    root = tmp_path / "root"
    dirs = tuple(
        root / d.relative_to("/") if d.is_absolute() and d != system[-1] else d for d in system
    )
    install(dirs[0], "Helvetica.ttc", collection(sfnt("Helvetica")))
    pingfang = install(
        dirs[1], "PingFang.ttc", collection(sfnt("PingFang HK"), sfnt("PingFang SC"))
    )
    install(dirs[3], "user-font.otf", sfnt("Hiragino Sans GB"))
    assert find_cjk_font(dirs) == FontMatch("PingFang SC", pingfang)


def test_linux_folders_follow_xdg_data_home(tmp_path: Path) -> None:
    dirs = font_dirs("Linux", {"XDG_DATA_HOME": str(tmp_path / "data")}, tmp_path / "home")
    assert dirs[2:] == (tmp_path / "home" / ".fonts", tmp_path / "data" / "fonts")
    wqy = install(dirs[3] / "wqy", "wqy-zenhei.ttc", collection(sfnt("WenQuanYi Zen Hei")))
    assert find_cjk_font(dirs[2:]) == FontMatch("WenQuanYi Zen Hei", wqy)


@pytest.mark.parametrize("system", ["Windows", "Darwin", "Linux"])
def test_no_cjk_family_in_the_folders_finds_nothing(tmp_path: Path, system: str) -> None:
    folder = install(tmp_path / system, "latin.ttf", sfnt("DejaVu Sans")).parent
    assert find_cjk_font((folder,)) is None
