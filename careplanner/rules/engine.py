"""The durable-rules engine: the only careplanner module that imports durable_rules.

A rule pack compiles to one native durable-rules ruleset named ``<pack id>@<version>``: one
durable-rules rule per pack rule (a rule that waits for other needs joins "need flagged"
facts, which barrier rules assert after each depth of the chain of needs) and the engine's
own rules. Every rule has a ``cap``, so it fires once per session with all the clients it
matched. careplanner drives durable-rules' C engine (``durable_rules_engine``) itself, without
its Python layer (`durable.engine`: a `Host`, a `Closure` and a `Promise` per action, the
action message decoded as JSON and the session state re-encoded after each action): an
evaluation asserts every client's facts in one call (only the values that meet some condition
of the pack: `_fact`), then takes the actions one by one, reads from each message only the
rule's name and the numbers of the clients it matched (`_fired`), and deletes the session. The
client's values come from the facts careplanner asserted, not back from the message. The
hazards found in durable-rules 2.0.28 (its Python and C source and issue tracker
[durable-rules]) and how each is neutralised:

1. Timer threads that crash concurrent sessions: no `durable.engine.Host` is created, so no
   thread is started; careplanner runs every action inside its own call.
2. 1,024 live sessions, ids compared by 32-bit FNV-1a hash only: one session per ruleset at a
   time (a lock held from assert to delete), deleted in ``finally``; property names have
   distinct hashes (checked when the pack compiles), and so have the fact ids of a session
   (checked for each client number the first time a session holds it), and a session id
   whose hash or whose state id's hash would collide is skipped.
3. Crashes on delete after an unhandled fact or a session without an action: the
   ``engine:sink`` rule handles every client fact without firing, and the single-pattern
   ``engine:end`` rule fires last in every session on a marker fact.
4. Errors swallowed inside actions (durable-rules' `Promise` stores them in the session
   state): careplanner runs the actions itself; an `Exception` stays with its client, any
   other error fails the session, which still runs to its end and is deleted. A session that
   did not reach ``engine:end`` is an error.
5. ``pri`` is unsigned 16-bit: priorities are range-checked; safety needs fire at 0.
6. A wrong type silently fails to match: facts are checked (name, type, range) first.
7. One ``assert_facts`` per session gives one global priority order, alone or in a batch.
8. Python 3.12 deprecates ``datetime.utcfromtimestamp``, which durable-rules' Python layer
   calls on every action: that layer is not used.
9. (found here) durable-rules' JSON parser reads ``1e-05`` -- Python's form of 0.00001 -- as
   ``1`` followed by garbage and crashes: facts reach it as JSON whose numbers are written
   out positionally (`facts_json`), and the catalogue bounds every count.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from importlib.metadata import version
from typing import Any

import durable_rules_engine as native

from careplanner._content._caches import CACHES
from careplanner._content._vocab import FactValue
from careplanner.errors import RuleError
from careplanner.rules._assemble import RuleFailure, Run, record
from careplanner.rules._compiled import (
    CompiledPack,
    CompiledRule,
    check_distinct_hashes,
    compile_pack,
    fnv1a_32,
)
from careplanner.rules._engines import MAX_BATCH
from careplanner.rules._load import active_pack
from careplanner.rules._pack import RulePack
from careplanner.rules._reference import careplanner_version
from careplanner.rules._results import EngineRef

DURABLE_VERSION = version("durable_rules")
ENGINE = EngineRef(
    name="durable-rules",
    version=f"careplanner {careplanner_version()}; durable-rules {DURABLE_VERSION}",
)
SINK_PRIORITY, END_PRIORITY = 65534, 65535
_FACT_IDS = tuple(f"c{n}" for n in range(MAX_BATCH))
_END_ID = "end"
#: durable-rules' result codes for a fact no rule takes in, and for one asserted twice.
_REFUSED = {1: "a fact no rule takes in", 2: "a fact asserted twice"}
#: What careplanner reads from an action message: each matched fact's client (the facts are
#: written by `facts_json`, so ``"c":`` is followed by the number, and ``"sid":`` by the id).
_CLIENT = re.compile(r'"c":(\d+)')

Action = Callable[["_Session", str], None]
#: Every `DurableRuleset` alive in this process (to count those holding a native ruleset).
_ALIVE: weakref.WeakSet[DurableRuleset] = weakref.WeakSet()


class _Session:
    """One session: the clients' checked facts, a run and a failure per client, its end."""

    __slots__ = ("batch", "done", "error", "failures", "flagged", "runs", "sid")

    def __init__(self, sid: str, batch: Sequence[Mapping[str, FactValue]]) -> None:
        self.sid = sid
        self.batch = batch
        self.runs = [Run() for _ in batch]
        self.flagged: list[dict[str, Any]] = []
        self.failures: dict[int, RuleError] = {}
        self.done = False
        #: What failed the session as a whole inside an action (hazard 4).
        self.error: str | None = None

    def problem(self, name: str) -> RuleError | None:
        """What went wrong for the whole session (hazard 4), or None."""
        if self.error is not None:
            return RuleError(
                f"pack {name}: an action failed inside durable-rules ({self.error}) while later"
                " actions still ran; no result is returned"
            )
        if not self.done:
            return RuleError(f"pack {name}: the session ended before its last rule fired")
        return None


