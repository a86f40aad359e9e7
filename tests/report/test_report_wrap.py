"""Chinese wraps in the terminal views: no cut-off text, no line starting with a closing mark."""

from __future__ import annotations

import pytest
from rich.console import Console

from careplanner import load_case
from careplanner.assess import reassess
from careplanner.report import render_reassessment_terminal
from careplanner.report._wrap import CLOSING, OPENING, wrap

CAUTION_END = "并说明后续回访安排。"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "请在最后一次会谈中留出时间处理，以仪式标志结束。",
            16,
            ["请在最后一次会谈", "中留出时间处理，", "以仪式标志结束。"],
        ),
        # "，" would start the second line at 16 cells: the character before it comes along.
        ("请在最后一次会谈，以仪式标志结束。", 16, ["请在最后一次会", "谈，以仪式标志结", "束。"]),
        # "（" would end the first line: it goes down with what it opens.
        ("请在最后（一次）会谈", 10, ["请在最后", "（一次）会", "谈"]),
        ("A safety need cannot be cleared", 12, ["A safety", "need cannot", "be cleared"]),
        ("", 10, [""]),
    ],
)
def test_wrap_breaks_chinese_between_characters_and_english_between_words(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


@pytest.mark.parametrize("width", [80, 120])
def test_compare_in_chinese_shows_the_whole_closure_caution(width: int) -> None:
    console = Console(width=width, record=True, color_system=None)
    console.print(render_reassessment_terminal(reassess(load_case("example:shidu-mother"))))
    shown = console.export_text()
    assert "…" not in shown
    assert CAUTION_END in "".join(line.strip(" │") for line in shown.splitlines())
    for line in shown.splitlines():
        text = line.strip(" │╭╮╰╯─")
        assert not text or (text[0] not in CLOSING and text[-1] not in OPENING), line
