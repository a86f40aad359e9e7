"""The facts the rules engine reads about a support network.

Their names, types and ranges are defined once, in the fact catalogue
(``careplanner/rules/facts.yaml``: the entries whose producer is ``careplanner.network``);
each is named after the `NetworkMeasures` field it reports, ``net.<field>``, or
``net.<type>_providers`` for the providers of one support type.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, cast

from careplanner.network._measures import NetworkMeasures
from careplanner.network._schema import SUPPORT_TYPES

Fact = int | float | bool
#: The producer the fact catalogue names for the network facts.
PRODUCER = "careplanner.network"
_PROVIDERS = "_providers"

if TYPE_CHECKING:
    FACT_NAMES: tuple[str, ...]


@cache
def fact_names() -> tuple[str, ...]:
    """Every fact `network_facts` produces, in the fact catalogue's order.

    Examples
    --------
    >>> fact_names()[:3]
    ('net.size', 'net.informal_size', 'net.formal_size')
    """
    from careplanner.rules._catalogue import bundled_fact_catalogue

    return tuple(s.name for s in bundled_fact_catalogue().facts if s.producer == PRODUCER)


def __getattr__(name: str) -> tuple[str, ...]:
    """``FACT_NAMES``: `fact_names()`, read from the fact catalogue when first asked for."""
    if name == "FACT_NAMES":
        return fact_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def network_facts(measures: NetworkMeasures) -> dict[str, Fact]:
    """Return the network facts the rules engine reads, named ``net.<measure>``.

    Parameters
    ----------
    measures : NetworkMeasures
        The measures of one ego network (`measure`).

    Returns
    -------
    dict of str to int, float or bool
        Exactly the names of `fact_names`; docs/network.md defines each.

    Examples
    --------
    >>> import networkx as nx
    >>> from careplanner.network import measure
    >>> G = nx.Graph(ego="c"); G.add_node("c", kind="client")
    >>> facts = network_facts(measure(G))
    >>> facts["net.size"], facts["net.dependency"], facts["net.isolated"]
    (0, 0.0, True)
    """
    providers = cast("dict[str, int]", measures.providers)
    return {
        name: providers[field] if of_providers else cast("Fact", getattr(measures, field))
        for name, field, of_providers in _sources()
    }


@cache
def _sources() -> tuple[tuple[str, str, bool], ...]:
    """Each fact of `fact_names` with what it reports: a measure, or a type's providers."""
    sources = []
    for name in fact_names():
        field = name.removeprefix("net.")
        kind = field.removesuffix(_PROVIDERS)
        of_providers = field.endswith(_PROVIDERS) and kind in SUPPORT_TYPES
        sources.append((name, kind if of_providers else field, of_providers))
    return tuple(sources)
