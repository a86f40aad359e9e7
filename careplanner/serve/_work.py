"""Running careplanner for a request: in a worker thread, a few at a time, within a time limit.

The event loop only reads bodies and writes answers; parsing and assessing run in a thread so
that health checks stay answered. At most ``max_concurrent`` computations run at once in a
process (the rules engine holds the GIL and locks its rule sets, so more threads would only
queue); a request that has not finished, queueing included, within ``timeout_seconds`` is
answered 503. Python cannot stop a thread: a computation already running finishes and its
result is dropped, still holding its slot, so abandoned work never adds to the limit; one that
had not started yet is skipped. Parallel work needs processes (``--workers``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
from starlette.requests import Request

from careplanner._content._scope import using
from careplanner.errors import UnknownCodeError
from careplanner.rules import RulePack
from careplanner.serve._config import ServeConfig
from careplanner.serve._problems import ServiceError

T = TypeVar("T")


@dataclass(frozen=True)
class ServeState:
    """What every request of one process shares: the settings and the computation slots."""

    config: ServeConfig
    slots: threading.BoundedSemaphore

    @classmethod
    def of(cls, config: ServeConfig) -> ServeState:
        """The state of a new process."""
        return cls(config, threading.BoundedSemaphore(config.max_concurrent))


class _Abandoned(Exception):
    """The request gave up before its computation started."""


def state_of(request: Request) -> ServeState:
    """The state the app's lifespan set up."""
    state: ServeState = request.app.state.serve
    return state


async def compute(request: Request, work: Callable[[], T]) -> T:
    """Run `work` in a worker thread within the service's concurrency and time limits.

    The work runs on the service's content (``careplanner serve --content DIR``).

    Raises
    ------
    ServiceError
        503 when the time limit passes first.
    """
    state = state_of(request)
    limit = state.config.timeout_seconds
    abandoned = threading.Event()

    def in_slot() -> T:
        with state.slots, using(state.config.loaded_content):
            if abandoned.is_set():
                raise _Abandoned
            return work()

    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(in_slot, abandon_on_cancel=True)
    except TimeoutError:
        abandoned.set()
        raise ServiceError(
            503,
            "timeout",
            "Took too long",
            f"the request did not finish within the service's limit of {limit:g} s",
        ) from None


def pack_named(request: Request, name: str | None) -> RulePack | None:
    """The rule pack the service was started with under `name`; the bundled one for None."""
    if name is None:
        return None
    packs = state_of(request).config.rule_packs
    if name not in packs:
        raise UnknownCodeError("pack", name, packs)
    return packs[name]
