"""No automatic garbage collection while a batch chunk is assessed; one young collection after.

Assessing one case allocates thousands of short-lived containers (models, dicts, tuples), but
none of them form reference cycles: reference counting frees them at once (1,216 synthetic
cases, and a chunk of unreadable lines, left no cyclic garbage at all). Yet at CPython's
default first threshold of 700 a chunk starts hundreds of young collections and, every tenth
of those, a collection of the older generations -- which hold the rules engine's memo and the
plan caches, so each one walks a large heap. So while a chunk runs the collector is off, and
when it ends one collection of the youngest generation frees whatever cycles the chunk made:
memory stays bounded by one chunk's cycles. That collection walks what the chunk left alive,
the caches' new entries (about 1.2 ms a chunk of 64 while they fill, little once they are
warm); any collection that still finds cycles walks each of them once. Measured with
`benchmarks/bench_assess.py`'s chunks in one process, three interleaved repetitions: 436-466
cases per CPU second against 338-407 with the first threshold raised to 20,000 (the policy
before); see ``docs/performance.md``.

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
