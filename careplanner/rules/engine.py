"""The durable-rules engine: the only careplanner module that imports durable_rules.

A rule pack compiles to one ruleset named ``<pack id>@<version>`` in a host of its own: one
durable-rules rule per pack rule (a rule that waits for other needs joins "need flagged"
facts, which barrier rules assert after each depth of the chain of needs) and the engine's
own rules. Every rule has a ``cap``, so it fires once per session with all the clients it
matched, and its one Python callback handles them all. An evaluation asserts every client's
facts in one call, collects what fires, and deletes the session. The hazards found in
durable-rules 2.0.28 (its Python and C source and issue tracker [durable-rules]) and how each
is neutralised:

1. Timer threads that crash concurrent sessions: `_QuietHost` starts none.
2. 1,024 live sessions, ids compared by 32-bit FNV-1a hash only: one session per ruleset at a
   time (a lock held from assert to delete), deleted in ``finally``; fact ids and property
   names have distinct hashes (checked at import and compile time), and a session id whose
   hash or whose state id's hash would collide is skipped.
3. Crashes on delete after an unhandled fact or a session without an action: the
   ``engine:sink`` rule handles every client fact without firing, and the single-pattern
   ``engine:end`` rule fires last in every session on a marker fact.
4. Errors swallowed inside actions: actions catch per client; ``engine:end`` checks the
   session state for a stored exception; a session that did not reach it is an error.
5. ``pri`` is unsigned 16-bit: priorities are range-checked; safety needs fire at 0.
6. A wrong type silently fails to match: facts are checked (name, type, range) first.
7. One ``assert_facts`` per session gives one global priority order, alone or in a batch.
8. Python 3.12 deprecates ``datetime.utcfromtimestamp`` used on every action:
   ``durable.engine._unix_now`` (only used to time action leases) becomes `time.time`.
9. (found here) durable-rules' JSON parser reads ``1e-05`` -- Python's form of 0.00001 -- as
   ``1`` followed by garbage and crashes: facts reach it as JSON whose numbers are written
   out positionally (`facts_json`), and the catalogue bounds every count.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from importlib.metadata import version
from typing import Any

import durable.engine as durable_engine

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

durable_engine._unix_now = time.time  # hazard 8; the original calls utcfromtimestamp


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host without the two background timer threads (hazard 1)."""

    def _run(self) -> None:
        """Start nothing: careplanner runs every action inside its own call."""


class _Session:
    """One session: a run per client, failures per client, and whether it ended cleanly."""

    __slots__ = ("done", "failures", "flagged", "runs", "sid", "state_error")

    def __init__(self, sid: str, clients: int) -> None:
        self.sid = sid
        self.runs = [Run() for _ in range(clients)]
        self.flagged: list[dict[str, Any]] = []
        self.failures: dict[int, RuleError] = {}
        self.done = False
        self.state_error = False

    def problem(self, name: str) -> RuleError | None:
        """What went wrong for the whole session (hazard 4), or None."""
        if self.state_error:
            return RuleError(
                f"pack {name}: an action failed inside durable-rules and its error was stored"
                " in the session state while later actions still ran; no result is returned"
            )
        if not self.done:
            return RuleError(f"pack {name}: the session ended before its last rule fired")
        return None