class DurableRuleset:
    """A compiled pack as a native durable-rules ruleset, evaluated under one lock."""

    def __init__(self, compiled: CompiledPack) -> None:
        self.compiled = compiled
        self.name = compiled.pack.name
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._live: set[int] = set()
        #: The hashes of the fact ids checked so far, and for how many clients (hazard 2):
        #: a command that assesses one client checks its few ids, not those of 1,000.
        self._id_hashes = check_distinct_hashes("fact id", [_END_ID])
        self._checked_clients = 0
        self._actions = self._action_table()
        self._reach = _reach(compiled)
        self._handle: int | None = self._register()
        _ALIVE.add(self)

    def _register(self) -> int:
        definition = json.dumps(self._definition(), ensure_ascii=False)
        handle: int = native.create_ruleset(self.name, definition)
        return handle

    def close(self) -> None:
        """Free the native ruleset (the registry evicted this pack); a later `run` registers
        it again, so a thread that still holds this object is not harmed."""
        with self._lock:
            if self._handle is not None:
                native.delete_ruleset(self._handle)
                self._handle = None

    def _definition(self) -> dict[str, dict[str, Any]]:
        compiled = self.compiled
        rules: dict[str, dict[str, Any]] = {}
        for rule in compiled.firing_order:
            rules[f"rule:{rule.id}"] = {
                "all": compiled.patterns(rule),
                "pri": compiled.priority(rule),
                "cap": MAX_BATCH,
            }
        for priority in compiled.barriers:
            rules[f"engine:barrier:{priority}"] = {
                "all": [{"m": {"$ex": {"end_": 1}}}],
                "pri": priority,
            }
        sink = [{"a": {"$ex": {"c": 1}}}, {"b": {"$ex": {"never_": 1}}}]
        rules["engine:sink"] = {"all": sink, "pri": SINK_PRIORITY}
        rules["engine:end"] = {"all": [{"m": {"$ex": {"end_": 1}}}], "pri": END_PRIORITY}
        return rules

    def _action_table(self) -> dict[str, Action]:
        """The action of every rule that fires, by rule name (the sink never fires)."""
        actions: dict[str, Action] = {
            f"rule:{rule.id}": partial(self._fired, rule) for rule in self.compiled.firing_order
        }
        actions |= {f"engine:barrier:{p}": self._flush for p in self.compiled.barriers}
        actions["engine:end"] = _end
        return actions

    def _fired(self, rule: CompiledRule, session: _Session, message: str) -> None:
        """Record `rule` for each client it matched; a failure stays with its client.

        The message names the clients by number; their values are the facts asserted. A
        need that other rules wait for becomes a "need flagged" fact, asserted by the next
        barrier (`_flush`).
        """
        if message.count('"sid":"') != message.count(f'"sid":"{session.sid}"'):
            session.error = "a fact of another session"  # never expected
            return
        number = self.compiled.referenced.get(rule.need) if rule.need else None
        runs, failures = session.runs, session.failures
        for client in dict.fromkeys(map(int, _CLIENT.findall(message))):
            if client >= len(runs):
                session.error = "a client outside the session"  # never expected
            elif client not in failures:
                try:
                    if record(runs[client], rule, session.batch[client]) and number is not None:
                        flag = {"id": _need_id(client, number), "c": client, "n_": number}
                        session.flagged.append(flag)
                except Exception as exc:
                    failure = (
                        exc if isinstance(exc, RuleFailure) else RuleFailure(rule, _raised(exc))
                    )
                    error = RuleError(f"pack {self.name}: {failure}")
                    error.__cause__ = exc
                    failures[client] = error

    def _flush(self, session: _Session, message: str) -> None:
        """Assert the "need flagged" facts of this depth in one call (a barrier's action)."""
        if session.flagged:
            for fact in session.flagged:
                fact["sid"] = session.sid
            self._assert_facts(session.flagged)
            session.flagged = []

    def run(self, batch: Sequence[Mapping[str, FactValue]]) -> list[Run | RuleError]:
        """Evaluate checked facts (by short key) in one session; a result or error per client."""
        with self._lock:
            if self._handle is None:
                self._handle = self._register()
            session = self._open(batch)
            try:
                failed = self._evaluate(session)
            finally:
                undeleted = self._delete(session)
        error = failed or undeleted or session.problem(self.name)
        if error is not None:
            raise error
        return [session.failures.get(n, run) for n, run in enumerate(session.runs)]

    def _open(self, batch: Sequence[Mapping[str, FactValue]]) -> _Session:
        if not 1 <= len(batch) <= MAX_BATCH:
            raise RuleError(f"a session holds 1..{MAX_BATCH} clients, not {len(batch)}")
        if len(self._live) >= MAX_BATCH:
            raise RuleError(f"pack {self.name}: too many sessions could not be deleted")
        self._check_fact_ids(len(batch))
        while True:  # hazard 2: skip an id whose hash, or its state's, would collide
            sid = str(next(self._sids))
            if fnv1a_32(sid) not in self._live and fnv1a_32(f"sid-{sid}") not in self._id_hashes:
                break
        self._live.add(fnv1a_32(sid))
        return _Session(sid, batch)

    def _check_fact_ids(self, clients: int) -> None:
        """Check that the fact ids of a session of `clients` clients have distinct hashes
        (hazard 2), each client number's the first time a session holds it."""
        numbers = self.compiled.referenced.values()
        ids = [
            name
            for client in range(self._checked_clients, clients)
            for name in (_FACT_IDS[client], *(_need_id(client, k) for k in numbers))
        ]
        if ids:
            self._id_hashes = check_distinct_hashes("fact id", ids, self._id_hashes)
            self._checked_clients = clients

    def _evaluate(self, session: _Session) -> RuleError | None:
        """Assert the clients' facts and the end marker, then run every action in order."""
        sid = session.sid
        facts = [self._fact(values, n, sid) for n, values in enumerate(session.batch)]
        facts.append({"id": _END_ID, "sid": sid, "end_": 1})
        try:
            self._act(session, self._assert_facts(facts))
        except Exception as exc:
            error = RuleError(f"pack {self.name}: durable-rules failed ({type(exc).__name__})")
            error.__cause__ = exc
            return error
        return None

    def _fact(self, values: Mapping[str, FactValue], client: int, sid: str) -> dict[str, Any]:
        """The fact asserted for one client: its values that meet some condition of the pack.

        Every condition is a comparison or an equality, none negated, so a value that meets
        none can change no match; leaving it out spares durable-rules most of its reading
        (the values for evidence are the client's own, not the message's).
        """
        fact: dict[str, Any] = {"id": _FACT_IDS[client], "sid": sid, "c": client}
        reach = self._reach
        for key, value in values.items():
            above, at_least, below, at_most, equal = reach[key]
            if (
                value > above
                or value >= at_least
                or value < below
                or value <= at_most
                or value in equal
            ):
                fact[key] = value
        return fact

    def _assert_facts(self, facts: list[dict[str, Any]]) -> int:
        """Assert `facts` in one call; the handle of the session state they reached."""
        code, state = native.assert_facts(self._handle, facts_json(facts))
        if code in _REFUSED:
            raise RuleError(f"pack {self.name}: durable-rules refused {_REFUSED[code]}")
        return int(state) if code == 0 else 0

    def _act(self, session: _Session, state: int) -> None:
        """Run the actions of a session one at a time, in durable-rules' firing order.

        An error that escapes an action (anything but an `Exception`, which `_fired` keeps
        with its client) fails the session; its remaining actions still run, so that it ends
        as durable-rules expects before it is deleted (hazard 3).
        """
        started = native.start_action_for_state(self._handle, state)
        message: str | None = started[1] if started else None
        while message:
            try:
                self._actions[message[2 : message.index('"', 2)]](session, message)
            except BaseException as exc:  # hazard 4: never lost, never half-ended
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                session.error = type(exc).__name__
            message = native.complete_and_start_action(self._handle, state)

    def _delete(self, session: _Session) -> RuleError | None:
        try:
            native.delete_state(self._handle, session.sid)
        except Exception as exc:
            error = RuleError(f"pack {self.name}: a session could not be deleted")
            error.__cause__ = exc
            return error
        self._live.discard(fnv1a_32(session.sid))
        return None


