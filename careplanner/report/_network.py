"""The support network in the report: the ecomap, a few measures, the ties and suggestions.

The ecomap is the only markup the report inserts unescaped, and it comes from
`careplanner.network.ecomap_svg`, which escapes every label it draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from careplanner.models import Assessment, Case, Contact
from careplanner.network import (
    LinkSuggestion,
    NetworkMeasures,
    build_network,
    deceased_labels,
    ecomap_svg,
)
from careplanner.report._text import Words


@dataclass(frozen=True)
class TieView:
    """One tie at the date of the assessment."""

    contact: str
    relation: str
    status: str
    closeness: int
    per_month: str
    support: str


@dataclass(frozen=True)
class LinkView:
    """A suggested tie to revive or build, with the reason."""

    rank: int
    contact: str
    status: str
    reason: str


@dataclass(frozen=True)
class NetworkView:
    """The support map at one assessment."""

    title: str
    ecomap: Markup
    measures: tuple[tuple[str, str], ...]
    ties: tuple[TieView, ...]


def ecomap(case: Case, assessment: Assessment, words: Words, show_identity: bool) -> Markup:
    """The ecomap SVG as markup; `ecomap_svg` escapes every text it draws."""
    graph = build_network(case, assessment, show_identity=show_identity)
    title = words("network.map_title", date=assessment.date.isoformat())
    deceased = deceased_labels(case, words.lang, show_identity=show_identity)
    svg = ecomap_svg(
        graph, lang=words.lang, show_identity=show_identity, title=title, deceased=deceased
    )
    return Markup(svg)


def network_view(
    case: Case,
    assessment: Assessment,
    measures: NetworkMeasures,
    words: Words,
    show_identity: bool,
) -> NetworkView:
    """The map, the main measures and the ties of one assessment."""
    contacts = {c.id: c for c in case.contacts}
    return NetworkView(
        title=words("network.map_title", date=assessment.date.isoformat()),
        ecomap=ecomap(case, assessment, words, show_identity),
        measures=_measures(measures, contacts, words, show_identity, case.client.has_spouse),
        ties=tuple(
            TieView(
                contact=contact_label(contacts[t.contact], words, show_identity),
                relation=words(f"relation.{contacts[t.contact].relation}"),
                status=words(f"tie_status.{t.status}"),
                closeness=t.closeness,
                per_month=f"{t.contacts_per_month:g}",
                support=words.join(words(f"support.{s}") for s in t.support_given) or "-",
            )
            for t in assessment.ties
        ),
    )


def link_views(
    case: Case, links: tuple[LinkSuggestion, ...], words: Words, show_identity: bool
) -> tuple[LinkView, ...]:
    """The suggested ties, best first."""
    contacts = {c.id: c for c in case.contacts}
    return tuple(
        LinkView(
            rank=link.rank,
            contact=contact_label(contacts[link.contact], words, show_identity),
            status=words(f"tie_status.{link.status}"),
            reason=words.pick(link.reason),
        )
        for link in links
        if link.contact in contacts
    )


def contact_label(contact: Contact, words: Words, show_identity: bool) -> str:
    """A contact's name with `show_identity`, else its label in the language, else its id."""
    if show_identity and contact.name:
        return contact.name
    return contact.label.get(words.lang) or contact.id


def confidants_key(has_spouse: bool) -> str:
    """The words for the confidant count: "besides the spouse" only for a client who has one."""
    return "network.confidants" if has_spouse else "network.confidants_no_spouse"


def _measures(
    m: NetworkMeasures,
    contacts: dict[str, Contact],
    words: Words,
    show_identity: bool,
    has_spouse: bool,
) -> tuple[tuple[str, str], ...]:
    top = contacts.get(m.top_contributor or "")
    uncovered = words.join(words(f"support.{s}") for s in m.uncovered)
    rows = [
        ("network.size", str(m.size)),
        (confidants_key(has_spouse), str(m.confidants_besides_spouse)),
        ("network.dependency", f"{m.dependency:.0%}"),
        ("network.top", contact_label(top, words, show_identity) if top else "-"),
        ("network.lost_if_top", str(m.types_lost_if_top_removed)),
        ("network.uncovered", uncovered or "-"),
        ("network.far_ties", str(m.far_ties)),
        ("network.isolated", words("common.yes") if m.isolated else words("common.no")),
    ]
    return tuple((words(key), value) for key, value in rows)
