"""A fork while another thread evaluates does not deadlock; pack caches stay bounded."""

from __future__ import annotations

import copy
import os
import threading
import time
from importlib import resources
from typing import Any

import pytest
import yaml

from careplanner import assess, load_case
from careplanner.rules import evaluate, load_pack
from careplanner.rules._compiled import MAX_COMPILED, compiled_count

engine_module = pytest.importorskip(
    "careplanner.rules.engine", reason="durable-rules cannot be imported here", exc_type=ImportError
)
DEFAULT: dict[str, Any] = yaml.safe_load(
    resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
)


def _wait(pid: int, seconds: float) -> int | None:
    """The child's exit status, or None if it has not ended in `seconds` (then it is killed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


def test_a_fork_while_another_thread_assesses_does_not_deadlock_the_child() -> None:
    case = load_case("example:living-alone-crisis")
    assess(case)  # the default pack is registered before the thread starts
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            evaluate({"phq9.item9": 1, "ucla3.total": 8})

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    statuses = []
    try:
        for _ in range(8):
            time.sleep(0.01)
            pid = os.fork()
            if pid == 0:  # the child: assess once and report
                ok = assess(case).plan.stages[0].id == "crisis"
                os._exit(0 if ok else 3)
            statuses.append(_wait(pid, 60))
    finally:
        stop.set()
        thread.join()
    assert statuses == [0] * 8


def _pack(lonely_at: int, number: int = 0) -> Any:
    data = copy.deepcopy(DEFAULT)
    data["id"] = f"org-{number}"
    data["thresholds"]["ucla3_lonely"]["value"] = lonely_at
    return load_pack(yaml.safe_dump(data, allow_unicode=True))


def test_pack_caches_keep_only_the_most_recently_used_packs() -> None:
    packs = [_pack(3 if n == 0 else 6, n) for n in range(engine_module.MAX_RULESETS + 3)]
    for pack in packs:
        evaluate({"ucla3.total": 5}, pack)
        assert engine_module.registered() <= engine_module.MAX_RULESETS
        assert compiled_count() <= MAX_COMPILED
    assert engine_module.registered() == engine_module.MAX_RULESETS
    # the first pack was evicted; used again it is compiled and registered anew
    assert evaluate({"ucla3.total": 3}, packs[0]).need_ids == ("loneliness",)
    assert evaluate({"ucla3.total": 3}, packs[1]).need_ids == ()


def test_an_evicted_ruleset_still_runs_for_a_thread_that_holds_it() -> None:
    ruleset = engine_module.ruleset_for(_pack(4))
    ruleset.close()
    ruleset.close()  # twice is harmless
    checked = ruleset.compiled.check({"ucla3.total": 4})
    (run,) = ruleset.run([checked])
    assert not isinstance(run, Exception) and list(run.flagged) == ["loneliness"]
