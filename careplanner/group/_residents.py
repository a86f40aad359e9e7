"""Residents: a case plus survey answers and a community; read from one YAML or JSON file.

A residents file::

    residents_format: 1
    title: {en: ..., zh-CN: ...}          # optional
    residents:
      - community: c01                     # optional; groups never mix communities
        survey: {willing: "yes", mobility: independent, ...}
        outreach: {channel: home_visit, response: interested}          # optional
        interviews: [{date: 2025-03-03, kind: needs, themes: [loneliness], note: ...}]
        measures: {rses_zh: {"1": 3, ...}}  # optional: the group's own outcome measures
        case: {client: ..., contacts: ..., assessments: ...}   # a careplanner case

Two residents know each other when one's case lists the other's client id as a contact
(``contacts: [{id: <their client id>, relation: neighbour}]``) with a tie or a link in the
latest assessment; `careplanner.group.group_network` draws these ties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError

from careplanner._content._loader import decode, read_limited
from careplanner._content._problems import problems_of
from careplanner._load import case_from_data, parse_document
from careplanner.errors import (
    CareplannerError,
    CaseFileError,
    CaseValidationError,
    Problem,
    UnknownCodeError,
)
from careplanner.group._notes import Interview
from careplanner.group._questionnaire import Questionnaire, answer_problems, load_questionnaire
from careplanner.group._recruitment import Approached, Outreach
from careplanner.group._types import Code, Frozen
from careplanner.models import Case, Identifier

#: Largest residents file read, in bytes (10,000 residents take about 40 MiB of YAML).
MAX_RESIDENTS_BYTES = 100 * 1024 * 1024
EXAMPLE_PREFIX = "example:"
DEFAULT_COMMUNITY = "all"


def _yes_no(value: object) -> object:
    """YAML reads an unquoted ``yes``/``no`` as a bool; the survey codes are text."""
    if isinstance(value, dict):
        return {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in value.items()}
    return value


Survey = Annotated[dict[Code, Code | tuple[Code, ...]], BeforeValidator(_yes_no)]


#: Answers to the group's own outcome measures: measure id -> item id -> answer code.
MeasureAnswers = dict[Code, dict[str, int | str]]


class Resident(Frozen):
    """One older resident: their case, survey answers, outreach, interviews and measures."""

    community: Identifier = DEFAULT_COMMUNITY
    survey: Survey = Field(default_factory=dict)
    outreach: Outreach | None = None
    interviews: tuple[Interview, ...] = ()
    measures: MeasureAnswers = Field(default_factory=dict)
    case: Case

    @property
    def id(self) -> str:
        """The client's pseudonymous id."""
        return self.case.client.id


class _Entry(Frozen):
    community: Identifier = DEFAULT_COMMUNITY
    survey: Survey = Field(default_factory=dict)
    outreach: Outreach | None = None
    interviews: tuple[Interview, ...] = ()
    measures: MeasureAnswers = Field(default_factory=dict)
    case: dict[str, Any]


def load_residents(
    source: str | Path, questionnaire: Questionnaire | None = None
) -> tuple[Resident, ...]:
    """Read and check a residents file.

    Parameters
    ----------
    source : str or Path
        A YAML or JSON file, or ``"example:NAME"`` for a bundled file in
        ``careplanner/examples/group/`` (``residents``, ``after``).
    questionnaire : Questionnaire, optional
        The survey the answers follow; the bundled one when not given.

    Returns
    -------
    tuple of Resident
        In file order.

    Raises
    ------
    CaseFileError
        The file cannot be read or parsed, or is not a residents file.
    CaseValidationError
        A case, a survey answer or a community breaks its model, or two residents share a
        client id; every problem is listed by location (``residents[3].case.client.age``).

    Examples
    --------
    >>> residents = load_residents("example:residents")
    >>> len(residents), residents[0].id
    (17, 'r01')
    """
    name = str(source)
    data = parse_document(read_text(name), name)
    entries = _entries(data, name)
    return residents_from_data(entries, questionnaire or load_questionnaire(), name)


