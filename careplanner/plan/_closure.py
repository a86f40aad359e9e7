"""Closure readiness: the rules of ``closure.yaml`` applied to a plan and its evaluation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from careplanner.plan._catalogue import ClosureRule, ClosureRules, Quantity
from careplanner.plan._load import load_catalogue
from careplanner.plan._outcome import Evaluation
from careplanner.plan._plan import CarePlan
from careplanner.plan._request import NeedInput
from careplanner.plan._types import Frozen, Source, Text

#: A quantity's value and the ids behind it (unmet objectives, open safety needs).
Found = tuple[float, tuple[str, ...]]


class ClosureCheck(Frozen):
    """One closure rule applied: the value found, whether it passed, and why in words."""

    rule: str
    passed: bool
    blocking: bool
    value: float
    threshold: float
    items: tuple[str, ...]
    text: Text
    source: Source


class ClosureVerdict(Frozen):
    """Whether closing the case is reasonable now, with a reason per rule.

    ``ready`` when every blocking rule passes; ``cautions`` names the advisory rules that
    failed, which say how to close rather than whether to.
    """

    ready: bool
    checks: tuple[ClosureCheck, ...]
    cautions: tuple[str, ...]
    rules: str


def closure_readiness(
    plan: CarePlan,
    evaluation: Evaluation,
    open_needs: Sequence[NeedInput] = (),
    rules: ClosureRules | None = None,
) -> ClosureVerdict:
    """Judge whether the case can be closed.

    Parameters
    ----------
    plan : CarePlan
        The plan with its recorded sessions.
    evaluation : Evaluation
        The latest re-assessment (`evaluate_progress`).
    open_needs : sequence of NeedInput
        Needs still flagged at the latest assessment (e.g. the rules engine's findings).
    rules : ClosureRules, optional
        Defaults to the bundled ``closure.yaml``.

    Returns
    -------
    ClosureVerdict
        ``ready`` when every blocking rule passes: by default all objectives met and no
        open safety need (flagged again, or a safety objective unmet). An ending not
        discussed before the closing stage is a caution, not a reason to keep the case open.

    Examples
    --------
    >>> from careplanner.plan import NeedInput, PlanRequest, build_plan, evaluate_progress
    >>> need = NeedInput(id="digital_exclusion", severity="low")
    >>> plan = build_plan(PlanRequest(needs=(need,)))
    >>> done = evaluate_progress(plan, {}, {"obs.uses_messaging_app": True})
    >>> verdict = closure_readiness(plan, done)
    >>> verdict.ready, verdict.cautions
    (True, ('ending_prepared',))

    Notes
    -----
    Termination is planned from the start and worked through (avoidance, negative feelings,
    sadness, release); frequent reminders keep the ending on the agenda [1]_.

    References
    ----------
    .. [1] Gitterman A., Germain C. B. The Life Model of Social Work Practice, 3rd ed.
       Columbia University Press (2008), pp. 142-143 [gitterman2008].
    """
    rules = rules or load_catalogue().closure
    counted = bool(evaluation.judged)
    checks = tuple(
        _apply(rule, *_QUANTITIES[rule.quantity](plan, evaluation, open_needs), counted)
        for rule in rules.rules
    )
    return ClosureVerdict(
        ready=all(c.passed for c in checks if c.blocking),
        checks=checks,
        cautions=tuple(c.rule for c in checks if not c.passed and not c.blocking),
        rules=f"{rules.id}@{rules.version}",
    )


def _met_share(plan: CarePlan, evaluation: Evaluation, open_needs: Sequence[NeedInput]) -> Found:
    return evaluation.met_share, evaluation.unmet


def _new_needs(plan: CarePlan, evaluation: Evaluation, open_needs: Sequence[NeedInput]) -> Found:
    planned = {n.need.id for n in plan.needs}
    ids = tuple(n.id for n in open_needs if n.id not in planned)
    return float(len(ids)), ids


def _open_safety(plan: CarePlan, evaluation: Evaluation, open_needs: Sequence[NeedInput]) -> Found:
    flagged = [n.id for n in open_needs if n.is_safety]
    unmet = {r.objective.need for r in evaluation.objectives if r.status != "met"}
    unmet_safety = [n.need.id for n in plan.needs if n.need.is_safety and n.need.id in unmet]
    ids = tuple(dict.fromkeys([*flagged, *unmet_safety]))
    return float(len(ids)), ids


def _ending_discussions(
    plan: CarePlan, evaluation: Evaluation, open_needs: Sequence[NeedInput]
) -> Found:
    closing = {s.id for s in plan.stages if s.phase == "closing"}
    count = sum(1 for s in plan.sessions if s.ending_discussed and s.stage not in closing)
    return float(count), ()


_QUANTITIES: dict[Quantity, Callable[[CarePlan, Evaluation, Sequence[NeedInput]], Found]] = {
    "objectives_met_share": _met_share,
    "open_safety_needs": _open_safety,
    "new_needs_without_plan": _new_needs,
    "ending_discussions_before_closing": _ending_discussions,
}


def _apply(
    rule: ClosureRule, value: float, items: tuple[str, ...], objectives_set: bool
) -> ClosureCheck:
    passed = rule.when.holds({rule.when.fact: value})
    template = rule.passed if passed else rule.failed
    if passed and not objectives_set and rule.nothing_to_count is not None:
        # No objective was set (no need at intake): "all met" would claim work not done.
        template = rule.nothing_to_count
    shown = ", ".join(items) or "-"
    text = {
        lang: t.format(value=value, threshold=rule.threshold, items=shown)
        for lang, t in template.items()
    }
    return ClosureCheck.model_validate(
        {
            "rule": rule.id,
            "passed": passed,
            "blocking": rule.blocking,
            "value": value,
            "threshold": rule.threshold,
            "items": items,
            "text": text,
            "source": rule.source,
        }
    )
