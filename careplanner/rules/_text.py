"""Words for evidence and explanations, in English and Chinese (``text.yaml``).

Every text that shows a threshold says its basis -- ``published``, ``norm-referenced`` or
``convention`` (no published source) -- followed by the pack's short citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from careplanner._content._loader import load_bundled
from careplanner._content._say import Form, say_all
from careplanner._content._thresholds import Threshold
from careplanner._content._vocab import WRITING_ORDER, FactValue, Text
from careplanner.rules._compiled import Leaf


@cache
def _data() -> dict[str, Any]:
    data = load_bundled("careplanner.rules", "text.yaml")
    assert isinstance(data, dict)  # a packaging error otherwise
    return data


def section(name: str) -> dict[str, Any]:
    """A top-level section of ``text.yaml``, e.g. ``floor``."""
    return dict(_data()[name])


def word(name: str) -> Text:
    """A word in both languages, e.g. ``word("convention")``."""
    return dict(_data()["words"][name])


def fill(template: str, **parts: Text | str) -> Text:
    """A template of ``text.yaml`` filled per language; a `str` part is the same in both."""
    templates = _data()["templates"][template]
    return {
        lang: templates[lang].format(
            **{k: v if isinstance(v, str) else v[lang] for k, v in parts.items()}
        )
        for lang in WRITING_ORDER
    }


def note(name: str, **parts: str) -> Text:
    """A counterfactual note of ``text.yaml``."""
    return {lang: text.format(**parts) for lang, text in _data()["notes"][name].items()}


def show(value: FactValue | None) -> Text:
    """A value as shown to a worker: yes/no for booleans, numbers as they are."""
    if value is None:
        return word("not_assessed")
    if isinstance(value, bool):
        return word("yes" if value else "no")
    return {lang: str(value) for lang in WRITING_ORDER}


def localised(item: Threshold, name: str) -> Text:
    """A threshold's text `name` (``cite``, ``source``) in both languages."""
    return {lang: item.text(name, lang) for lang in WRITING_ORDER}


def _basis(leaf: Leaf) -> Text:
    assert leaf.threshold is not None
    cite = localised(leaf.threshold, "cite")
    return fill("basis", basis=word(leaf.threshold.basis), cite=cite)


def _label(leaf: Leaf) -> Text:
    assert leaf.fact is not None
    return dict(leaf.fact.label)


def _said(form: Form, leaf: Leaf, value: FactValue) -> Text:
    """A fact condition in words (`careplanner._content._say`), with the value it met."""
    assert leaf.op is not None and leaf.bound is not None
    label, shown, bound = _label(leaf), show(value), show(leaf.bound)
    if leaf.op == "is":
        return say_all(form, "yes_no", label=label, value=shown, bound=bound)
    op = leaf.op
    return say_all(form, "named", op, label=label, value=shown, bound=bound, basis=_basis(leaf))


def matched(leaf: Leaf, value: FactValue) -> Text:
    """What a fact condition matched, e.g. ``SSRS total 21 ≤ 22 (convention: ...)``."""
    return _said("matched", leaf, value)


def flagged_need(need: str, via: Sequence[str]) -> Text:
    """A need a rule waited for, and the rules that flagged it."""
    return say_all("matched", "need", need=need, rules=", ".join(via))


def unmet(leaf: Leaf, value: FactValue | None) -> Text:
    """Why a condition did not hold: not assessed, or the value and the test it failed."""
    if leaf.need is not None:
        return say_all("unmet", "need", need=leaf.need)
    if value is None:
        return say_all("unmet", "missing", label=_label(leaf))
    return _said("unmet", leaf, value)


def change(leaf_label: Text, value: FactValue, kind: str, target: FactValue, clears: bool) -> Text:
    """A counterfactual, e.g. ``SSRS total 21; at 23 or more this need is not flagged``."""
    where = fill(kind, v=show(target))
    verb = fill("clears" if clears else "flags")
    return fill("change", label=leaf_label, value=show(value), target=where, verb=verb)
