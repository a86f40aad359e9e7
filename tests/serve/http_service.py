"""Helpers of the service tests: ports, a running service, requests with a YAML body."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from careplanner.serve import ServeConfig

#: Longest wait for a server to start or stop, and for one request: generous, as CI may run
#: the suite beside other work on two cores (a deadline, not a speed check).
DEADLINE = 120.0
YAML = {"Content-Type": "application/yaml"}
JSON = {"Content-Type": "application/json"}


Param = str | int | float | bool


@dataclass
class Served:
    """A running service: its base URL and a client bound to it."""

    url: str
    client: httpx.Client

    def post_yaml(self, path: str, body: bytes, **params: Param) -> httpx.Response:
        """POST a YAML body with query parameters."""
        return self.client.post(path, content=body, headers=YAML, params=params)


#: The ``served_with`` fixture: start a service with these settings, on a free loopback port.
StartService = Callable[[ServeConfig], Served]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def is_problem(response: httpx.Response, status: int, kind: str) -> bool:
    """Whether `response` is an RFC 9457 problem of this status and kind."""
    body = response.json()
    return (
        response.status_code == status
        and response.headers["content-type"] == "application/problem+json"
        and body["status"] == status
        and body["type"] == f"urn:careplanner:problem:{kind}"
        and bool(body["title"])
        and bool(body["detail"])
    )
