"""The OpenAPI document: valid, and enough for a client in another language to call the service."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from careplanner import assess, load_case
from careplanner.serve import ServeConfig, create_app

from .http_service import DEADLINE, Served

CLIENT = Path(__file__).with_name("openapi_client.mjs")


def test_openapi_document_validates(served: Served) -> None:
    document = served.client.get("/v1/openapi.json").json()
    validate(document)
    assert document["info"]["title"] == "careplanner"


def test_openapi_describes_every_route_under_v1(served: Served) -> None:
    document = served.client.get("/v1/openapi.json").json()
    assert all(path.startswith("/v1/") for path in document["paths"])
    body = document["paths"]["/v1/assess"]["post"]["requestBody"]["content"]
    case = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert document["components"]["schemas"][case]["title"] == "Case"


def test_openapi_names_the_bearer_scheme_only_when_a_token_is_set() -> None:
    open_document = create_app().openapi()
    secured = create_app(ServeConfig(token="t0ken")).openapi()
    assert "security" not in open_document
    assert secured["security"] == [{"bearer": []}]
    validate(secured)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js 18+ for fetch")
def test_a_node_client_built_from_the_openapi_document_alone_assesses(served: Served) -> None:
    run = subprocess.run(
        ["node", str(CLIENT), served.url],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = dict(line.split("=", 1) for line in run.stdout.splitlines())
    expected = assess(load_case(f"example:{lines['example']}"))
    assert lines["needs"] == ",".join(n.id for n in expected.findings.needs)
    assert lines["first_stage"] == expected.plan.stages[0].id
    assert lines["problem"] == "422 application/problem+json urn:careplanner:problem:invalid-case"


def test_every_operation_describes_its_errors_as_problems(served: Served) -> None:
    document = served.client.get("/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for group in ("4XX", "5XX"):
                content = operation["responses"][group]["content"]
                ref = content["application/problem+json"]["schema"]["$ref"]
                assert schemas[ref.rsplit("/", 1)[1]]["title"] == "ProblemDetails", (path, method)
    assert "HTTPValidationError" not in schemas


def test_a_problem_answer_has_the_documented_fields(served: Served) -> None:
    document = served.client.get("/v1/openapi.json").json()
    fields = document["components"]["schemas"]["ProblemDetails"]["properties"]
    problem = served.client.get("/v1/logic", params={"format": "pdf"}).json()
    assert set(problem) <= set(fields)
    assert {"type", "title", "status", "detail", "field", "allowed"} <= set(problem)
