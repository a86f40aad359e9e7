"""A careplanner service on a free loopback port, in a thread, for tests over real HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from careplanner._load import example_text
from careplanner.serve import ServeConfig, create_app
from careplanner.serve._run import server_options

from .http_service import DEADLINE, Served, StartService, free_port


@pytest.fixture(scope="session")
def served_with() -> Iterator[StartService]:
    """Start services with given settings on loopback; all stop when the session ends."""
    servers: list[tuple[uvicorn.Server, threading.Thread, httpx.Client]] = []

    def start(config: ServeConfig) -> Served:
        port = free_port()
        options = server_options(config) | {"port": port}
        settings = uvicorn.Config(create_app(config), log_config=None, **options)
        server = uvicorn.Server(settings)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + DEADLINE
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test service did not start")
            time.sleep(0.02)
        url = f"http://127.0.0.1:{port}"
        client = httpx.Client(base_url=url, timeout=DEADLINE)
        servers.append((server, thread, client))
        return Served(url, client)

    yield start
    for server, thread, client in servers:
        client.close()
        server.should_exit = True
        thread.join(DEADLINE)


@pytest.fixture(scope="session")
def served(served_with: StartService) -> Served:
    """The service with default settings."""
    return served_with(ServeConfig())


@pytest.fixture(scope="session")
def seed_yaml() -> bytes:
    """The seed mother's case file, as a client would send it."""
    text: str = example_text("shidu-mother")
    return text.encode()


@pytest.fixture
def events() -> Iterator[list[str]]:
    """Log lines the service writes while a test runs."""
    import logging

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Keep()
    logger = logging.getLogger("careplanner.serve")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)
