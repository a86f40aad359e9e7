"""What wraps every request: the bearer token, security headers, a log line without client data.

The access log says method, route template, status and milliseconds: never the query string,
the body, the client's address or a path a client typed (an unmatched path is logged as
``(no route)``). An unexpected exception is logged by its type only, and answered 500 with a
problem that says nothing of it: an exception's message or traceback may quote the case.
"""

from __future__ import annotations

import hmac
import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from careplanner.serve._problems import ServiceError, from_service, internal, problem

LOG = logging.getLogger("careplanner.serve")
#: Paths answered without a token: a load balancer's liveness probe holds none.
OPEN_PATHS = frozenset({"/v1/health"})
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
_UNAUTHORISED = ServiceError(
    401,
    "unauthorized",
    "Unauthorized",
    "this service needs the header 'Authorization: Bearer <token>' it was started with",
)


class Guard:
    """ASGI middleware: token check, security headers, access log, no traceback leaves."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [0]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        try:
            if self._authorised(scope):
                await self.app(scope, receive, send_secured)
            else:
                refusal = problem(from_service(_UNAUTHORISED), {"WWW-Authenticate": "Bearer"})
                await refusal(scope, receive, send_secured)
        except Exception as exc:
            LOG.error("%s %s failed: %s", scope["method"], _route(scope), type(exc).__name__)
            if status[0] == 0:
                await problem(internal())(scope, receive, send_secured)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            LOG.info("%s %s %d %.0f ms", scope["method"], _route(scope), status[0], elapsed)

    def _authorised(self, scope: Scope) -> bool:
        if self.token is None or scope["path"] in OPEN_PATHS:
            return True
        given = Headers(scope=scope).get("authorization", "")
        scheme, _, credentials = given.partition(" ")
        expected = self.token.encode()
        return scheme.lower() == "bearer" and hmac.compare_digest(credentials.encode(), expected)


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "(no route)"
