"""The rules engine: an assessment's facts -> flagged needs, proposed interventions, a trace.

Rule packs are data (``default.yaml``; `load_pack` reads a copy an organisation changed).
`evaluate` runs a pack through durable-rules where it loads (CPython 3.11 and 3.12) and through
the python engine elsewhere (`resolve_engine` says which; ``engine=`` chooses); the python
engine, also `reference_evaluate`, runs the same pack as plain Python predicates and gives
identical findings; `explain` says, for every need, which
rules fired or why not, and which single change of a fact would flip it. docs/rules.md
explains the pack and the engine.
"""

from typing import Any

from careplanner._renamed import renamed
from careplanner.rules._catalogue import FactCatalogue, FactSpec, load_fact_catalogue
from careplanner.rules._engines import (
    ENGINE_CHOICES,
    ENGINE_VARIABLE,
    EngineChoice,
    durable_problem,
    resolve_engine,
)
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
    return renamed(__name__, name, _RENAMED, globals())
