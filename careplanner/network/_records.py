"""A support network as rows of text (one per node, one per edge): what GraphML and CSV hold.

Encoding (docs/network.md, "Files"): text as is; ``closeness`` as an integer;
``contacts_per_month`` as Python's shortest round-trip float (``repr``); booleans as
``true``/``false``; a tuple of support types as its codes joined by ``;`` in the canonical
order (``emotional;practical``), the empty tuple as the empty string. An empty cell is an
absent attribute, except for the two support columns of a tie. Derived columns are written
for viewers and recomputed on reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from careplanner.errors import NetworkError
from careplanner.network._schema import (
    DERIVED_KEYS,
    IDENTIFIER,
    LABEL_KEYS,
    SUPPORT_TYPES,
    TIE_KEYS,
    canonical_support,
    derived,
    validate,
)

Record = dict[str, str]

NODE_KEYS: tuple[str, ...] = ("kind", *LABEL_KEYS)
EDGE_KEYS: tuple[str, ...] = (*TIE_KEYS, *DERIVED_KEYS)
#: The file type of each attribute that is not text (GraphML ``attr.type``).
TYPES: dict[str, str] = {
    "closeness": "int",
    "contacts_per_month": "double",
    "stressful": "boolean",
    "formal": "boolean",
    "kin": "boolean",
}
_SUPPORT_KEYS = ("support_given", "support_received")


def node_keys(show_identity: bool) -> tuple[str, ...]:
    """Return the node attributes written to a file; ``name`` only with `show_identity`."""
    return (*NODE_KEYS, "name") if show_identity else NODE_KEYS


def to_records(G: nx.Graph, show_identity: bool) -> tuple[list[Record], list[Record]]:
    """Return the node and edge rows of a valid `G`, sorted; a tie's source is its rater."""
    validate(G)
    keys = node_keys(show_identity)
    nodes = [
        {"id": node, **{k: _encode(data[k]) for k in keys if k in data}}
        for node, data in sorted(G.nodes(data=True))
    ]
    edges = []
    for u, v, data in G.edges(data=True):
        source, target = _oriented(u, v, data)
        recorded = {k: data[k] for k in TIE_KEYS if k in data}
        row = recorded | derived(recorded)
        edges.append({"source": source, "target": target} | {k: _encode(x) for k, x in row.items()})
    edges.sort(key=lambda row: (row["source"], row["target"]))
    return nodes, edges


def from_records(
    nodes: Iterable[Mapping[str, str]], edges: Iterable[Mapping[str, str]]
) -> nx.Graph:
    """Return the graph the rows describe; raise `NetworkError` if they contradict each other.

    A node or edge listed twice with the same attributes is kept once; with different
    attributes it is an error, as is an edge to a node not listed.
    """
    G = nx.Graph()
    for index, row in enumerate(nodes):
        _check_id(f"node row {index + 1}", row["id"])
        node, data = row["id"], _decode_node(row)
        if node in G and G.nodes[node] != data:
            raise NetworkError(f"node {node!r}: listed twice with different attributes")
        G.add_node(node, **data)
    for index, row in enumerate(edges):
        for end in ("source", "target"):
            _check_id(f"edge row {index + 1}", row[end])
        _add_edge(G, row)
    clients = [n for n, kind in G.nodes(data="kind") if kind == "client"]
    if len(clients) == 1:
        G.graph["ego"] = clients[0]
    validate(G)
    for _, _, data in G.edges(data=True):
        data.update(derived(data))
    return G


def _check_id(where: str, value: str) -> None:
    """Refuse an id that is not a pseudonym before any message can repeat it."""
    if not IDENTIFIER.fullmatch(value):
        raise NetworkError(
            f"{where}: ids must be pseudonymous identifiers matching {IDENTIFIER.pattern!r}"
        )


def _oriented(u: str, v: str, data: Mapping[str, Any]) -> tuple[str, str]:
    if data["kind"] == "tie":
        return (u, v) if data["rater"] == u else (v, u)
    return (u, v) if u < v else (v, u)


def _encode(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def _decode_node(row: Mapping[str, str]) -> dict[str, str]:
    return {k: row[k] for k in (*NODE_KEYS, "name") if row.get(k)}


def _add_edge(G: nx.Graph, row: Mapping[str, str]) -> None:
    u, v = row["source"], row["target"]
    where = f"tie ({u!r}, {v!r})"
    for end in (u, v):
        if end not in G:
            raise NetworkError(f"{where}: {end!r} is not a known node")
    data = _decode_edge(where, row)
    if G.has_edge(u, v) and G.edges[u, v] != data:
        raise NetworkError(f"{where}: listed twice with different attributes")
    G.add_edge(u, v, **data)


def _decode_edge(where: str, row: Mapping[str, str]) -> dict[str, Any]:
    keys = TIE_KEYS if row.get("kind") == "tie" else ("kind", "closeness")
    data: dict[str, Any] = {}
    for key in keys:
        raw = row.get(key) or ""
        if raw or key in _SUPPORT_KEYS:
            data[key] = _decode_value(where, key, raw)
    return data


def _decode_value(where: str, key: str, raw: str) -> object:
    try:
        if key == "closeness":
            return int(raw)
        if key == "contacts_per_month":
            return float(raw)
    except ValueError:
        raise NetworkError(f"{where}: {key!r} must be a number, got {raw!r}") from None
    if key == "stressful":
        if raw.lower() not in ("true", "false"):
            raise NetworkError(f"{where}: 'stressful' must be true or false, got {raw!r}")
        return raw.lower() == "true"
    if key in _SUPPORT_KEYS:
        codes = tuple(raw.split(";")) if raw else ()
        return canonical_support(codes) if set(codes) <= set(SUPPORT_TYPES) else codes
    return raw
