"""Check a bundle for what ``fhir.resources`` does not: references and code values.

``fhir.resources`` checks structure, types and cardinality but accepts any code value
(``CarePlan.status="bogus"`` validates; shared/reference/fhir.md §0.2). `check_bundle` adds:
unique ``urn:uuid:`` fullUrls, every reference resolving inside the bundle, every code-typed
element and every Coding within the values ``codes.yaml`` lists with their sources, and every
extension one careplanner declares.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from careplanner.fhir._tables import codes

_UUID_URL = "urn:uuid:"


def check_bundle(bundle: Mapping[str, Any]) -> list[str]:
    """Return every problem of `bundle`; an empty list means it passed.

    Parameters
    ----------
    bundle : mapping
        A FHIR Bundle as JSON data, e.g. from `careplanner.fhir.fhir_bundle`.

    Returns
    -------
    list of str
        One message per problem, naming the entry, the element and the allowed values.

    Examples
    --------
    >>> check_bundle({"resourceType": "Bundle", "type": "collection", "entry": []})
    []
    >>> check_bundle({"resourceType": "Bundle", "type": "set"})  # doctest: +ELLIPSIS
    ["Bundle.type: 'set' must be one of ['batch', ...]"]
    """
    entries = bundle.get("entry", [])
    urls = [entry.get("fullUrl", "") for entry in entries]
    problems = _url_problems(urls) + _element_problems(bundle)
    for index, entry in enumerate(entries):
        resource = entry.get("resource", {})
        where = f"entry[{index}] ({resource.get('resourceType')})"
        problems += [f"{where} {p}" for p in _element_problems(resource)]
        problems += [f"{where} {p}" for p in _node_problems(resource, set(urls))]
    return problems


def _url_problems(urls: list[str]) -> list[str]:
    problems = [
        f"fullUrl {u!r} must start with {_UUID_URL!r}" for u in urls if not u.startswith(_UUID_URL)
    ]
    duplicates = sorted({u for u in urls if urls.count(u) > 1})
    return problems + [f"fullUrl {u!r} is used by more than one entry" for u in duplicates]


def _element_problems(resource: Mapping[str, Any]) -> list[str]:
    """Code-typed elements (``CarePlan.status``, ``*.language``) outside their allowed values."""
    problems = []
    for path, allowed in codes().allowed.elements.items():
        kind, *steps = path.split(".")
        if kind not in ("*", resource.get("resourceType")):
            continue
        for value in _values(resource, steps):
            if value not in allowed.values:
                problems.append(f"{path}: {value!r} must be one of {sorted(allowed.values)}")
    return problems


def _values(node: object, steps: list[str]) -> Iterator[object]:
    if isinstance(node, list):
        for item in node:
            yield from _values(item, steps)
    elif not steps:
        yield node
    elif isinstance(node, Mapping) and steps[0] in node:
        yield from _values(node[steps[0]], steps[1:])


def _node_problems(node: object, urls: set[str]) -> Iterator[str]:
    """References, codings and extensions anywhere below `node`."""
    if isinstance(node, list):
        for item in node:
            yield from _node_problems(item, urls)
        return
    if not isinstance(node, Mapping):
        return
    reference = node.get("reference")
    if isinstance(reference, str) and reference not in urls:
        yield f"reference {reference!r} does not resolve inside the bundle"
    if "system" in node and "code" in node:
        yield from _coding_problems(node["system"], node["code"])
    for extension in node.get("extension", []):
        url = extension.get("url", "")
        if "://" in url and url not in codes().extensions.values():
            yield f"extension {url!r} must be one of {sorted(codes().extensions.values())}"
    for value in node.values():
        yield from _node_problems(value, urls)


def _coding_problems(system: str, code: str) -> Iterator[str]:
    table = codes()
    local = table.local("")
    if system.startswith(local):
        if system.removeprefix(local) not in table.local_systems:
            yield f"code system {system!r} is not one of careplanner's {list(table.local_systems)}"
        return
    names = {uri: name for name, uri in table.systems.items()}
    allowed = table.allowed.codings.get(names.get(system, ""))
    if allowed is None:
        yield f"code system {system!r} must be one of {sorted(names)}"
    elif code not in allowed.values:
        yield f"{system}: code {code!r} must be one of {sorted(allowed.values)}"
