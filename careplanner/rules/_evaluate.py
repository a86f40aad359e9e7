"""`evaluate` and `evaluate_many`: facts checked, run by the chosen engine, findings assembled.

durable-rules is imported only when it is the engine that runs (`resolve_engine`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from careplanner._content._vocab import FactValue
from careplanner.errors import CareplannerError, RuleError
from careplanner.rules._assemble import Run, assemble_findings
from careplanner.rules._engines import MAX_BATCH, resolve_engine
from careplanner.rules._pack import RulePack
from careplanner.rules._reference import reference_evaluate
from careplanner.rules._results import Findings

if TYPE_CHECKING:
    from careplanner.rules.engine import DurableRuleset


def evaluate(
    facts: Mapping[str, FactValue], pack: RulePack | None = None, *, engine: str | None = None
) -> Findings:
    """Evaluate one client's facts with durable-rules or the python engine.

    Parameters
    ----------
    facts : mapping of str to int, float or bool
        Fact name -> value (names in ``careplanner/rules/facts.yaml``). A fact that was not
        assessed is left out: rules on it cannot fire.
    pack : RulePack, optional
        The rule pack; the default pack when omitted. Several packs can be used side by side.
    engine : {"auto", "durable", "python"}, optional
        The rules engine; ``CAREPLANNER_ENGINE`` or ``auto`` (durable-rules where it loads)
        when omitted. Both give identical findings; ``findings.engine`` says which ran.

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
    EngineUnavailableError
        ``durable`` was asked for where durable-rules cannot be loaded.

    Examples
    --------
    >>> findings = evaluate({"phq9.item9": 2, "ucla3.total": 8})
    >>> findings.need_ids
    ('suicide_risk', 'loneliness')
    >>> findings.proposals[0].intervention
    'crisis_referral'
    """
    if resolve_engine(engine) == "python":
        return reference_evaluate(facts, pack)
    from careplanner.rules.engine import ENGINE, ruleset_for

    ruleset = ruleset_for(pack)
    (result,) = ruleset.run([ruleset.compiled.check(facts)])
    if isinstance(result, RuleError):
        raise result
    return assemble_findings(ruleset.compiled, result, ENGINE)


def evaluate_many(
    facts_list: Sequence[Mapping[str, FactValue]],
    pack: RulePack | None = None,
    *,
    batch_size: int = 100,
    engine: str | None = None,
) -> list[Findings | CareplannerError]:
    """Evaluate many clients, `batch_size` to a durable-rules session (or with the python engine).

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
    engine : {"auto", "durable", "python"}, optional
        The rules engine, as for `evaluate`.

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
    if resolve_engine(engine) == "python":
        return [_python_or_error(facts, pack) for facts in facts_list]
    from careplanner.rules.engine import ENGINE, ruleset_for

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
                else assemble_findings(ruleset.compiled, outcome, ENGINE)
            )
    done = [result for result in results if result is not None]
    assert len(done) == len(results)  # every client has its findings or its error
    return done


def _python_or_error(
    facts: Mapping[str, FactValue], pack: RulePack | None
) -> Findings | CareplannerError:
    """One client's findings from the python engine, or the error that refused its facts."""
    try:
        return reference_evaluate(facts, pack)
    except CareplannerError as exc:
        return exc


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
