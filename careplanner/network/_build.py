"""Build a client's support network (an ego map) from a case."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

import networkx as nx

from careplanner._content._vocab import LANGUAGES
from careplanner.errors import NetworkError
from careplanner.models import Assessment, Case, Contact, Language, SupportTie
from careplanner.network._schema import (
    Adjacency,
    TieRow,
    canonical_support,
    derived,
    node_kind,
    tie_derived,
)
from careplanner.network._text import text


def build_network(
    case: Case, assessment: Assessment | None = None, *, show_identity: bool = False
) -> nx.Graph:
    """Return the client's support network at the date of one assessment.

    Parameters
    ----------
    case : careplanner.models.Case
        The case; its contacts are the possible nodes.
    assessment : careplanner.models.Assessment, optional
        The assessment whose ties and links are drawn; the latest one if not given.
    show_identity : bool
        Copy names into the graph (node attribute ``name``); off by default so that a graph
        written to a file carries pseudonymous ids and labels only.

    Returns
    -------
    networkx.Graph
        The client is node ``case.client.id`` (kind ``client``) and the graph attribute
        ``ego``. Every contact with a tie at this date (active, dormant or possible) is a
        node; a tie is a ``tie`` edge rated by the client; who-knows-whom among the contacts
        are ``link`` edges (a link to a contact without a tie at this date is left out).

    Raises
    ------
    NetworkError
        A contact has the client's id (a self-tie), or the same two contacts are linked
        twice with different closeness.

    Notes
    -----
    The convoy model (Kahn & Antonucci 1980) puts the client at the centre of a personal
    network whose members give and receive support; the ecomap (Hartman 1978) draws the same
    person-in-environment with the nature and direction of each connection [1]_, [2]_.

    References
    ----------
    .. [1] Kahn R. L., Antonucci T. C. "Convoys over the life course: attachment, roles, and
       social support". Life-span development and behavior 3 (1980) 253-286.
    .. [2] Hartman A. "Diagrammatic assessment of family relationships". Social Casework 59
       (1978) 465-476.
    """
    assessment = assessment if assessment is not None else case.latest
    client = case.client
    tied = _tied(case, assessment)
    G = nx.Graph(ego=client.id)
    G.add_node(client.id, **_identity({"kind": "client"}, client.name, show_identity))
    # whole lists in one call each: on a graph of ten people the per-call cost dominates
    G.add_edges_from((client.id, c.id, _tie_attributes(client.id, c, tie)) for c, tie in tied)
    # each tie made its contact's node, in tie order; its attributes go straight in
    # (`add_nodes_from` would read every (node, attributes) pair through a TypeError)
    nodes = G.nodes
    for contact, _ in tied:
        nodes[contact.id].update(_contact_attributes(contact, show_identity))
    G.add_edges_from(_links(assessment, {contact.id for contact, _ in tied}))
    return G


@dataclass(frozen=True)
class EgoMap:
    """The client's ties at one assessment as the measures and the suggestions read them.

    What `build_network` draws, without the graph: careplanner's own pipeline reads only
    the client's ties and the links among the contacts, so it builds no graph (under half the
    cost) and reads the ties once for both (`measure_ego`, `suggest_for`).
    """

    ego: str
    #: Every tie (active, dormant or possible), from the client's side, sorted by contact id.
    rows: tuple[TieRow, ...]
    #: Each tied contact -> the tied contacts it is linked with (who knows whom).
    links: Adjacency
    #: The tied contacts by id.
    contacts: dict[str, Contact]
    assessment: Assessment


def ego_map(case: Case, assessment: Assessment) -> EgoMap:
    """Return the client's ego map at `assessment`: the same ties and links, and the same
    errors, as `build_network` gives for it."""
    ego = case.client.id
    tied = _tied(case, assessment)
    rows = sorted((_row(contact, tie) for contact, tie in tied), key=_ALTER)
    contacts = {contact.id: contact for contact, _ in tied}
    links: dict[str, dict[str, Any]] = {alter: {} for alter in contacts}
    for a, b, data in _links(assessment, contacts):
        links[a][b] = links[b][a] = data
    return EgoMap(ego, tuple(rows), links, contacts, assessment)


_ALTER = attrgetter("alter")


def _row(contact: Contact, tie: SupportTie) -> TieRow:
    """The tie as `ego_rows` reads it from the edge `build_network` draws for it."""
    return TieRow(
        contact.id,
        contact.relation,
        contact.distance,
        tie.status,
        float(tie.contacts_per_month),
        tie.closeness,
        canonical_support(tie.support_given),
        canonical_support(tie.support_received),
        tie.stressful,
    )


def _tied(case: Case, assessment: Assessment) -> list[tuple[Contact, SupportTie]]:
    """Each tie of `assessment` with its contact, in tie order; a self-tie is an error."""
    own = case.client.id
    contacts = {c.id: c for c in case.contacts}
    tied = []
    for tie in assessment.ties:
        contact = contacts[tie.contact]
        if contact.id == own:
            raise NetworkError(f"tie ({own!r}, {contact.id!r}): a contact has the client's id")
        tied.append((contact, tie))
    return tied


#: Each language with the node attribute of its label, in the order of the languages' tags.
_LABEL_KEYS = tuple((lang, f"label_{lang}") for lang in sorted(LANGUAGES))


def _contact_attributes(contact: Contact, show_identity: bool) -> dict[str, Any]:
    attributes: dict[str, Any] = {"kind": node_kind(contact.relation)}
    labels = contact.label
    for lang, key in _LABEL_KEYS:  # a loop: a comprehension costs a call, for two languages
        if lang in labels:
            attributes[key] = labels[lang]
    return _identity(attributes, contact.name, show_identity)


def _identity(attributes: dict[str, Any], name: str | None, show: bool) -> dict[str, Any]:
    if show and name is not None:
        attributes["name"] = name
    return attributes


def _tie_attributes(rater: str, contact: Contact, tie: SupportTie) -> dict[str, Any]:
    # one literal, keys in the order of TIE_KEYS then DERIVED_KEYS: built for every tie
    relation, closeness, per_month = contact.relation, tie.closeness, tie.contacts_per_month
    given = canonical_support(tie.support_given)
    received = canonical_support(tie.support_received)
    return {
        "kind": "tie",
        "rater": rater,
        "relation": relation,
        "distance": contact.distance,
        "status": tie.status,
        "contacts_per_month": per_month,
        "closeness": closeness,
        "support_given": given,
        "support_received": received,
        "stressful": tie.stressful,
        **tie_derived(relation, closeness, per_month, given, received),
    }


def _links(assessment: Assessment, tied: Collection[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """Return the links between the `tied` contacts, each once, in the order first given."""
    links: dict[frozenset[str], tuple[str, str, dict[str, Any]]] = {}
    for link in assessment.links:
        a, b = link.between
        if a not in tied or b not in tied:
            continue
        data = _link_attributes(link.closeness)
        seen = links.setdefault(frozenset((a, b)), (a, b, data))
        if seen[2] != data:
            raise NetworkError(f"tie ({a!r}, {b!r}): linked twice with different closeness")
    return list(links.values())


@cache  # one per closeness, 1-5: networkx copies the attributes into each edge's own dict
def _link_attributes(closeness: int) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "link", "closeness": closeness}
    data.update(derived(data))
    return data


def deceased_labels(case: Case, lang: Language, *, show_identity: bool = False) -> list[str]:
    """Return how the ecomap names the people who have died, in case order.

    Every bereavement the client records (case model 2) is listed, with the year of the
    death: by the contact it names, else by its own label, else by the relation; then every
    contact marked deceased that no bereavement names.

    Examples
    --------
    >>> from careplanner import load_case
    >>> deceased_labels(load_case("example:shidu-mother"), "en")
    []
    """
    words = text()
    contacts = {c.id: c for c in case.contacts}
    shown, named = [], set()
    for loss in case.client.bereavements:
        contact = contacts.get(loss.contact) if loss.contact is not None else None
        who = _shown_name(contact, lang, show_identity) if contact is not None else None
        who = who or loss.label.get(lang) or words.deceased_relations[loss.relation][lang]
        shown.append(words.legend["died"][lang].format(who=who, year=loss.year))
        named.add(loss.contact)
    for contact in case.contacts:
        if contact.deceased and contact.id not in named:
            shown.append(_shown_name(contact, lang, show_identity))
    return shown


def _shown_name(contact: Contact, lang: Language, show_identity: bool) -> str:
    name = contact.name if show_identity else None
    return name or contact.label.get(lang) or contact.id


def ecomap_title(case: Case, assessment: Assessment, lang: Language) -> str:
    """Return the heading of an ecomap that stands alone: client id, assessment and date.

    Examples
    --------
    >>> from careplanner import load_case
    >>> case = load_case("example:shidu-mother")
    >>> ecomap_title(case, case.assessments[0], "en")  # doctest: +ELLIPSIS
    'Ecomap of client ...: intake assessment, 20...'
    """
    return (
        text()
        .legend["map_title"][lang]
        .format(
            client=case.client.id,
            kind=text().assessment_kinds[assessment.kind][lang],
            date=assessment.date.isoformat(),
        )
    )
