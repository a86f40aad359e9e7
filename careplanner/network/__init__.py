"""The client's support network: build, measure, suggest, compare, exchange and draw it.

A network is a `networkx.Graph` with the attributes listed in docs/network.md: the client
at the centre of an ego map (`build_network`), or everyone in a community map. Measures
follow the convoy model (Kahn & Antonucci 1980) and social support theory (Cobb 1976;
Cohen & Wills 1985); the picture is an ecomap (Hartman 1978).
"""

from careplanner.network._build import build_network, deceased_labels, ecomap_title
from careplanner.network._compare import NetworkChange, TieChange, compare_networks
from careplanner.network._ecomap import ecomap_svg
from careplanner.network._facts import fact_names, network_facts
from careplanner.network._files import from_csv, from_graphml, to_csv, to_graphml
from careplanner.network._measures import (
    Fragility,
    NetworkMeasures,
    brokers,
    fragility,
    measure,
    measure_all,
    measure_built,
)
from careplanner.network._png import ecomap_png
from careplanner.network._schema import SUPPORT_TYPES, circle, strength, validate
from careplanner.network._suggest import LinkSuggestion, suggest_links

__all__ = [
    "FACT_NAMES",
    "SUPPORT_TYPES",
    "Fragility",
    "LinkSuggestion",
    "NetworkChange",
    "NetworkMeasures",
    "TieChange",
    "brokers",
    "build_network",
    "circle",
    "compare_networks",
    "deceased_labels",
    "ecomap_png",
    "ecomap_svg",
    "ecomap_title",
    "fact_names",
    "fragility",
    "from_csv",
    "from_graphml",
    "measure",
    "measure_all",
    "measure_built",
    "network_facts",
    "strength",
    "suggest_links",
    "to_csv",
    "to_graphml",
    "validate",
]


def __getattr__(name: str) -> tuple[str, ...]:
    """``FACT_NAMES``: `fact_names()`, read from the fact catalogue when first asked for."""
    if name == "FACT_NAMES":
        return fact_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
