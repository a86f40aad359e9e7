"""The rules engine: an assessment's facts -> flagged needs, proposed interventions, a trace.

Rule packs are data (``default.yaml``; `load_pack` reads a copy an organisation changed).
`evaluate` runs a pack through durable-rules where it loads (CPython 3.11 and 3.12) and through
the python engine elsewhere (`resolve_engine` says which; ``engine=`` chooses); the python
engine, also `reference_evaluate`, runs the same pack as plain Python predicates and gives
identical findings; `explain` says, for every need, which
rules fired or why not, and which single change of a fact would flip it. docs/rules.md
explains the pack and the engine.
"""

from typing import TYPE_CHECKING, Any

from careplanner._lazy import lazy_attribute
from careplanner._renamed import renamed
from careplanner.rules._engines import (
    ENGINE_CHOICES,
    ENGINE_VARIABLE,
    EngineChoice,
    durable_problem,
    resolve_engine,
)

if TYPE_CHECKING:  # what type checkers see; at run time `__getattr__` imports them
    from careplanner.rules._catalogue import FactCatalogue, FactSpec, load_fact_catalogue
    from careplanner.rules._evaluate import evaluate, evaluate_many
    from careplanner.rules._explain import (
        Counterfactual,
        CounterfactualChange,
        Explanation,
        NeedExplanation,
        RuleCheck,
        explain,
    )
    from careplanner.rules._floor import FLOOR as SAFETY_FLOOR
    from careplanner.rules._floor import Signal, apply_floor
    from careplanner.rules._load import active_pack, default_pack, load_pack
    from careplanner.rules._pack import RulePack, pack_schema
    from careplanner.rules._reference import reference_evaluate
    from careplanner.rules._results import (
        EngineRef,
        Evidence,
        FactEvidence,
        Findings,
        Need,
        NeedEvidence,
        PackRef,
        Proposal,
        ProposedOrdering,
        TraceEntry,
    )

#: Names imported on first use, and the module each comes from.
_LAZY = {
    "Counterfactual": "careplanner.rules._explain",
    "CounterfactualChange": "careplanner.rules._explain",
    "EngineRef": "careplanner.rules._results",
    "Evidence": "careplanner.rules._results",
    "Explanation": "careplanner.rules._explain",
    "FactCatalogue": "careplanner.rules._catalogue",
    "FactEvidence": "careplanner.rules._results",
    "FactSpec": "careplanner.rules._catalogue",
    "Findings": "careplanner.rules._results",
    "Need": "careplanner.rules._results",
    "NeedEvidence": "careplanner.rules._results",
    "NeedExplanation": "careplanner.rules._explain",
    "PackRef": "careplanner.rules._results",
    "Proposal": "careplanner.rules._results",
    "ProposedOrdering": "careplanner.rules._results",
    "RuleCheck": "careplanner.rules._explain",
    "RulePack": "careplanner.rules._pack",
    "SAFETY_FLOOR": "careplanner.rules._floor:FLOOR",
    "Signal": "careplanner.rules._floor",
    "TraceEntry": "careplanner.rules._results",
    "active_pack": "careplanner.rules._load",
    "apply_floor": "careplanner.rules._floor",
    "default_pack": "careplanner.rules._load",
    "evaluate": "careplanner.rules._evaluate",
    "evaluate_many": "careplanner.rules._evaluate",
    "explain": "careplanner.rules._explain",
    "load_fact_catalogue": "careplanner.rules._catalogue",
    "load_pack": "careplanner.rules._load",
    "pack_schema": "careplanner.rules._pack",
    "reference_evaluate": "careplanner.rules._reference",
}

__all__ = [
    "ENGINE_CHOICES",
    "ENGINE_VARIABLE",
    "SAFETY_FLOOR",
    "Counterfactual",
    "CounterfactualChange",
    "EngineChoice",
    "EngineRef",
    "Evidence",
    "Explanation",
    "FactCatalogue",
    "FactEvidence",
    "FactSpec",
    "Findings",
    "Need",
    "NeedEvidence",
    "NeedExplanation",
    "PackRef",
    "Proposal",
    "ProposedOrdering",
    "RuleCheck",
    "RulePack",
    "Signal",
    "TraceEntry",
    "active_pack",
    "apply_floor",
    "default_pack",
    "durable_problem",
    "evaluate",
    "evaluate_many",
    "explain",
    "load_fact_catalogue",
    "load_pack",
    "pack_schema",
    "reference_evaluate",
    "resolve_engine",
]

#: Old names kept working, with a DeprecationWarning, for one minor release (docs/api.md).
_RENAMED = {
    "Catalogue": "FactCatalogue",
    "load_catalogue": "load_fact_catalogue",
    "FactChange": "CounterfactualChange",
    "Ordering": "ProposedOrdering",
}


def __getattr__(name: str) -> Any:
    """Import a name of `_LAZY` on first use (PEP 562); an old name of `_RENAMED` warns."""
    if name in _LAZY:
        return lazy_attribute(globals(), _LAZY, name)
    new = _RENAMED.get(name)
    if new in _LAZY and new not in globals():
        lazy_attribute(globals(), _LAZY, new)
    return renamed(__name__, name, _RENAMED, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
