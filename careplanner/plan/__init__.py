"""The care plan: staged casework from flagged needs, sessions, re-assessment and closure.

The stages, interventions, objectives per need and closure rules are data
(``stages.yaml``, ``objectives.yaml``, ``closure.yaml``); one generic path builds every
plan. See ``docs/plan.md``.
"""

from typing import Any

from careplanner._renamed import renamed
from careplanner.errors import CatalogueError, OrderingCycleError, PlanError
from careplanner.models import SessionRecord
from careplanner.plan._build import build_plan
from careplanner.plan._catalogue import (
    Catalogue,
    ClosureRule,
    ClosureRules,
    InterventionEntry,
    NeedTemplate,
    ObjectiveTemplate,
    StageEntry,
)
from careplanner.plan._closure import ClosureCheck, ClosureVerdict, closure_readiness
from careplanner.plan._due import DueFollowUp, DueSession, Schedule, add_months, due
from careplanner.plan._findings import plan_from_findings, request_from_findings
from careplanner.plan._load import catalogue_from_data, load_catalogue
from careplanner.plan._outcome import (
    Evaluation,
    NetworkMeasureChange,
    ObjectiveResult,
    ScaleChange,
    evaluate_progress,
)
from careplanner.plan._plan import (
    AddNeed,
    AddSessions,
    Adjustment,
    CarePlan,
    CrisisPlan,
    FollowUpPlan,
    NeedPlan,
    Objective,
    PlanChange,
    PlannedIntervention,
    PlannedStage,
    Reason,
)
from careplanner.plan._request import NeedInput, Ordering, PlanRequest, ProposedIntervention
from careplanner.plan._sessions import adjust_plan, record_session

__all__ = [
    "AddNeed",
    "AddSessions",
    "Adjustment",
    "CarePlan",
    "Catalogue",
    "CatalogueError",
    "ClosureCheck",
    "ClosureRule",
    "ClosureRules",
    "ClosureVerdict",
    "CrisisPlan",
    "DueFollowUp",
    "DueSession",
    "Evaluation",
    "FollowUpPlan",
    "InterventionEntry",
    "NeedInput",
    "NeedPlan",
    "NeedTemplate",
    "NetworkMeasureChange",
    "Objective",
    "ObjectiveResult",
    "ObjectiveTemplate",
    "Ordering",
    "OrderingCycleError",
    "PlanChange",
    "PlanError",
    "PlanRequest",
    "PlannedIntervention",
    "PlannedStage",
    "ProposedIntervention",
    "Reason",
    "ScaleChange",
    "Schedule",
    "SessionRecord",
    "StageEntry",
    "add_months",
    "adjust_plan",
    "build_plan",
    "catalogue_from_data",
    "closure_readiness",
    "due",
    "evaluate_progress",
    "load_catalogue",
    "plan_from_findings",
    "record_session",
    "request_from_findings",
]

#: Old names kept working, with a DeprecationWarning, for one minor release (docs/api.md).
_RENAMED = {"FactChange": "NetworkMeasureChange"}


def __getattr__(name: str) -> Any:
    return renamed(__name__, name, _RENAMED, globals())
