"""The concurrency and time limits: slots per process, abandoned work skipped, slow bodies."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from careplanner.serve import ServeConfig

from .http_service import YAML, Served, StartService, is_problem


class SlowAssess:
    """Stands in for `assess`: sleeps, and counts calls and the most running at once."""

    def __init__(self, seconds: float, real: Callable[..., object]) -> None:
        self.seconds, self.real = seconds, real
        self.calls, self.running, self.most = 0, 0, 0
        self.lock = threading.Lock()

    def __call__(self, *args: object, **kwargs: object) -> object:
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        return self.real(*args, **kwargs)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowAssess]:
    from careplanner.serve import _casework

    stand_in = SlowAssess(0.4, _casework.assess)
    monkeypatch.setattr(_casework, "assess", stand_in)
    yield stand_in


def _at_once(served: Served, body: bytes, count: int) -> list[httpx.Response]:
    answers: list[httpx.Response] = []

    def send() -> None:
        answers.append(served.post_yaml("/v1/assess", body))

    threads = [threading.Thread(target=send) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def test_no_more_than_max_concurrent_computations_run_at_once(
    served_with: StartService,
    slow: SlowAssess,
    seed_yaml: bytes,
) -> None:
    two = served_with(ServeConfig(max_concurrent=2))
    answers = _at_once(two, seed_yaml, 5)
    assert [a.status_code for a in answers] == [200] * 5
    assert (slow.calls, slow.most) == (5, 2)


def test_work_abandoned_before_it_started_is_skipped(
    served_with: StartService,
    slow: SlowAssess,
    seed_yaml: bytes,
) -> None:
    hasty = served_with(ServeConfig(max_concurrent=1, timeout_seconds=0.2))
    answers = _at_once(hasty, seed_yaml, 3)
    assert all(is_problem(a, 503, "timeout") for a in answers)
    time.sleep(1.0)  # the one running computation ends; the two queued ones must not start
    assert (slow.calls, slow.most) == (1, 1)


def test_a_body_arriving_too_slowly_is_answered_408(served_with: StartService) -> None:
    hasty = served_with(ServeConfig(timeout_seconds=0.3))

    def trickle() -> Iterator[bytes]:
        yield b"client:"
        # ten times the limit: on a loaded machine the handler may start reading late
        time.sleep(3.0)
        yield b" {}"

    response = hasty.client.post("/v1/assess", content=trickle(), headers=YAML)
    assert is_problem(response, 408, "body-timeout")
