"""Read a JSON or YAML file that must hold one mapping (a settings file, a FHIR resource)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careplanner._content._loader import decode, read_limited
from careplanner._load import parse_document
from careplanner.errors import FhirExportError


def read_mapping(path: Path, what: str, max_bytes: int) -> dict[str, Any]:
    """Return the mapping `path` holds; `what` names the file in every error message.

    Raises
    ------
    FhirExportError
        The file cannot be read, is larger than `max_bytes`, is empty, or holds no mapping.
    """

    def error(source: str, reason: str) -> FhirExportError:
        return FhirExportError(f"{what} {source}: {reason}")

    text = decode(read_limited(path, max_bytes, error), str(path), error)
    if not text.strip():
        raise FhirExportError(f"{what} {path} is empty")
    document = parse_document(text, str(path))
    if not isinstance(document, dict):
        raise FhirExportError(f"{what} {path}: must hold a mapping (a JSON object)")
    return document
