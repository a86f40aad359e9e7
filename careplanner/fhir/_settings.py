"""An organisation's FHIR settings: its base URL for careplanner's codes, and its identifiers.

The bundled ``codes.yaml`` holds a placeholder base (``https://careplanner.example/fhir``). An
organisation sets its own without editing installed files: in a settings file it keeps (YAML
or JSON, a ``fhir`` section) or, for one run, as an argument::

    fhir:
      base: https://fhir.example-org.cn/careplanner
      client_system: https://records.example-org.cn/id/client   # optional
      organisation:                                             # optional
        system: https://records.example-org.cn/id/org
        value: SW-0042
        display: Example Social Work Service Centre

Every local code system, every identifier system and every entry UUID derive from `base`, so
two organisations' exports never share a code or an id by accident.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from careplanner._content._problems import dotted, joined
from careplanner._content._scope import active
from careplanner.errors import FhirExportError
from careplanner.fhir._files import read_mapping
from careplanner.fhir._tables import codes

#: An absolute http(s) URL without a query, a fragment or a trailing slash.
BaseUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s?#/]+(/[^\s?#]*[^\s?#/])?$")]

#: Largest settings file read, in bytes.
_MAX_BYTES = 256 * 1024


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrganisationId(_Model):
    """The organisation as an identifier: system, value and an optional display name."""

    system: BaseUrl
    value: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    display: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None


class FhirSettings(_Model):
    """Where careplanner's own codes and identifiers live for one organisation.

    Attributes
    ----------
    base : str
        Base URL of careplanner's code systems (``<base>/CodeSystem/<name>``), identifier
        systems (``<base>/id/<name>``) and canonical knowledge resources.
    client_system : str, optional
        The identifier system of client ids, when the organisation's case system has one;
        ``<base>/id/client`` otherwise.
    organisation : OrganisationId, optional
        The organisation on whose behalf the worker assessed (Provenance) and who manages
        the client's record (Patient).
    """

    base: BaseUrl = Field(default_factory=lambda: codes().base)
    client_system: BaseUrl | None = None
    organisation: OrganisationId | None = None

    def local(self, name: str) -> str:
        """The URI of careplanner's code system `name`."""
        return f"{self.base}/CodeSystem/{name}"

    def identifier(self, name: str) -> str:
        """The URI of careplanner's identifier system `name` (``client`` may be overridden)."""
        if name == "client" and self.client_system is not None:
            return self.client_system
        return f"{self.base}/id/{name}"

    def canonical(self, resource_type: str, name: str) -> str:
        """The canonical URL of a knowledge resource (``<base>/Questionnaire/phq9``)."""
        return f"{self.base}/{resource_type}/{name}"


def active_settings() -> FhirSettings:
    """The FHIR settings of the running call's content (`careplanner.Content`), else defaults."""
    content = active()
    return FhirSettings() if content is None else content.fhir


def fhir_settings(path: str | Path | None = None, *, base: str | None = None) -> FhirSettings:
    """Return an organisation's FHIR settings: its settings file, then `base` over it.

    Parameters
    ----------
    path : str or Path, optional
        A YAML or JSON file whose ``fhir`` section holds the settings (other sections are the
        business of other parts of careplanner and are not read here).
    base : str, optional
        A base URL that overrides the file's (the ``--base-url`` of the command line).

    Returns
    -------
    FhirSettings
        The bundled placeholder base when neither is given.

    Raises
    ------
    FhirExportError
        The file cannot be read, or a setting is invalid; the message names the setting.

    Examples
    --------
    >>> fhir_settings().base
    'https://careplanner.example/fhir'
    >>> fhir_settings(base="https://fhir.example.org/cp").local("need")
    'https://fhir.example.org/cp/CodeSystem/need'
    """
    data: dict[str, Any] = (
        _section(Path(path)) if path is not None else active_settings().model_dump()
    )
    if base is not None:
        data["base"] = base
    try:
        return FhirSettings.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{joined('fhir', dotted(e['loc']))}: {_message(e['type'], e['msg'])}"
            for e in exc.errors(include_input=False, include_url=False)
        )
        raise FhirExportError(f"FHIR settings are invalid: {where}") from None


def _message(kind: str, message: str) -> str:
    if kind == "string_pattern_mismatch":
        return "must be an absolute http(s) URL without query, fragment or trailing '/'"
    return message


def _section(path: Path) -> dict[str, Any]:
    section = read_mapping(path, "settings file", _MAX_BYTES).get("fhir")
    if not isinstance(section, dict):
        raise FhirExportError(f"settings file {path}: needs a 'fhir' section (a mapping)")
    return dict(section)
