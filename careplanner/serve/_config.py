"""How one service runs: address, token, limits, CORS, its content and the packs named in it.

The configuration is checked before anything listens: a service reachable from other machines
needs a bearer token, or an explicit opt-out that is logged loudly at start.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property

from careplanner._content._content import Content, load_content
from careplanner._load import MAX_CASE_BYTES
from careplanner.errors import UnknownCodeError
from careplanner.fhir import FhirSettings, fhir_settings
from careplanner.rules import RulePack, load_pack

#: The name under which the bundled rule pack is always served.
DEFAULT_PACK = "default"
LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class ServeConfig:
    """Settings of one `careplanner serve` service.

    Parameters
    ----------
    host, port : str, int
        Where to listen; loopback (127.0.0.1) by default.
    token : str, optional
        Bearer token every request but ``/v1/health`` must carry. Required for an address
        other than loopback unless `insecure_no_token` is set.
    insecure_no_token : bool
        Listen on another address without a token (logged as a warning at start).
    max_body_bytes : int
        Largest request body; a case file's limit by default.
    timeout_seconds : float
        Longest time a body may take to arrive (then 408) and a request to compute,
        waiting for a slot included (then 503).
    max_concurrent : int
        Computations running at once in one process; more wait (within the time limit).
    workers : int
        Processes: the rules engine holds the GIL, so parallel work needs processes.
    cors_origins : tuple of str
        Origins a browser may call from; none (CORS off) by default.
    packs : mapping of str to str
        Rule packs a request may name (``?pack=NAME``), each a file read at start; the
        content's pack is always there as ``default``. Requests never give a path.
    fhir_settings : str, optional
        The organisation's settings file (its ``fhir`` section: base URL, identifier
        systems), read at start; the content's settings when not given.
    content : str, optional
        An organisation's overlay folder (``careplanner serve --content DIR``), read at start:
        every request, the workbench's included, runs on it; the bundled content when not
        given.

    Examples
    --------
    >>> ServeConfig(host="0.0.0.0").check()
    Traceback (most recent call last):
    ...
    careplanner.errors.UnknownCodeError: '--host' must be one of ['a loopback address \
(127.0.0.1, ::1, localhost)', 'any address with --token or --insecure-no-token'], got '0.0.0.0'
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    insecure_no_token: bool = False
    max_body_bytes: int = MAX_CASE_BYTES
    timeout_seconds: float = 30.0
    max_concurrent: int = 2
    workers: int = 1
    cors_origins: tuple[str, ...] = ()
    packs: Mapping[str, str] = field(default_factory=dict)
    fhir_settings: str | None = None
    content: str | None = None

    def check(self) -> None:
        """Refuse an unsafe or impossible configuration, naming the option."""
        if not (self.is_loopback or self.token or self.insecure_no_token):
            raise UnknownCodeError(
                "--host",
                self.host,
                [
                    "a loopback address (127.0.0.1, ::1, localhost)",
                    "any address with --token or --insecure-no-token",
                ],
            )
        for name, low, value in (
            ("--max-body", 1, self.max_body_bytes),
            ("--max-concurrent", 1, self.max_concurrent),
            ("--workers", 1, self.workers),
        ):
            if value < low:
                raise UnknownCodeError(name, value, [f"an integer >= {low}"])
        if not self.timeout_seconds > 0:
            raise UnknownCodeError("--timeout", self.timeout_seconds, ["seconds > 0"])
        if DEFAULT_PACK in self.packs:
            raise UnknownCodeError("--pack", DEFAULT_PACK, ["any name but 'default'"])

    @property
    def is_loopback(self) -> bool:
        """Whether the service is reachable from this machine only."""
        if self.host in LOOPBACK_NAMES:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @cached_property
    def loaded_content(self) -> Content:
        """The content every request runs on, read once per process."""
        return load_content(self.content)

    @cached_property
    def rule_packs(self) -> dict[str, RulePack]:
        """The rule packs by name, read once per process."""
        loaded = {name: load_pack(path) for name, path in sorted(self.packs.items())}
        return {DEFAULT_PACK: self.loaded_content.pack, **loaded}

    @cached_property
    def fhir(self) -> FhirSettings:
        """The FHIR settings, read once per process: the settings file, else the content's."""
        if self.fhir_settings is None:
            return self.loaded_content.fhir
        return fhir_settings(self.fhir_settings)

    def to_json(self) -> str:
        """The configuration as JSON, for the worker processes."""
        return json.dumps(asdict(self) | {"packs": dict(self.packs)})

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        """Read `to_json`'s output."""
        data = json.loads(text)
        data["cors_origins"] = tuple(data["cors_origins"])
        return cls(**data)
