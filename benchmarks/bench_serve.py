"""Load-test ``careplanner serve`` on loopback: requests per second, latency, errors, memory.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_serve.py           # 50 clients for 60 s, 2 workers
    .venv/bin/python benchmarks/bench_serve.py --smoke   # 5 clients for 3 s

The service is started as a user starts it (``careplanner serve --workers N`` on a free
loopback port) and stopped at the end. Each client sends ``POST /v1/assess`` with one of the
bundled example cases (JSON), one request after another, until the time is up; the run stops
by itself. Reported: requests per second, p50 and p99 latency, errors (any answer but 200, or
a broken connection: must be 0), and the resident memory of the service (its process and its
workers, from /proc) after a warm-up (one request per client, all at once), at each sixth of
the load and after it: it must stay flat, since nothing is kept between requests.

The clients run in this process (asyncio, httpx) on the same machine as the service, so they
take CPU from it; the 1-minute load average is printed, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

DEADLINE = 60.0
#: Memory samples: after the warm-up, five during the load, after it.
SAMPLES = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="5 clients for 3 s")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    clients, seconds = (5, 3.0) if args.smoke else (args.clients, args.seconds)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "careplanner", "serve", "--port", str(port),
         "--workers", str(args.workers)],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_health(base, server)
        bodies = _bodies(base)
        asyncio.run(_warm_up(base, bodies, clients))
        memory = [_tree_rss_mib(server.pid)]
        latencies, errors, elapsed = asyncio.run(
            _load(base, bodies, clients, seconds, lambda: memory.append(_tree_rss_mib(server.pid)))
        )
        memory.append(_tree_rss_mib(server.pid))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(DEADLINE)
    _report(clients, args.workers, latencies, errors, elapsed, memory)
    if errors:
        sys.exit(f"{errors} requests failed; a load test must have none")


def _bodies(base: str) -> list[bytes]:
    ids = [e["id"] for e in httpx.get(f"{base}/v1/examples", timeout=DEADLINE).json()]
    return [httpx.get(f"{base}/v1/examples/{i}", timeout=DEADLINE).content for i in ids]


async def _warm_up(base: str, bodies: list[bytes], count: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=DEADLINE) as client:
        await asyncio.gather(*(_assess(client, bodies[i % len(bodies)]) for i in range(count)))


async def _assess(client: httpx.AsyncClient, body: bytes) -> int:
    headers = {"Content-Type": "application/json"}
    response = await client.post("/v1/assess", content=body, headers=headers)
    return response.status_code


async def _load(
    base: str, bodies: list[bytes], clients: int, seconds: float, sample: Callable[[], None]
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def sampler() -> None:
        """Memory at each sixth of the run, to see whether it keeps growing."""
        for _ in range(SAMPLES - 1):
            await asyncio.sleep(seconds / SAMPLES)
            sample()

    async def one_client(number: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=DEADLINE) as client:
            sent = number
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    status = await _assess(client, bodies[sent % len(bodies)])
                except httpx.HTTPError:
                    status = 0
                latencies.append(time.perf_counter() - started)
                errors += status != 200
                sent += 1

    started = time.monotonic()
    await asyncio.gather(sampler(), *(one_client(n) for n in range(clients)))
    return latencies, errors, time.monotonic() - started


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        status = Path(f"/proc/{current}/status").read_text()
        total += next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
        )
        for task in Path(f"/proc/{current}/task").iterdir():
            todo += [int(c) for c in (task / "children").read_text().split()]
    return total / 1024


def _report(
    clients: int,
    workers: int,
    latencies: list[float],
    errors: int,
    elapsed: float,
    memory: list[float],
) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    figures = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "workers": workers,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000),
        "p99_ms": round(p99 * 1000),
        "errors": errors,
        "rss_mib_before_during_after": [round(m) for m in memory],
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for_health(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the service stopped while starting")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    sys.exit("the service did not answer /v1/health in time")


if __name__ == "__main__":
    main()
