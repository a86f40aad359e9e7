"""Fewer garbage collections while a batch chunk is assessed.

Assessing one case allocates thousands of short-lived containers (models, dicts, tuples). At
CPython's default first threshold of 700 a chunk starts hundreds of young collections and,
every tenth of those, a collection of the older generations -- which hold the rules engine's
memo and the plan caches, so each one walks a large heap. Raising the first threshold for
the chunk's duration cut a batch's CPU per case by about a fifth (docs/performance.md,
"Whole job"); cycles are still collected, only in fewer, larger passes. The thresholds are
the process's, so they are restored when the last chunk running in it ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations of tracked objects between two young collections while a chunk runs.
CHUNK_GEN0_THRESHOLD = 20_000

_lock = threading.Lock()
_running = 0
_saved = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the first garbage-collection threshold while the block runs; restore it after.

    Examples
    --------
    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold()[0]
    20000
    >>> gc.get_threshold() == before
    True
    """
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(CHUNK_GEN0_THRESHOLD, _saved[0]), *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_saved)
