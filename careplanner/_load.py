"""Read cases from files, standard input or the bundled examples, with errors a worker can act on.

Every failure becomes a `CaseFileError` (cannot read or parse) or a `CaseValidationError`
(parsed, but not a valid case) whose problems name the field and, for closed sets, the allowed
values. Messages never echo the input: a case holds personal data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import MAX_CASE_BYTES as MAX_CASE_BYTES
from careplanner._content._loader import decode, load_bundled, parse, read_limited
from careplanner._content._problems import dotted, error_message
from careplanner._signals import document_signal, text_signal
from careplanner.errors import CaseFileError, CaseValidationError, Problem, UnknownCodeError
from careplanner.models import Case, InconsistentCase, Language

EXAMPLE_PREFIX = "example:"


@dataclass(frozen=True)
class ExampleInfo:
    """A bundled example case: its id, its title per language and its text language."""

    id: str
    title: Mapping[Language, str]
    language: str


def load_case(source: str | Path) -> Case:
    """Read and validate one case.

    Parameters
    ----------
    source : str or Path
        A JSON or YAML file path, ``"-"`` for standard input, or ``"example:ID"`` for a
        bundled example (see `list_examples`).

    Returns
    -------
    Case
        The validated case.

    Raises
    ------
    CaseFileError
        The source cannot be read, is empty, too large, or not JSON/YAML.
    CaseValidationError
        The data is not a valid case; every problem is listed.

    Examples
    --------
    >>> load_case("example:shidu-mother").client.age
    68
    """
    name = str(source)
    if name.startswith(EXAMPLE_PREFIX):  # shipped with careplanner: parsed once, kept as JSON
        return case_from_data(_example_data(name.removeprefix(EXAMPLE_PREFIX)), name)
    text = decode(read_limited(name, MAX_CASE_BYTES, CaseFileError), name, CaseFileError)
    try:
        data = parse_document(text, name)
    except CaseFileError as exc:
        if not text_signal(text.encode("utf-8", "replace")):
            raise
        raise CaseFileError(exc.source, exc.reason, safety_signal=True) from None
    return case_from_data(data, name)


def case_from_data(data: object, source: str = "<data>") -> Case:
    """Validate already-parsed data (e.g. from a case system's JSON) as a `Case`."""
    if not isinstance(data, dict):
        raise CaseFileError(source, f"a case is a mapping of fields, not {_kind(data)}")
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        signal = document_signal(data)
        raise CaseValidationError(source, _problems(exc), safety_signal=signal) from None


def parse_document(text: str, source: str) -> object:
    """Parse JSON or YAML text; JSON when it starts with ``{`` or ``[`` or the name ends .json.

    The safe loader (`careplanner._content._loader`) limits depth and aliases and refuses
    repeated keys before any data is built.
    """
    if not text.strip():
        raise CaseFileError(
            source, "the file is empty; a case needs at least 'client' and 'assessments'"
        )
    json_like = source.endswith(".json") or text.lstrip()[:1] in "{["
    return parse(text, source, "json" if json_like else "yaml", CaseFileError)


def list_examples() -> list[ExampleInfo]:
    """Return the bundled example cases, sorted by id."""
    return [_example_info(example_id) for example_id in sorted(_example_files())]


def example_text(example_id: str) -> str:
    """Return the YAML text of a bundled example case."""
    files = _example_files()
    if example_id not in files:
        raise UnknownCodeError("example", example_id, files)
    return files[example_id].read_text(encoding="utf-8")


def _example_data(example_id: str) -> object:
    """The data of a bundled example case, its dates as text as in a JSON case (JSON keeps no
    date): so the data is kept as JSON, and the command line reads no YAML for it."""
    if example_id not in _example_files():
        raise UnknownCodeError("example", example_id, _example_files())
    return load_bundled(
        "careplanner", f"examples/{example_id}.yaml", CaseFileError, dates_as_text=True
    )


@cache
def _example_files() -> dict[str, Traversable]:
    folder = resources.files("careplanner") / "examples"
    return {
        entry.name.removesuffix(".yaml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def _example_info(example_id: str) -> ExampleInfo:
    case = load_case(EXAMPLE_PREFIX + example_id)
    return ExampleInfo(example_id, case.title, case.client.language)


def _problems(exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    errors = exc.errors(include_input=False, include_url=False)
    # a list whose items were refused is also "too short" to pydantic: only the items count
    inner = {tuple(error["loc"][:n]) for error in errors for n in range(len(error["loc"]))}
    for error in errors:
        if error["type"] == "too_short" and tuple(error["loc"]) in inner:
            continue
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, InconsistentCase):
            problems.extend(cause.problems)
            continue
        location = dotted(error["loc"])
        message = error_message(error)
        if error["type"] == "extra_forbidden":
            allowed = sorted(_fields_at(Case, error["loc"][:-1]))
            message = f"unknown field; allowed fields here: {allowed}"
        elif error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] == "too_short":
            message = f"needs at least {error['ctx']['min_length']}, found none"
        problems.append(Problem(location, message))
    return problems


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> Iterator[str]:
    """Walk `loc` through nested models to name the fields allowed at its end."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return iter(())
        current = _model_in(field.annotation)
        if current is None:
            return iter(())
    return iter(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _kind(data: object) -> str:
    return {list: "a list", str: "a single text", type(None): "nothing"}.get(
        type(data), type(data).__name__
    )
