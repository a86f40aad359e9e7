"""Flagged needs as a worker and a trainer read them: statement, severity, rules and evidence.

Each need lists the rules that fired on it (from the findings' trace) with the facts each
matched, the threshold and its basis; a convention threshold is labelled as such. The full
source of each threshold is given once, numbered, in `NeedsView.sources`.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplanner.report._text import Words
from careplanner.rules import Evidence, FactEvidence, Findings, Need, TraceEntry


@dataclass(frozen=True)
class EvidenceView:
    """One matched condition: its text, and the threshold's basis and source number, if any."""

    text: str
    basis: str | None
    basis_label: str
    ref: int | None


@dataclass(frozen=True)
class SourceView:
    """The source of one threshold, numbered in order of first use."""

    number: int
    threshold: str
    basis: str
    basis_label: str
    text: str


@dataclass(frozen=True)
class RuleView:
    """A rule that fired, with what it matched."""

    rule: str
    severity: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class NeedView:
    """A flagged need."""

    id: str
    statement: str
    safety: bool
    severity: str
    severity_label: str
    convention: bool
    rules: tuple[RuleView, ...]
    answered_by: tuple[str, ...]


@dataclass(frozen=True)
class NeedsView:
    """The flagged needs, the second-level rules that fired, and the thresholds' sources."""

    needs: tuple[NeedView, ...]
    combinations: tuple[RuleView, ...]
    sources: tuple[SourceView, ...]


class _Builder:
    def __init__(self, findings: Findings, words: Words) -> None:
        self.words = words
        self.labels = {p.intervention: words.pick(p.label) for p in findings.proposals}
        self.sources: dict[str, SourceView] = {}

    def need(self, need: Need, trace: tuple[TraceEntry, ...]) -> NeedView:
        return NeedView(
            id=need.id,
            statement=self.words.pick(need.statement),
            safety=need.safety,
            severity=need.severity,
            severity_label=self.words(f"severity.{need.severity}"),
            convention=need.convention,
            rules=tuple(self.rule(entry) for entry in trace if entry.need == need.id),
            answered_by=tuple(self.labels.get(i, i) for i in need.answered_by),
        )

    def rule(self, entry: TraceEntry) -> RuleView:
        severity = self.words(f"severity.{entry.severity}") if entry.severity else ""
        evidence = tuple(self.evidence(e) for e in entry.evidence)
        return RuleView(rule=entry.rule, severity=severity, evidence=evidence)

    def evidence(self, evidence: Evidence) -> EvidenceView:
        text = self.words.pick(evidence.text)
        if evidence.kind == "need" or evidence.basis is None:
            return EvidenceView(text=text, basis=None, basis_label="", ref=None)
        label = self.words(f"basis.{evidence.basis}")
        name = evidence.threshold or evidence.fact
        if name not in self.sources:
            number = len(self.sources) + 1
            text_of_source = source_of(evidence, self.words)
            self.sources[name] = SourceView(number, name, evidence.basis, label, text_of_source)
        ref = self.sources[name].number
        return EvidenceView(text=text, basis=evidence.basis, basis_label=label, ref=ref)


def source_of(evidence: FactEvidence, words: Words) -> str:
    """The source of the threshold `evidence` used, in the words' language where given."""
    if evidence.source_text:
        return words.pick(evidence.source_text)
    return evidence.source or "-"


def needs_view(findings: Findings, words: Words) -> NeedsView:
    """Every flagged need in the findings' order (safety first, then by severity), the
    second-level rules that fired, and the numbered sources of the thresholds they used."""
    build = _Builder(findings, words)
    needs = tuple(build.need(need, findings.trace) for need in findings.needs)
    combinations = tuple(build.rule(entry) for entry in findings.trace if entry.need is None)
    return NeedsView(needs, combinations, tuple(build.sources.values()))
