"""Plural words in templates: ``{n|rule|rules}`` is "rule" when ``n`` is 1, else "rules".

English needs a singular and a plural; Chinese has no plural (its templates use a measure word
and no marker). A template keeps its count as an ordinary ``{n}`` placeholder beside the marker:
``"{n} {n|rule|rules} fired"``. This is the standard library's ``gettext.ngettext`` rule for
English (one form for 1, another for every other number) without a message catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_MARKER = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural(template: str, values: Mapping[str, object]) -> str:
    """`template` with every ``{name|one|other}`` marker chosen by ``values[name]``.

    Examples
    --------
    >>> plural("{n} {n|rule|rules} fired", {"n": 1})
    '{n} rule fired'
    >>> plural("{n} {n|rule|rules} fired", {"n": 3}).format(n=3)
    '3 rules fired'
    >>> plural("{n|member|members}", {"n": "1"})
    'member'
    """

    def choose(match: re.Match[str]) -> str:
        return match[2] if _is_one(values[match[1]]) else match[3]

    return _MARKER.sub(choose, template)


def _is_one(value: object) -> bool:
    """Whether a count (a number, or a number written as text) is exactly one."""
    try:
        return float(str(value)) == 1
    except ValueError:
        return False
