"""Read the scale descriptors in ``scales/`` once, validated, into an immutable catalogue."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

from careplanner._content._loader import load_bundled, parse
from careplanner._content._problems import validate
from careplanner._content._scope import active
from careplanner.errors import DataFileError, Problem, UnknownCodeError
from careplanner.instruments.model import Scale

_lock = threading.Lock()


def _new_lock_after_fork() -> None:
    """A forked child gets a free lock: the thread that held the parent's is not there."""
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def parse_scale(text: str, filename: str) -> Scale:
    """Validate the YAML text of one descriptor; errors name ``filename`` and the field.

    Raises
    ------
    DataFileError
        The text is not YAML, not a mapping, breaks the descriptor model, or its ``id`` is not
        the file's stem. Every broken field is listed, not only the first.

    Examples
    --------
    >>> parse_scale("id: x\\nversion: 0", "x.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.DataFileError: x.yaml: version: ...
    """
    return scale_from_data(parse(text, filename, "yaml"), filename)


def scale_from_data(data: object, source: str) -> Scale:
    """Validate one parsed descriptor read from `source` (whose stem must be its id)."""
    if not isinstance(data, dict):
        raise DataFileError(source, "expected a mapping at the top")
    scale = validate(Scale, data, source)
    stem = source.rsplit("/", 1)[-1].removesuffix(".yaml")
    if scale.id != stem:
        raise DataFileError(source, [Problem("id", f"{scale.id!r} must match the file name")])
    return scale


def load_scales() -> Mapping[str, Scale]:
    """Return every bundled scale by id, read and validated once per process.

    Inside a call given ``content=`` (`careplanner.Content`), that content's scales.

    Returns
    -------
    Mapping of str to Scale
        Read-only; the scales themselves are frozen. Safe to share between threads.

    Raises
    ------
    DataFileError
        A bundled file is malformed (names the file and field).

    Examples
    --------
    >>> sorted(load_scales())
    ['gds15', 'lsns6', 'pg13r', 'phq9', 'sgabs', 'ssrs', 'ucla3', 'zbi12']
    """
    content = active()
    if content is not None:
        return content.scales
    with _lock:  # the cache alone would let two threads read the files at once
        return _read_catalogue()


@functools.cache
def _read_catalogue() -> Mapping[str, Scale]:
    folder = files("careplanner.instruments").joinpath("scales")
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    scales = (
        scale_from_data(load_bundled("careplanner.instruments", f"scales/{e.name}"), e.name)
        for e in entries
    )
    return MappingProxyType({s.id: s for s in scales})


def get_scale(scale_id: str) -> Scale:
    """Return one bundled scale.

    Raises
    ------
    UnknownCodeError
        No bundled scale has this id; the message lists the ids there are.

    Examples
    --------
    >>> get_scale("phq9").total.max
    27
    >>> get_scale("phq-9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.UnknownCodeError: 'scale' must be one of ['gds15', ..., 'zbi12'], got 'phq-9'
    """
    scales = load_scales()
    if scale_id not in scales:
        raise UnknownCodeError("scale", scale_id, scales)
    return scales[scale_id]
