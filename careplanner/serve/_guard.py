"""What wraps every request: host and token checks, security headers, a log without client data.

A service on loopback answers only requests addressed to a loopback name (``Host:
127.0.0.1``, ``localhost``, ``[::1]``): a web page the worker visits cannot reach it by
pointing a domain of its own at 127.0.0.1 (DNS rebinding). On any other address the token
is the gate.

The access log says method, route template, status and milliseconds: never the query string,
the body, the client's address or a path a client typed (an unmatched path is logged as
``(no route)``). An unexpected exception is logged by its type only, and answered 500 with a
problem that says nothing of it: an exception's message or traceback may quote the case.
"""

from __future__ import annotations

import hmac
import logging
import time
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from careplanner.serve._problems import ServiceError, from_service, internal, problem

LOG = logging.getLogger("careplanner.serve")
#: Paths answered without a token: a load balancer's liveness probe holds none, and the
#: workbench page and its files (no data in them) load in a browser, which then asks for it.
OPEN_PATHS = frozenset({"/v1/health", "/"})
OPEN_PREFIXES = ("/workbench/",)
SECURITY_HEADERS = (
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
    (
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    ),
)
#: Host names a loopback service answers to (``Host`` header, port aside).
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
_MISDIRECTED = ServiceError(
    421,
    "misdirected-request",
    "Misdirected request",
    f"this service answers only requests addressed to {sorted(LOOPBACK_NAMES)}",
)
_UNAUTHORISED = ServiceError(
    401,
    "unauthorized",
    "Unauthorized",
    "this service needs the header 'Authorization: Bearer <token>' it was started with",
)


class Guard:
    """ASGI middleware: token check, security headers, access log, no traceback leaves."""

    def __init__(self, app: ASGIApp, token: str | None, loopback_only: bool) -> None:
        self.app, self.token, self.loopback_only = app, token, loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, logged = time.perf_counter(), [0], [False]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            elif message["type"] == "http.response.body" and not message.get(
                "more_body"
            ):  # logged before the client has it all
                logged[0] = _access(scope, status[0], started)
            await send(message)

        try:
            refusal = self._refusal(Headers(scope=scope), scope["path"])
            if refusal is None:
                await self.app(scope, receive, send_secured)
            else:
                await refusal(scope, receive, send_secured)
        except Exception as exc:
            LOG.error("%s %s failed: %s", scope["method"], _route(scope), type(exc).__name__)
            if status[0] == 0:
                await problem(internal())(scope, receive, send_secured)
        finally:
            if not logged[0]:  # the client went away before the answer was complete
                _access(scope, status[0], started)

    def _refusal(self, headers: Headers, path: str) -> JSONResponse | None:
        if self.loopback_only and not _is_loopback_name(headers.get("host", "")):
            return problem(from_service(_MISDIRECTED))
        if self.token is None or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        expected = self.token.encode()
        if scheme.lower() == "bearer" and hmac.compare_digest(credentials.encode(), expected):
            return None
        return problem(from_service(_UNAUTHORISED), {"WWW-Authenticate": "Bearer"})


def _is_loopback_name(host: str) -> bool:
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return False
    return name in LOOPBACK_NAMES


def _access(scope: Scope, status: int, started: float) -> bool:
    elapsed = (time.perf_counter() - started) * 1000
    LOG.info("%s %s %d %.0f ms", scope["method"], _route(scope), status, elapsed)
    return True


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "(no route)"
