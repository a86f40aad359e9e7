"""Read and write a support network as GraphML or as node and edge CSV (Gephi's layout).

Both keep every recorded attribute (encoding in `careplanner.network._records`); a round
trip returns an equal graph. Names are written only with ``show_identity=True``.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.network._records import (
    EDGE_KEYS,
    TYPES,
    Record,
    from_records,
    node_keys,
    to_records,
)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
#: Characters XML 1.0 cannot carry (or that a parser would rewrite, like CR).
_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: A spreadsheet runs a cell that starts with one of these as a formula (CWE-1236).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_FREE_TEXT = ("label_en", "label_zh-CN", "name")


def to_graphml(G: nx.Graph, *, show_identity: bool = False) -> str:
    """Return `G` as a GraphML document (text), readable by Gephi, yEd and networkx.

    Raises
    ------
    NetworkError
        `G` breaks the schema, or a label holds a character XML 1.0 cannot carry.

    References
    ----------
    .. [1] Brandes U. et al. "GraphML Progress Report". Graph Drawing 2001, LNCS 2265,
       501-512. http://graphml.graphdrawing.org/specification.html
    """
    nodes, edges = to_records(G, show_identity)
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    ids = _declare_keys(root, "node", node_keys(show_identity)) | _declare_keys(
        root, "edge", EDGE_KEYS
    )
    graph = ET.SubElement(root, "graph", id="G", edgedefault="undirected")
    for row in nodes:
        _element(graph, "node", {"id": row["id"]}, row, ids["node"])
    for row in edges:
        ends = {"source": row["source"], "target": row["target"]}
        _element(graph, "edge", ends, row, ids["edge"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def from_graphml(text: str) -> nx.Graph:
    """Return the support network in a GraphML document written by `to_graphml` or a tool.

    Keys are matched by ``attr.name``; unknown keys are ignored; ``<default>`` values apply.

    Raises
    ------
    NetworkError
        The text is not GraphML of an undirected graph, or the network breaks the schema
        (a tie to an unknown node, a self-tie, a value out of range, a node or tie listed
        twice with different attributes).
    """
    try:
        root = ET.fromstring(text)  # expat >= 2.4 refuses entity-expansion bombs
    except ET.ParseError as exc:
        raise NetworkError(f"not a GraphML document: {exc}") from None
    graph = _child(root, "graph")
    if graph is None or graph.get("edgedefault", "directed") != "undirected":
        raise NetworkError("GraphML must hold one <graph edgedefault='undirected'>")
    keys, defaults = _read_keys(root)
    nodes = [
        {"id": el.get("id", "")} | _data(el, keys, defaults["node"])
        for el in _children(graph, "node")
    ]
    edges = []
    for el in _children(graph, "edge"):
        if el.get("directed") == "true":
            raise NetworkError("GraphML edges must be undirected")
        ends = {"source": el.get("source", ""), "target": el.get("target", "")}
        edges.append(ends | _data(el, keys, defaults["edge"]))
    return from_records(nodes, edges)


def to_csv(G: nx.Graph, *, show_identity: bool = False) -> tuple[str, str]:
    """Return `G` as two CSV texts, nodes and edges, with Gephi's ``Id``/``Source``/``Target``.

    Free-text cells (labels, names) that a spreadsheet would run as a formula get a leading
    ``'``; `from_csv` removes it, so the round trip is exact.
    """
    nodes, edges = to_records(G, show_identity)
    node_columns = ("Id", *node_keys(show_identity))
    edge_columns = ("Source", "Target", "Type", *EDGE_KEYS)
    node_rows = [
        {"Id": r["id"]} | {k: _defuse(k, v) for k, v in r.items() if k != "id"} for r in nodes
    ]
    edge_rows = [
        {"Source": r["source"], "Target": r["target"], "Type": "Undirected"}
        | {k: v for k, v in r.items() if k not in ("source", "target")}
        for r in edges
    ]
    return _write_csv(node_columns, node_rows), _write_csv(edge_columns, edge_rows)


def from_csv(nodes: str, edges: str) -> nx.Graph:
    """Return the support network in node and edge CSV texts (as `to_csv` writes them).

    Raises
    ------
    NetworkError
        A column is missing, or the network breaks the schema (see `from_graphml`).
    """
    node_rows = [
        {"id": row["id"]} | {k: _restore(k, v) for k, v in row.items() if k != "id"}
        for row in _read_csv(nodes, {"Id": "id"})
    ]
    edge_rows = _read_csv(edges, {"Source": "source", "Target": "target"})
    return from_records(node_rows, edge_rows)


def _declare_keys(root: ET.Element, domain: str, names: Sequence[str]) -> dict[str, dict[str, str]]:
    ids = {}
    for index, name in enumerate(names):
        key_id = f"{domain[0]}{index}"
        attr_type = TYPES.get(name, "string")
        ET.SubElement(
            root, "key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": attr_type}
        )
        ids[name] = key_id
    return {domain: ids}


def _element(
    parent: ET.Element, tag: str, attrib: dict[str, str], row: Record, ids: Mapping[str, str]
) -> None:
    element = ET.SubElement(parent, tag, attrib)
    for name, key_id in ids.items():
        if name in row:
            if _NOT_XML.search(row[name]):
                raise NetworkError(f"{tag} {attrib}: {name!r} has a character XML 1.0 cannot carry")
            ET.SubElement(element, "data", key=key_id).text = row[name]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ET.Element, name: str) -> Iterable[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next(iter(_children(element, name)), None)


def _read_keys(root: ET.Element) -> tuple[dict[str, str], dict[str, Record]]:
    keys: dict[str, str] = {}
    defaults: dict[str, Record] = {"node": {}, "edge": {}}
    for key in _children(root, "key"):
        name, domain = key.get("attr.name", key.get("id", "")), key.get("for", "all")
        keys[key.get("id", "")] = name
        default = _child(key, "default")
        for target in ("node", "edge") if domain == "all" else (domain,):
            if default is not None and target in defaults:
                defaults[target][name] = default.text or ""
    return keys, defaults


def _data(element: ET.Element, keys: Mapping[str, str], defaults: Record) -> Record:
    values = dict(defaults)
    for data in _children(element, "data"):
        name = keys.get(data.get("key", ""))
        if name is not None:
            values[name] = data.text or ""
    return values


def _write_csv(columns: Sequence[str], rows: Iterable[Record]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _read_csv(text: str, required: Mapping[str, str]) -> list[Record]:
    reader = csv.DictReader(io.StringIO(text))
    missing = sorted(set(required) - set(reader.fieldnames or ()))
    if missing:
        raise NetworkError(f"CSV must have the columns {sorted(required)}; missing {missing}")
    rows = []
    for row in reader:
        cells = {k: v or "" for k, v in row.items() if isinstance(k, str)}
        rows.append({required.get(k, k): v for k, v in cells.items()})
    return rows


def _defuse(column: str, value: str) -> str:
    return "'" + value if column in _FREE_TEXT and value.startswith(_FORMULA_START) else value


def _restore(column: str, value: str) -> str:
    return value[1:] if column in _FREE_TEXT and value.startswith("'") else value
