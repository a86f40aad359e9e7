"""No automatic garbage collection while a batch chunk is assessed; one young collection after.

Assessing one case allocates thousands of short-lived containers (models, dicts, tuples), but
almost none of them form reference cycles: reference counting frees them at once. The only
cycles of a case are a few dozen objects of the rules engine's callbacks. Yet at CPython's
default first threshold of 700 a chunk starts hundreds of young collections and, every tenth
of those, a collection of the older generations -- which hold the rules engine's memo and the
plan caches, so each one walks a large heap. So while a chunk runs the collector is off, and
when it ends one collection of the youngest generation frees the chunk's cycles: memory
stays bounded by one chunk's cycles. Measured with `benchmarks/bench_assess.py`'s chunks in
one process, three interleaved repetitions: 436-466 cases per CPU second against 338-407 with
the first threshold raised to 20,000 (the policy before); see ``docs/performance.md``.

The collector is the process's: it is switched off when the first chunk running in the
process starts and back on -- only if it was on -- when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = gc.isenabled()


@contextmanager
def chunk_collections() -> Iterator[None]:
    """Collect no garbage while the block runs; collect the youngest generation after it.

    Examples
    --------
    >>> with chunk_collections():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
                gc.collect(0)
