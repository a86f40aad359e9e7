"""The ecomap holds a real network: no label overlaps another text or a node, none leaves
the canvas, and the legend names exactly the styles drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplanner.network import ecomap_png, ecomap_svg
from careplanner.network._layout import ASCENT, LINE, overlap
from careplanner.network._metrics import measure_with
from careplanner.network._text import text

from .network_strategies import crowded_map, crowded_maps, ego_map, tie

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
MEASURE = measure_with(None)


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def label_boxes(root: ET.Element) -> list[Box]:
    """The box of every contact label, from its position, anchor and measured lines."""
    boxes = []
    for label in root.iter(f"{SVG}text"):
        if "label" not in _classes(label):
            continue
        lines = [span.text or "" for span in label.iter(f"{SVG}tspan")]
        width = max(MEASURE(part, 14) for part in lines)
        x, top = float(label.attrib["x"]), float(label.attrib["y"]) - ASCENT
        left = {"start": x, "end": x - width, "middle": x - width / 2}[label.attrib["text-anchor"]]
        boxes.append((left, top, left + width, top + LINE * len(lines)))
    return boxes


def shape_boxes(root: ET.Element) -> list[Box]:
    """The box of every node, the client included."""
    boxes = []
    for shape in root.iter():
        if (shape.tag == f"{SVG}circle" and shape.get("fill") in ("#fff3b0",)) or (
            shape.tag in (f"{SVG}circle", f"{SVG}rect") and _in_node(root, shape)
        ):
            boxes.append(_box_of(shape))
    return boxes


def _in_node(root: ET.Element, shape: ET.Element) -> bool:
    return any(shape in list(group) for group in root.iter(f"{SVG}g") if "node" in _classes(group))


def _box_of(shape: ET.Element) -> Box:
    if shape.tag == f"{SVG}circle":
        x, y, r = (float(shape.attrib[k]) for k in ("cx", "cy", "r"))
        return (x - r, y - r, x + r, y + r)
    x, y, w, h = (float(shape.attrib[k]) for k in ("x", "y", "width", "height"))
    return (x, y, x + w, y + h)


def legend_box(root: ET.Element) -> Box:
    rows = [g for g in root.iter(f"{SVG}g") if "legend" in _classes(g)]
    top = min(float(t.attrib["y"]) - 14 for g in rows for t in g.iter(f"{SVG}text"))
    bottom = max(
        float(t.attrib["y"]) + 16 * (len(list(t)) - 1) + 4
        for g in rows
        for t in g.iter(f"{SVG}text")
    )
    left = min(float(line.attrib["x1"]) for g in rows for line in g.iter(f"{SVG}line"))
    return (left, top, float(root.attrib["width"]), bottom)


def assert_readable(svg: str) -> None:
    root = ET.fromstring(svg)
    labels = label_boxes(root)
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    for index, box in enumerate(labels):
        assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height, box
        assert not any(overlap(box, other) for other in labels[index + 1 :]), box
        assert not any(overlap(box, shape) for shape in shape_boxes(root)), box
        assert not overlap(box, legend_box(root)), box


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("n", range(1, 31))
def test_ecomap_svg_places_labels_apart_when_network_grows_to_30(n, lang):
    assert_readable(ecomap_svg(crowded_map(n), lang=lang, deceased=["son, died 2015"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_maps(), st.sampled_from(["en", "zh-CN"]))
def test_ecomap_svg_places_labels_apart_for_any_network_of_1_to_30(G, lang):
    assert_readable(ecomap_svg(G, lang=lang))


def test_ecomap_svg_wraps_long_labels_whole_instead_of_cutting():
    G = crowded_map(30)
    svg = ecomap_svg(G, lang="en")
    root = ET.fromstring(svg)
    shown = [
        " ".join(span.text or "" for span in label.iter(f"{SVG}tspan"))
        for label in root.iter(f"{SVG}text")
        if "label" in _classes(label)
    ]
    assert "…" not in svg
    assert "community health service centre of the old town" in shown
    assert "hospital psychiatric outpatient clinic" in shown
    numbered = [t for t in root.iter(f"{SVG}text") if "key-number" in _classes(t)]
    assert len(shown) + len(numbered) == 30


def drawn_styles(root: ET.Element) -> set[str]:
    """The legend keys of what the map draws, read from the drawing's classes."""
    styles: set[str] = set()
    for line in root.iter(f"{SVG}line"):
        classes = _classes(line)
        if classes[:1] == ["tie"]:
            styles.update(classes[1:])
            styles.update({"flow"} if "marker-end" in line.attrib else set())
        styles.update({"link"} if classes == ["link"] else set())
    for group in root.iter(f"{SVG}g"):
        classes = _classes(group)
        if classes[:1] == ["node"]:
            styles.update(c for c in classes[1:] if c != "person")
            styles.update({"inactive_contact"} if "inactive" in classes else set())
    styles.discard("inactive")
    styles.update({"household"} if list(root.iter(f"{SVG}polygon")) else set())
    return styles


