"""Reading a rule pack from a file or text, and the bundled default pack."""

from __future__ import annotations

from functools import cache
from os import PathLike

from pydantic import ValidationError

from careplanner._content._loader import decode, load_bundled, parse, read_limited
from careplanner._content._problems import problems_of
from careplanner._content._scope import active
from careplanner.errors import RulePackError
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
    pack = _validated(source, text)
    default = default_pack()
    if (pack.id, pack.version) == (default.id, default.version) and (
        pack.content_hash != default.content_hash
    ):
        raise RulePackError(
            f"rule pack {source}: its content differs from the bundled {default.name}, so it "
            f"may not keep that id and version; give it an id or version of its own"
        )
    return pack


def active_pack() -> RulePack:
    """The rule pack of the running call's content (`careplanner.Content`), else the default."""
    content = active()
    return default_pack() if content is None else content.pack


@cache
def default_pack() -> RulePack:
    """Return the bundled default pack (``careplanner/rules/default.yaml``).

    Examples
    --------
    >>> default_pack().name
    'careplanner-default@1.0.0'
    """
    source = "careplanner/rules/default.yaml"
    return pack_from_data(load_bundled("careplanner.rules", "default.yaml", _file_error), source)


def _validated(source: str, text: str) -> RulePack:
    return pack_from_data(_parse_yaml(source, text), source)


def pack_from_data(data: object, source: str) -> RulePack:
    """Validate parsed pack data read from `source`, every problem listed."""
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        raise pack_error(source, problems_of(exc)) from None
    problems = pack_problems(pack)
    if problems:
        raise pack_error(source, problems)
    return pack


def _read(path_or_text: str | PathLike[str]) -> tuple[str, str]:
    is_path = not isinstance(path_or_text, str) or (
        "\n" not in path_or_text and path_or_text.endswith((".yaml", ".yml"))
    )
    if not is_path:
        return "<text>", str(path_or_text)
    source = str(path_or_text)
    return source, decode(read_limited(source, MAX_PACK_BYTES, _file_error), source, _file_error)


def _file_error(source: str, reason: str) -> RulePackError:
    return RulePackError(f"rule pack {source}: {reason}")


def _parse_yaml(source: str, text: str) -> object:
    if len(text.encode("utf-8")) > MAX_PACK_BYTES:
        raise _file_error(source, f"larger than {MAX_PACK_BYTES} bytes")
    return parse(text, source, "yaml", _file_error)
