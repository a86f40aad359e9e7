"""careplanner: assessment of older clients -> flagged needs, staged care plan, support network.

Users import from here only; the stable surface is listed in docs/api.md. Importing careplanner
loads neither durable-rules (it loads on the first evaluation that runs on it) nor the batch
machinery (rich, Dask): `__getattr__` imports those names on first use. The report and group
packages are imported only by those who use them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careplanner._load import ExampleInfo, case_from_data, list_examples, load_case
from careplanner._migrate import migrate_case
from careplanner._version import __version__
from careplanner.assess import (
    AssessmentRef,
    AssessmentResult,
    ClientSummary,
    Notice,
    Reassessment,
    assess,
    assess_many,
    reassess,
)
from careplanner.errors import (
    CareplannerError,
    CaseFileError,
    CaseValidationError,
    DataFileError,
    EngineUnavailableError,
    NetworkError,
    Problem,
    RuleError,
    RulePackError,
    ScoringError,
    UnknownCodeError,
)
from careplanner.facts import assessment_facts
from careplanner.instruments import (
    BandChange,
    BandResult,
    ReliableChange,
    Scale,
    ScaleResult,
    check_responses,
    crossed_cutoff,
    get_scale,
    load_scales,
    reliable_change,
    score,
)
from careplanner.models import (
    Assessment,
    Case,
    ChildLoss,
    Client,
    Contact,
    ContactLink,
    Observations,
    Spouse,
    SupportTie,
)
from careplanner.network import (
    NetworkMeasures,
    build_network,
    ecomap_png,
    ecomap_svg,
    measure,
    suggest_links,
)
from careplanner.plan import (
    CarePlan,
    ClosureVerdict,
    Evaluation,
    Schedule,
    build_plan,
    due,
    plan_from_findings,
)
from careplanner.rules import (
    Findings,
    Need,
    RulePack,
    default_pack,
    evaluate,
    explain,
    load_pack,
)
from careplanner.schemas import schema_for
from careplanner.synth import generate_cases, write_jsonl
from careplanner.whatif import WhatIf, what_if

if TYPE_CHECKING:
    from careplanner._compact import resolve_texts, result_json, texts
    from careplanner._content._content import Content, load_content
    from careplanner.batch import BatchSummary, run_batch, run_batch_dask

#: Names imported on first use, and the module each comes from.
_LAZY = {
    "BatchSummary": "careplanner.batch",
    "Content": "careplanner._content._content",
    "load_content": "careplanner._content._content",
    "resolve_texts": "careplanner._compact",
    "result_json": "careplanner._compact",
    "run_batch": "careplanner.batch",
    "run_batch_dask": "careplanner.batch",
    "texts": "careplanner._compact",
}

__all__ = [
    "Assessment",
    "AssessmentRef",
    "AssessmentResult",
    "BandChange",
    "BandResult",
    "BatchSummary",
    "CarePlan",
    "CareplannerError",
    "Case",
    "CaseFileError",
    "CaseValidationError",
    "ChildLoss",
    "Client",
    "ClientSummary",
    "ClosureVerdict",
    "Contact",
    "ContactLink",
    "Content",
    "DataFileError",
    "EngineUnavailableError",
    "Evaluation",
    "ExampleInfo",
    "Findings",
    "Need",
    "NetworkError",
    "NetworkMeasures",
    "Notice",
    "Observations",
    "Problem",
    "Reassessment",
    "ReliableChange",
    "RuleError",
    "RulePack",
    "RulePackError",
    "Scale",
    "ScaleResult",
    "Schedule",
    "ScoringError",
    "Spouse",
    "SupportTie",
    "UnknownCodeError",
    "WhatIf",
    "__version__",
    "assess",
    "assess_many",
    "assessment_facts",
    "build_network",
    "build_plan",
    "case_from_data",
    "check_responses",
    "crossed_cutoff",
    "default_pack",
    "due",
    "ecomap_png",
    "ecomap_svg",
    "evaluate",
    "explain",
    "generate_cases",
    "get_scale",
    "list_examples",
    "load_case",
    "load_content",
    "load_pack",
    "load_scales",
    "measure",
    "migrate_case",
    "plan_from_findings",
    "reassess",
    "reliable_change",
    "resolve_texts",
    "result_json",
    "run_batch",
    "run_batch_dask",
    "schema_for",
    "score",
    "suggest_links",
    "texts",
    "what_if",
    "write_jsonl",
]


def __getattr__(name: str) -> Any:
    """Import a name of `_LAZY` on first use (PEP 562) and keep it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'careplanner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
