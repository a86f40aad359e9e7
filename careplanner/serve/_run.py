"""Start the service with uvicorn: checked settings, worker processes, logs without client data."""

from __future__ import annotations

import copy
import logging
import logging.config
import os
from typing import Any

import uvicorn
import uvicorn.config

from careplanner.serve._app import CONFIG_VARIABLE
from careplanner.serve._config import ServeConfig
from careplanner.serve._guard import LOG

#: Connections one process holds at once; beyond it uvicorn answers 503 at once.
CONNECTIONS_PER_COMPUTATION = 50


def run(config: ServeConfig) -> None:
    """Listen until stopped (Ctrl-C or SIGTERM).

    The settings are checked and the named rule packs read before anything listens, so a
    mistake stops the start with a `CareplannerError`. Every worker process builds the app
    from the same settings (passed through the environment).
    """
    config.check()
    config.rule_packs  # noqa: B018  # read the named packs now: a bad file stops the start
    config.fhir  # noqa: B018  # and the FHIR settings
    os.environ[CONFIG_VARIABLE] = config.to_json()
    log_config = _log_config()
    logging.config.dictConfig(log_config)
    if not config.is_loopback and config.token is None:
        LOG.warning(
            "listening on %s WITHOUT a token (--insecure-no-token): anyone who reaches this "
            "address can send cases; put an authenticating proxy in front",
            config.host,
        )
    uvicorn.run(
        "careplanner.serve._app:app_from_environment",
        factory=True,
        workers=config.workers,
        log_config=log_config,
        **server_options(config),
    )


def server_options(config: ServeConfig) -> dict[str, Any]:
    """What uvicorn is told besides the app: address, no access log, no server header, limits."""
    return {
        "host": config.host,
        "port": config.port,
        "access_log": False,  # the guard logs each request without its query string
        "server_header": False,
        "proxy_headers": False,
        "limit_concurrency": config.max_concurrent * CONNECTIONS_PER_COMPUTATION,
        "timeout_keep_alive": 5,
    }


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, plus the service's own log (`careplanner.serve`) on standard error."""
    settings: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    settings["loggers"]["careplanner.serve"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return settings
