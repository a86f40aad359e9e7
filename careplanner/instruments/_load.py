"""Read the scale descriptors in ``scales/`` once, validated, into an immutable catalogue."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

from pydantic import ValidationError

from careplanner._content._loader import parse
from careplanner.errors import ScoringError, UnknownCodeError
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
    ScoringError
        The text is not YAML, not a mapping, breaks the descriptor model, or its ``id`` is not
        the file's stem. Every broken field is listed, not only the first.

    Examples
    --------
    >>> parse_scale("id: x\\nversion: 0", "x.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    careplanner.errors.ScoringError: x.yaml is not a valid scale: version: ...
    """
    data = parse(text, filename, "yaml", _not_yaml)
    if not isinstance(data, dict):
        raise ScoringError(f"{filename} is not a valid scale: expected a mapping at the top")
    try:
        scale = Scale.model_validate(data)
    except ValidationError as exc:
        raise ScoringError(f"{filename} is not a valid scale: {_describe(exc)}") from None
    if f"{scale.id}.yaml" != filename.rsplit("/", 1)[-1]:
        raise ScoringError(f"{filename}: id {scale.id!r} must match the file name")
    return scale


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def load_scales() -> Mapping[str, Scale]:
    """Return every bundled scale by id, read and validated once per process.

    Returns
    -------
    Mapping of str to Scale
        Read-only; the scales themselves are frozen. Safe to share between threads.

    Raises
    ------
    ScoringError
        A bundled file is malformed (names the file and field).

    Examples
    --------
    >>> sorted(load_scales())
    ['gds15', 'lsns6', 'pg13r', 'phq9', 'sgabs', 'ssrs', 'ucla3', 'zbi12']
    """
    with _lock:  # the cache alone would let two threads read the files at once
        return _read_catalogue()


@functools.cache
def _read_catalogue() -> Mapping[str, Scale]:
    folder = files("careplanner.instruments").joinpath("scales")
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    scales = (parse_scale(e.read_text(encoding="utf-8"), e.name) for e in entries)
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


def _not_yaml(source: str, reason: str) -> ScoringError:
    return ScoringError(f"{source} is not a valid scale file: {reason}")
