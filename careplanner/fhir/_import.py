"""QuestionnaireResponses (with a Patient and RelatedPersons where present) -> a case.

A response is read as one scale's answers at its ``authored`` date. The scale is the one whose
Questionnaire (``<base>/Questionnaire/<scale id>``) it answers or, for a form another system
built on LOINC (the US Core PHQ-9, whose linkIds are LOINC item codes), the scale whose
verified LOINC item codes its linkIds are. An answer is read from careplanner's answer code, a
verified LOINC answer code (PHQ-9 LL358-3), an integer or a string equal to one of the item's
answer codes. Anything else is reported in `ResponseImport.unmapped`, never dropped silently;
a message names the response, the linkId and the codes allowed, never a text answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from careplanner._load import case_from_data
from careplanner.errors import FhirExportError
from careplanner.fhir._settings import FhirSettings, active_settings
from careplanner.fhir._tables import codes
from careplanner.instruments import Scale, get_scale, load_scales
from careplanner.models import AssessmentKind, Case

_READ_STATUSES = ("completed", "amended")
#: Put before an unmapped answer to a safety item: the signal must be read by a person.
_SAFETY = "SAFETY ITEM, review by hand: "


class ResponseImport(BaseModel):
    """The case the responses gave, and every answer that could not be mapped."""

    model_config = ConfigDict(frozen=True)

    case: Case
    unmapped: tuple[str, ...]


class _Answers(NamedTuple):
    date: str
    worker: str | None
    scale: str
    answers: dict[str, int | str]


def import_responses(
    data: Mapping[str, Any],
    *,
    case: Case | None = None,
    client: Mapping[str, Any] | None = None,
    kind: AssessmentKind = "review",
    worker: str | None = None,
    settings: FhirSettings | None = None,
) -> ResponseImport:
    """Read scale answers from QuestionnaireResponses into a case.

    Parameters
    ----------
    data : mapping
        A FHIR Bundle (any type) holding QuestionnaireResponses, or one QuestionnaireResponse.
    case : Case, optional
        The case to add the answers to: each response date becomes an assessment, or adds to
        the scales of the case's assessment of that date.
    client : mapping, optional
        Without `case`: the client fields FHIR does not carry (``age``,
        ``living_arrangement``, ...); ``id`` and ``sex`` come from the Patient when present.
    kind : {"intake", "review", "closure", "follow_up"}
        The kind of each new assessment.
    worker : str, optional
        The worker's pseudonymous id when a response names no author.
    settings : FhirSettings, optional
        Where careplanner's Questionnaires and codes live.

    Returns
    -------
    ResponseImport
        The validated case and the answers that could not be mapped.

    Raises
    ------
    FhirExportError
        No response can be read, a response has no date or worker, or the Patient is another
        client than `case`'s.
    CaseValidationError
        The answers, with `case` or `client`, do not make a valid case.
    """
    if not isinstance(data, Mapping):
        raise FhirExportError("data: must be a FHIR resource (a mapping), e.g. a Bundle")
    settings = settings or active_settings()
    resources = list(_resources(data))
    unmapped: list[str] = []
    read = []
    for number, resource in enumerate(r for r in resources if _is(r, "QuestionnaireResponse")):
        found = _read_response(resource, number, settings, unmapped)
        if found is not None:
            read.append(found._replace(worker=found.worker or worker))
    if not read:
        raise FhirExportError("data: holds no QuestionnaireResponse careplanner can read")
    patient = next((r for r in resources if _is(r, "Patient")), None)
    base = _base_case(case, client, patient, settings)
    base["assessments"] = _merged(base.get("assessments", []), read, kind)
    people = [r for r in resources if _is(r, "RelatedPerson")]
    base["contacts"] = _contacts(base, people, settings, unmapped)
    return ResponseImport(
        case=case_from_data(base, "the imported responses"), unmapped=tuple(unmapped)
    )


def _resources(data: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if data.get("resourceType") == "Bundle":
        for entry in _maps(data.get("entry")):
            if isinstance(entry.get("resource"), Mapping):
                yield entry["resource"]
    else:
        yield data


def _maps(value: object) -> list[Mapping[str, Any]]:
    """The mappings of a JSON list; anything else in a FHIR list is not read."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _is(resource: Mapping[str, Any], kind: str) -> bool:
    return resource.get("resourceType") == kind


