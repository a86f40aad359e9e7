"""The one home of the caches the rules engine and the planner keep: bounded, evicting, resettable.

A batch assesses many clients with the same content, and most of what a result is made of
repeats between clients: the compiled rule pack, its durable-rules ruleset, trace entries and
needs with the same values, a plan's shape for the same needs. Each such cache is a `Bounded`
map registered here under a name (``rules.compiled``, ``plan.shape``, ...). Every key holds
what its entry was built from -- the content's objects (which hash by identity and stay
alive as long as the key) or their content hashes -- never an ``id()``. ``plan.worded``,
``plan.worded_stages`` and ``plan.own_interventions`` also key plan parts on the words a
client's case fills into their slots (a contact's label, a hobby), so they hold such words until
evicted or reset.

`CACHES` is the process's home; ``careplanner.load_content().caches`` is the same object.
``caches.reset()`` empties every cache (a durable-rules ruleset evicted or reset is freed);
``caches.sizes()`` says how full each is. Nothing here is needed for a correct result: an
emptied cache is filled again on use.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from functools import update_wrapper
from typing import Any, Generic, ParamSpec, TypeVar

V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")
_MISSING: Any = object()


class Bounded(Generic[V]):
    """A map of at most `bound` entries, each built on first use.

    Beyond the bound the oldest entry is evicted: the least recently used when `recency` is
    set (a lookup moves an entry to the end), else the first inserted (a lookup costs a plain
    dict lookup, for the hottest caches). `on_evict` is called on an evicted or reset value,
    outside the lock.
    """

    def __init__(
        self,
        name: str,
        bound: int,
        *,
        recency: bool = True,
        on_evict: Callable[[V], None] | None = None,
        forget_after_fork: bool = False,
    ) -> None:
        if bound < 1:
            raise ValueError(f"cache {name!r}: bound must be at least 1, not {bound}")
        self.name, self.bound, self.recency = name, bound, recency
        self.forget_after_fork = forget_after_fork
        self._on_evict = on_evict
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, build: Callable[..., V], *args: Any) -> V:
        """The entry for `key`, built by ``build(*args)`` the first time.

        The build runs outside the lock (it may use other caches); when two threads build
        the same key, the first stored wins and the other value is passed to `on_evict`.
        """
        entry = self._entries.get(key, _MISSING)
        if entry is not _MISSING:
            if self.recency:
                with self._lock:
                    if key in self._entries:
                        self._entries.move_to_end(key)
            return entry  # type: ignore[no-any-return]
        value = build(*args)
        with self._lock:
            entry = self._entries.setdefault(key, value)
            evicted = [] if entry is value else [value]
            while len(self._entries) > self.bound:
                evicted.append(self._entries.popitem(last=False)[1])
            assert len(self._entries) <= self.bound
        self._evict(evicted)
        return entry

    def peek(self, key: Hashable) -> V | None:
        """The entry for `key` if there is one, without building or reordering."""
        return self._entries.get(key)

    def reset(self) -> None:
        """Drop every entry (each is passed to `on_evict`)."""
        with self._lock:
            evicted = list(self._entries.values())
            self._entries.clear()
        self._evict(evicted)

    def _evict(self, values: list[V]) -> None:
        if self._on_evict is not None:
            for value in values:
                self._on_evict(value)

    def _after_fork(self) -> None:
        """A forked child gets a free lock (the thread that held the parent's is not there)
        and, where the entries hold native state other threads may have been using, none."""
        self._lock = threading.Lock()
        if self.forget_after_fork:
            self._entries.clear()


class Same:
    """A key part for an object that hashes by value slowly or not at all: it hashes and
    compares by the object's identity, and holds the object, so that no other object can
    take its identity while the key is in a cache.

    Examples
    --------
    >>> data = {"a": 1}
    >>> Same(data) == Same(data), Same(data) == Same({"a": 1})
    (True, False)
    """

    __slots__ = ("held",)

    def __init__(self, held: object) -> None:
        self.held = held

    def __hash__(self) -> int:
        return id(self.held)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.held is self.held


class Caches:
    """Every `Bounded` cache of the process, by name."""

    def __init__(self) -> None:
        self._caches: dict[str, Bounded[Any]] = {}

    def bounded(self, name: str, bound: int, **options: Any) -> Bounded[Any]:
        """Register and return a new cache; each name is registered once."""
        if name in self._caches:
            raise ValueError(f"cache {name!r} is registered already")
        cache: Bounded[Any] = Bounded(name, bound, **options)
        self._caches[name] = cache
        return cache

    def memoise(
        self, name: str, bound: int, *, typed: bool = False, recency: bool = False
    ) -> Callable[[Callable[P, R]], Callable[P, R]]:
        """Decorate a function of hashable positional arguments to keep its results here.

        With `typed`, arguments that compare equal but differ in type (``1``, ``1.0``,
        ``True``) are kept apart. With `recency`, the least recently used entry is evicted
        first (see `Bounded`), for a result that costs much more to build than to look up.
        """
        cache = self.bounded(name, bound, recency=recency)

        def decorate(function: Callable[P, R]) -> Callable[P, R]:
            def cached(*args: P.args, **kwargs: P.kwargs) -> R:
                assert not kwargs, f"{name}: positional arguments only"
                key = (*args, *map(type, args)) if typed else args
                result: R = cache.get(key, function, *args)
                return result

            return update_wrapper(cached, function)

        return decorate

    def __getitem__(self, name: str) -> Bounded[Any]:
        return self._caches[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._caches)

    def sizes(self) -> dict[str, tuple[int, int]]:
        """``name -> (entries, bound)`` for every cache, by name."""
        return {name: (len(c), c.bound) for name, c in sorted(self._caches.items())}

    def reset(self, *names: str) -> None:
        """Empty the named caches, or every cache when none is named.

        Examples
        --------
        >>> from careplanner import evaluate, load_content
        >>> caches = load_content().caches
        >>> _ = evaluate({"ucla3.total": 7})
        >>> caches.sizes()["rules.compiled"][0] >= 1
        True
        >>> caches.reset()
        >>> caches.sizes()["rules.compiled"]
        (0, 8)
        """
        for name in names or tuple(self._caches):
            self._caches[name].reset()

    def _after_fork(self) -> None:
        for cache in self._caches.values():
            cache._after_fork()


#: The process's caches (``careplanner.load_content().caches``).
CACHES = Caches()
os.register_at_fork(after_in_child=CACHES._after_fork)