@pytest.mark.parametrize("n", [1, 3, 6, 16, 30])
def test_ecomap_svg_legend_names_every_style_drawn_and_no_other(n):
    words = text().legend
    for lang in ("en", "zh-CN"):
        root = ET.fromstring(ecomap_svg(crowded_map(n), lang=lang))
        rows = {
            _classes(g)[1]: "".join(g.itertext())
            for g in root.iter(f"{SVG}g")
            if _classes(g)[:1] == ["legend"] and _classes(g)[1] != "circle"
        }
        assert set(rows) == drawn_styles(root)
        for key, shown in rows.items():  # the words, wrapped to the column
            assert shown.replace(" ", "") == words[key][lang].replace(" ", "")


def test_ecomap_svg_draws_dormant_and_possible_ties_unlike_each_other_and_the_circles():
    root = ET.fromstring(ecomap_svg(crowded_map(16), lang="en"))
    lines = {tuple(_classes(e)): e.attrib for e in root.iter(f"{SVG}line") if "tie" in _classes(e)}
    dormant, possible = lines[("tie", "dormant")], lines[("tie", "possible")]
    rings = {
        c.get("stroke-dasharray") for c in root.iter(f"{SVG}circle") if c.get("fill") == "none"
    }
    looks = [(d["stroke"], d["stroke-dasharray"]) for d in (dormant, possible)]
    assert looks[0] != looks[1]
    assert rings == {None}  # the convoy circles are solid; no tie line is
    nodes = [g for g in root.iter(f"{SVG}g") if "inactive" in _classes(g)]
    shapes = [s for g in nodes for s in g if s.tag in (f"{SVG}circle", f"{SVG}rect")]
    assert len(shapes) == 3 and {s.get("stroke-dasharray") for s in shapes} == {"5 3"}


def test_ecomap_svg_encloses_client_and_household_in_a_boundary():
    G = ego_map(
        {
            "wife": tie("c", relation="spouse", distance="household", closeness=5),
            "son": tie("c", relation="child", distance="household", closeness=4),
            "friend": tie("c", relation="friend", distance="far", closeness=2),
        }
    )
    root = ET.fromstring(ecomap_svg(G, lang="en"))
    (boundary,) = root.iter(f"{SVG}polygon")
    points = [tuple(map(float, p.split(","))) for p in boundary.attrib["points"].split()]
    centres = {
        "".join(g.find(f"{SVG}title").itertext()): _centre(g)  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if "node" in _classes(g)
    }
    assert _inside(centres["wife"], points) and _inside(centres["son"], points)
    assert not _inside(centres["friend"], points)
    client = next(c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#fff3b0")
    assert _inside((float(client.attrib["cx"]), float(client.attrib["cy"])), points)
    apart = ego_map({"friend": tie("c", distance="far")})
    assert not list(ET.fromstring(ecomap_svg(apart, lang="en")).iter(f"{SVG}polygon"))


def _centre(group: ET.Element) -> tuple[float, float]:
    box = _box_of(next(s for s in group if s.tag in (f"{SVG}circle", f"{SVG}rect")))
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray casting: whether `point` lies inside `polygon`."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_ecomap_svg_title_wraps_and_names_the_map():
    title = "Ecomap of client C-0042: intake assessment, 2024-03-08 " * 3
    root = ET.fromstring(ecomap_svg(crowded_map(4), lang="en", title=title))
    heading = next(t for t in root.iter(f"{SVG}text") if "title" in _classes(t))
    spans = [s.text for s in heading]
    assert len(spans) > 1 and " ".join(spans) == title.strip()
    assert root.find(f"{SVG}title").text == title.strip()  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_ecomap_png_of_30_contacts_is_taller_only_when_the_key_needs_it(lang):
    svg = ecomap_svg(crowded_map(30), lang=lang)
    root = ET.fromstring(svg)
    numbered = [t for t in root.iter(f"{SVG}text") if "key-number" in _classes(t)]
    assert (float(root.attrib["height"]) > 818) == bool(numbered)
    png = ecomap_png(crowded_map(30), lang=lang)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_ecomap_svg_numbers_labels_in_a_key_when_no_place_is_free():
    G = nx.Graph(ego="c")
    G.add_node("c", kind="client")
    for i in range(30):
        G.add_node(f"p{i:02d}", kind="person", label_en=f"contact {i:02d} with a rather long label")
        G.add_edge("c", f"p{i:02d}", **tie("c", closeness=5))
    root = ET.fromstring(ecomap_svg(G, lang="en"))
    numbered = [t.text for t in root.iter(f"{SVG}text") if "key-number" in _classes(t)]
    key = next(g for g in root.iter(f"{SVG}g") if _classes(g) == ["key"])
    assert numbered and numbered == [str(i) for i in range(1, len(numbered) + 1)]
    assert "".join(key.itertext()).count("with a rather long label") == len(numbered)
    assert_readable(ET.tostring(root, encoding="unicode"))
