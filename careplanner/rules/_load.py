"""Reading a rule pack from a file or text, and the bundled default pack."""

from __future__ import annotations

from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from careplanner.errors import Problem, RulePackError
from careplanner.rules._pack import RulePack, pack_error
from careplanner.rules._validate import pack_problems

#: Largest rule pack read, in bytes; the default pack is about 30 kB.
MAX_PACK_BYTES = 1024 * 1024


def load_pack(path_or_text: str | PathLike[str]) -> RulePack:
    """Read and validate a rule pack.

    Parameters
    ----------
    path_or_text : str or path-like
        A path (a `Path`, or a one-line string ending in ``.yaml``/``.yml``) or the YAML text.

    Returns
    -------
    RulePack

    Raises
    ------
    RulePackError
        The file cannot be read, is not YAML, or the pack is invalid; the message lists every
        problem with its location (e.g. ``needs.loneliness.rules[0].all[0].op``).

    Examples
    --------
    >>> load_pack("id: x")
    Traceback (most recent call last):
    ...
    careplanner.errors.RulePackError: rule pack <text> is invalid (6 problems): version: ...
    """
    source, text = _read(path_or_text)
    data = _parse_yaml(source, text)
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        raise pack_error(source, [_problem(e) for e in exc.errors(include_input=False)]) from None
    problems = pack_problems(pack)
    if problems:
        raise pack_error(source, problems)
    return pack


@cache
def default_pack() -> RulePack:
    """Return the bundled default pack (``careplanner/rules/default.yaml``).

    Examples
    --------
    >>> default_pack().name
    'careplanner-default@1.0.0'
    """
    text = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    return load_pack(text)


def _read(path_or_text: str | PathLike[str]) -> tuple[str, str]:
    is_path = not isinstance(path_or_text, str) or (
        "\n" not in path_or_text and path_or_text.endswith((".yaml", ".yml"))
    )
    if not is_path:
        return "<text>", str(path_or_text)
    path = Path(path_or_text)
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise RulePackError(f"rule pack {path}: larger than {MAX_PACK_BYTES} bytes")
        return str(path), path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"rule pack {path}: cannot read ({type(exc).__name__})") from exc


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a repeated key (a copied need would silently replace one)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(None, None, f"repeated key {key!r}", mark)
        seen.add(key)
    return dict(loader.construct_pairs(node))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _parse_yaml(source: str, text: str) -> object:
    if len(text.encode("utf-8")) > MAX_PACK_BYTES:
        raise RulePackError(f"rule pack {source}: larger than {MAX_PACK_BYTES} bytes")
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc)
        raise RulePackError(f"rule pack {source}: not valid YAML{where}: {what}") from None


def _problem(error: Any) -> Problem:
    location = ""
    for part in error["loc"]:
        location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else part)
    return Problem(location, error["msg"].removeprefix("Value error, "))
