"""The assessment-logic sheet: a rule pack written out as sentences a trainer can print.

Every rule becomes a sentence ("Flag it (moderate) when SSRS total < 31.62 [ssrs_total_norm,
norm-referenced]"), every threshold is listed with its value, basis and source (a convention
is labelled), and every intervention and ordering is given with its source -- so nobody has
to read the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from careplanner._content._conditions import Condition
from careplanner._content._say import say
from careplanner._content._thresholds import Threshold
from careplanner._content._vocab import check_language
from careplanner._sources import Reference
from careplanner.models import Language
from careplanner.report._text import Words
from careplanner.rules import RulePack, active_pack, load_fact_catalogue
from careplanner.rules._pack import Combination, OrderingSpec, Rule


@dataclass(frozen=True)
class RuleLine:
    """One rule as a sentence."""

    id: str
    sentence: str
    convention: bool


@dataclass(frozen=True)
class NeedBlock:
    """A need with its rules and the interventions that answer it."""

    id: str
    statement: str
    safety: bool
    answered_by: str
    rules: tuple[RuleLine, ...]


@dataclass(frozen=True)
class ThresholdRow:
    """A threshold: value (or norm formula), basis, short citation and source."""

    id: str
    value: str
    basis: str
    basis_label: str
    cite: str
    source: str


@dataclass(frozen=True)
class Sheet:
    """The whole logic sheet in one language."""

    lang: str
    title: str
    pack: str
    content_hash: str
    source: str
    needs: tuple[NeedBlock, ...]
    combinations: tuple[RuleLine, ...]
    thresholds: tuple[ThresholdRow, ...]
    interventions: tuple[tuple[str, str, str], ...]
    frame: str
    orderings: tuple[tuple[str, str], ...]
    #: The full reference of every bibliography key the rendered sheet cites (set on render).
    references: tuple[Reference, ...] = ()


def build_sheet(pack: RulePack | None, lang: Language | None) -> Sheet:
    """Write out `pack` (the default pack when None) in `lang` (Chinese when None)."""
    pack = pack or active_pack()
    words = Words(check_language(lang or "zh-CN"))
    writer = _Writer(pack, words)
    labels = {i: words.pick(v.label) for i, v in pack.interventions.items()}
    return Sheet(
        lang=words.lang,
        title=words.pick(pack.title),
        pack=pack.name,
        content_hash=pack.content_hash,
        source=pack.text("source", words.lang),
        needs=tuple(
            NeedBlock(
                id=need_id,
                statement=words.pick(spec.statement),
                safety=spec.safety,
                answered_by=words.join(labels[i] for i in spec.answered_by),
                rules=tuple(writer.rule(rule) for rule in spec.rules),
            )
            for need_id, spec in pack.needs.items()
        ),
        combinations=tuple(writer.combination(c) for c in pack.combinations),
        thresholds=tuple(_threshold(k, t, words) for k, t in pack.thresholds.items()),
        interventions=tuple(
            (i, labels[i], v.text("source", words.lang)) for i, v in pack.interventions.items()
        ),
        frame=words.join(labels[i] for i in pack.frame),
        orderings=tuple(writer.ordering(o) for o in pack.orderings),
    )


class _Writer:
    def __init__(self, pack: RulePack, words: Words) -> None:
        self.pack, self.words = pack, words
        self.labels = {i: words.pick(v.label) for i, v in pack.interventions.items()}

    def rule(self, rule: Rule) -> RuleLine:
        words = self.words
        severity = words(f"severity.{rule.severity}")
        sentence = words("logic.rule", severity=severity, conditions=self.conditions(rule))
        return RuleLine(rule.id, sentence, self.uses_convention(rule))

    def combination(self, combo: Combination) -> RuleLine:
        words = self.words
        effects = [
            *(words("logic.propose", what=self.labels[i]) for i in combo.propose),
            *(words("logic.raise", what=self.labels[i]) for i in combo.raise_priority),
            *(words("logic.order", order=self.ordering(o)[0]) for o in combo.orderings),
        ]
        sentence = words(
            "logic.combination", conditions=self.conditions(combo), effects=words.join(effects)
        )
        if combo.note:
            sentence = f"{sentence} {combo.text('note', words.lang)}"
        return RuleLine(combo.id, sentence, self.uses_convention(combo))

    def ordering(self, spec: OrderingSpec) -> tuple[str, str]:
        before = self.words.join(self.labels[i] for i in spec.before)
        after = self.words.join(self.labels[i] for i in spec.after)
        source = spec.text("source", self.words.lang)
        return self.words("logic.before", before=before, after=after), source

    def conditions(self, rule: Rule | Combination) -> str:
        words = self.words
        text = words("logic.and").join(self.condition(c) for c in rule.all)
        if rule.any:
            options = words("logic.or").join(self.condition(c) for c in rule.any)
            any_text = words("logic.any", options=options)
            text = f"{text}{words('logic.and')}{any_text}" if text else any_text
        return text

    def condition(self, c: Condition) -> str:
        words = self.words
        if c.need is not None:
            return words("logic.need", need=words.pick(self.pack.needs[c.need].statement))
        spec = load_fact_catalogue().get(c.fact or "")
        label = words.pick(spec.label) if spec is not None else str(c.fact)
        if c.yes_no:
            yes_no = words("common.yes" if c.value else "common.no")
            return say("sheet", words.lang, "yes_no", label=label, bound=yes_no)
        assert c.threshold is not None and c.op is not None
        threshold = self.pack.thresholds[c.threshold]
        return say(
            "sheet",
            words.lang,
            "named",
            c.op,
            label=label,
            bound=_number(threshold.cut),
            threshold=c.threshold,
            basis=words(f"basis.{threshold.basis}"),
        )

    def uses_convention(self, rule: Rule | Combination) -> bool:
        names = [c.threshold for c in (*rule.all, *rule.any) if c.threshold]
        return any(self.pack.thresholds[n].basis == "convention" for n in names)


def _threshold(name: str, threshold: Threshold, words: Words) -> ThresholdRow:
    value = _number(threshold.cut)
    if threshold.norm is not None:
        n = threshold.norm
        formula = f"{_number(n.mean)} - {_number(n.k)} x {_number(n.sd)} = {value}"
        value = f"{formula} ({threshold.text('population', words.lang)})"
    return ThresholdRow(
        id=name,
        value=value,
        basis=threshold.basis,
        basis_label=words(f"basis.{threshold.basis}"),
        cite=threshold.text("cite", words.lang),
        source=threshold.text("source", words.lang),
    )


def _number(value: float) -> str:
    return f"{value:g}"


Format = Literal["html", "md"]
