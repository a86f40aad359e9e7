"""Which endpoint does each command's job: the one place to add an endpoint for a new command.

``tests/serve/test_commands.py`` reads every command of the ``careplanner`` command line and
fails when one is missing here or names an endpoint the service does not have. A command
that has no job over HTTP is listed in `NOT_SERVED` with the reason.
"""

from __future__ import annotations

#: Command (a group's commands as "group survey") -> "METHOD /path" of its endpoint.
ENDPOINTS: dict[str, str] = {
    "assess": "POST /v1/assess",
    "batch": "POST /v1/batch",
    "compare": "POST /v1/compare",
    "demo": "GET /v1/demo",
    "ecomap": "POST /v1/ecomap",
    "examples": "GET /v1/examples",
    "explain": "POST /v1/explain",
    "fhir export": "POST /v1/fhir/export",
    "fhir import": "POST /v1/fhir/import",
    "fhir logic": "GET /v1/fhir/logic",
    "fhir questionnaires": "GET /v1/fhir/questionnaires",
    "fhir reassessment": "POST /v1/fhir/reassessment",
    "fhir responses": "POST /v1/fhir/responses",
    "group evaluate": "POST /v1/group/evaluate",
    "group plan": "POST /v1/group/plan",
    "group survey": "POST /v1/group/survey",
    "logic": "GET /v1/logic",
    "migrate": "POST /v1/migrate",
    "report": "POST /v1/report",
    "schema": "GET /v1/schemas/{kind}",
    "synth": "GET /v1/synth",
    "validate": "POST /v1/validate",
    "whatif": "POST /v1/whatif",
}

#: Commands without an endpoint, and why.
NOT_SERVED: dict[str, str] = {
    "serve": "starts this service",
    "adjust": "writes to a case file the worker keeps; POST /v1/assess takes the case as it is",
    "due": "iCalendar of the case's due dates; POST /v1/assess returns them as `schedule`",
    "session add": "writes to a case file the worker keeps; the service keeps no files",
    "content init": "writes a new overlay folder on the caller's own machine",
    "content check": "reads an overlay folder on the caller's own machine",
    "group adjust": "appends to the group's running record, a file the service would have to keep",
    "group session add": "appends to the group's running record, a file the service would keep",
    "texts": "the catalogue texts that compact batch files name; the service returns full results",
}
