"""Lay an organisation's overlay over the bundled data, key by key, and say what changed.

An overlay file holds only what changes. Mappings merge key by key; a list of entries that
each have an ``id`` (the fact catalogue's: a ``name``) merges entry by entry (an entry
``{id: x, remove: true}`` removes ``x``; an unknown id is added); any other value replaces the
base value. Each change is recorded as
a `Change` so that ``careplanner content check`` can print it and the safety floor can refuse
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from careplanner.errors import DataFileError, Problem

#: The key that removes an entry of the base.
REMOVE = "remove"
#: The keys that name an entry of a list, in the order they are looked for.
KEYS = ("id", "name")


@dataclass(frozen=True)
class Change:
    """One change an overlay makes to one bundled file."""

    file: str
    path: str
    before: object
    after: object

    @property
    def removed(self) -> bool:
        """Whether this change removes an entry of the base."""
        return self.after is _REMOVED

    def __str__(self) -> str:
        if self.after is _REMOVED:
            return f"{self.file}: {self.path} removed"
        if self.before is _ADDED:
            return f"{self.file}: {self.path} added"
        return f"{self.file}: {self.path}: {_short(self.before)} -> {_short(self.after)}"


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_REMOVED, _ADDED = _Marker("removed"), _Marker("added")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def merge(file: str, base: object, change: object, changes: list[Change]) -> object:
    """`base` with `change` laid over it; every change made is appended to `changes`."""
    return _merge(file, "", base, change, changes)


def _merge(file: str, path: str, base: object, change: object, changes: list[Change]) -> object:
    if isinstance(base, dict) and isinstance(change, dict):
        return _merge_mapping(file, path, base, change, changes)
    key = _key(base)
    if key is not None and isinstance(change, list):
        return _merge_entries(file, path, key, base, change, changes)  # type: ignore[arg-type]
    if change != base:
        changes.append(Change(file, path, base, change))
    return change


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _merge_mapping(
    file: str,
    path: str,
    base: Mapping[str, object],
    change: Mapping[str, object],
    changes: list[Change],
) -> dict[str, object]:
    out = dict(base)
    for key, value in change.items():
        where = _join(path, str(key))
        if isinstance(value, dict) and value.get(REMOVE) is True:
            _require(file, where, key in out)
            del out[key]
            changes.append(Change(file, where, base[key], _REMOVED))
        elif key in out:
            out[key] = _merge(file, where, out[key], value, changes)
        else:
            out[key] = value
            changes.append(Change(file, where, _ADDED, value))
    return out


def _key(value: object) -> str | None:
    """The key naming each entry of a list of entries (``id``), or None for another value."""
    if not isinstance(value, list):
        return None
    return next((k for k in KEYS if all(isinstance(e, dict) and k in e for e in value)), None)


def _merge_entries(
    file: str,
    path: str,
    field: str,
    base: list[dict[str, object]],
    change: list[object],
    changes: list[Change],
) -> list[dict[str, object]]:
    out = {str(e[field]): e for e in base}
    for n, entry in enumerate(change):
        if not isinstance(entry, dict) or field not in entry:
            raise DataFileError(
                file, [Problem(f"{path}[{n}]", f"an entry here needs an '{field}'")]
            )
        key = str(entry[field])
        where = f"{path}[{field}={key}]"
        if entry.get(REMOVE) is True:
            _require(file, where, key in out)
            changes.append(Change(file, where, out.pop(key), _REMOVED))
        elif key in out:
            out[key] = _merge(file, where, out[key], entry, changes)  # type: ignore[assignment]
        else:
            out[key] = entry
            changes.append(Change(file, where, _ADDED, entry))
    return list(out.values())


def _require(file: str, where: str, present: bool) -> None:
    if not present:
        raise DataFileError(file, [Problem(where, "cannot be removed: the base has no such entry")])


def scrub(node: object, gone: frozenset[str]) -> object:
    """`node` without the ids in `gone`: list items, keyed entries and mapping keys.

    An ordering with a side of removed ids only, and a combination that only proposed,
    raised or ordered removed ids, go too; anything else left wanting (a need's objectives
    with no intervention left) is for the models to report, so the overlay says what
    answers it instead.

    Examples
    --------
    >>> scrub({"a": ["x", "y"], "o": [{"before": ["x"], "after": ["z"]}]}, frozenset({"x"}))
    {'a': ['y'], 'o': []}
    """
    if isinstance(node, dict):
        return {k: scrub(v, gone) for k, v in node.items() if k not in gone}
    if isinstance(node, list):
        kept = [
            scrub(v, gone)
            for v in node
            if not (isinstance(v, str) and v in gone)
            and not (isinstance(v, dict) and v.get("id") in gone)
            and not _emptied(v, gone)
        ]
        return kept
    return node


def _emptied(entry: object, gone: frozenset[str]) -> bool:
    """Whether an ordering or a combination only concerned removed ids."""
    if not isinstance(entry, dict):
        return False
    if "before" in entry and "after" in entry:  # an ordering
        return any(_all_gone(entry[side], gone) for side in ("before", "after"))
    lists = [entry[key] for key in ("propose", "raise_priority") if key in entry]
    orderings = entry.get("orderings")
    if not lists and orderings is None:
        return False
    return all(_all_gone(ids, gone) for ids in lists) and (
        orderings is None or all(_emptied(o, gone) for o in orderings)
    )


def _all_gone(ids: object, gone: frozenset[str]) -> bool:
    return isinstance(ids, list) and all(v in gone for v in ids)