def _read_response(
    response: Mapping[str, Any], number: int, settings: FhirSettings, unmapped: list[str]
) -> _Answers | None:
    where = f"QuestionnaireResponse {number}"
    status = response.get("status")
    if status not in _READ_STATUSES:
        allowed = list(_READ_STATUSES)
        unmapped.append(f"{where}: status {status!r} is not read; it must be one of {allowed}")
        return None
    authored = str(response.get("authored", ""))[:10]
    if len(authored) != 10:
        raise FhirExportError(f"{where}.authored: needs a date YYYY-MM-DD")
    items = list(_items(response.get("item", [])))
    scale = _scale_of(response, items, settings)
    if scale is None:
        url = str(response.get("questionnaire", ""))
        unmapped.append(f"{where}: questionnaire {url!r} is not one of careplanner's scales")
        return None
    answers: dict[str, int | str] = {}
    for link_id, answer in items:
        item_id = _item_id(scale, link_id)
        code = _code(scale, item_id, answer, settings) if item_id is not None else None
        if item_id is None:
            unmapped.append(f"{where} ({scale.id}) item {link_id!r}: not an item of the scale")
        elif code is None:
            allowed = sorted(scale.answer_scores(item_id))
            safety = _SAFETY if item_id in _safety_items(scale) else ""
            unmapped.append(
                f"{safety}{where} ({scale.id}) item {link_id!r}: the answer must be one of "
                f"{allowed}"
            )
        else:
            answers[item_id] = int(code) if code.isdecimal() and str(int(code)) == code else code
    return _Answers(authored, _author(response, settings), scale.id, answers)


def _safety_items(scale: Scale) -> set[str]:
    return {i for flag in scale.item_flags if flag.kind == "safety" for i in flag.items}


