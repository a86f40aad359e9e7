"""Time the rules engine on the full default pack, against its floor and against experta.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_rules.py           # 10,000 fact sets; RSS after 1,000,000
    .venv/bin/python benchmarks/bench_rules.py --smoke   # 300 fact sets; seconds
    .venv/bin/python benchmarks/bench_rules.py --n 3000 --long 0 --repeat 3

Parts, all in this one process. Rates are per CPU second of this process
(`time.process_time`), with the wall-clock rate beside them: the machine may be shared, and
the load average is printed. The evaluators are timed in ``--repeat`` interleaved rounds, and
each durable-rules rate is compared with the reference's and experta's of the same round.
Before each timing, the result parts shared between results (the ``rules.parts`` cache) are
forgotten and the evaluator warms them up on ``--warm`` other fact sets, untimed: caches
warm, as in a batch.
With ``--gc batch`` (the default) the garbage collector is paused while an evaluator is
timed, as `careplanner batch` pauses it for each chunk; ``--gc on`` leaves it on.

throughput
    Evaluations per second of `evaluate` one client at a time, of `evaluate_many` in
    sessions of ``--batch`` clients, of `reference_evaluate` (plain Python predicates: the
    floor) and, when ``experta==1.9.4`` is installed, of the same pack as an experta
    KnowledgeEngine (``pip install experta==1.9.4``; it needs ``collections.Mapping``, which
    is set here only). Every evaluator returns the same `Findings` (checked on the first 300).
breakdown
    Where a batched evaluation's time goes: checking the facts, the durable-rules session
    (assert, actions, delete), and assembling `Findings`.
memory
    Peak traced allocation (tracemalloc) while evaluating the fact sets in batches, and the
    resident set size (RSS) before and after ``--long`` batched evaluations, with the time.

Fact sets come from a seeded generator below (``--seed``, default 2026): each client has a
latent vulnerability that raises the chance of each risk; each scale, observation and the
network are assessed or not. Prevalences are loose, of the order of the published figures for
Chinese older adults that careplanner/synth/population.yaml cites (depressive symptoms about
20-35%, loneliness about 30%, suicidal ideation about 11%, living alone about 15%); they only
set how many rules fire.
"""

from __future__ import annotations

import argparse
import collections
import collections.abc
import contextlib
import os
import platform
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

from careplanner._content._caches import CACHES
from careplanner.batch._gc import chunk_collections
from careplanner.rules import (
    EngineRef,
    Findings,
    default_pack,
    evaluate,
    evaluate_many,
    reference_evaluate,
)
from careplanner.rules import engine as durable
from careplanner.rules._assemble import Run, assemble_findings, record
from careplanner.rules._compiled import CompiledPack, compile_pack

OBSERVATIONS = {  # observation -> base probability of "yes"
    "refuses_to_leave_home": 0.05,
    "fear_of_infection": 0.08,
    "fear_of_going_out": 0.06,
    "self_blame": 0.08,
    "feels_useless": 0.10,
    "feels_abandoned": 0.06,
    "hopelessness": 0.08,
    "depends_on_spouse_for_everything": 0.08,
    "hobbies_abandoned": 0.12,
    "suicidal_ideation": 0.06,
    "self_harm": 0.01,
    "abuse_reported": 0.01,
    "neglect_reported": 0.02,
    "intense_grief": 0.05,
    "caregiver_strain": 0.08,
    "severe_cognitive_impairment": 0.02,
}


BATCHED = "durable-rules, evaluate_many (batch {batch})"
REFERENCE = "reference (plain Python, the floor)"
EXPERTA = "experta 1.9.4"
GC_POLICIES = {
    "batch": "paused while each evaluator is timed, as `careplanner batch` pauses it per chunk",
    "on": "on (CPython's default thresholds)",
}


