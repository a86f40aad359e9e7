"""careplanner: assessment of older clients -> flagged needs, staged care plan, support network.

Users import from here only; the stable surface is listed in docs/api.md.
"""

from careplanner._version import __version__
from careplanner._load import ExampleInfo, case_from_data, list_examples, load_case
from careplanner.errors import (
    CareplannerError,
    CaseFileError,
    CaseValidationError,
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
from careplanner.schemas import schema_for


__all__ = [
    "Assessment",
    "BandChange",
    "BandResult",
    "CareplannerError",
    "Case",
    "CaseFileError",
    "CaseValidationError",
    "ChildLoss",
    "Client",
    "Contact",
    "ContactLink",
    "ExampleInfo",
    "NetworkError",
    "Observations",
    "Problem",
    "ReliableChange",
    "RuleError",
    "RulePackError",
    "Scale",
    "ScaleResult",
    "ScoringError",
    "Spouse",
    "SupportTie",
    "UnknownCodeError",
    "__version__",
    "assessment_facts",
    "case_from_data",
    "check_responses",
    "crossed_cutoff",
    "get_scale",
    "list_examples",
    "load_case",
    "load_scales",
    "reliable_change",
    "schema_for",
    "score",
]
