"""ecomap_svg and ecomap_png: the picture a worker reads."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner.errors import NetworkError
from careplanner.network import build_network, ecomap_png, ecomap_svg

from .network_cases import CLOSURE, SEED_CASE
from .network_strategies import ego_map, ego_maps, tie

SVG = "{http://www.w3.org/2000/svg}"


def styled() -> nx.Graph:
    """One tie of each look: strong both ways, tenuous in, weak stressful out, dormant."""
    return ego_map(
        {
            "s": tie("c", relation="spouse", closeness=5, contacts_per_month=30,
                     given=("emotional",), received=("practical",)),
            "t": tie("c", relation="community_staff", closeness=2, given=("informational",)),
            "x": tie("c", relation="other_kin", closeness=3, received=("financial",),
                     stressful=True),
            "d": tie("c", relation="friend", status="dormant", given=("companionship",)),
        }
    )  # fmt: skip


def tie_lines(svg: str) -> dict[str, dict[str, str]]:
    root = ET.fromstring(svg)
    return {
        line.attrib["class"]: line.attrib
        for line in root.iter(f"{SVG}line")
        if line.attrib.get("class", "").startswith("tie")
    }


def test_ecomap_svg_styles_lines_by_strength_stress_and_flow():
    lines = tie_lines(ecomap_svg(styled(), lang="en"))
    assert sorted(lines) == ["tie dormant", "tie strong", "tie tenuous", "tie weak stressful"]
    strong, tenuous = lines["tie strong"], lines["tie tenuous"]
    stressed, dormant = lines["tie weak stressful"], lines["tie dormant"]
    assert strong["stroke-width"] == "5" and "stroke-dasharray" not in strong
    assert "marker-start" in strong and "marker-end" in strong  # support flows both ways
    assert tenuous["stroke-dasharray"] == "9 6" and "marker-start" not in tenuous
    assert (tenuous["x2"], tenuous["y2"]) != (tenuous["x1"], tenuous["y1"])
    assert stressed["stroke"] == "#c0392b" and stressed["marker-end"].endswith("-stress)")
    assert "marker-end" not in dormant and dormant["stroke-dasharray"] == "0.5 7"


def test_ecomap_svg_points_inflowing_arrow_at_client():
    svg = ecomap_svg(styled(), lang="en")
    line = tie_lines(svg)["tie tenuous"]  # t gives, client takes
    end = (float(line["x2"]), float(line["y2"]))
    start = (float(line["x1"]), float(line["y1"]))
    client = next(c for c in ET.fromstring(svg).iter(f"{SVG}circle") if c.get("r") == "40.0")
    centre = (float(client.attrib["cx"]), float(client.attrib["cy"]))
    assert _distance(end, centre) < _distance(start, centre)


def test_ecomap_svg_is_identical_when_graph_built_in_other_order():
    G = styled()
    H = nx.Graph(ego="c")
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    assert ecomap_svg(G, lang="zh-CN") == ecomap_svg(H, lang="zh-CN")


def test_ecomap_svg_shows_labels_in_case_language_as_characters():
    G = build_network(SEED_CASE, CLOSURE)
    zh, en = ecomap_svg(G, lang="zh-CN"), ecomap_svg(G, lang="en")
    assert ">妹妹</tspan>" in zh and ">案主</tspan>" in zh and ">内圈：亲密度 5</tspan>" in zh
    assert ">sister</tspan>" in en and ">Client</tspan>" in en


def test_ecomap_svg_falls_back_to_id_and_hides_names_unless_identity_shown():
    G = ego_map({"p1": tie("c")})
    G.nodes["p1"]["name"] = "Chen Jing"
    G.nodes["c"]["name"] = "Liu Mei"
    hidden = ecomap_svg(G, lang="en")
    assert ">p1</tspan>" in hidden and "Chen" not in hidden and "Liu" not in hidden
    shown = ecomap_svg(G, lang="en", show_identity=True)
    assert ">Chen Jing</tspan>" in shown and ">Liu Mei</tspan>" in shown


def test_ecomap_svg_escapes_every_text_when_label_is_markup():
    G = ego_map({"p1": tie("c")})
    G.nodes["p1"]["label_en"] = '<script>alert("x")</script>'
    svg = ecomap_svg(G, lang="en", title="A & B <i>")
    root = ET.fromstring(svg)  # well-formed
    assert not list(root.iter(f"{SVG}script"))
    assert "&lt;script&gt;" in svg and "A &amp; B &lt;i&gt;" in svg
    assert "href" not in svg  # self-contained: nothing fetched


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("old friend", ["old friend"]),
        (
            "community health service centre of the old town",
            ["community health service centre of", "the old town"],
        ),
        ("社区卫生服务中心老城区分中心一二三四五", ["社区卫生服务中心老城区分中心一二三四五"]),
    ],
)
def test_ecomap_svg_keeps_whole_label_wrapped_at_word_breaks(label, lines):
    G = ego_map({"p1": tie("c")})
    G.nodes["p1"]["label_en"] = label
    root = ET.fromstring(ecomap_svg(G, lang="en"))
    (shown,) = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert [span.text for span in shown] == lines


def test_ecomap_svg_raises_when_graph_has_no_client():
    G = nx.Graph()
    G.add_node("a", kind="person")
    with pytest.raises(NetworkError, match="'ego' must be given"):
        ecomap_svg(G, lang="en")


def test_ecomap_png_renders_picture_of_svg_size():
    G = build_network(SEED_CASE, CLOSURE)
    height = float(ET.fromstring(ecomap_svg(G, lang="zh-CN")).attrib["height"])
    for zoom in (1.0, 0.5):
        png = ecomap_png(G, lang="zh-CN", zoom=zoom)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (round(1180 * zoom), round(height * zoom))


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def test_ecomap_svg_draws_client_alone_when_no_ties():
    root = ET.fromstring(ecomap_svg(ego_map({}), lang="en"))
    assert not [line for line in root.iter(f"{SVG}line") if "tie" in line.get("class", "")]
    (client,) = [t for t in root.iter(f"{SVG}text") if t.get("class") == "client"]
    assert [span.text for span in client] == ["Client"]


@settings(max_examples=40)
@given(ego_maps(names=True), st.sampled_from(["en", "zh-CN"]), st.booleans())
def test_ecomap_svg_is_well_formed_for_any_ego_map(G, lang, show_identity):
    svg = ecomap_svg(G, lang=lang, show_identity=show_identity)
    root = ET.fromstring(svg)
    ties = [line for line in root.iter(f"{SVG}line") if "tie" in line.get("class", "")]
    assert len(ties) == G.degree("c")  # every neighbour of the client is a tie


def test_ecomap_png_refuses_chinese_labels_without_a_cjk_font(monkeypatch):
    from careplanner.network import _png

    monkeypatch.setattr(_png, "find_cjk_font", lambda: None)
    G = build_network(SEED_CASE, CLOSURE)
    with pytest.raises(NetworkError) as caught:
        ecomap_png(G, lang="zh-CN")
    assert str(caught.value).startswith(
        "the ecomap has Chinese labels but no font of the CJK families Noto Sans CJK SC, "
        "Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei"
    )
    assert "fonts-noto-cjk" in str(caught.value) and "--font FILE" in str(caught.value)
    assert ecomap_png(G, lang="en")[:4] == b"\x89PNG"  # English labels need no CJK font


def test_ecomap_png_draws_with_a_font_file_given_where_the_system_has_none(monkeypatch):
    from careplanner.network import _png

    installed = _png.find_cjk_font()
    assert installed is not None  # the Makefile installs fonts-noto-cjk for the tests
    monkeypatch.setattr(_png, "find_cjk_font", lambda: None)
    G = build_network(SEED_CASE, CLOSURE)
    assert ecomap_png(G, lang="zh-CN", font=installed.path)[:8] == b"\x89PNG\r\n\x1a\n"
    given = ecomap_png(G, lang="zh-CN", font_files=[str(installed.path)])
    assert given == ecomap_png(G, lang="zh-CN", font=installed.path)


def test_ecomap_png_refuses_a_font_argument_that_is_no_font(tmp_path):
    fake = tmp_path / "notes.ttf"
    fake.write_text("not a font", encoding="utf-8")
    with pytest.raises(NetworkError, match=r"font 'notes.ttf' is not a readable TrueType"):
        ecomap_png(build_network(SEED_CASE, CLOSURE), lang="en", font=fake)
