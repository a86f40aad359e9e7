"""A validated pack compiled once: plain-Python predicates and durable-rules JSON conditions.

Both evaluators share this form. The reference evaluator runs the predicates in firing order;
the durable-rules engine registers the JSON conditions, one durable-rules rule per pack rule
(a rule that waits for other needs joins "need flagged" facts), and uses the predicates only
to say which ``any`` conditions of a fired rule held.

Fact names become short keys (``f0``, ``f1``, ...) in the facts sent to durable-rules: the
messages it sends back per fired rule are JSON-decoded in Python, and their size is most of
the cost of an evaluation. durable-rules tells property names apart by a 32-bit FNV-1a hash
alone, so the keys are checked for distinct hashes here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from careplanner._content._caches import CACHES
from careplanner._content._conditions import TESTS, Condition
from careplanner._content._thresholds import Threshold
from careplanner._content._vocab import FactValue, Severity
from careplanner.errors import RulePackError
from careplanner.rules._catalogue import FactCatalogue, FactSpec, check_facts, load_fact_catalogue
from careplanner.rules._pack import Combination, OrderingSpec, Rule, RulePack
from careplanner.rules._results import PackRef
from careplanner.rules._validate import need_graph

#: Keys durable-rules messages carry besides facts; fact keys must not collide with them.
RESERVED_KEYS = ("id", "sid", "$s", "c", "n_", "end_", "never_", "exception", "running")
SAFETY_PRIORITY = 0
#: Highest (last-firing) priority a pack rule may get; the engine's own rules sit above it.
LAST_PACK_PRIORITY = 65533

_DURABLE_OPS = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def fnv1a_32(text: str) -> int:
    """The 32-bit FNV-1a hash durable-rules uses for session, fact and property names.

    Examples
    --------
    >>> hex(fnv1a_32("")), hex(fnv1a_32("a"))
    ('0x811c9dc5', '0xe40c292c')
    """
    value = 0x811C9DC5
    for byte in text.encode("ascii"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def check_distinct_hashes(
    kind: str, names: list[str], checked: Mapping[int, str] | None = None
) -> dict[int, str]:
    """The FNV-1a hashes of `names` and of the names `checked` before, each to its name; raise
    unless all are distinct (durable-rules never compares names)."""
    seen = dict(checked or {})
    for name in names:
        other = seen.setdefault(fnv1a_32(name), name)
        if other != name:
            raise RulePackError(f"{kind} {other!r} and {name!r} share a 32-bit FNV-1a hash")
    return seen


class Leaf:
    """One compiled condition: a fact tested against a bound, or a need that must be flagged."""

    __slots__ = ("bound", "fact", "key", "need", "op", "test", "threshold", "threshold_id")

    def __init__(
        self,
        fact: FactSpec | None = None,
        key: str = "",
        op: Literal["lt", "le", "gt", "ge", "is"] | None = None,
        bound: FactValue | None = None,
        threshold: tuple[str, Threshold] | None = None,
        need: str | None = None,
    ) -> None:
        self.fact, self.key, self.op, self.bound, self.need = fact, key, op, bound, need
        self.threshold_id: str | None = threshold[0] if threshold else None
        self.threshold: Threshold | None = threshold[1] if threshold else None
        self.test = TESTS["eq" if op == "is" else op] if op else None

    def holds(self, values: Mapping[str, FactValue], flagged: Mapping[str, object]) -> bool:
        """Whether the condition holds; a fact that is absent (not assessed) never holds."""
        if self.need is not None:
            return self.need in flagged
        value = values.get(self.key)
        return value is not None and self.test is not None and self.test(value, self.bound)


@dataclass(eq=False)
class CompiledRule:
    """A pack rule or combination as predicates, with where it sits in the firing order."""

    id: str
    need: str | None
    severity: Severity | None
    all: tuple[Leaf, ...]
    any: tuple[Leaf, ...]
    propose: tuple[str, ...] = ()
    raise_priority: tuple[str, ...] = ()
    order_pairs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        #: The needs this rule waits for, in order.
        self.waits = tuple(leaf.need for leaf in self.all if leaf.need is not None)
        #: The short keys of the facts this rule reads, in order.
        self.keys = tuple(leaf.key for leaf in (*self.all, *self.any) if leaf.need is None)

    def holds(self, values: Mapping[str, FactValue], flagged: Mapping[str, object]) -> bool:
        """Every ``all`` leaf holds and, when there are ``any`` leaves, one of them."""
        if not all(leaf.holds(values, flagged) for leaf in self.all):
            return False
        return not self.any or any(leaf.holds(values, flagged) for leaf in self.any)

    def facts(self) -> list[str]:
        """Names of the facts this rule reads directly."""
        return [leaf.fact.name for leaf in (*self.all, *self.any) if leaf.fact is not None]


@dataclass(eq=False)
class CompiledNeed:
    """A need, its rules in pack order and their durable-rules priority."""

    id: str
    index: int
    safety: bool
    priority: int
    rules: tuple[CompiledRule, ...]


@dataclass(eq=False)
class CompiledPack:
    """Everything both evaluators need, built once per pack (`compile_pack`).

    `referenced` numbers the needs some rule waits for: when one is flagged, the engine
    asserts a small "need flagged" fact (``{"n_": number, "c": client}``) that the rules
    waiting for it join on.
    """

    pack: RulePack
    catalogue: FactCatalogue
    keys: dict[str, str]
    needs: tuple[CompiledNeed, ...]
    combinations: tuple[CompiledRule, ...]
    combination_priority: int
    referenced: dict[str, int]
    readers: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.specs = {spec.name: spec for spec in self.catalogue.facts}
        self.table = {
            spec.name: _fast_check(spec, self.keys.get(spec.name)) for spec in self.catalogue.facts
        }
        self.need_order = {need_id: n for n, need_id in enumerate(self.pack.needs)}
        self.intervention_order = {name: n for n, name in enumerate(self.pack.interventions)}
        #: Every rule in durable-rules' firing order: by priority, then definition order.
        self.firing_order = (*rules_of(self.needs), *self.combinations)
        self.order_pairs = pairs_of(self.pack.orderings)
        pack = self.pack
        self.reference = PackRef(id=pack.id, version=pack.version, content_hash=pack.content_hash)

    def need(self, need_id: str) -> CompiledNeed:
        """The compiled need `need_id`."""
        return next(n for n in self.needs if n.id == need_id)

    def priority(self, rule: CompiledRule) -> int:
        """The durable-rules priority of a rule: its need's, or the combinations'.

        Needs at depth ``d`` of the chain of needs fire at ``2d + 1`` (safety needs at 0); the
        engine's barrier ``2d + 2`` then asserts, in one call, the needs flagged so far that
        other rules wait for; combinations come last.
        """
        return self.combination_priority if rule.need is None else self.need(rule.need).priority

    @property
    def barriers(self) -> tuple[int, ...]:
        """Priorities of the barriers: one after each depth of the chain of needs."""
        return tuple(range(2, self.combination_priority, 2))

    def check(self, facts: Mapping[str, FactValue]) -> dict[str, FactValue]:
        """Validate one client's facts and return them by short key, ready to assert.

        The fast path tests each value's exact type and range on a precomputed table; on any
        doubt `check_facts` runs, raises the error that names the fact, or accepts values of
        a subclass (an `IntEnum`, a numpy float), which are then passed on as plain numbers.
        """
        checked: dict[str, FactValue] = {}
        try:
            for name, value in facts.items():
                key, types, low, high = self.table[name]
                if type(value) not in types or not low <= value <= high:
                    break
                if key:
                    checked[key] = value
            else:
                return checked
        except (AttributeError, KeyError, TypeError):
            pass
        check_facts(facts, self.specs, self.readers)
        plain = {"bool": bool, "int": int, "float": float}
        return {
            self.keys[name]: plain[self.specs[name].type](value)
            for name, value in facts.items()
            if name in self.keys
        }

    def patterns(self, rule: CompiledRule) -> list[dict[str, Any]]:
        """The durable-rules patterns of one rule.

        A rule on facts alone is one pattern ``m`` on the client's facts. A rule that waits
        for needs joins, on the client number ``c``, the "need flagged" facts ``n0``, ``n1``,
        ... and (when it also tests facts) the client's facts ``m``.
        """
        waits = rule.waits
        patterns: list[dict[str, Any]] = []
        for n, need in enumerate(waits):
            test: dict[str, Any] = {"n_": self.referenced[need]}
            patterns.append({f"n{n}": test if n == 0 else {"$and": [test, _SAME_CLIENT]}})
        tested = replace(rule, all=tuple(leaf for leaf in rule.all if leaf.need is None))  # facts
        if tested.all or tested.any:
            condition = _conjunction(tested)
            patterns.append({"m": {"$and": [condition, _SAME_CLIENT]} if waits else condition})
        return patterns


_SAME_CLIENT = {"c": {"n0": "c"}}
_TYPES: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "float": (float, int)}


def _fast_check(
    spec: FactSpec, key: str | None
) -> tuple[str | None, tuple[type, ...], float, float]:
    """(short key or None, exact types allowed, low, high) of one fact; NaN fails low <= v."""
    if spec.type == "bool":
        return key, _TYPES["bool"], False, True
    low = -math.inf if spec.min is None else spec.min
    high = math.inf if spec.max is None else spec.max
    return key, _TYPES[spec.type], low, high


def _conjunction(rule: CompiledRule) -> dict[str, Any]:
    parts = [_leaf_condition(leaf) for leaf in rule.all]
    if rule.any:
        parts.append(_either([_leaf_condition(leaf) for leaf in rule.any]))
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _leaf_condition(leaf: Leaf) -> dict[str, Any]:
    if leaf.op == "is":
        return {leaf.key: leaf.bound}
    assert leaf.op is not None and leaf.need is None
    return {_DURABLE_OPS[leaf.op]: {leaf.key: leaf.bound}}


def _either(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$or": parts}


#: Most compiled packs kept; the least recently used is dropped beyond it.
MAX_COMPILED = 8
_COMPILED = CACHES.bounded("rules.compiled", MAX_COMPILED)


def compile_pack(pack: RulePack) -> CompiledPack:
    """Compile `pack` (kept by content hash in the ``rules.compiled`` cache; safe from many
    threads)."""
    compiled: CompiledPack = _COMPILED.get(pack.content_hash, _compile_bundled, pack)
    return compiled


def compiled_count() -> int:
    """How many compiled packs are cached now (at most `MAX_COMPILED`)."""
    return len(_COMPILED)


def _compile_bundled(pack: RulePack) -> CompiledPack:
    return _compile(pack, load_fact_catalogue())


def _compile(pack: RulePack, catalogue: FactCatalogue) -> CompiledPack:
    keys = {spec.name: f"f{n}" for n, spec in enumerate(catalogue.facts)}
    check_distinct_hashes("property", [*keys.values(), *RESERVED_KEYS])
    depth = _depths(pack)
    needs = []
    for index, (need_id, need) in enumerate(pack.needs.items()):
        priority = SAFETY_PRIORITY if need.safety else 2 * depth[need_id] + 1
        rules = tuple(_rule(pack, catalogue, keys, rule, need_id) for rule in need.rules)
        needs.append(CompiledNeed(need_id, index, need.safety, priority, rules))
    needs.sort(key=lambda n: (n.priority, n.index))
    combinations = tuple(_rule(pack, catalogue, keys, c, None) for c in pack.combinations)
    last = 2 * max(depth.values(), default=0) + 3
    for priority in (*(n.priority for n in needs), last):
        check_priority(priority)
    readers: dict[str, list[str]] = {}
    for rule in (*rules_of(needs), *combinations):
        for name in rule.facts():
            readers.setdefault(name, []).append(rule.id)
    keys = {name: key for name, key in keys.items() if name in readers}
    waited = sorted(
        {leaf.need for r in (*rules_of(needs), *combinations) for leaf in r.all if leaf.need}
    )
    referenced = {need_id: n for n, need_id in enumerate(waited)}
    return CompiledPack(
        pack, catalogue, keys, tuple(needs), combinations, last, referenced, readers
    )


def rules_of(needs: Sequence[CompiledNeed]) -> list[CompiledRule]:
    """Every rule of `needs`, in firing order."""
    return [rule for need in needs for rule in need.rules]


def check_priority(priority: int) -> None:
    """durable-rules reads ``pri`` as an unsigned 16-bit number: -1 would wrap and fire last."""
    if not 0 <= priority <= LAST_PACK_PRIORITY:
        text = f"priority {priority} is outside 0..{LAST_PACK_PRIORITY}; chains of needs too deep"
        raise RulePackError(text)


def _depths(pack: RulePack) -> dict[str, int]:
    graph = need_graph(pack)
    depth: dict[str, int] = {}

    def visit(need_id: str) -> int:
        if need_id not in depth:
            depth[need_id] = 1 + max((visit(n) for n in graph[need_id]), default=-1)
        return depth[need_id]

    for need_id in graph:
        visit(need_id)
    return depth


def _rule(
    pack: RulePack,
    catalogue: FactCatalogue,
    keys: Mapping[str, str],
    rule: Rule | Combination,
    need_id: str | None,
) -> CompiledRule:
    def leaf(condition: Condition) -> Leaf:
        if condition.need is not None:
            return Leaf(need=condition.need)
        assert condition.fact is not None
        spec = catalogue.get(condition.fact)
        assert spec is not None
        if isinstance(condition.value, bool):  # always "eq": one spelling of a yes/no test
            return Leaf(spec, keys[spec.name], "is", condition.value)
        op = condition.op
        assert op in ("lt", "le", "gt", "ge") and condition.threshold is not None  # _validate
        threshold = pack.thresholds[condition.threshold]
        named = (condition.threshold, threshold)
        return Leaf(spec, keys[spec.name], op, threshold.cut, named)

    leaves_all = tuple(leaf(c) for c in rule.all)
    leaves_any = tuple(leaf(c) for c in rule.any)
    if isinstance(rule, Rule):
        return CompiledRule(rule.id, need_id, rule.severity, leaves_all, leaves_any)
    pairs = pairs_of(rule.orderings)
    return CompiledRule(
        rule.id, None, None, leaves_all, leaves_any, rule.propose, rule.raise_priority, pairs
    )


def pairs_of(specs: Sequence[OrderingSpec]) -> tuple[tuple[str, str], ...]:
    """Every (before, after) pair of ordering specs, in order."""
    return tuple((b, a) for spec in specs for b in spec.before for a in spec.after)
