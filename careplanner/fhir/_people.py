"""The client -> Patient; the people of the support network -> RelatedPerson.

Pseudonymised (the default), a person is known by the case's pseudonymous id only: no name, no
birth date (the case holds an age, not a birth date), no contact details. Without
pseudonymisation the names the case holds are added as ``HumanName.text`` (the case does not
split a Chinese name into family and given names, so neither does the export).
"""

from __future__ import annotations

from careplanner.fhir._context import Context, Json, coding
from careplanner.fhir._settings import OrganisationId
from careplanner.fhir._tables import codes, texts
from careplanner.models import Contact, SupportTie

#: Relations that are not a person: a group or an organisation is no RelatedPerson.
_NOT_PEOPLE = frozenset({"group", "organisation"})


def patient_entry(ctx: Context) -> tuple[str, Json]:
    """The client as a Patient."""
    client = ctx.case.client
    language = {"coding": [{"system": codes().systems["bcp47"], "code": ctx.lang}]}
    patient = ctx.resource(
        "Patient",
        identifier=[ctx.identifier("client", client.id)],
        gender=client.sex,
        communication=[{"language": language, "preferred": True}],
    )
    organisation = ctx.settings.organisation
    if organisation is not None:
        patient["managingOrganization"] = organisation_reference(organisation)
    if not ctx.pseudonymise and client.name:
        patient["name"] = [{"text": client.name}]
    return ctx.url("patient"), patient


def related_entries(ctx: Context) -> list[tuple[str, Json]]:
    """The people the client has a tie with at this assessment, in the order of the ties.

    These are the contact nodes `careplanner.network.build_network` draws for the assessment,
    less groups and organisations. ``active`` is true for an active tie, false for a dormant or
    a possible one.
    """
    contacts = {c.id: c for c in ctx.case.contacts}
    ties = [t for t in ctx.assessment.ties if contacts[t.contact].relation not in _NOT_PEOPLE]
    return [(ctx.url("contact", t.contact), _related(ctx, contacts[t.contact], t)) for t in ties]


def _related(ctx: Context, contact: Contact, tie: SupportTie) -> Json:
    words = {**texts().relations[contact.relation], **contact.label}
    entry = codes().relations.get(contact.relation)
    person = ctx.resource(
        "RelatedPerson",
        identifier=[ctx.identifier("contact", f"{ctx.case.client.id}/{contact.id}")],
        active=tie.status == "active",
        patient=ctx.ref("patient"),
        relationship=[ctx.concept([coding(entry)] if entry else [], words)],
    )
    if not ctx.pseudonymise and contact.name:
        person["name"] = [{"text": contact.name}]
    return person


def organisation_reference(organisation: OrganisationId) -> Json:
    """A logical reference to the organisation, by its identifier (no Organization entry)."""
    reference: Json = {"identifier": {"system": organisation.system, "value": organisation.value}}
    if organisation.display is not None:
        reference["display"] = organisation.display
    return reference