def _need_id(client: int, number: int) -> str:
    """The id of the fact that flags need `number` (`CompiledPack.referenced`) for `client`."""
    return f"n{client}.{number}"


#: For one fact: a value meets some condition when it is above, at least, below, at most
#: one of these bounds, or equal to one of the values in the set.
Reach = tuple[float, float, float, float, frozenset[FactValue]]


def _reach(compiled: CompiledPack) -> dict[str, Reach]:
    """For every short key, the loosest bound of each comparison the pack's rules make on it."""
    tests: dict[str, dict[str, list[Any]]] = {}
    for rule in compiled.firing_order:
        for leaf in (*rule.all, *rule.any):
            if leaf.need is None and leaf.op is not None:
                tests.setdefault(leaf.key, {}).setdefault(leaf.op, []).append(leaf.bound)
    inf = float("inf")
    return {
        key: (
            min(ops.get("gt", [inf])),
            min(ops.get("ge", [inf])),
            max(ops.get("lt", [-inf])),
            max(ops.get("le", [-inf])),
            frozenset(ops.get("is", ())),
        )
        for key, ops in tests.items()
    }


def _end(session: _Session, message: str) -> None:
    """The last rule of every session (hazard 3): the session ran to its end."""
    session.done = True


_EXPONENT = re.compile(r"(?<=:)-?\d+(?:\.\d+)?[eE][-+]?\d+")


