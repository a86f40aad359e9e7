"""Worker processes that end with their parent, however the parent ends.

A pool worker that outlives a killed batch holds the batch's standard output and error open
for good (and so does multiprocessing's resource tracker while a worker lives). Each worker
asks the Linux kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``) and, on
any system, a daemon thread checks twice a second that its parent is still the one that
started it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

from careplanner.batch._core import Evaluator, install

_PR_SET_PDEATHSIG = 1
#: Seconds between two checks of the parent.
CHECK_EVERY = 0.5


def start_worker(evaluator: Evaluator, parent: int) -> None:
    """A pool worker's initializer: die with `parent`, then install the evaluation."""
    _kill_me_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    install(evaluator)


def _kill_me_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY)
    os._exit(1)
