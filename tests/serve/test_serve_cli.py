"""``careplanner serve`` as a user starts it: a real process, here with two worker processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from careplanner._load import example_text

from .http_service import DEADLINE, YAML, free_port

CAREPLANNER = [sys.executable, "-m", "careplanner"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--host", "0.0.0.0"], "'--host' must be one of ['a loopback address"),
        (["--host", "10.0.0.5"], "any address with --token or --insecure-no-token"),
        (["--pack", "mine=/nonexistent/pack.yaml"], "'--pack' must be one of ['NAME=FILE with"),
        (["--max-concurrent", "0"], "'--max-concurrent' must be one of ['an integer >= 1']"),
    ],
)
def test_serve_refuses_unsafe_or_impossible_settings(options: list[str], message: str) -> None:
    run = subprocess.run(
        [*CAREPLANNER, "serve", *options],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert run.returncode == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_serve_answers_from_two_worker_processes_and_stops_on_sigint() -> None:
    port = free_port()
    env = {**os.environ, "CAREPLANNER_TOKEN": "tok-for-test"}
    server = subprocess.Popen(
        [*CAREPLANNER, "serve", "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_health(base, server)
        headers = {**YAML, "Authorization": "Bearer tok-for-test"}
        seed = example_text("shidu-mother").encode()
        with httpx.Client(base_url=base, timeout=DEADLINE) as client:
            statuses = [
                client.post("/v1/assess", content=seed, headers=headers, params={"at": "intake"})
                for _ in range(4)
            ]
            refused = client.get("/v1/version")
        assert [r.status_code for r in statuses] == [200] * 4
        assert refused.status_code == 401
    finally:
        server.send_signal(signal.SIGINT)
        _, log = server.communicate(timeout=DEADLINE)
    assert server.returncode == 0
    assert log.count("Started server process") >= 2  # the parent starts two workers
    assert "POST /v1/assess 200" in log
    assert "at=intake" not in log and "tok-for-test" not in log


def _wait_for_health(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + DEADLINE * 2
    while time.monotonic() < deadline:
        assert server.poll() is None, "the service stopped while starting"
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the service did not answer /v1/health in time")