def fact_set(rng: random.Random) -> dict[str, Any]:
    """One synthetic client's facts."""
    risk = rng.random()

    def score(mean: float, sd: float, low: int, high: int) -> int:
        return max(low, min(high, round(rng.gauss(mean, sd))))

    facts: dict[str, Any] = _profile(rng)
    if rng.random() < 0.8:
        parts = score(7 - 3 * risk, 3, 1, 22), score(26 - 4 * risk, 3.5, 8, 32)
        use = score(7.5 - 2 * risk, 2.5, 3, 12)
        facts |= {"ssrs.objective": parts[0], "ssrs.subjective": parts[1], "ssrs.utilisation": use}
        facts["ssrs.total"] = sum(parts) + use
    if rng.random() < 0.8:
        facts["gds15.total"] = score(2 + 7 * risk, 2.5, 0, 15)
    if rng.random() < 0.5:
        items = [score(0.3 + 1.2 * risk, 0.8, 0, 3) for _ in range(9)]
        facts |= {"phq9.total": sum(items), "phq9.item9": items[8]}
    if rng.random() < 0.7:
        facts["ucla3.total"] = score(4 + 3 * risk, 1.3, 3, 9)
    if rng.random() < 0.7:
        family, friends = score(9 - 5 * risk, 3, 0, 15), score(8 - 5 * risk, 3, 0, 15)
        facts |= {"lsns6.family": family, "lsns6.friends": friends, "lsns6.total": family + friends}
    for name, p in OBSERVATIONS.items():
        if rng.random() < 0.7:
            facts[f"obs.{name}"] = rng.random() < p * (0.4 + 1.2 * risk)
    if rng.random() < 0.7:
        facts["obs.uses_messaging_app"] = rng.random() > 0.5 * (0.4 + 1.2 * risk)
        facts["obs.outings_per_week"] = score(6 - 5 * risk, 2, 0, 30)
    if rng.random() < 0.7:
        facts |= _network(rng, risk, bool(facts["profile.has_spouse"]))
    return facts


def _profile(rng: random.Random) -> dict[str, Any]:
    alone = rng.random() < 0.15
    spouse = not alone and rng.random() < 0.8
    facts: dict[str, Any] = {
        "profile.age": rng.randint(60, 95),
        "profile.shidu": rng.random() < 0.05,
        "profile.lives_alone": alone,
        "profile.has_spouse": spouse,
        "profile.spouse_needs_care": spouse and rng.random() < 0.15,
    }
    if facts["profile.shidu"]:
        facts["profile.months_since_loss"] = rng.randint(0, 240)
    return facts


