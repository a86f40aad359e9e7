"""Recruitment and screening: one decision per resident, from an ordered rule table (data).

The table is ``screening.yaml`` (or a worker's copy): the first rule whose conditions hold
decides. Every decision names its rule, the facts that made it hold, a reason in both
languages, whether the rule rests on evidence or convention, and its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import Field, model_validator

from careplanner._content._scope import using
from careplanner.errors import GroupDataError
from careplanner.group._data import overlaid, read_model
from careplanner.group._profile import ResidentProfile
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._types import (
    Basis,
    Code,
    Condition,
    Conditions,
    Facts,
    FactValue,
    Frozen,
    Source,
    Text,
    describe,
    fact_problems,
    fill,
)
from careplanner.group._words import need_list
from careplanner.rules import RulePack, active_pack, load_fact_catalogue

if TYPE_CHECKING:
    from careplanner._content._content import Content

DecisionKind = Literal[
    "crisis", "casework_first", "excluded", "declined", "not_indicated", "suitable"
]
DECISIONS: tuple[str, ...] = get_args(DecisionKind)
#: Facts the screening adds to a profile's: flagged needs the group answers.
GROUP_NEED_COUNT = "needs.group"
_SAFETY = Condition.model_validate({"fact": "needs.safety", "op": "eq", "value": True})
_PLACEHOLDERS = ("safety_needs", "group_needs", "needs")


class DecisionSpec(Frozen):
    """What a decision is called and what follows it."""

    label: Text
    next_step: Text


class ScreeningRule(Conditions):
    """A rule: when its conditions hold (and no earlier rule's did), it decides."""

    id: Code
    decision: DecisionKind
    reason: Text
    basis: Basis
    source: Source


class ScreeningRules(Frozen):
    """The screening table; see ``screening.yaml`` for the format.

    The model refuses a table whose first rule is not the safety rule (a safety need
    always routes to crisis referral), whose last rule is not a catch-all, or whose rule
    ids repeat.
    """

    id: Code
    version: int = Field(ge=1)
    title: Text
    source: Source
    group_needs: tuple[Code, ...] = Field(min_length=1)
    decisions: dict[DecisionKind, DecisionSpec]
    rules: tuple[ScreeningRule, ...] = Field(min_length=2)

    @property
    def label(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @model_validator(mode="after")
    def _safe_and_total(self) -> ScreeningRules:
        first, last = self.rules[0], self.rules[-1]
        if first.decision != "crisis" or first.all != (_SAFETY,) or first.any:
            raise ValueError(
                "rules[0] must decide 'crisis' on exactly {fact: needs.safety, op: eq, "
                "value: true}: a safety need always routes to crisis referral and casework"
            )
        if not last.always:
            raise ValueError("the last rule must have no condition (the catch-all)")
        if any(rule.always for rule in self.rules[:-1]):
            raise ValueError("only the last rule may have no condition")
        missing = sorted(set(DECISIONS) - set(self.decisions))
        if missing:
            raise ValueError(f"'decisions' needs an entry for each of {missing}")
        ids = [rule.id for rule in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("rule ids must be distinct")
        return self


class ScreeningEvidence(Frozen):
    """A condition that held for a resident, with the fact's value."""

    fact: str
    value: FactValue
    test: str


class ScreeningDecision(Frozen):
    """The screening decision for one resident, with everything that explains it."""

    resident: str
    community: str
    decision: DecisionKind
    label: Text
    rule: str
    reason: Text
    next_step: Text
    evidence: tuple[ScreeningEvidence, ...]
    basis: Basis
    source: str
    group_needs: tuple[str, ...]

    @property
    def joins_group(self) -> bool:
        """Whether the resident is placed in a group (only ``suitable``)."""
        return self.decision == "suitable"


class Screening(Frozen):
    """Every resident's decision, in input order, and the table that made them."""

    rules: str
    decisions: tuple[ScreeningDecision, ...]

    @property
    def suitable(self) -> tuple[str, ...]:
        """Ids of the residents to place in groups."""
        return tuple(d.resident for d in self.decisions if d.joins_group)

    def counts(self) -> dict[str, int]:
        """Residents per decision, every decision listed."""
        return {kind: sum(d.decision == kind for d in self.decisions) for kind in DECISIONS}

    def of(self, resident: str) -> ScreeningDecision:
        """The decision for `resident`."""
        return next(d for d in self.decisions if d.resident == resident)


def load_screening(
    path: str | Path | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    pack: RulePack | None = None,
) -> ScreeningRules:
    """Load the screening table and check every fact and need it names.

    Parameters
    ----------
    path : str or Path, optional
        A worker's copy of ``screening.yaml``; the bundled table when not given.
    questionnaire : Questionnaire, optional
        The survey whose answers the rules may read; the bundled one when not given.
    pack : careplanner.rules.RulePack, optional
        The rule pack whose needs ``need.<id>`` and ``group_needs`` may name.

    Raises
    ------
    GroupDataError
        The file breaks the model, or names a fact or need nobody produces.

    Examples
    --------
    >>> rules = load_screening()
    >>> rules.rules[0].id, rules.rules[-1].decision
    ('safety_first', 'not_indicated')
    """
    if path is None and questionnaire is None and pack is None and not overlaid("screening.yaml"):
        return _bundled()
    rules = read_model(ScreeningRules, "screening.yaml", path)
    _check_names(rules, str(path or "screening.yaml"), questionnaire, pack)
    return rules


@cache
def _bundled() -> ScreeningRules:
    rules = read_model(ScreeningRules, "screening.yaml")
    _check_names(rules, "screening.yaml", None, None)
    return rules


def _check_names(
    rules: ScreeningRules, source: str, questionnaire: Questionnaire | None, pack: RulePack | None
) -> None:
    needs = set((pack or active_pack()).needs)
    known = known_facts(questionnaire or load_questionnaire(), needs)
    problems = [
        p for i, rule in enumerate(rules.rules) for p in fact_problems(f"rules[{i}]", rule, known)
    ]
    problems += [f"group_needs: unknown need {n!r}" for n in rules.group_needs if n not in needs]
    for i, rule in enumerate(rules.rules):
        try:
            fill(rule.reason, **{p: "" for p in _PLACEHOLDERS})
        except (KeyError, IndexError, ValueError):
            problems.append(f"rules[{i}] ({rule.id}).reason: placeholders are {_PLACEHOLDERS}")
    if problems:
        raise GroupDataError(source, "; ".join(problems))


def known_facts(questionnaire: Questionnaire, needs: set[str]) -> frozenset[str]:
    """Every fact a group data file may read: assessment, need, survey and count facts."""
    assessment = {spec.name for spec in load_fact_catalogue().facts}
    flagged = {f"need.{n}" for n in needs}
    counts = {"needs.safety", "needs.count", GROUP_NEED_COUNT}
    return frozenset(assessment | flagged | counts | questionnaire.fact_names)


def screen(
    profiles: Sequence[ResidentProfile],
    rules: ScreeningRules | None = None,
    *,
    content: Content | None = None,
) -> Screening:
    """Decide, for each resident, group, casework first, crisis referral, or not this group.

    Parameters
    ----------
    profiles : sequence of ResidentProfile
        `profile_residents` of the residents.
    rules : ScreeningRules, optional
        The screening table; the bundled ``screening.yaml`` when not given.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`); the running one when not given.

    Returns
    -------
    Screening
        Exactly one decision per resident, in input order.

    Notes
    -----
    The first rule is always the safety rule, so a resident with a safety need (suicide risk,
    severe depression, abuse or neglect) is routed to crisis referral and casework and never
    placed in a group: individual safety planning comes first [stanley2012]; excluding acute
    suicidality from groups is a practice convention, not a criterion found in any published
    trial.

    Examples
    --------
    >>> from careplanner.group import load_residents, profile_residents
    >>> screening = screen(profile_residents(load_residents("example:residents")))
    >>> screening.of("r13").decision, screening.of("r13").rule
    ('crisis', 'safety_first')
    """
    with using(content):
        rules = rules or load_screening()
        return Screening(rules=rules.label, decisions=tuple(_decide(p, rules) for p in profiles))


def _decide(profile: ResidentProfile, rules: ScreeningRules) -> ScreeningDecision:
    group_needs = tuple(n.id for n in profile.needs if n.id in rules.group_needs)
    facts = {**profile.facts, GROUP_NEED_COUNT: len(group_needs)}
    for rule in rules.rules:
        held = rule.matched(facts)
        if held is not None:
            break
    else:  # unreachable: the last rule is a catch-all
        raise AssertionError("screening table without a catch-all")
    spec = rules.decisions[rule.decision]
    named = {
        "safety_needs": need_list(profile.safety_needs),
        "group_needs": need_list(group_needs),
        "needs": need_list(n.id for n in profile.needs),
    }
    reason = {
        lang: text.format(**{k: v[lang] for k, v in named.items()})
        for lang, text in rule.reason.items()
    }
    return ScreeningDecision(
        resident=profile.id,
        community=profile.community,
        decision=rule.decision,
        label=spec.label,
        rule=rule.id,
        reason=reason,
        next_step=spec.next_step,
        evidence=tuple(_evidence(c, facts) for c in held),
        basis=rule.basis,
        source=rule.source,
        group_needs=group_needs,
    )


def _evidence(condition: Condition, facts: Facts) -> ScreeningEvidence:
    assert condition.fact is not None  # `fact_problems` refuses conditions on needs
    value = facts[condition.fact]
    return ScreeningEvidence(fact=condition.fact, value=value, test=describe(condition))
