"""careplanner: assessment of older clients -> flagged needs, staged care plan, support network."""

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

__version__ = "0.1.0"

__all__ = [
    "CareplannerError",
    "CaseFileError",
    "CaseValidationError",
    "NetworkError",
    "Problem",
    "RuleError",
    "RulePackError",
    "ScoringError",
    "UnknownCodeError",
    "__version__",
]