class DurableRuleset:
    """A compiled pack registered in a host of its own, evaluated under one lock."""

    def __init__(self, compiled: CompiledPack) -> None:
        self.compiled = compiled
        self.name = compiled.pack.name
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._live: set[int] = set()
        self._session: _Session | None = None
        self._host: _QuietHost | None = None
        self._need_ids = {
            need: tuple(f"n{client}.{k}" for client in range(MAX_BATCH))
            for need, k in compiled.referenced.items()
        }
        ids = [*_FACT_IDS, _END_ID, *(i for ids in self._need_ids.values() for i in ids)]
        self._id_hashes = check_distinct_hashes("fact id", ids)  # hazard 2
        self._host = self._register()

    def _register(self) -> _QuietHost:
        host = _QuietHost()
        host.register_rulesets({self.name: self._definition()})
        ruleset = host.get_ruleset(self.name)
        ruleset.assert_facts = partial(_assert_facts, ruleset)  # hazard 9: our JSON, not json.dumps
        return host

    def close(self) -> None:
        """Free the native ruleset (the registry evicted this pack); a later `run` registers
        it again, so a thread that still holds this object is not harmed."""
        with self._lock:
            if self._host is not None:
                handle = self._host.get_ruleset(self.name)._handle
                durable_engine.durable_rules_engine.delete_ruleset(handle)
                self._host = None

    def _definition(self) -> dict[str, dict[str, Any]]:
        compiled = self.compiled
        rules: dict[str, dict[str, Any]] = {}
        for rule in compiled.firing_order:
            rules[f"rule:{rule.id}"] = {
                "all": compiled.patterns(rule),
                "pri": compiled.priority(rule),
                "cap": MAX_BATCH,
                "run": self._action(rule),
            }
        for priority in compiled.barriers:
            flush = [{"m": {"$ex": {"end_": 1}}}]
            rules[f"engine:barrier:{priority}"] = {
                "all": flush,
                "pri": priority,
                "run": self._flush,
            }
        sink = [{"a": {"$ex": {"c": 1}}}, {"b": {"$ex": {"never_": 1}}}]
        rules["engine:sink"] = {"all": sink, "pri": SINK_PRIORITY, "run": _sink}
        end = [{"m": {"$ex": {"end_": 1}}}]
        rules["engine:end"] = {"all": end, "pri": END_PRIORITY, "run": self._end}
        return rules

    def _action(self, rule: CompiledRule) -> Callable[[Any], None]:
        need_ids = self._need_ids.get(rule.need) if rule.need else None
        k = self.compiled.referenced.get(rule.need) if rule.need else None

        def one(run: Run, client: int, values: Mapping[str, Any], flagged: list[Any]) -> None:
            if record(run, rule, values) and need_ids is not None:
                flagged.append({"id": need_ids[client], "c": client, "n_": k})

        return lambda c: self._frames(c, rule, one)

    def _frames(self, c: Any, rule: CompiledRule, record: Callable[..., None]) -> None:
        """Record a fired rule for each client it matched; a failure stays with its client.

        A need that other rules wait for becomes a "need flagged" fact, asserted by the next
        barrier (`_flush`).
        """
        session = self._session
        assert session is not None  # actions run only inside `run`, under the lock
        flagged = session.flagged
        for frame in c.m:
            values, client = _client_values(frame._d)
            if values.get("sid", session.sid) != session.sid or not 0 <= client < len(session.runs):
                session.state_error = True  # a fact from another session: never expected
                continue
            if client in session.failures:
                continue
            try:
                record(session.runs[client], client, values, flagged)
            except Exception as exc:
                failure = exc if isinstance(exc, RuleFailure) else RuleFailure(rule, _raised(exc))
                error = RuleError(f"pack {self.name}: {failure}")
                error.__cause__ = exc
                session.failures[client] = error

    def _flush(self, c: Any) -> None:
        """Assert the "need flagged" facts of this depth in one call (a barrier's action).

        durable-rules' `Closure.assert_fact` takes one fact; its ruleset takes many.
        """
        session = self._session
        assert session is not None
        if session.flagged:
            for fact in session.flagged:
                fact["sid"] = session.sid
            c._ruleset.assert_facts(session.flagged)
            session.flagged = []

    def _end(self, c: Any) -> None:
        session = self._session
        assert session is not None
        session.done = True
        session.state_error |= "exception" in c.s._d  # hazard 4: a swallowed action error

    def run(self, batch: Sequence[Mapping[str, FactValue]]) -> list[Run | RuleError]:
        """Evaluate checked facts (by short key) in one session; a result or error per client."""
        with self._lock:
            if self._host is None:
                self._host = self._register()
            session = self._open(len(batch))
            try:
                failed = self._assert(session, batch)
            finally:
                self._session = None
                undeleted = self._delete(session)
        error = failed or undeleted or session.problem(self.name)
        if error is not None:
            raise error
        return [session.failures.get(n, run) for n, run in enumerate(session.runs)]

    def _open(self, clients: int) -> _Session:
        if not 1 <= clients <= MAX_BATCH:
            raise RuleError(f"a session holds 1..{MAX_BATCH} clients, not {clients}")
        if len(self._live) >= MAX_BATCH:
            raise RuleError(f"pack {self.name}: too many sessions could not be deleted")
        while True:  # hazard 2: skip an id whose hash, or its state's, would collide
            sid = str(next(self._sids))
            if fnv1a_32(sid) not in self._live and fnv1a_32(f"sid-{sid}") not in self._id_hashes:
                break
        self._live.add(fnv1a_32(sid))
        self._session = _Session(sid, clients)
        return self._session

    def _assert(
        self, session: _Session, batch: Sequence[Mapping[str, FactValue]]
    ) -> RuleError | None:
        sid = session.sid
        facts: list[dict[str, Any]] = [
            {**values, "id": _FACT_IDS[n], "sid": sid, "c": n} for n, values in enumerate(batch)
        ]
        facts.append({"id": _END_ID, "sid": sid, "end_": 1})
        assert self._host is not None  # registered by `run`
        try:
            self._host.assert_facts(self.name, facts)
        except Exception as exc:
            error = RuleError(f"pack {self.name}: durable-rules failed ({type(exc).__name__})")
            error.__cause__ = exc
            return error
        return None

    def _delete(self, session: _Session) -> RuleError | None:
        assert self._host is not None  # registered by `run`
        try:
            self._host.delete_state(self.name, session.sid)
        except Exception as exc:
            error = RuleError(f"pack {self.name}: a session could not be deleted")
            error.__cause__ = exc
            return error
        self._live.discard(fnv1a_32(session.sid))
        return None


