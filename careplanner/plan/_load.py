"""Read the plan catalogue files into a checked `Catalogue`, with field-named errors."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from careplanner._content._loader import load_bundled, load_file
from careplanner._content._problems import problems_of
from careplanner._content._scope import active
from careplanner.errors import CatalogueError
from careplanner.plan._catalogue import Catalogue

M = TypeVar("M", bound=BaseModel)


def load_catalogue(
    stages: str | Path | None = None,
    objectives: str | Path | None = None,
    closure: str | Path | None = None,
) -> Catalogue:
    """Load and check the plan catalogue; the bundled files stand in for any path not given.

    Parameters
    ----------
    stages, objectives, closure : str or Path, optional
        YAML files replacing the bundled ``stages.yaml``, ``objectives.yaml`` or
        ``closure.yaml`` (e.g. a local agency's closure share). With none given: the
        catalogue of the running call's content (`careplanner.Content`), else the bundled one.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        A file cannot be read or parsed, breaks the catalogue model, or refers to an id that
        no file defines; the message names the file and the field.

    Examples
    --------
    >>> catalogue = load_catalogue()
    >>> catalogue.intervention("rebt_belief_work").stage
    'beliefs'
    >>> catalogue.label
    'casework_stages@1+need_objectives@1+closure_readiness@1'
    """
    if stages is None and objectives is None and closure is None:
        content = active()
        return _bundled() if content is None else content.catalogue
    data = {
        "stages": _read(stages, "stages.yaml"),
        "needs": _read(objectives, "objectives.yaml"),
        "closure": _read(closure, "closure.yaml"),
    }
    names = ", ".join(str(p) for p in (stages, objectives, closure) if p is not None)
    return catalogue_from_data(data, names)


def catalogue_from_data(data: Mapping[str, object], source: str = "<data>") -> Catalogue:
    """Validate parsed catalogue data (keys ``stages``, ``needs``, ``closure``)."""
    try:
        return Catalogue.model_validate(dict(data))
    except ValidationError as exc:
        raise CatalogueError(source, problems_of(exc)) from None


def parse_bundled(name: str, model: type[M]) -> M:
    """Read a bundled YAML file of this package into `model`, or raise `CatalogueError`."""
    try:
        return model.model_validate(_read(None, name))
    except ValidationError as exc:
        raise CatalogueError(name, problems_of(exc)) from None


@cache
def _bundled() -> Catalogue:
    data = {
        "stages": _read(None, "stages.yaml"),
        "needs": _read(None, "objectives.yaml"),
        "closure": _read(None, "closure.yaml"),
    }
    return catalogue_from_data(data, "careplanner.plan catalogue")


def _read(path: str | Path | None, bundled: str) -> object:
    if path is None:
        return load_bundled("careplanner.plan", bundled, CatalogueError)
    return load_file(path, CatalogueError)
