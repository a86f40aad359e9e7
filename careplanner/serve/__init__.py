"""careplanner over HTTP: ``careplanner serve``, a stateless service for any case system.

Optional extra: ``pip install 'careplanner[serve]'`` (FastAPI and uvicorn). A case goes in as
the request body, the result comes out; nothing is stored and nothing of the case is logged.
Endpoints are versioned (``/v1/...``), one for each job of the command line
(``_commands.ENDPOINTS``); the OpenAPI document is at ``/v1/openapi.json``; errors are
``application/problem+json``. See ``docs/service.md``.

Examples
--------
>>> from careplanner.serve import ServeConfig, create_app
>>> app = create_app(ServeConfig(max_concurrent=4))
>>> app.openapi()["info"]["title"]
'careplanner'
"""

from careplanner.serve._app import create_app
from careplanner.serve._config import ServeConfig
from careplanner.serve._run import run

__all__ = ["ServeConfig", "create_app", "run"]
