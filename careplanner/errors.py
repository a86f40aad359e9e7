"""Every error careplanner raises.

Hierarchy::

    CareplannerError
    ├── CaseFileError          cannot read or parse a case file (empty, too large, bad JSON/YAML)
    ├── CaseValidationError    a case parsed but breaks the case model; lists every problem
    ├── UnknownCodeError       a value outside a closed set; names the field and the allowed values
    ├── ScoringError           a scale cannot be scored as published (e.g. an item is missing)
    ├── NetworkError           a support tie is inconsistent (unknown person, self-tie, ...)
    ├── RulePackError          a rule pack is malformed or would misbehave when compiled
    └── RuleError              evaluating a rule failed; names the rule and the fact

Messages name the field and the allowed values or range, and never carry personal data
(names, birth dates, free text): exceptions end up in logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class CareplannerError(Exception):
    """Base for every error careplanner raises."""


class CaseFileError(CareplannerError):
    """A case file cannot be read or parsed."""

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (a dotted path) and what is wrong."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class CaseValidationError(CareplannerError):
    """A case breaks the case model; `problems` lists every problem found, not only the first."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source, self.problems = source, tuple(problems)
        count = len(self.problems)
        listed = "; ".join(str(p) for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source} is not a valid case ({count} {noun}): {listed}")


class UnknownCodeError(CareplannerError):
    """A value is not one of a closed set of codes."""

    def __init__(self, field: str, value: object, allowed: Iterable[str]) -> None:
        self.field, self.allowed = field, sorted(allowed)
        super().__init__(f"{field!r} must be one of {self.allowed}, got {value!r}")


class ScoringError(CareplannerError):
    """A scale cannot be scored as published."""


class NetworkError(CareplannerError):
    """A support network is inconsistent; the message names the tie or person."""


class RulePackError(CareplannerError):
    """A rule pack is malformed; the message names the rule and the field."""


class RuleError(CareplannerError):
    """Evaluating a rule failed; the message names the rule and the fact."""
