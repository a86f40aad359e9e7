"""The serve command: careplanner as an HTTP service (optional extra ``careplanner[serve]``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careplanner._content._loader import MAX_CASE_BYTES
from careplanner.cli._common import ContentOption, app, epilog, run
from careplanner.errors import CareplannerError, UnknownCodeError


@app.command(epilog=epilog("serve"))
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address; other than loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="CAREPLANNER_TOKEN", help="Bearer token every request must carry."
        ),
    ] = None,
    insecure_no_token: Annotated[
        bool,
        typer.Option("--insecure-no-token", help="Listen beyond loopback without a token."),
    ] = False,
    workers: Annotated[int, typer.Option("--workers", help="Processes answering requests.")] = 1,
    max_concurrent: Annotated[
        int, typer.Option("--max-concurrent", help="Computations at once per process.")
    ] = 2,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Seconds for a body to arrive (408) and to compute (503)."),
    ] = 30.0,
    max_body: Annotated[
        int, typer.Option("--max-body", help="Largest request body, in bytes.")
    ] = MAX_CASE_BYTES,
    cors_origins: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="An origin browsers may call from (repeat); none."),
    ] = None,
    packs: Annotated[
        list[str] | None,
        typer.Option("--pack", help="NAME=FILE: a rule pack requests may name (?pack=NAME)."),
    ] = None,
    fhir_settings: Annotated[
        Path | None,
        typer.Option("--fhir-settings", help="The organisation's settings (a 'fhir' section)."),
    ] = None,
    content: ContentOption = None,
) -> None:
    """Serve careplanner over HTTP: case in, result out, nothing stored (see docs/service.md)."""

    def body() -> None:
        try:
            from careplanner.serve import ServeConfig
            from careplanner.serve import run as run_service
        except ImportError:
            raise CareplannerError(
                "'careplanner serve' needs the optional extra: pip install 'careplanner[serve]'"
            ) from None
        config = ServeConfig(
            host=host,
            port=port,
            token=token,
            insecure_no_token=insecure_no_token,
            workers=workers,
            max_concurrent=max_concurrent,
            timeout_seconds=timeout,
            max_body_bytes=max_body,
            cors_origins=tuple(cors_origins or ()),
            packs=dict(_named_pack(text) for text in packs or ()),
            fhir_settings=None if fhir_settings is None else str(fhir_settings),
            content=None if content is None else str(content),
        )
        run_service(config)

    run(body)


def _named_pack(text: str) -> tuple[str, str]:
    name, _, path = text.partition("=")
    if not name or not path or not Path(path).is_file():
        raise UnknownCodeError("--pack", text, ["NAME=FILE with an existing rule pack file"])
    return name, path