def load_outreach(source: str | Path) -> tuple[Approached, ...]:
    """Read the ``outreach`` list of a residents file: people approached but not surveyed.

    Raises
    ------
    CaseFileError
        The file cannot be read or is not a residents file.
    CaseValidationError
        An entry breaks the model; every problem is listed by location.

    Examples
    --------
    >>> [(a.id, a.response) for a in load_outreach("example:residents")][:2]
    [('x01', 'not_reached'), ('x02', 'declined')]
    """
    name = str(source)
    data = parse_document(read_text(name), name)
    _entries(data, name)
    assert isinstance(data, dict)
    try:
        return _APPROACHED.validate_python(data.get("outreach") or [])
    except ValidationError as exc:
        raise CaseValidationError(name, problems_of(exc, "outreach")) from None


_APPROACHED = TypeAdapter(tuple[Approached, ...])


def residents_from_data(
    entries: Sequence[object], questionnaire: Questionnaire, source: str = "<data>"
) -> tuple[Resident, ...]:
    """Validate parsed resident entries; see `load_residents`."""
    residents: list[tuple[int, Resident]] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        where = f"residents[{index}]"
        try:
            parsed = _Entry.model_validate(entry)
            case = case_from_data(parsed.case, source)
        except ValidationError as exc:
            problems += problems_of(exc, where)
            continue
        except (CaseValidationError, CaseFileError) as exc:
            problems += _case_problems(exc, f"{where}.case")
            continue
        problems += answer_problems(parsed.survey, questionnaire, f"{where}.survey")
        resident = Resident(**parsed.model_dump(exclude={"case"}), case=case)
        residents.append((index, resident))
    problems += _duplicate_ids(residents)
    if problems:
        raise CaseValidationError(source, problems)
    return tuple(r for _, r in residents)


def _entries(data: object, source: str) -> list[object]:
    if not isinstance(data, dict) or not isinstance(data.get("residents"), list):
        raise CaseFileError(source, "a residents file is a mapping with a 'residents' list")
    unknown = sorted(set(data) - {"residents_format", "title", "residents", "outreach"})
    if unknown:
        raise CaseFileError(
            source,
            f"unknown top-level fields {unknown}; "
            "allowed: residents_format, title, residents, outreach",
        )
    if data.get("residents_format", 1) != 1:
        raise CaseFileError(source, "'residents_format' must be 1")
    entries: list[object] = data["residents"]
    return entries


def _case_problems(exc: CareplannerError, where: str) -> list[Problem]:
    if isinstance(exc, CaseValidationError):
        return [
            Problem(f"{where}.{p.location}" if p.location else where, p.message)
            for p in exc.problems
        ]
    return [Problem(where, str(getattr(exc, "reason", "not a case")))]


def _duplicate_ids(residents: Sequence[tuple[int, Resident]]) -> list[Problem]:
    counts = Counter(r.id for _, r in residents)
    return [
        Problem(f"residents[{i}].case.client.id", f"{r.id!r} is used by more than one resident")
        for i, r in residents
        if counts[r.id] > 1
    ]


def read_text(name: str) -> str:
    if name.startswith(EXAMPLE_PREFIX):
        return example_text(name.removeprefix(EXAMPLE_PREFIX))
    raw = read_limited(name, MAX_RESIDENTS_BYTES, CaseFileError)
    return decode(raw, name, CaseFileError)


def example_names() -> list[str]:
    """The bundled group examples, by name (``example:<name>``)."""
    folder = resources.files("careplanner") / "examples" / "group"
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def example_titles() -> dict[str, dict[str, str]]:
    """Every bundled group example and its title per language (``example:<name>``).

    Examples
    --------
    >>> example_titles()["sessions"]["en"]
    'Session records of group hepingli-g2 (synthetic)'
    """
    titles = {}
    for name in example_names():
        data = parse_document(example_text(name), f"example:{name}")
        title = data.get("title") if isinstance(data, dict) else None
        titles[name] = {str(k): str(v) for k, v in title.items()} if isinstance(title, dict) else {}
    return titles


def example_text(example: str) -> str:
    names = example_names()
    if example not in names:
        raise UnknownCodeError("example", example, names)
    folder = resources.files("careplanner") / "examples" / "group"
    return (folder / f"{example}.yaml").read_text(encoding="utf-8")
