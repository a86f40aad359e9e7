"""Which `Content` a call runs on: the bundled base unless a caller asked for another.

`careplanner.assess(..., content=c)` and the other entry points run their body inside
``using(c)``; the few places that fall back to bundled data (`active_pack`, the scale and plan
catalogues, the FHIR settings) ask `active` first. A context variable keeps this per thread and
per asyncio task, so a service may apply a different overlay to each request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careplanner._content._content import Content

_ACTIVE: ContextVar[Content | None] = ContextVar("careplanner_content", default=None)


def active() -> Content | None:
    """The content of the running call, or None for the bundled base."""
    return _ACTIVE.get()


@contextmanager
def using(content: Content | None) -> Iterator[None]:
    """Run the body on `content` (None: keep what is active, the bundled base by default)."""
    if content is None:
        yield
        return
    token = _ACTIVE.set(content)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
