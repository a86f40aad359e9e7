"""careplanner: assessment of older clients -> flagged needs, staged care plan, support network.

Users import from here only; the stable surface is listed in docs/api.md. Importing careplanner
loads only its errors and version: every other public name is imported on first use by
`__getattr__` (PEP 562) from the module `_LAZY` names, so that ``careplanner --help`` and a
script that needs one function do not pay for pydantic models, data files, networkx, the rules
engine or the batch machinery they do not use.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from careplanner._lazy import lazy_attribute
from careplanner._version import __version__
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

if TYPE_CHECKING:  # what type checkers and editors see; at run time `_LAZY` imports them
    from careplanner._compact import resolve_texts, result_json, texts
    from careplanner._content._content import Content, load_content
    from careplanner._load import ExampleInfo, case_from_data, list_examples, load_case
    from careplanner._migrate import migrate_case
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
    from careplanner.batch import BatchSummary, run_batch, run_batch_dask
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

#: Names imported on first use, and the module each comes from.
_LAZY = {
    "Assessment": "careplanner.models",
    "AssessmentRef": "careplanner.assess",
    "AssessmentResult": "careplanner.assess",
    "BandChange": "careplanner.instruments",
    "BandResult": "careplanner.instruments",
    "BatchSummary": "careplanner.batch",
    "CarePlan": "careplanner.plan",
    "Case": "careplanner.models",
    "ChildLoss": "careplanner.models",
    "Client": "careplanner.models",
    "ClientSummary": "careplanner.assess",
    "ClosureVerdict": "careplanner.plan",
    "Contact": "careplanner.models",
    "ContactLink": "careplanner.models",
    "Content": "careplanner._content._content",
    "Evaluation": "careplanner.plan",
    "ExampleInfo": "careplanner._load",
    "Findings": "careplanner.rules",
    "Need": "careplanner.rules",
    "NetworkMeasures": "careplanner.network",
    "Notice": "careplanner.assess",
    "Observations": "careplanner.models",
    "Reassessment": "careplanner.assess",
    "ReliableChange": "careplanner.instruments",
    "RulePack": "careplanner.rules",
    "Scale": "careplanner.instruments",
    "ScaleResult": "careplanner.instruments",
    "Schedule": "careplanner.plan",
    "Spouse": "careplanner.models",
    "SupportTie": "careplanner.models",
    "WhatIf": "careplanner.whatif",
    "assess": "careplanner.assess",
    "assess_many": "careplanner.assess",
    "assessment_facts": "careplanner.facts",
    "build_network": "careplanner.network",
    "build_plan": "careplanner.plan",
    "case_from_data": "careplanner._load",
    "check_responses": "careplanner.instruments",
    "crossed_cutoff": "careplanner.instruments",
    "default_pack": "careplanner.rules",
    "due": "careplanner.plan",
    "ecomap_png": "careplanner.network",
    "ecomap_svg": "careplanner.network",
    "evaluate": "careplanner.rules",
    "explain": "careplanner.rules",
    "generate_cases": "careplanner.synth",
    "get_scale": "careplanner.instruments",
    "list_examples": "careplanner._load",
    "load_case": "careplanner._load",
    "load_content": "careplanner._content._content",
    "load_pack": "careplanner.rules",
    "load_scales": "careplanner.instruments",
    "measure": "careplanner.network",
    "migrate_case": "careplanner._migrate",
    "plan_from_findings": "careplanner.plan",
    "reassess": "careplanner.assess",
    "reliable_change": "careplanner.instruments",
    "resolve_texts": "careplanner._compact",
    "result_json": "careplanner._compact",
    "run_batch": "careplanner.batch",
    "run_batch_dask": "careplanner.batch",
    "schema_for": "careplanner.schemas",
    "score": "careplanner.instruments",
    "suggest_links": "careplanner.network",
    "texts": "careplanner._compact",
    "what_if": "careplanner.whatif",
    "write_jsonl": "careplanner.synth",
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


#: Public modules and sub-packages, reachable as attributes (``careplanner.rules``) as ever.
_MODULES = frozenset(
    {
        "batch",
        "facts",
        "fhir",
        "group",
        "instruments",
        "models",
        "network",
        "plan",
        "report",
        "rules",
        "schemas",
        "synth",
        "whatif",
    }
)


def __getattr__(name: str) -> Any:
    """Import a name of `_LAZY`, or a module of `_MODULES`, on first use (PEP 562); keep it."""
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")  # the import sets the attribute
    return lazy_attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package's module type: ``careplanner.assess`` stays the function.

    Importing a submodule sets the package's attribute of its name to the module; for the
    module ``careplanner.assess`` that would hide the function `assess` of the same name, so
    that one assignment is refused and the name is left to `__getattr__`.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "assess" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
