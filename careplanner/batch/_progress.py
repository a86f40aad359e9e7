"""A progress bar on standard error, shown only to a person at a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn


def _silent(done: int) -> None:
    """Advance nothing."""


@contextmanager
def progress_bar(total: int, unit: str, enabled: bool) -> Iterator[Callable[[int], None]]:
    """Yield a function that advances a bar of ``total`` units by its argument.

    Nothing is drawn unless ``enabled`` and standard error is a terminal, so a batch run by
    cron, piped, or asked for JSON output stays quiet.
    """
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield _silent
        return
    columns = (
        TextColumn(f"assessing ({unit})"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("batch", total=total)
        yield lambda done: bar.advance(task, done)
