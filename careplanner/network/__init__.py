"""The client's support network: build, measure, suggest, compare, exchange and draw it.

A network is a `networkx.Graph` with the attributes listed in docs/network.md: the client
at the centre of an ego map (`build_network`), or everyone in a community map. Measures
follow the convoy model (Kahn & Antonucci 1980) and social support theory (Cobb 1976;
Cohen & Wills 1985); the picture is an ecomap (Hartman 1978).
"""

from typing import TYPE_CHECKING, Any

from careplanner._lazy import lazy_attribute

if TYPE_CHECKING:  # what type checkers see; at run time `__getattr__` imports them
    from careplanner.network._build import build_network, deceased_labels, ecomap_title
    from careplanner.network._compare import NetworkChange, TieChange, compare_networks
    from careplanner.network._ecomap import ecomap_svg
    from careplanner.network._facts import FACT_NAMES, fact_names, network_facts
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

#: Names imported on first use, and the module each comes from.
_LAZY = {
    "FACT_NAMES": "careplanner.network._facts",
    "Fragility": "careplanner.network._measures",
    "LinkSuggestion": "careplanner.network._suggest",
    "NetworkChange": "careplanner.network._compare",
    "NetworkMeasures": "careplanner.network._measures",
    "SUPPORT_TYPES": "careplanner.network._schema",
    "TieChange": "careplanner.network._compare",
    "brokers": "careplanner.network._measures",
    "build_network": "careplanner.network._build",
    "circle": "careplanner.network._schema",
    "compare_networks": "careplanner.network._compare",
    "deceased_labels": "careplanner.network._build",
    "fact_names": "careplanner.network._facts",
    "ecomap_png": "careplanner.network._png",
    "ecomap_svg": "careplanner.network._ecomap",
    "ecomap_title": "careplanner.network._build",
    "fragility": "careplanner.network._measures",
    "from_csv": "careplanner.network._files",
    "from_graphml": "careplanner.network._files",
    "measure": "careplanner.network._measures",
    "measure_all": "careplanner.network._measures",
    "measure_built": "careplanner.network._measures",
    "network_facts": "careplanner.network._facts",
    "strength": "careplanner.network._schema",
    "suggest_links": "careplanner.network._suggest",
    "to_csv": "careplanner.network._files",
    "to_graphml": "careplanner.network._files",
    "validate": "careplanner.network._schema",
}

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


def __getattr__(name: str) -> Any:
    """Import a name of `_LAZY` on first use (PEP 562) and keep it."""
    return lazy_attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