_EXPONENT = re.compile(r"(?<=: )-?\d+(?:\.\d+)?[eE][-+]?\d+")


def facts_json(facts: Sequence[Mapping[str, Any]]) -> str:
    """JSON that durable-rules' parser reads right: no number in exponent form (hazard 9).

    ``1e-05`` becomes ``0.00001``, exactly (the shortest repr written out), so the same double
    comes back in the messages durable-rules sends to actions.

    Examples
    --------
    >>> facts_json([{"f1": 1e-05, "f2": 2.5e-07, "f3": 0.25, "f4": True}])
    '[{"f1": 0.00001, "f2": 0.00000025, "f3": 0.25, "f4": true}]'
    """
    text = json.dumps(facts, ensure_ascii=False)
    if "e-" not in text and "e+" not in text:  # Python writes every exponent with a sign
        return text
    return _EXPONENT.sub(lambda number: format(Decimal(number.group()), "f"), text)


def _assert_facts(ruleset: Any, facts: list[dict[str, Any]]) -> Any:
    """`durable.engine.Ruleset.assert_facts`, with `facts_json` instead of `json.dumps`."""
    native = durable_engine.durable_rules_engine
    return ruleset._handle_result(native.assert_facts(ruleset._handle, facts_json(facts)), facts)


def _client_values(frame: dict[str, Any]) -> tuple[Mapping[str, Any], int]:
    """The client's facts and number in one frame: a client fact, or aliases of a join."""
    if "c" in frame:
        return frame, frame["c"]
    values = frame.get("m", {})
    return values, frame["n0"]["c"] if "n0" in frame else values["c"]


def _raised(exc: Exception) -> str:
    return f"its action raised {type(exc).__name__}"


def _sink(c: Any) -> None:
    """Never runs: the sink's second pattern matches no fact."""


#: Most packs kept registered at once; the least recently used is freed beyond it, so a
#: long-running service whose thresholds are edited does not grow (about 1.7 MB a pack).
MAX_RULESETS = 8
_RULESETS: OrderedDict[str, DurableRuleset] = OrderedDict()
_RULESETS_LOCK = threading.Lock()


def ruleset_for(pack: RulePack | None) -> DurableRuleset:
    """The registered ruleset of `pack` (the default pack when None): one host per pack."""
    pack = pack or active_pack()
    evicted = []
    with _RULESETS_LOCK:
        ruleset = _RULESETS.get(pack.content_hash)
        if ruleset is None:
            ruleset = _RULESETS[pack.content_hash] = DurableRuleset(compile_pack(pack))
            while len(_RULESETS) > MAX_RULESETS:
                evicted.append(_RULESETS.popitem(last=False)[1])
        _RULESETS.move_to_end(pack.content_hash)
    for old in evicted:  # outside the registry lock: closing waits for a running session
        old.close()
    return ruleset


def registered() -> int:
    """How many packs are registered now (at most `MAX_RULESETS`)."""
    return len(_RULESETS)


def _forget_after_fork() -> None:
    """In a forked child, drop every ruleset: another thread of the parent may have held a
    ruleset's lock or been inside a session, and that thread does not exist here."""
    global _RULESETS_LOCK
    _RULESETS_LOCK = threading.Lock()
    _RULESETS.clear()


os.register_at_fork(after_in_child=_forget_after_fork)