def _network(rng: random.Random, risk: float, spouse: bool) -> dict[str, Any]:
    size = max(0, round(rng.gauss(7 - 4 * risk, 2.5)))
    half = size // 2
    counts = {"size": size, "informal_size": size, "formal_size": 0, "kin_size": half}
    counts |= {"nonkin_size": size - half, "informal_outside_household": max(0, size - 1)}
    counts |= {"monthly_contacts": size, "emotional_providers": half, "practical_providers": half}
    counts |= {"informational_providers": size // 3, "companionship_providers": half}
    counts |= {"financial_providers": size // 4, "far_ties": rng.randint(0, 3)}
    counts["confidants_besides_spouse"] = max(0, round(rng.gauss(2 - 2 * risk, 1)))
    counts["types_lost_if_top_removed"] = max(0, min(5, round(rng.gauss(1 + 2 * risk, 1))))
    facts: dict[str, Any] = {f"net.{name}": value for name, value in counts.items()}
    facts["net.dependency"] = round(min(1.0, max(0.0, rng.gauss(0.3 + 0.4 * risk, 0.15))), 3)
    facts["net.top_contributor_is_spouse"] = spouse and rng.random() < 0.5
    facts["net.isolated"] = size <= 1
    facts["net.reciprocity"] = round(rng.random(), 3)
    facts["net.density"] = round(rng.random(), 3)
    return facts


def experta_evaluator(compiled: CompiledPack) -> Callable[[dict[str, Any]], Findings] | None:
    """The default pack as an experta KnowledgeEngine, or None when experta is not installed.

    One experta rule per pack rule, with its salience in durable-rules' firing order; a rule
    that waits for needs matches ``Flagged`` facts its need's rules declare. The matched rules
    go through the same `assemble_findings` as durable-rules and the reference.
    """
    for name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable", "Callable"):
        if not hasattr(collections, name):  # experta 1.9.4 and frozendict 1.2 predate 3.10
            setattr(collections, name, getattr(collections.abc, name))
    try:
        from experta import AS, OR, Fact, KnowledgeEngine, P, Rule
    except ImportError:
        return None

    class Client(Fact):  # type: ignore[misc]
        """One client's facts, by short key."""

    class Flagged(Fact):  # type: ignore[misc]
        """A need flagged for the client."""

    def pattern(leaves: Sequence[Any]) -> Any:
        tests = {leaf.key: P(lambda v, t=leaf.test, b=leaf.bound: t(v, b)) for leaf in leaves}
        return AS.client << Client(**tests)

    def method(position: int, rule: Any) -> Any:
        facts = [leaf for leaf in rule.all if leaf.need is None]
        lhs = [Flagged(need=leaf.need) for leaf in rule.all if leaf.need]
        if rule.any:
            lhs.append(OR(*(pattern([*facts, leaf]) for leaf in rule.any)))
        elif facts:
            lhs.append(pattern(facts))
        salience = -(compiled.priority(rule) * 1000 + position)

        def fire(self: Any, client: Any = None) -> None:
            values = {k: v for k, v in (client or {}).items() if k != "__factid__"}
            if record(self.run_, rule, values) and rule.need is not None:
                self.declare(Flagged(need=rule.need))

        return Rule(*lhs, salience=salience)(fire)

    rules = {f"rule_{n}": method(n, rule) for n, rule in enumerate(compiled.firing_order)}
    engine = type("PackEngine", (KnowledgeEngine,), rules)()
    # Findings name one of careplanner's engines; `same` leaves the name out of the comparison.
    ref = EngineRef(name="python", version="experta 1.9.4")

    def evaluate_experta(facts: dict[str, Any]) -> Findings:
        engine.run_ = Run()
        engine.reset()
        engine.declare(Client(**compiled.check(facts)))
        engine.run()
        return assemble_findings(compiled, engine.run_, ref)

    return evaluate_experta


def per_second(label: str, work: Callable[[], object], count: int) -> tuple[str, float]:
    """Time `work`; print evaluations per wall second and per CPU second; return the latter.

    CPU time (`time.process_time`) is what the rates and ratios use: on a shared machine the
    wall clock also counts other processes' turns.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"  {label:<42} {count / cpu:>8,.0f} /CPU-s {cpu / count * 1e6:>8.1f} µs"
        f"   wall {count / wall:>8,.0f} /s ({wall:.1f} s)"
    )
    return label, count / cpu


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def same(a: Findings, b: Findings) -> bool:
    return a.model_dump(exclude={"engine"}) == b.model_dump(exclude={"engine"})


def check_identical(data: list[dict[str, Any]], experta: Any, batch: int) -> None:
    """Every evaluator gives the reference's findings on `data` (and warms them up)."""
    expected = [reference_evaluate(facts) for facts in data]
    batched = evaluate_many(data, batch_size=batch)
    for n, facts in enumerate(data):
        assert same(evaluate(facts), expected[n]) and same(batched[n], expected[n])  # type: ignore[arg-type]
        assert experta is None or same(experta(facts), expected[n])


def collections_as(policy: str) -> contextlib.AbstractContextManager[None]:
    """The garbage collector as `careplanner batch` runs it (paused per chunk), or left on."""
    return chunk_collections() if policy == "batch" else contextlib.nullcontext()


def throughput(
    data: list[dict[str, Any]],
    warm: list[dict[str, Any]],
    batch: int,
    repeat: int,
    gc_policy: str,
) -> dict[str, list[float]]:
    """Rates of every evaluator, `repeat` interleaved rounds; in each, every evaluator starts
    from an empty ``rules.parts`` cache, warms it on `warm` (other fact sets, untimed), then
    runs `data`."""
    compiled = compile_pack(default_pack())
    experta = experta_evaluator(compiled)
    check_identical(data[:300], experta, batch)
    n = len(data)
    print(
        f"throughput, full default pack, {n:,} fact sets after a warm-up on {len(warm):,} others"
        f" (identical findings checked on 300), {repeat} interleaved rounds,"
        f" garbage collector: {GC_POLICIES[gc_policy]}"
    )
    timed: list[tuple[str, Callable[[list[dict[str, Any]]], object]]] = [
        ("durable-rules, evaluate (1 per session)", lambda d: [evaluate(f) for f in d]),
        (BATCHED.format(batch=batch), lambda d: evaluate_many(d, batch_size=batch)),
        (REFERENCE, lambda d: [reference_evaluate(f) for f in d]),
    ]
    if experta is not None:
        timed.append((EXPERTA, lambda d: [experta(f) for f in d]))
    rates: dict[str, list[float]] = {label: [] for label, _ in timed}
    for round_ in range(1, repeat + 1):
        print(f" round {round_}")
        for label, work in timed:
            CACHES.reset("rules.parts")  # each evaluator builds its shared result parts anew
            work(warm)
            with collections_as(gc_policy):
                rate = per_second(label, lambda w=work: w(data), n)[1]  # type: ignore[misc]
            rates[label].append(rate)
    if experta is None:
        print("  experta 1.9.4: not installed, skipped (pip install experta==1.9.4)")
    return rates


def ratios(rates: dict[str, list[float]], batch: int) -> None:
    """Each durable-rules rate against the reference and experta, round by round."""
    floor, experta = rates[REFERENCE], rates.get(EXPERTA)
    print("ratios per round (rates per CPU second; time per evaluation is the inverse)")
    for name in list(rates)[:2]:
        mine = rates[name]
        parts = [f"{m / f:.2f}x" for m, f in zip(mine, floor, strict=True)]
        line = f"  {name}: {', '.join(parts)} the reference"
        if experta:
            line += f"; {', '.join(f'{m / e:.1f}x' for m, e in zip(mine, experta, strict=True))}"
            line += " experta"
        print(line)
        print(f"    median {statistics.median(mine):,.0f} evaluations per CPU second")


def breakdown(data: list[dict[str, Any]], batch: int) -> None:
    ruleset = durable.ruleset_for(default_pack())
    compiled = ruleset.compiled
    n = len(data)
    print(f"breakdown of evaluate_many (batch {batch}), per fact set")
    checked: list[dict[str, Any]] = []
    per_second("check facts", lambda: checked.extend(compiled.check(f) for f in data), n)
    runs: list[Any] = []

    def sessions() -> None:
        for start in range(0, n, batch):
            runs.extend(ruleset.run(checked[start : start + batch]))

    per_second("durable-rules sessions", sessions, n)
    per_second(
        "assemble Findings",
        lambda: [assemble_findings(compiled, r, durable.ENGINE) for r in runs],
        n,
    )


def memory(data: list[dict[str, Any]], long: int, batch: int) -> None:
    print("memory")
    tracemalloc.start()
    evaluate_many(data, batch_size=batch)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  tracemalloc peak over {len(data):,} batched evaluations: {peak / 2**20:.1f} MiB")
    if not long:
        return
    before, start, done = rss_mb(), time.perf_counter(), 0
    print(f"  RSS before {long:,} batched evaluations: {before:.1f} MiB")
    while done < long:
        chunk = data[: min(len(data), long - done)]
        evaluate_many(chunk, batch_size=batch)
        done += len(chunk)
        if done % max(long // 5, 1) < len(chunk):
            print(
                f"  RSS after {done:>9,}: {rss_mb():.1f} MiB ({time.perf_counter() - start:.0f} s)"
            )
    seconds = time.perf_counter() - start
    rate = long / seconds
    print(f"  {long:,} evaluations in {seconds:.0f} s ({rate:,.0f} /s)")
    print(f"  RSS {before:.1f} -> {rss_mb():.1f} MiB")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="fact sets timed (default 10,000)")
    parser.add_argument("--long", type=int, default=1_000_000, help="evaluations for RSS (0: skip)")
    parser.add_argument("--batch", type=int, default=100, help="clients per session (default 100)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--warm", type=int, help="other fact sets to warm up on (default --n)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--gc", choices=sorted(GC_POLICIES), default="batch")
    parser.add_argument("--smoke", action="store_true", help="300 fact sets, 3,000 for RSS")
    args = parser.parse_args(argv)
    if args.smoke:
        args.repeat, args.warm = 1, 300
    n, long = (300, 3_000) if args.smoke else (args.n, args.long)
    rng = random.Random(args.seed)
    data = [fact_set(rng) for _ in range(max(n, 300))][:n]
    warm = [fact_set(rng) for _ in range(args.warm if args.warm is not None else n)]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()},"
        f" seed {args.seed}, load average {load} (the machine may be shared)"
    )
    rates = throughput(data, warm, args.batch, args.repeat, args.gc)
    ratios(rates, args.batch)
    breakdown(data, args.batch)
    memory(data, long, args.batch)


if __name__ == "__main__":
    main()
