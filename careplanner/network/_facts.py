"""The facts the rules engine reads about a support network (names agreed with its owner)."""

from __future__ import annotations

from careplanner.network._measures import NetworkMeasures

Fact = int | float | bool

#: Every fact `network_facts` produces, in order. The rule packs refer to these names.
FACT_NAMES: tuple[str, ...] = (
    "net.size",
    "net.informal_size",
    "net.formal_size",
    "net.kin_size",
    "net.nonkin_size",
    "net.informal_outside_household",
    "net.monthly_contacts",
    "net.emotional_providers",
    "net.practical_providers",
    "net.informational_providers",
    "net.companionship_providers",
    "net.financial_providers",
    "net.confidants_besides_spouse",
    "net.dependency",
    "net.top_contributor_is_spouse",
    "net.types_lost_if_top_removed",
    "net.isolated",
    "net.far_ties",
    "net.reciprocity",
    "net.density",
)


def network_facts(measures: NetworkMeasures) -> dict[str, Fact]:
    """Return the network facts the rules engine reads, named ``net.<measure>``.

    Parameters
    ----------
    measures : NetworkMeasures
        The measures of one ego network (`measure`).

    Returns
    -------
    dict of str to int, float or bool
        Exactly the names in `FACT_NAMES`; docs/network.md defines each.

    Examples
    --------
    >>> import networkx as nx
    >>> from careplanner.network import measure
    >>> G = nx.Graph(ego="c"); G.add_node("c", kind="client")
    >>> facts = network_facts(measure(G))
    >>> facts["net.size"], facts["net.dependency"], facts["net.isolated"]
    (0, 0.0, True)
    """
    m = measures
    providers = {f"net.{t}_providers": n for t, n in m.providers.items()}
    facts: dict[str, Fact] = {
        "net.size": m.size,
        "net.informal_size": m.informal_size,
        "net.formal_size": m.formal_size,
        "net.kin_size": m.kin_size,
        "net.nonkin_size": m.nonkin_size,
        "net.informal_outside_household": m.informal_outside_household,
        "net.monthly_contacts": m.monthly_contacts,
        **providers,
        "net.confidants_besides_spouse": m.confidants_besides_spouse,
        "net.dependency": m.dependency,
        "net.top_contributor_is_spouse": m.top_contributor_is_spouse,
        "net.types_lost_if_top_removed": m.types_lost_if_top_removed,
        "net.isolated": m.isolated,
        "net.far_ties": m.far_ties,
        "net.reciprocity": m.reciprocity,
        "net.density": m.density,
    }
    return {name: facts[name] for name in FACT_NAMES}
