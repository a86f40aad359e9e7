"""What the planner is asked: flagged needs, proposed interventions, ordering, language.

`PlanRequest` is the planner's own small input, so that it can be built by hand, from a case
system, or from the rules engine's findings (`plan_from_findings`). Ids are checked against
the catalogue when the plan is built, with errors that name the field and the allowed ids.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from careplanner._content._vocab import Code, FactName, FactValue, Frozen, Language, Severity, Text


class NeedInput(Frozen):
    """A flagged need.

    Attributes
    ----------
    id : str
        Need id; the catalogue must hold a template for it (``objectives.yaml``).
    severity : {"low", "moderate", "high"}
    is_safety : bool
        A safety need (e.g. suicide risk): the plan gets a crisis stage and a crisis plan.
    statement : dict, optional
        The finding in words, ``{"en": ..., "zh-CN": ...}``.
    """

    id: Code
    severity: Severity
    is_safety: bool = False
    statement: Text | None = None


class ProposedIntervention(Frozen):
    """An intervention proposed for the plan and the need ids it answers.

    A proposal answering no need (e.g. the engagement every plan has) still puts its stage
    in the plan.
    """

    id: Code
    answers: tuple[Code, ...] = ()
    priority: Severity | None = Field(
        None,
        description="How urgent the rules judged it; a higher priority moves its stage earlier.",
    )


class Ordering(Frozen):
    """A constraint: intervention `before` is delivered before intervention `after`."""

    before: Code
    after: Code

    @model_validator(mode="after")
    def _distinct(self) -> Ordering:
        if self.before == self.after:
            raise ValueError("'before' and 'after' must name different interventions")
        return self


class PlanRequest(Frozen):
    """Everything `build_plan` needs.

    Attributes
    ----------
    needs : tuple of NeedInput
        Flagged needs; none gives a plan of kind ``"none"`` that says why.
    interventions : tuple of ProposedIntervention
        Proposed interventions. A need no proposal answers gets its catalogue defaults.
    ordering : tuple of Ordering
        "A before B" constraints; those naming an intervention not in the plan are ignored.
    language : {"zh-CN", "en"}
        The client's language (texts carry both; this says which to show).
    baseline : dict of str to int, float or bool
        Intake facts (e.g. ``{"gds15.total": 7}``), copied into each objective's baseline.
    slots : dict
        Slot name -> words per language, from the client's own case
        (`careplanner.plan.slots_of`); catalogue texts naming a slot without a value here
        use neutral words or are left out.
    declines_groups : bool
        The client has said they do not want group activities: interventions with a
        one-to-one alternative are replaced by it.
    """

    needs: tuple[NeedInput, ...] = ()
    interventions: tuple[ProposedIntervention, ...] = ()
    ordering: tuple[Ordering, ...] = ()
    language: Language = "zh-CN"
    baseline: dict[FactName, FactValue] = Field(default_factory=dict)
    slots: dict[str, dict[Language, str]] = Field(default_factory=dict)
    declines_groups: bool = False
