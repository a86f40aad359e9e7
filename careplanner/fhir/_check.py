"""Check a bundle for what ``fhir.resources`` does not: references, code values, requests.

``fhir.resources`` checks structure, types and cardinality but accepts any code value
(``CarePlan.status="bogus"`` validates with fhir.resources 8.3 R4B). `check_bundle` adds:
unique ``urn:uuid:`` fullUrls, every reference resolving inside the bundle, every code-typed
element and every Coding within the values ``codes.yaml`` lists with their sources, every
extension one careplanner declares, and the R4 rules of a transaction's requests
(https://hl7.org/fhir/R4/bundle.html#invs bdl-3; https://hl7.org/fhir/R4/http.html#transaction):
a request on every entry of a transaction or batch and on no other, a request URL naming the
entry's resource type and id, no two entries writing the same resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from careplanner.fhir._settings import FhirSettings, active_settings
from careplanner.fhir._tables import codes

_UUID_URL = "urn:uuid:"
_WITH_REQUESTS = frozenset({"transaction", "batch"})
#: A conditional reference (``Patient?identifier=...``), which a server resolves in a
#: transaction (https://hl7.org/fhir/R4/http.html#trules).
_CONDITIONAL_REFERENCE = re.compile(r"^[A-Z][A-Za-z]+\?\S+$")


def check_bundle(bundle: Mapping[str, Any], *, settings: FhirSettings | None = None) -> list[str]:
    """Return every problem of `bundle`; an empty list means it passed.

    Parameters
    ----------
    bundle : mapping
        A FHIR Bundle as JSON data, e.g. from `careplanner.fhir.fhir_bundle`.
    settings : FhirSettings, optional
        The settings the bundle was built with: they say where careplanner's code systems
        live. The bundled placeholder base when not given.

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
    problems = _url_problems(urls) + _element_problems(bundle) + _request_problems(bundle)
    found = _Found(set(urls), bundle.get("type") in _WITH_REQUESTS, settings or active_settings())
    for index, entry in enumerate(entries):
        resource = entry.get("resource", {})
        where = f"entry[{index}] ({resource.get('resourceType')})"
        problems += [f"{where} {p}" for p in _element_problems(resource)]
        problems += [f"{where} {p}" for p in _node_problems(resource, found)]
    return problems


@dataclass(frozen=True)
class _Found:
    """What a reference or a coding is checked against."""

    urls: set[str]
    conditional: bool
    settings: FhirSettings


def _request_problems(bundle: Mapping[str, Any]) -> list[str]:
    """bdl-3 and the transaction rules: requests where needed, each naming its resource."""
    kind, problems, targets = bundle.get("type"), [], []
    for index, entry in enumerate(bundle.get("entry", [])):
        request = entry.get("request")
        if kind not in _WITH_REQUESTS:
            if request is not None:
                problems.append(f"entry[{index}].request is only allowed in a transaction or batch")
        elif not isinstance(request, Mapping):
            problems.append(f"entry[{index}].request is required in a {kind}")
        else:
            resource = entry.get("resource", {})
            problems += [f"entry[{index}].request {p}" for p in _target_problems(request, resource)]
            targets += _written(request)
    duplicates = sorted({t for t in targets if targets.count(t) > 1})
    return problems + [f"request {t!r} writes the same resource twice" for t in duplicates]


def _written(request: Mapping[str, Any]) -> list[str]:
    """The resource a request writes, when it names one (a plain POST creates a new one)."""
    method, url = request.get("method"), str(request.get("url", ""))
    if method == "POST":
        match = request.get("ifNoneExist")
        return [f"{url}?{match}"] if match else []
    return [url] if method in ("PUT", "PATCH", "DELETE") else []


def _target_problems(request: Mapping[str, Any], resource: Mapping[str, Any]) -> list[str]:
    method, url = request.get("method"), str(request.get("url", ""))
    kind, resource_id = resource.get("resourceType"), resource.get("id")
    if method == "PUT" and url == f"{kind}/{resource_id}":
        return []
    if method == "PUT" and url.startswith(f"{kind}?") and resource_id is None:
        return []
    if method == "POST" and url == kind and resource_id is None:
        return []
    if method in ("PUT", "POST"):
        expected = f"PUT {kind}/<resource id>, PUT {kind}?<search> or POST {kind} without an id"
        return [f"{method} {url!r} does not match the entry's resource; expected {expected}"]
    return []


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


def _node_problems(node: object, found: _Found) -> Iterator[str]:
    """References, codings and extensions anywhere below `node`."""
    if isinstance(node, list):
        for item in node:
            yield from _node_problems(item, found)
        return
    if not isinstance(node, Mapping):
        return
    reference = node.get("reference")
    if isinstance(reference, str) and not _resolves(reference, found):
        yield f"reference {reference!r} does not resolve inside the bundle"
    if "system" in node and "code" in node:
        yield from _coding_problems(node["system"], node["code"], found.settings)
    for extension in node.get("extension", []):
        url = extension.get("url", "")
        if "://" in url and url not in codes().extensions.values():
            yield f"extension {url!r} must be one of {sorted(codes().extensions.values())}"
    for value in node.values():
        yield from _node_problems(value, found)


def _resolves(reference: str, found: _Found) -> bool:
    if reference in found.urls:
        return True
    return found.conditional and _CONDITIONAL_REFERENCE.match(reference) is not None


def _coding_problems(system: str, code: str, settings: FhirSettings) -> Iterator[str]:
    table = codes()
    local = settings.local("")
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
