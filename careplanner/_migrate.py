"""Move a case between format versions: version 1 files upgrade to version 2 and back.

Version 2 only adds optional fields, so an upgrade keeps every value and fills what version 1
could say only one way: the person a client depends on for everything (the spouse) and the
marital status implied by a spouse record. A downgrade is refused, naming the fields, when
the case uses anything version 1 cannot hold.
"""

from __future__ import annotations

from typing import Any

from careplanner._checks import newer_fields
from careplanner.errors import CaseValidationError, Problem
from careplanner.models import SCHEMA_VERSION, Case


def migrate_case(case: Case, to: int = SCHEMA_VERSION) -> dict[str, Any]:
    """Return the case's data in format version `to` (1 or 2), ready to write as JSON or YAML.

    Raises
    ------
    CaseValidationError
        `to` is not a known version, or a downgrade would lose fields (each one named).

    Examples
    --------
    >>> from careplanner import load_case
    >>> data = migrate_case(load_case("example:shidu-mother"), to=2)
    >>> data["schema_version"], data["client"]["marital_status"]
    (2, 'married')
    >>> data["assessments"][0]["observations"]["depends_on"]
    'husband'
    """
    if to not in (1, 2):
        raise CaseValidationError("to", [Problem("to", f"{to!r} must be one of [1, 2]")])
    if to == 1:
        lost = newer_fields(case, "")
        if lost:
            problems = [Problem(at, "has no place in version 1; keep version 2") for at in lost]
            raise CaseValidationError("to", problems)
        return {**_data(case), "schema_version": 1}
    return _upgraded(case)


def _upgraded(case: Case) -> dict[str, Any]:
    data = {**_data(case), "schema_version": 2}
    client = data["client"]
    if case.client.spouse is not None and case.client.marital_status is None:
        client["marital_status"] = "married"
    spouse = next((c.id for c in case.contacts if c.relation == "spouse"), None)
    for assessment, source in zip(data["assessments"], case.assessments, strict=True):
        observed = source.observations
        if spouse and observed.depends_on_spouse_for_everything and observed.depends_on is None:
            assessment.setdefault("observations", {})["depends_on"] = spouse
    return data


def _data(case: Case) -> dict[str, Any]:
    return case.model_dump(mode="json", exclude_defaults=True)
