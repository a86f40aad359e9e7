"""The YAML half of the safe loader (`careplanner._content._loader`), imported only when a
YAML text is parsed: a run whose bundled data is kept as JSON (`careplanner._content._parsed`)
and whose case is JSON never imports PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

from careplanner._content._loader import (
    MAX_ALIAS_NODES,
    MAX_ALIASES,
    MAX_DEPTH,
    ErrorType,
    too_deep,
)
from careplanner.errors import DataFileError

_MERGE_TAG = "tag:yaml.org,2002:merge"


def parse_yaml(text: str, source: str) -> object:
    """Parse one YAML document with the safe loader and the limits of `_loader`."""
    loader = None
    try:
        loader = _Loader(text)  # the reader checks the characters here
        return loader.get_single_data()
    except _LimitError as exc:
        raise DataFileError(source, str(exc)) from None
    except yaml.YAMLError as exc:
        raise DataFileError(source, f"not valid YAML: {_yaml_problem(exc)}") from None
    except ValueError:  # int() of more digits than Python converts, a bad date
        raise DataFileError(source, "not valid YAML: a value cannot be converted") from None
    except RecursionError:
        raise DataFileError(source, too_deep()) from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "cannot be parsed"
    return f"{problem}{where}"


class _LimitError(yaml.YAMLError):
    """A YAML document over the depth or alias limit."""


def _unique_mapping(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """Build a mapping, refusing one that repeats a key (a copy would replace an entry).

    A mapping without merge keys (``<<``) that has as many entries as key nodes repeats none:
    only a mapping that merges, lost an entry or cannot be built has its keys compared one by
    one (the check every bundled file and every case passes through, so it is kept short).
    """
    keys = [key_node for key_node, _ in node.value if key_node.tag != _MERGE_TAG]
    merges = len(keys) != len(node.value)
    try:
        mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    except Exception:  # a repeated key is reported before what else is wrong here
        _refuse_repeated_keys(loader, keys)
        raise
    if merges or len(mapping) != len(keys):
        _refuse_repeated_keys(loader, keys)
    return mapping


def _refuse_repeated_keys(loader: yaml.constructor.SafeConstructor, keys: list[yaml.Node]) -> None:
    seen: set[Any] = set()
    for key_node in keys:
        key = loader.construct_object(key_node, deep=True)
        try:
            repeated = key in seen
        except TypeError:
            continue  # unhashable: the base class reports it with its position
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"repeated key {key!r}", key_node.start_mark
            )
        seen.add(key)


class _Loader(yaml.SafeLoader):
    """`yaml.SafeLoader` that counts depth and alias expansion while composing.

    Composing is recursive and an alias is a shared node: counting here stops a document
    before anything walks it, which is where alias amplification would cost.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._nodes = 0  # nodes composed, each alias counted as the nodes it stands for
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            return self._alias(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LimitError(too_deep())
        start = self._nodes
        self._nodes += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._sizes[id(node)] = self._nodes - start
        return node

    def _alias(self, parent: Any, index: Any) -> Any:
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise _LimitError(f"more than the {MAX_ALIASES} aliases a document may use")
        node = super().compose_node(parent, index)
        size = self._sizes.get(id(node))
        if size is None:
            raise _LimitError("an alias refers to its own anchor (a document must not loop)")
        self._nodes += size
        self._alias_nodes += size
        if self._alias_nodes > MAX_ALIAS_NODES:
            raise _LimitError(f"aliases expand to more than {MAX_ALIAS_NODES} values")
        return node

    construct_mapping = _unique_mapping


def parse_bundled(
    text: str, source: str, error: ErrorType = DataFileError, dates_as_text: bool = False
) -> object:
    """Parse the YAML text of a file shipped inside careplanner with the fastest safe loader."""
    try:
        return yaml.load(text, Loader=_TextDatesLoader if dates_as_text else _BundledLoader)
    except yaml.YAMLError as exc:
        raise error(source, f"not valid YAML: {_yaml_problem(exc)}") from None


_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BundledLoader(_FastLoader):  # type: ignore[misc,valid-type]
    """The fastest safe loader here, refusing repeated keys as `_Loader` does."""

    construct_mapping = _unique_mapping


class _TextDatesLoader(_BundledLoader):
    """`_BundledLoader` that leaves a date as its text, ``YYYY-MM-DD``, as JSON gives it."""


_TextDatesLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str
)
