"""Read population.yaml once per process, validated."""

from __future__ import annotations

import functools

from careplanner._content._loader import load_bundled, parse
from careplanner._content._problems import validate
from careplanner.synth._model import Population


def parse_population(text: str, source: str = "population.yaml") -> Population:
    """Validate the YAML text of a population file; the error lists every broken field.

    Raises
    ------
    DataFileError
        The text is not YAML, or breaks the population model or its cross-field rules.

    Examples
    --------
    >>> parse_population("id: x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.DataFileError: population.yaml: version: ...
    """
    return validate(Population, parse(text, source, "yaml"), source)


@functools.cache
def load_population() -> Population:
    """Return the bundled population (``careplanner/synth/population.yaml``), read once.

    Examples
    --------
    >>> list(load_population().cohorts)
    ['general', 'shidu']
    """
    source = "population.yaml"
    return validate(Population, load_bundled("careplanner.synth", source), source)
