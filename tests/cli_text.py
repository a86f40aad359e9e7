"""Read what the command line printed as one line: usage errors come in a wrapped rich box."""

from __future__ import annotations

import re

_BOX = re.compile(r"[│╭╮╰╯─]")


def one_line(text: str) -> str:
    """`text` without box drawing, its whitespace (line breaks too) collapsed to single spaces."""
    return " ".join(_BOX.sub(" ", text).split())
