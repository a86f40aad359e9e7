"""The one renderer of a condition to words, in every language (``conditions.yaml``).

A condition reads differently where it is shown -- as a formula in a group trace
(``ucla3.total >= 6``), as a sentence on the assessment-logic sheet (``UCLA-3 total ≥ 6
[ucla3_lonely, published]``), as evidence of a rule that fired, as a plan objective's target
(``≤ 5``) -- but always from the same table: the *form* (where) and the *variant* (what is
tested: a named threshold, a number, a yes/no fact, a need, a fact not assessed) pick the
wording, the caller gives the parts already in words (the fact's label, its value shown).

Examples
--------
>>> say("formula", "en", "test", "ge", label="ucla3.total", bound="6")
'ucla3.total >= 6'
>>> say("target", "zh-CN", "yes_no", "eq", bound="否")
'= 否'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

from careplanner._content._conditions import Comparison, Condition, Op, formula, sign
from careplanner._content._loader import load_bundled
from careplanner._content._vocab import WRITING_ORDER, Language, Text

#: Where a condition is shown.
Form = Literal["formula", "sheet", "target", "brief", "matched", "unmet", "floor", "cql"]
#: What a condition tests.
Variant = Literal["named", "test", "yes_no", "need", "missing"]


@cache
def _forms() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    data = load_bundled("careplanner._content", "conditions.yaml")
    assert isinstance(data, dict)  # a packaging error otherwise
    return data["forms"]  # type: ignore[no-any-return]


def variant(condition: Condition) -> Variant:
    """What `condition` tests: ``need``, ``yes_no``, ``named`` or ``test``.

    Examples
    --------
    >>> variant(Condition.model_validate({"fact": "a.b", "op": "ge", "value": "t"}))
    'named'
    """
    if condition.need is not None:
        return "need"
    if condition.yes_no:
        return "yes_no"
    return "named" if condition.threshold is not None else "test"


def say(
    form: Form, lang: Language, variant: Variant, op: Op | Comparison | None = None, **parts: str
) -> str:
    """The condition in words, from its parts already written in `lang`.

    Parameters
    ----------
    form : str
        Where it is shown (see `Form`).
    lang : str
        The language.
    variant : str
        What it tests (see `variant`); a form without a ``named`` wording uses ``test``.
    op : str, optional
        The test, written as ``{sign}`` (``≤``) and ``{formula}`` (``<=``).
    **parts : str
        ``label``, ``value``, ``bound``, ``threshold``, ``basis``, ``need``, ``rules``.
    """
    wordings = _forms()[form]
    template = wordings.get(variant) or wordings["test"]
    symbols = {"sign": sign(op), "formula": formula(op)} if op is not None else {}
    return template[lang].format(**symbols, **parts)


def say_all(
    form: Form, variant: Variant, op: Op | Comparison | None = None, **parts: Text | str
) -> Text:
    """`say` in every language; a part given as a `str` is the same in each.

    Examples
    --------
    >>> say_all("unmet", "missing", label={"en": "GDS-15 total", "zh-CN": "GDS-15 总分"})
    {'en': 'GDS-15 total: not assessed', 'zh-CN': 'GDS-15 总分：未评估'}
    """
    return {
        lang: say(form, lang, variant, op, **{k: _in(v, lang) for k, v in parts.items()})
        for lang in WRITING_ORDER
    }


def _in(part: Text | str, lang: Language) -> str:
    return part if isinstance(part, str) else part[lang]
