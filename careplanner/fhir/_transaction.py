"""Put entries into a Bundle: a ``collection`` file, or a ``transaction`` a FHIR server stores.

A transaction follows the R4 RESTful rules (https://hl7.org/fhir/R4/http.html#transaction):

- every entry keeps its ``urn:uuid:`` fullUrl, and every reference stays that URL: the server
  replaces it with the stored resource's id when it processes the transaction;
- the Patient is a conditional create, ``POST Patient`` with ``ifNoneExist`` =
  ``identifier=<client system>|<client id>``: a record the host already holds for that id is
  used as it is (not overwritten), otherwise one is created, and the references to the
  Patient's fullUrl resolve to whichever it is;
- every other resource is an update by id, ``PUT <Type>/<id>``, the id being the UUID of its
  fullUrl. The UUID derives from the pseudonymous client id and the resource's key, so sending
  the same export again updates the same resources instead of adding copies. The server must
  allow a client to choose ids (update as create; R4 CapabilityStatement
  ``rest.resource.updateCreate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from urllib.parse import quote

from careplanner.errors import UnknownCodeError
from careplanner.fhir._context import Json

BundleType = Literal["collection", "transaction"]
BUNDLE_TYPES: tuple[BundleType, ...] = ("collection", "transaction")

#: Resource types created only when the server has none with the same identifier.
_CONDITIONAL = frozenset({"Patient"})
_UUID_URL = "urn:uuid:"


def assemble_bundle(entries: Sequence[tuple[str, Json]], kind: str, language: str | None) -> Json:
    """Return a Bundle of type `kind` holding `entries` (fullUrl, resource) in order.

    Raises
    ------
    UnknownCodeError
        `kind` is not ``collection`` or ``transaction``.
    """
    if kind not in BUNDLE_TYPES:
        raise UnknownCodeError("bundle", kind, BUNDLE_TYPES)
    bundle: Json = {"resourceType": "Bundle"}
    if language is not None:
        bundle["language"] = language
    bundle["type"] = kind
    if kind == "collection":
        bundle["entry"] = [{"fullUrl": url, "resource": resource} for url, resource in entries]
    else:
        bundle["entry"] = [_transaction_entry(url, resource) for url, resource in entries]
    return bundle


def _transaction_entry(url: str, resource: Json) -> Json:
    kind = resource["resourceType"]
    if kind in _CONDITIONAL:
        identifier = resource["identifier"][0]
        match = f"identifier={_search(identifier['system'])}|{_search(identifier['value'])}"
        request = {"method": "POST", "url": kind, "ifNoneExist": match}
        return {"fullUrl": url, "resource": resource, "request": request}
    resource_id = url.removeprefix(_UUID_URL)
    with_id = {"resourceType": kind, "id": resource_id, **_without_type(resource)}
    request = {"method": "PUT", "url": f"{kind}/{resource_id}"}
    return {"fullUrl": url, "resource": with_id, "request": request}


def _without_type(resource: Json) -> Json:
    return {k: v for k, v in resource.items() if k != "resourceType"}


def _search(value: str) -> str:
    """A token of a search URL: reserved characters escaped, a URL's ``:`` and ``/`` kept."""
    return quote(value, safe=":/")