def _items(items: object) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(linkId, answer) of every answer, nested items included."""
    for item in _maps(items):
        for answer in _maps(item.get("answer")):
            yield str(item.get("linkId", "")), answer
            yield from _items(answer.get("item"))
        yield from _items(item.get("item"))


def _scale_of(
    response: Mapping[str, Any], items: list[tuple[str, Mapping[str, Any]]], settings: FhirSettings
) -> Scale | None:
    url = str(response.get("questionnaire", "")).partition("|")[0]
    prefix = settings.canonical("Questionnaire", "")
    if url.startswith(prefix) and url.removeprefix(prefix) in load_scales():
        return get_scale(url.removeprefix(prefix))
    by_loinc = _loinc_items()
    scales = {by_loinc[link][0] for link, _ in items if link in by_loinc}
    return get_scale(scales.pop()) if len(scales) == 1 else None


def _loinc_items() -> dict[str, tuple[str, str]]:
    """LOINC item code -> (scale id, item id), from the verified codes."""
    return {
        entry.code: (scale_id, item_id)
        for scale_id, table in codes().instruments.items()
        for item_id, entry in table.items.items()
    }


def _item_id(scale: Scale, link_id: str) -> str | None:
    if link_id in scale.items_by_id:
        return link_id
    found = _loinc_items().get(link_id)
    return found[1] if found is not None and found[0] == scale.id else None


def _code(
    scale: Scale, item_id: str, answer: Mapping[str, Any], settings: FhirSettings
) -> str | None:
    allowed = scale.answer_scores(item_id)
    answer_set = scale.item(item_id).answers
    coding = answer.get("valueCoding")
    if isinstance(coding, Mapping):
        system, code = coding.get("system"), str(coding.get("code", ""))
        if system == settings.local("answer"):
            prefix = f"{scale.id}.{answer_set}."
            code = code.removeprefix(prefix) if code.startswith(prefix) else ""
        elif system == codes().systems["loinc"]:
            options = codes().instruments.get(scale.id)
            loinc = options.answers.get(answer_set, {}) if options is not None else {}
            code = next((own for own, e in loinc.items() if e.code == code), "")
        else:
            code = ""
    elif isinstance(answer.get("valueInteger"), int):
        code = str(answer["valueInteger"])
    else:
        code = str(answer.get("valueString", ""))
    return code if code in allowed else None


def _author(response: Mapping[str, Any], settings: FhirSettings) -> str | None:
    identifier = _map(_map(response.get("author")).get("identifier"))
    if identifier.get("system") == settings.identifier("worker"):
        return str(identifier.get("value"))
    return None


def _base_case(
    case: Case | None,
    client: Mapping[str, Any] | None,
    patient: Mapping[str, Any] | None,
    settings: FhirSettings,
) -> dict[str, Any]:
    client_id = _patient_id(patient, settings) if patient is not None else None
    if case is not None:
        if client_id is not None and client_id != case.client.id:
            raise FhirExportError("Patient.identifier: is another client than the case's")
        return case.model_dump(mode="json", exclude_none=True)
    fields: dict[str, Any] = dict(client or {})
    if client_id is not None:
        fields.setdefault("id", client_id)
    if patient is not None and isinstance(patient.get("gender"), str):
        fields.setdefault("sex", patient["gender"])
    return {"client": fields}


def _patient_id(patient: Mapping[str, Any], settings: FhirSettings) -> str | None:
    system = settings.identifier("client")
    found = [i.get("value") for i in _maps(patient.get("identifier")) if i.get("system") == system]
    return str(found[0]) if found else None


def _merged(
    assessments: list[dict[str, Any]], read: list[_Answers], kind: AssessmentKind
) -> list[dict[str, Any]]:
    """The case's assessments with the answers added, by date, in date order."""
    by_date = {a["date"]: dict(a) for a in assessments}
    for found in read:
        if found.date not in by_date:
            if found.worker is None:
                raise FhirExportError(
                    f"QuestionnaireResponse.author of {found.date}: names no worker "
                    "(pass the worker's pseudonymous id)"
                )
            by_date[found.date] = {"date": found.date, "kind": kind, "worker": found.worker}
        assessment = by_date[found.date]
        assessment["scales"] = {**assessment.get("scales", {}), found.scale: found.answers}
    return [by_date[date] for date in sorted(by_date)]


def _contacts(
    base: Mapping[str, Any],
    people: list[Mapping[str, Any]],
    settings: FhirSettings,
    unmapped: list[str],
) -> list[dict[str, Any]]:
    """The case's contacts, then each RelatedPerson of this client the case does not hold."""
    contacts = [dict(c) for c in base.get("contacts", [])]
    known = {c["id"] for c in contacts}
    prefix = f"{base.get('client', {}).get('id')}/"
    system = settings.identifier("contact")
    for number, person in enumerate(people):
        ids = [
            str(i.get("value", "")).removeprefix(prefix)
            for i in _maps(person.get("identifier"))
            if i.get("system") == system and str(i.get("value", "")).startswith(prefix)
        ]
        if not ids:
            unmapped.append(
                f"RelatedPerson {number}: no identifier {system}|{prefix}<contact id>; not read"
            )
        elif ids[0] not in known:
            known.add(ids[0])
            contacts.append(_contact(ids[0], person, number, unmapped))
    return contacts


def _contact(
    contact_id: str, person: Mapping[str, Any], number: int, unmapped: list[str]
) -> dict[str, Any]:
    by_code = {entry.code: relation for relation, entry in codes().relations.items()}
    relationship = next(iter(_maps(person.get("relationship"))), {})
    found = [c.get("code") for c in _maps(relationship.get("coding"))]
    relation = next((by_code[c] for c in found if c in by_code), None)
    if relation is None:
        relation = "other"
        unmapped.append(
            f"RelatedPerson {number}: relationship {found} is none of "
            f"{sorted(by_code)}; read as 'other'"
        )
    contact: dict[str, Any] = {"id": contact_id, "relation": relation}
    names = _maps(person.get("name"))
    if names and isinstance(names[0].get("text"), str):
        contact["name"] = names[0]["text"]
    return contact