def facts_json(facts: Sequence[Mapping[str, Any]]) -> str:
    """Compact JSON that durable-rules' parser reads right: no number in exponent form
    (hazard 9).

    ``1e-05`` becomes ``0.00001``, exactly (the shortest repr written out), so the same double
    is compared by durable-rules.

    Examples
    --------
    >>> facts_json([{"f1": 1e-05, "f2": 2.5e-07, "f3": 0.25, "f4": True}])
    '[{"f1":0.00001,"f2":0.00000025,"f3":0.25,"f4":true}]'
    """
    text = json.dumps(facts, ensure_ascii=False, separators=(",", ":"))
    if "e-" not in text and "e+" not in text:  # Python writes every exponent with a sign
        return text
    return _EXPONENT.sub(lambda number: format(Decimal(number.group()), "f"), text)


def _raised(exc: Exception) -> str:
    return f"its action raised {type(exc).__name__}"


#: Most packs kept registered at once; the least recently used is freed beyond it, so a
#: long-running service whose thresholds are edited does not grow (about 1.7 MB a pack).
MAX_RULESETS = 8
_RULESETS = CACHES.bounded(
    "rules.durable", MAX_RULESETS, on_evict=DurableRuleset.close, forget_after_fork=True
)


def ruleset_for(pack: RulePack | None) -> DurableRuleset:
    """The registered ruleset of `pack` (the default pack when None), kept by content hash in
    the ``rules.durable`` cache; an evicted one is freed (`DurableRuleset.close`)."""
    pack = pack or active_pack()
    ruleset: DurableRuleset = _RULESETS.get(pack.content_hash, _new_ruleset, pack)
    return ruleset


def _new_ruleset(pack: RulePack) -> DurableRuleset:
    return DurableRuleset(compile_pack(pack))


def registered() -> int:
    """How many packs are registered now (at most `MAX_RULESETS`)."""
    return len(_RULESETS)


def native_rulesets() -> int:
    """How many native durable-rules rulesets this process holds now (`registered`, plus
    any evicted one a thread still runs, until it ends)."""
    return sum(1 for ruleset in list(_ALIVE) if ruleset._handle is not None)
