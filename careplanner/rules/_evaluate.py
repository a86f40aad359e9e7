"""`evaluate` and `evaluate_many`: facts checked, run through durable-rules, findings assembled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from careplanner.errors import CareplannerError, RuleError
from careplanner.rules._assemble import Run, assemble
from careplanner.rules._catalogue import FactValue
from careplanner.rules._pack import RulePack
from careplanner.rules._results import Findings
from careplanner.rules.engine import ENGINE, MAX_BATCH, DurableRuleset, ruleset_for


def evaluate(facts: Mapping[str, FactValue], pack: RulePack | None = None) -> Findings:
    """Evaluate one client's facts with durable-rules.

    Parameters
    ----------
    facts : mapping of str to int, float or bool
        Fact name -> value (names in ``careplanner/rules/facts.yaml``). A fact that was not
        assessed is left out: rules on it cannot fire.
    pack : RulePack, optional
        The rule pack; the default pack when omitted. Several packs can be used side by side.

    Returns
    -------
    Findings
        Needs (safety first, then by severity), proposals, orderings and the trace.

    Raises
    ------
    UnknownCodeError
        A fact name is not in the catalogue.
    RuleError
        A fact has the wrong type or is out of range, or a rule failed; the message names
        the rule and the fact. No partial result is returned.

    Examples
    --------
    >>> findings = evaluate({"phq9.item9": 2, "ucla3.total": 8})
    >>> findings.need_ids
    ('suicide_risk', 'loneliness')
    >>> findings.proposals[0].intervention
    'crisis_referral'
    """
    ruleset = ruleset_for(pack)
    (result,) = ruleset.run([ruleset.compiled.check(facts)])
    if isinstance(result, RuleError):
        raise result
    return assemble(ruleset.compiled, result, ENGINE)


def evaluate_many(
    facts_list: Sequence[Mapping[str, FactValue]],
    pack: RulePack | None = None,
    *,
    batch_size: int = 100,
) -> list[Findings | CareplannerError]:
    """Evaluate many clients, `batch_size` to a durable-rules session.

    Each client's findings are identical to `evaluate` on its own. A bad record does not
    spoil its neighbours: its place in the result holds the error instead.

    Parameters
    ----------
    facts_list : sequence of mappings
        One fact mapping per client.
    pack : RulePack, optional
        The rule pack; the default pack when omitted.
    batch_size : int
        Clients per session, 1..1000. Larger batches amortise the per-session cost.

    Returns
    -------
    list of Findings or CareplannerError
        In input order.

    Examples
    --------
    >>> results = evaluate_many([{"ucla3.total": 8}, {"ucla3.total": 99}])
    >>> results[0].need_ids, type(results[1]).__name__
    (('loneliness',), 'RuleError')
    """
    if not 1 <= batch_size <= MAX_BATCH:
        raise RuleError(f"batch_size must be in 1..{MAX_BATCH}, not {batch_size}")
    ruleset = ruleset_for(pack)
    results: list[Findings | CareplannerError | None] = [None] * len(facts_list)
    pending: list[tuple[int, dict[str, FactValue]]] = []
    for n, facts in enumerate(facts_list):
        try:
            pending.append((n, ruleset.compiled.check(facts)))
        except CareplannerError as exc:
            results[n] = exc
    for start in range(0, len(pending), batch_size):
        chunk = pending[start : start + batch_size]
        outcomes = _run_isolated(ruleset, [values for _, values in chunk])
        for (n, _), outcome in zip(chunk, outcomes, strict=True):
            results[n] = (
                outcome
                if isinstance(outcome, RuleError)
                else assemble(ruleset.compiled, outcome, ENGINE)
            )
    done = [result for result in results if result is not None]
    assert len(done) == len(results)  # every client has its findings or its error
    return done


def _run_isolated(
    ruleset: DurableRuleset, batch: list[dict[str, FactValue]]
) -> list[Run | RuleError]:
    """Run a batch; if the session as a whole fails, run each client alone to isolate it."""
    try:
        return ruleset.run(batch)
    except RuleError as exc:
        if len(batch) == 1:
            return [exc]
    outcomes: list[Run | RuleError] = []
    for values in batch:
        try:
            outcomes += ruleset.run([values])
        except RuleError as exc:
            outcomes.append(exc)
    return outcomes
