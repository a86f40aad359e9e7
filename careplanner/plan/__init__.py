"""The care plan: staged casework from flagged needs, sessions, re-assessment and closure.

The stages, interventions, objectives per need and closure rules are data
(``stages.yaml``, ``objectives.yaml``, ``closure.yaml``); one generic path builds every
plan. See ``docs/plan.md``.
"""

from careplanner.plan._catalogue import (
    Catalogue,
    ClosureRule,
    ClosureRules,
    InterventionEntry,
    NeedTemplate,
    ObjectiveTemplate,
    StageEntry,
)
from careplanner.plan._errors import CatalogueError, OrderingCycleError, PlanError
from careplanner.plan._load import catalogue_from_data, load_catalogue

__all__ = [
    "Catalogue",
    "CatalogueError",
    "ClosureRule",
    "ClosureRules",
    "InterventionEntry",
    "NeedTemplate",
    "ObjectiveTemplate",
    "OrderingCycleError",
    "PlanError",
    "StageEntry",
    "catalogue_from_data",
    "load_catalogue",
]
