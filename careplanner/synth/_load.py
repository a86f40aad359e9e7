"""Read population.yaml once per process, validated."""

from __future__ import annotations

import functools
from importlib.resources import files

from pydantic import ValidationError

from careplanner._content._loader import parse
from careplanner.errors import CareplannerError
from careplanner.synth._model import Population


def parse_population(text: str, source: str = "population.yaml") -> Population:
    """Validate the YAML text of a population file; the error lists every broken field.

    Raises
    ------
    CareplannerError
        The text is not YAML, or breaks the population model or its cross-field rules.

    Examples
    --------
    >>> parse_population("id: x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.CareplannerError: population.yaml is not a valid population: version: ...
    """
    try:
        return Population.model_validate(parse(text, source, "yaml"))
    except ValidationError as exc:
        parts = []
        for error in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in error["loc"])
            message = str(error.get("ctx", {}).get("error", error["msg"]))
            parts.append(f"{where}: {message}" if where else message)
        raise CareplannerError(f"{source} is not a valid population: {'; '.join(parts)}") from None


@functools.cache
def load_population() -> Population:
    """Return the bundled population (``careplanner/synth/population.yaml``), read once.

    Examples
    --------
    >>> list(load_population().cohorts)
    ['general', 'shidu']
    """
    text = files("careplanner.synth").joinpath("population.yaml").read_text(encoding="utf-8")
    return parse_population(text)
