"""The ASGI application: the routers, problem answers, the guard, CORS when configured."""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from careplanner._version import __version__
from careplanner.serve import _casework, _fhir, _group, _many, _meta, _problems, _workbench
from careplanner.serve._config import ServeConfig
from careplanner.serve._guard import Guard
from careplanner.serve._openapi import openapi_document
from careplanner.serve._work import ServeState

#: The environment variable through which worker processes receive the configuration.
CONFIG_VARIABLE = "CAREPLANNER_SERVE_CONFIG"
DESCRIPTION = (
    "careplanner over HTTP: a case in, a result out, nothing stored. Errors are "
    "application/problem+json (RFC 9457) naming the field and the allowed values."
)


def create_app(config: ServeConfig | None = None) -> FastAPI:
    """Build the service for `config` (loopback, no token, default limits when not given).

    Examples
    --------
    >>> app = create_app()
    >>> sorted(app.openapi()["paths"]["/v1/assess"])
    ['post']
    """
    settings = config or ServeConfig()
    settings.check()
    settings.rule_packs  # noqa: B018  # read the named packs once, before the first request
    settings.fhir  # noqa: B018  # and the FHIR settings

    app = FastAPI(
        title="careplanner",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=None,  # served by a route of its own (`_meta.openapi`), logged like any
        docs_url=None,
        redoc_url=None,
    )
    app.state.serve = ServeState.of(settings)
    for module in (_meta, _casework, _fhir, _many, _group, _workbench):
        app.include_router(module.router)
    _problems.install(app)
    secured = settings.token is not None

    def openapi() -> dict[str, Any]:
        return openapi_document(app, secured=secured)

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend it
    app.add_middleware(Guard, token=settings.token, loopback_only=settings.is_loopback)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def app_from_environment() -> FastAPI:
    """The app of a worker process, configured by `careplanner serve` through the environment."""
    return create_app(ServeConfig.from_json(os.environ[CONFIG_VARIABLE]))
