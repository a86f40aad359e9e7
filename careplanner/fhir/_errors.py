"""The error the FHIR export raises (to move into `careplanner.errors`).

Hierarchy::

    CareplannerError
    └── FhirExportError    a bundle cannot be built from this case and result

Messages name ids and fields only, never a name or a free text.
"""

from __future__ import annotations

from careplanner.errors import CareplannerError


class FhirExportError(CareplannerError):
    """A FHIR bundle cannot be built as asked; the message names the field."""
