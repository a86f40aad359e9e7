"""What an evaluation returns: `Findings` with needs, proposals, orderings and a trace.

All models are frozen pydantic models; ``Findings.model_dump_json()`` round-trips through
``Findings.model_validate_json``. Texts come in both languages, ``{"en": ..., "zh-CN": ...}``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from careplanner._content._thresholds import Basis
from careplanner._content._vocab import FactValue, Frozen, Severity, Text

__all__ = ["FactValue", "Frozen", "Text"]

EvidenceOp = Literal["lt", "le", "gt", "ge", "is"]


class FactEvidence(Frozen):
    """A fact a rule matched: its value, the test and the threshold with its basis.

    `basis` is ``convention`` when the threshold has no published source; `text` then says so.
    """

    kind: Literal["fact"] = "fact"
    fact: str
    value: FactValue
    op: EvidenceOp
    bound: FactValue
    threshold: str | None = None
    basis: Basis | None = None
    source: str | None = None
    #: The threshold's source in both languages (`source` is its English wording).
    source_text: Text | None = None
    text: Text


class NeedEvidence(Frozen):
    """A need a second-level rule waited for, and the rules that had flagged it."""

    kind: Literal["need"] = "need"
    need: str
    via: tuple[str, ...]
    text: Text


Evidence = Annotated[FactEvidence | NeedEvidence, Field(discriminator="kind")]


class TraceEntry(Frozen):
    """One rule that fired (``Findings.trace`` is in firing order), with what it matched.

    Attributes
    ----------
    rule : str
        The pack rule or combination id.
    need : str or None
        The need it flagged; None for a combination.
    severity : {"low", "moderate", "high"} or None
        The severity the rule gives its need.
    evidence : tuple of FactEvidence or NeedEvidence
        Every ``all`` condition and each ``any`` condition that held.
    convention : bool
        Whether a threshold used has no published source.
    """

    rule: str
    need: str | None
    severity: Severity | None
    evidence: tuple[Evidence, ...]
    convention: bool


class Need(Frozen):
    """A flagged need.

    Safety needs are urgent: they lead every plan and ask for a same-day referral; no other
    fact can clear or suppress them. `severity` is the highest given by the rules that fired.
    """

    id: str
    safety: bool
    severity: Severity
    statement: Text
    rules: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    convention: bool
    answered_by: tuple[str, ...]


class Proposal(Frozen):
    """An intervention proposed for the plan.

    `priority` is the highest severity of the needs it answers, raised one step (up to
    ``high``) by each second-level rule in `raised_by`; `safety` marks an intervention that
    answers a safety need. `added_by` names what proposed it besides the needs' own
    ``answered_by``: ``"frame"`` (every plan with a need) or second-level rule ids.
    """

    intervention: str
    label: Text
    answers: tuple[str, ...]
    safety: bool
    priority: Severity
    raised_by: tuple[str, ...]
    added_by: tuple[str, ...]


class ProposedOrdering(Frozen):
    """Intervention `before` comes before `after`; `sources` are ``"pack"`` or rule ids."""

    before: str
    after: str
    sources: tuple[str, ...]


class PackRef(Frozen):
    """The rule pack a result came from."""

    id: str
    version: str
    content_hash: str

    @property
    def name(self) -> str:
        """``<id>@<version>``, as the pack is named."""
        return f"{self.id}@{self.version}"


class EngineRef(Frozen):
    """The rules engine that produced a result (durable-rules or the python engine), versioned."""

    name: Literal["durable-rules", "python"]
    version: str


class Findings(Frozen):
    """The result of evaluating one client's facts.

    Attributes
    ----------
    pack, engine : PackRef, EngineRef
        Which pack (name, version, content hash) and which engine version.
    needs : tuple of Need
        Safety needs first, then by severity (high to low), then in pack order.
    proposals : tuple of Proposal
        Safety interventions first, then by priority, then in pack order.
    orderings : tuple of ProposedOrdering
        Constraints between proposed interventions (from the pack and from rules).
    trace : tuple of TraceEntry
        Every rule that fired, in firing order.
    """

    pack: PackRef
    engine: EngineRef
    needs: tuple[Need, ...]
    proposals: tuple[Proposal, ...]
    orderings: tuple[ProposedOrdering, ...]
    trace: tuple[TraceEntry, ...]

    @property
    def need_ids(self) -> tuple[str, ...]:
        """Ids of the flagged needs, in order."""
        return tuple(need.id for need in self.needs)

    def need(self, need_id: str) -> Need | None:
        """The flagged need `need_id`, or None."""
        return next((need for need in self.needs if need.id == need_id), None)
