"""Terminal text that wraps Chinese as well as English, by the rules of Chinese line breaking.

rich wraps a cell at spaces; a Chinese sentence has none, so a narrow cell cut it with "…" or
folded it anywhere, leaving a line that starts with "，" or "）". `Wrapped` breaks between any
two Chinese characters and between words, never before a closing mark (、，。）」 and the like)
nor after an opening one (（「 and the like), as Chinese typesetting does (kinsoku).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

#: Marks a line may not start with, and marks it may not end with.
CLOSING = frozenset("、，。．：；！？）」』”’》〉】〕…·,.;:!?)]}%")  # noqa: RUF001
OPENING = frozenset("（「『“‘《〈【〔([{")  # noqa: RUF001
# A unit: a Latin word (with its trailing marks), a run of spaces, or one other character.
_UNIT = re.compile(r"[A-Za-z0-9_'\u2019\-./@=<>+]+|\s+|.", re.S)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells (a longer word stays whole), breaking as in Chinese.

    Examples
    --------
    >>> wrap("请在最后一次会谈中留出时间处理，以仪式标志结束。", 16)
    ['请在最后一次会谈', '中留出时间处理，', '以仪式标志结束。']
    >>> wrap("A safety need cannot be cleared", 12)
    ['A safety', 'need cannot', 'be cleared']
    """
    lines: list[list[str]] = [[]]
    for unit in _UNIT.findall(text):
        line = lines[-1]
        if cell_len("".join(line) + unit) <= width or not line:
            line.append(unit)
            continue
        if unit.isspace():
            lines.append([])
            continue
        lines.append(_carry(line, unit))
    return [out for out in ("".join(line).strip() for line in lines) if out] or [""]


def _carry(line: list[str], unit: str) -> list[str]:
    """The start of the next line: `unit`, with units of `line` carried over as needed."""
    start = [unit]
    while line and len(line) > 1 and (start[0][0] in CLOSING or line[-1][-1] in OPENING):
        start.insert(0, line.pop())
    return start


class Wrapped:
    """A text that rich lays out with `wrap`, in a table cell or anywhere else."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        units = [cell_len(u) for u in _UNIT.findall(self.text) if not u.isspace()]
        widest = max((cell_len(p) for p in self.text.split("\n")), default=1)
        return Measurement(min(max(units, default=1), options.max_width), widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for paragraph in self.text.split("\n"):
            for line in wrap(paragraph, options.max_width):
                yield Text(line, style=self.style)
