"""The rich console the commands print their views on (imported only by commands that show one)."""

from __future__ import annotations

from rich.console import Console


class PipeConsole(Console):
    """A rich console that leaves a closed pipe to `run` (rich's own handler exits 1)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError
