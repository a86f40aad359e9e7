"""The meaning of a rule pack: what a schema cannot check.

Each check returns `Problem`s located like ``needs.loneliness.rules[0].all[0].fact``:

- a condition names an unknown fact, threshold, need or intervention, tests a number with a
  yes/no or a yes/no fact with a number, compares a number with ``eq``/``ne`` or with a value
  that is not one of the pack's named thresholds, or compares a measure that has no cut-off;
- a rule can never fire (its conditions exclude every value in the fact's range, or it
  waits for a need that can never be flagged);
- needs refer to each other in a cycle, or orderings of interventions form a cycle;
- a need that no intervention answers, a safety need that waits for another need or has a
  severity other than ``high``, a rule id used twice, a threshold no rule uses.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

from careplanner._content._conditions import Condition
from careplanner._content._problems import unknown
from careplanner.errors import Problem
from careplanner.rules._catalogue import FactCatalogue, FactSpec, load_fact_catalogue
from careplanner.rules._pack import Combination, Rule, RulePack

#: The tests a rule pack may apply to a number: durable-rules compiles these four.
_ORDERED = ("lt", "le", "gt", "ge")
#: One numeric constraint: low, low is open, high, high is open.
Interval = tuple[float, bool, float, bool]


def pack_problems(pack: RulePack, catalogue: FactCatalogue | None = None) -> list[Problem]:
    """Every problem of meaning in `pack`; empty when the pack is sound."""
    catalogue = catalogue or load_fact_catalogue()
    problems = _id_problems(pack) + _intervention_problems(pack)
    reference_problems = _condition_problems(pack, catalogue)
    problems += reference_problems
    if not reference_problems:
        cycle = find_cycle(need_graph(pack))
        if cycle:
            problems.append(Problem("needs", "cycle in chained rules: " + " -> ".join(cycle)))
        else:
            problems += _never_fire_problems(pack, catalogue)
    cycle = find_cycle(ordering_graph(pack))
    if cycle:
        problems.append(Problem("orderings", "cycle in orderings: " + " -> ".join(cycle)))
    return problems


def all_rules(pack: RulePack) -> Iterator[tuple[str, Rule | Combination, str | None]]:
    """Every rule with its location and the need it flags (None for a combination)."""
    for need_id, need in pack.needs.items():
        for n, rule in enumerate(need.rules):
            yield f"needs.{need_id}.rules[{n}]", rule, need_id
    for n, combination in enumerate(pack.combinations):
        yield f"combinations[{n}]", combination, None


def conditions(rule: Rule | Combination) -> Iterator[tuple[str, Condition]]:
    """Every condition of a rule with its location inside the rule."""
    for key in ("all", "any"):
        for n, condition in enumerate(getattr(rule, key)):
            yield f"{key}[{n}]", condition


def need_graph(pack: RulePack) -> dict[str, list[str]]:
    """Need -> the needs its rules wait for."""
    return {
        need_id: [c.need for rule in need.rules for _, c in conditions(rule) if c.need]
        for need_id, need in pack.needs.items()
    }


def ordering_graph(pack: RulePack) -> dict[str, list[str]]:
    """Intervention -> interventions that come after it, over the pack and every combination."""
    graph: dict[str, list[str]] = {}
    specs = [*pack.orderings, *(o for c in pack.combinations for o in c.orderings)]
    for spec in specs:
        for before in spec.before:
            graph.setdefault(before, []).extend(spec.after)
    return graph


def find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str]:
    """A cycle in `graph` as a closed path (first == last), or an empty list."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def _id_problems(pack: RulePack) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for location, rule, _ in all_rules(pack):
        if rule.id in seen:
            problems.append(
                Problem(f"{location}.id", f"rule id {rule.id!r} also at {seen[rule.id]}")
            )
        seen.setdefault(rule.id, location)
    return problems


def _intervention_problems(pack: RulePack) -> list[Problem]:
    known = set(pack.interventions)
    places: list[tuple[str, tuple[str, ...]]] = [("frame", pack.frame)]
    places += [(f"orderings[{n}].before", o.before) for n, o in enumerate(pack.orderings)]
    places += [(f"orderings[{n}].after", o.after) for n, o in enumerate(pack.orderings)]
    for need_id, need in pack.needs.items():
        places.append((f"needs.{need_id}.answered_by", need.answered_by))
    for n, combination in enumerate(pack.combinations):
        places += [(f"combinations[{n}].propose", combination.propose)]
        places += [(f"combinations[{n}].raise_priority", combination.raise_priority)]
        for m, o in enumerate(combination.orderings):
            places += [(f"combinations[{n}].orderings[{m}].before", o.before)]
            places += [(f"combinations[{n}].orderings[{m}].after", o.after)]
    problems = [
        Problem(location, unknown("intervention", name, known))
        for location, names in places
        for name in names
        if name not in known
    ]
    for need_id, need in pack.needs.items():
        if not need.answered_by:
            text = f"need {need_id!r} is answered by no intervention; list at least one"
            problems.append(Problem(f"needs.{need_id}.answered_by", text))
    return problems


def _condition_problems(pack: RulePack, catalogue: FactCatalogue) -> list[Problem]:
    problems = []
    used: set[str] = set()
    for location, rule, need_id in all_rules(pack):
        safety = need_id is not None and pack.needs[need_id].safety
        if safety and isinstance(rule, Rule) and rule.severity != "high":
            text = "a rule of a safety need has severity 'high'"
            problems.append(Problem(f"{location}.severity", text))
        for where, condition in conditions(rule):
            if condition.threshold:
                used.add(condition.threshold)
            field, problem = _condition_problem(pack, catalogue, condition, safety)
            if condition.need and where.startswith("any"):
                field, problem = "need", "a rule waits for a need under 'all' only"
            if problem:
                problems.append(Problem(f"{location}.{where}.{field}", problem))
    for name in pack.thresholds:
        if name not in used:
            problems.append(Problem(f"thresholds.{name}", "used by no rule"))
    return problems


def _condition_problem(
    pack: RulePack, catalogue: FactCatalogue, condition: Condition, safety: bool
) -> tuple[str, str | None]:
    """(the field at fault, the problem) of one condition; the problem is None when sound."""
    if condition.need is not None:
        if condition.need not in pack.needs:
            return "need", unknown("need", condition.need, set(pack.needs))
        if safety:
            return (
                "need",
                "a safety need is flagged from facts only: nothing may delay or suppress it",
            )
        return "need", None
    assert condition.fact is not None  # the model allows a fact or a need
    spec = catalogue.get(condition.fact)
    if spec is None:
        return "fact", unknown("fact", condition.fact, {s.name for s in catalogue.facts})
    if spec.type == "bool" and not condition.yes_no:
        return (
            "value",
            f"fact {spec.name!r} is yes/no: test it with op 'eq' and value true or false",
        )
    if spec.type == "bool":
        return "value", None
    if condition.yes_no:
        return "value", f"fact {spec.name!r} is a number: compare it with a threshold, not a yes/no"
    if condition.op not in _ORDERED:
        return "op", f"a rule pack compares the number {spec.name!r} with one of {list(_ORDERED)}"
    if not spec.cutoff:
        return (
            "value",
            f"fact {spec.name!r} has no published cut-off: no threshold may be applied to it",
        )
    if condition.threshold is None or condition.threshold not in pack.thresholds:
        return "value", unknown("threshold", str(condition.value), set(pack.thresholds))
    return "value", None


def _never_fire_problems(pack: RulePack, catalogue: FactCatalogue) -> list[Problem]:
    possible: dict[str, bool] = {}
    problems = []
    for need_id in _topological(need_graph(pack)):
        need = pack.needs[need_id]
        flags = [_feasible(pack, catalogue, rule, possible) for rule in need.rules]
        possible[need_id] = any(flags)
        for n, (rule, ok) in enumerate(zip(need.rules, flags, strict=True)):
            if not ok:
                problems.append(_never(f"needs.{need_id}.rules[{n}]", rule))
    for n, combination in enumerate(pack.combinations):
        if not _feasible(pack, catalogue, combination, possible):
            problems.append(_never(f"combinations[{n}]", combination))
    return problems


def _never(location: str, rule: Rule | Combination) -> Problem:
    text = f"rule {rule.id!r} can never fire: its conditions exclude every possible value"
    return Problem(location, text)


def _feasible(
    pack: RulePack, catalogue: FactCatalogue, rule: Rule | Combination, possible: Mapping[str, bool]
) -> bool:
    box: dict[str, Interval | set[bool]] = {}
    if not all(_narrow(pack, catalogue, box, c, possible) for c in rule.all):
        return False
    return not rule.any or any(_narrow(pack, catalogue, dict(box), c, possible) for c in rule.any)


def _narrow(
    pack: RulePack,
    catalogue: FactCatalogue,
    box: dict[str, Interval | set[bool]],
    condition: Condition,
    possible: Mapping[str, bool],
) -> bool:
    """Add `condition` to `box`; False when no value is left for its fact (or need)."""
    if condition.need is not None:
        return possible[condition.need]
    assert condition.fact is not None
    spec = catalogue.get(condition.fact)
    assert spec is not None
    current = box.get(spec.name) or _full(spec)
    if isinstance(current, set):
        box[spec.name] = current & {condition.value}
        return bool(box[spec.name])
    assert condition.op is not None and condition.threshold is not None
    narrowed = _tighten(current, condition.op, float(pack.thresholds[condition.threshold].cut))
    box[spec.name] = narrowed
    return not _empty(narrowed, spec.type == "int")


def _full(spec: FactSpec) -> Interval | set[bool]:
    if spec.type == "bool":
        return {True, False}
    low = -math.inf if spec.min is None else spec.min
    high = math.inf if spec.max is None else spec.max
    return (low, False, high, False)


def _tighten(interval: Interval, op: str, t: float) -> Interval:
    low, low_open, high, high_open = interval
    if op in ("gt", "ge"):
        is_open = op == "gt"
        if t > low or (t == low and is_open):
            low, low_open = t, is_open
    else:
        is_open = op == "lt"
        if t < high or (t == high and is_open):
            high, high_open = t, is_open
    return (low, low_open, high, high_open)


def _empty(interval: Interval, integer: bool) -> bool:
    low, low_open, high, high_open = interval
    if integer:
        if math.isfinite(low):
            low = math.floor(low) + 1 if low_open else math.ceil(low)
        if math.isfinite(high):
            high = math.ceil(high) - 1 if high_open else math.floor(high)
        return low > high
    return low > high or (low == high and (low_open or high_open))


def _topological(graph: Mapping[str, Sequence[str]]) -> list[str]:
    order: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node not in done:
            done.add(node)
            for nxt in graph.get(node, ()):
                visit(nxt)
            order.append(node)

    for node in graph:
        visit(node)
    return order
