"""A FHIR store that processes transactions by the R4 rules, for the tests.

No FHIR server installs from the package registries reachable here (the reference servers are
Java, from Maven), so the tests run the transaction rules of the specification
(https://hl7.org/fhir/R4/http.html#transaction) on this small store instead:

- POST with ``ifNoneExist``: an existing match is used as it is, else the resource is created;
- PUT ``Type/id``: the resource is stored under that id (update as create);
- every reference to an entry's fullUrl is replaced by ``Type/id`` of the stored resource;
- a reference that matches no entry and no stored resource fails the whole transaction.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any
from urllib.parse import unquote

Json = dict[str, Any]


class TransactionFailed(Exception):
    """The transaction is refused as a whole; nothing was stored."""


class Store:
    """Resources by ``Type/id``; `transaction` applies a transaction bundle atomically."""

    def __init__(self) -> None:
        self.resources: dict[str, Json] = {}
        self._ids = itertools.count(1)

    def add(self, resource: Json) -> str:
        """Store a resource the host already had, with a server-assigned id."""
        key = f"{resource['resourceType']}/host-{next(self._ids)}"
        self.resources[key] = {**resource, "id": key.split("/")[1]}
        return key

    def transaction(self, bundle: Json) -> list[str]:
        """Apply `bundle`; return the ``Type/id`` of each entry, in entry order."""
        if bundle.get("type") != "transaction":
            raise TransactionFailed("not a transaction")
        staged = dict(self.resources)
        keys = {e["fullUrl"]: self._target(e, staged) for e in bundle["entry"]}
        for entry in bundle["entry"]:
            key = keys[entry["fullUrl"]]
            if key in self.resources and entry["request"]["method"] == "POST":
                continue  # a conditional create that matched: left as it is
            resource = _rewrite(copy.deepcopy(entry["resource"]), keys, staged)
            staged[key] = {**resource, "id": key.split("/")[1]}
        self.resources = staged
        return list(keys.values())

    def _target(self, entry: Json, staged: dict[str, Json]) -> str:
        request, resource = entry["request"], entry["resource"]
        kind = resource["resourceType"]
        if request["method"] == "PUT" and "?" not in request["url"]:
            return str(request["url"])
        if request["method"] == "POST" and "ifNoneExist" in request:
            matches = [k for k, r in staged.items() if _matches(r, kind, request["ifNoneExist"])]
            if len(matches) > 1:
                raise TransactionFailed(f"{kind}?{request['ifNoneExist']}: several matches")
            if matches:
                return matches[0]
            return f"{kind}/created-{next(self._ids)}"
        raise TransactionFailed(f"unsupported request {request}")


def _matches(resource: Json, kind: str, search: str) -> bool:
    name, _, value = search.partition("=")
    if resource["resourceType"] != kind or name != "identifier":
        return False
    system, _, code = unquote(value).partition("|")
    return any(
        i.get("system") == system and i.get("value") == code for i in resource.get("identifier", [])
    )


def _rewrite(node: Any, keys: dict[str, str], staged: dict[str, Json]) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, keys, staged) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _rewrite(v, keys, staged) for k, v in node.items()}
    reference = node.get("reference")
    if isinstance(reference, str):
        if reference in keys:
            out["reference"] = keys[reference]
        elif reference not in staged:
            raise TransactionFailed(f"reference {reference!r} resolves to nothing")
    return out
