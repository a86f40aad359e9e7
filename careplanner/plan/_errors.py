"""The errors the care-plan package raises (to move into `careplanner.errors`).

Hierarchy::

    CareplannerError
    └── PlanError               a plan cannot be built, changed or judged as asked
        ├── CatalogueError      a bundled or supplied catalogue file is malformed
        └── OrderingCycleError  ordering constraints contradict each other; names the cycle

Unknown ids (an intervention, a need, a stage) raise `careplanner.errors.UnknownCodeError`,
which names the field and the allowed values. Messages carry ids and field names only, never
a statement, a note or a name.
"""

from __future__ import annotations

from collections.abc import Sequence

from careplanner.errors import CareplannerError


class PlanError(CareplannerError):
    """A care plan cannot be built, changed or judged as asked."""


class CatalogueError(PlanError):
    """A catalogue file is malformed; the message names the file and the field."""

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason
        super().__init__(f"{source}: {reason}")


class OrderingCycleError(PlanError):
    """Ordering constraints form a cycle.

    Attributes
    ----------
    cycle : tuple of str
        The stage or intervention ids in the cycle, first id repeated at the end.
    origins : tuple of str
        For each step of the cycle, where the constraint came from.
    """

    def __init__(self, level: str, cycle: Sequence[str], origins: Sequence[str]) -> None:
        self.cycle, self.origins = tuple(cycle), tuple(origins)
        steps = "; ".join(
            f"{a!r} before {b!r} ({origin})"
            for a, b, origin in zip(self.cycle, self.cycle[1:], self.origins, strict=False)
        )
        super().__init__(
            f"{level} ordering constraints form a cycle "
            f"{' -> '.join(repr(n) for n in self.cycle)}: {steps}"
        )
