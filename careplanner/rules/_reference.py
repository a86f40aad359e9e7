"""The python engine: the same pack as plain Python predicates, no durable-rules.

It runs wherever durable-rules cannot load (Python 3.13 and later, or no C compiler), is the
floor of the benchmark, the oracle of the differential tests (durable-rules and the python
engine give identical findings) and the basis of counterfactual search.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

from careplanner._content._vocab import FactValue
from careplanner.rules._assemble import Run, assemble_findings, record
from careplanner.rules._compiled import CompiledPack, compile_pack
from careplanner.rules._load import active_pack
from careplanner.rules._pack import RulePack
from careplanner.rules._results import EngineRef, Findings


def careplanner_version() -> str:
    """The installed careplanner version, or ``unknown`` when it is not installed."""
    try:
        return version("careplanner")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


PYTHON_ENGINE = EngineRef(name="python", version=f"careplanner {careplanner_version()}")


def reference_evaluate(facts: Mapping[str, FactValue], pack: RulePack | None = None) -> Findings:
    """Evaluate `facts` with plain Python predicates, in durable-rules' firing order.

    Parameters
    ----------
    facts : mapping of str to int, float or bool
        One client's facts (names in ``careplanner/rules/facts.yaml``); absent = not assessed.
    pack : RulePack, optional
        The rule pack; the default pack when omitted.

    Returns
    -------
    Findings
        Identical to durable-rules' findings apart from ``engine``, which is ``python``.

    Raises
    ------
    UnknownCodeError, RuleError
        A fact is unknown, of the wrong type or out of range.

    Examples
    --------
    >>> reference_evaluate({"ucla3.total": 7}).need_ids
    ('loneliness',)
    """
    compiled = compile_pack(pack or active_pack())
    return assemble_findings(
        compiled, run_reference(compiled, compiled.check(facts)), PYTHON_ENGINE
    )


def run_reference(compiled: CompiledPack, values: Mapping[str, FactValue]) -> Run:
    """Fire the rules of `compiled` on checked `values` (by short key) and return the run.

    The order is durable-rules' order (`CompiledPack.firing_order`): needs by priority
    (safety first) then pack order, each need's rules in pack order, combinations last.
    """
    run = Run()
    for rule in compiled.firing_order:
        if rule.holds(values, run.flagged):
            record(run, rule, values)
    return run
