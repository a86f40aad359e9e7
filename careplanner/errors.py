"""Every error careplanner raises.

Hierarchy::

    CareplannerError
    ├── DataFileError          a data file cannot be read, parsed or validated; lists its problems
    │   ├── CaseFileError      ... a case file in particular (also: empty, not a mapping)
    │   ├── CatalogueError     ... a stage catalogue file (also a PlanError)
    │   ├── GroupDataError     ... a group data file (also a GroupError)
    │   └── RulePackError      ... a rule pack (also: would misbehave when compiled)
    ├── CaseValidationError    a case parsed but breaks the case model; lists every problem
    ├── UnknownCodeError       a value outside a closed set; names the field and the allowed values
    ├── ScoringError           a scale cannot be scored as published (e.g. an item is missing)
    ├── NetworkError           a support tie is inconsistent (unknown person, self-tie, ...)
    ├── RuleError              evaluating a rule failed; names the rule and the fact
    ├── EngineUnavailableError the rules engine asked for cannot be loaded here; says why
    ├── PlanError              a plan cannot be built, changed or judged as asked
    │   └── OrderingCycleError ordering constraints contradict each other; names the cycle
    ├── GroupError             group work cannot be done as asked (a record, a size, a pair)
    ├── FhirExportError        a FHIR bundle cannot be built from this case and result
    └── ReportError            a report cannot be written as asked (no browser to print a PDF)

Every data file -- a case, a rule pack, a scale, a catalogue, group data, an overlay -- is read
by one loader (`careplanner._content._loader`) and refused with a `DataFileError` that names
the file and lists each problem at a path such as ``stages[2].name``.

Messages name the field and the allowed values or range, and never carry personal data
(names, birth dates, free text): exceptions end up in logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Added to the message of a refused document that carries a safety signal.
SAFETY_SUFFIX = " [safety signal present]"


class CareplannerError(Exception):
    """Base for every error careplanner raises."""

    def message(self, lang: str = "en") -> str:
        """The message in `lang` (``"en"`` or ``"zh-CN"``); English where no Chinese exists."""
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (a dotted path) and what is wrong."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class DataFileError(CareplannerError):
    """A data file (case, rule pack, scale, catalogue, group data, overlay) cannot be used.

    Parameters
    ----------
    source : str
        The file (or bundled file) refused.
    problems : str or sequence of Problem
        What is wrong: one reason, or every problem found with its location.
    safety_signal : bool
        True when the refused document still shows a safety signal (see
        `careplanner.rules.SAFETY_FLOOR`): the message then says so, without any of its
        content.

    Examples
    --------
    >>> str(DataFileError("stages.yaml", [Problem("stages[0].name", "Field required")]))
    'stages.yaml: stages[0].name: Field required'
    """

    def __init__(
        self, source: str, problems: str | Sequence[Problem], *, safety_signal: bool = False
    ) -> None:
        if isinstance(problems, str):
            problems = (Problem("", problems),)
        self.source, self.problems = source, tuple(problems)
        self.reason = "; ".join(str(p) for p in self.problems)
        self.safety_signal = safety_signal
        flag = SAFETY_SUFFIX if safety_signal else ""
        super().__init__(f"{source}: {self.reason}{flag}")


class CaseFileError(DataFileError):
    """A case file cannot be read or parsed."""


class CaseValidationError(CareplannerError):
    """A case breaks the case model; `problems` lists every problem found, not only the first."""

    def __init__(
        self, source: str, problems: Sequence[Problem], *, safety_signal: bool = False
    ) -> None:
        self.source, self.problems = source, tuple(problems)
        self.safety_signal = safety_signal
        count = len(self.problems)
        listed = "; ".join(str(p) for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        flag = SAFETY_SUFFIX if safety_signal else ""
        super().__init__(f"{source} is not a valid case ({count} {noun}){flag}: {listed}")


class UnknownCodeError(CareplannerError):
    """A value is not one of a closed set of codes."""

    def __init__(
        self,
        field: str,
        value: object,
        allowed: Iterable[str],
        *,
        allowed_zh: Iterable[str] | None = None,
    ) -> None:
        self.field, self.allowed, self.value = field, sorted(allowed), value
        self._allowed_zh = sorted(allowed_zh) if allowed_zh is not None else self.allowed
        super().__init__(f"{field!r} must be one of {self.allowed}, got {value!r}")

    def message(self, lang: str = "en") -> str:
        """The message in `lang`; in Chinese the allowed values as `allowed_zh` words them.

        Examples
        --------
        >>> UnknownCodeError("sex", "f", ["female", "male"]).message("zh-CN")
        "「sex」须为以下之一：'female'、'male'；实际为 'f'"
        """
        if lang != "zh-CN":
            return str(self)
        allowed = "、".join(repr(a) for a in self._allowed_zh)
        return f"「{self.field}」须为以下之一：{allowed}；实际为 {self.value!r}"


class ScoringError(CareplannerError):
    """A scale cannot be scored as published."""


class NetworkError(CareplannerError):
    """A support network is inconsistent; the message names the tie or person."""


class RulePackError(DataFileError):
    """A rule pack is malformed; the message names the rule and the field.

    When the pack file was read and refused, `source` names it and `problems` lists each
    problem at its location (``needs.loneliness.rules[0].all[0].value``), as for every data
    file; a pack refused on compiling has only the message.

    Examples
    --------
    >>> error = RulePackError("pack x is invalid", "x.yaml", [Problem("id", "Field required")])
    >>> str(error), error.source, [str(p) for p in error.problems]
    ('pack x is invalid', 'x.yaml', ['id: Field required'])
    """

    def __init__(self, message: str, source: str = "", problems: Sequence[Problem] = ()) -> None:
        self.source, self.problems = source, tuple(problems)
        self.reason = "; ".join(str(p) for p in self.problems) or message
        self.safety_signal = False
        CareplannerError.__init__(self, message)


class RuleError(CareplannerError):
    """Evaluating a rule failed; the message names the rule and the fact."""


class EngineUnavailableError(CareplannerError):
    """The rules engine asked for cannot be loaded on this interpreter; says why and what to do."""

    def __init__(self, engine: str, reason: str, remedy: str) -> None:
        self.engine, self.reason = engine, reason
        super().__init__(f"rules engine {engine!r} cannot be loaded here: {reason}. {remedy}")


class PlanError(CareplannerError):
    """A care plan cannot be built, changed or judged as asked."""


class CatalogueError(PlanError, DataFileError):
    """A catalogue file is malformed; the message names the file and the field."""


class GroupError(CareplannerError):
    """Group work cannot be done as asked."""


class GroupDataError(GroupError, DataFileError):
    """A group data file is malformed; the message names the file and the field."""


class OrderingCycleError(PlanError):
    """Ordering constraints form a cycle.

    Attributes
    ----------
    cycle : tuple of str
        The stage or intervention ids in the cycle, first id repeated at the end.
    origins : tuple of str
        For each step of the cycle, where the constraint came from.
    """

    def __init__(self, level: str, cycle: Sequence[str], origins: Sequence[str]) -> None:
        self.cycle, self.origins = tuple(cycle), tuple(origins)
        steps = "; ".join(
            f"{a!r} before {b!r} ({origin})"
            for a, b, origin in zip(self.cycle, self.cycle[1:], self.origins, strict=False)
        )
        super().__init__(
            f"{level} ordering constraints form a cycle "
            f"{' -> '.join(repr(n) for n in self.cycle)}: {steps}"
        )


class FhirExportError(CareplannerError):
    """A FHIR bundle cannot be built as asked; the message names the field."""


class ReportError(CareplannerError):
    """A report cannot be written as asked; the message says what to install or change."""
