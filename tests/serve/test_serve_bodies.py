"""Bad request bodies: every one answered with a problem, none with a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .http_service import JSON, YAML, Served, StartService, is_problem


@pytest.mark.parametrize(
    ("body", "headers", "status", "kind"),
    [
        (b"", JSON, 400, "unreadable-body"),
        (b"   \n", YAML, 400, "unreadable-body"),
        (b'{"client": ', JSON, 400, "unreadable-body"),
        (b"client: [unclosed", YAML, 400, "unreadable-body"),
        (b"\xff\xfe\x00garbage", JSON, 400, "unreadable-body"),
        (b'"a text"', JSON, 400, "unreadable-body"),
        (b"[1, 2]", JSON, 400, "unreadable-body"),
        (b"{}", JSON, 422, "invalid-case"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported-media-type"),
        (
            b"{}",
            {"Content-Type": "application/x-www-form-urlencoded"},
            415,
            "unsupported-media-type",
        ),
        (b"{}", {}, 415, "unsupported-media-type"),
    ],
)
def test_bad_body_is_a_problem(
    served: Served, body: bytes, headers: dict[str, str], status: int, kind: str
) -> None:
    response = served.client.post("/v1/assess", content=body, headers=headers)
    assert is_problem(response, status, kind), response.text


def test_unsupported_media_type_names_the_allowed_types(served: Served) -> None:
    problem = served.client.post("/v1/assess", content=b"{}").json()
    assert "'application/json'" in problem["detail"]
    assert "'application/yaml'" in problem["detail"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_nesting_is_refused(served: Served, depth: int) -> None:
    body = b'{"client": ' + b"[" * depth + b"]" * depth + b"}"
    response = served.client.post("/v1/assess", content=body, headers=JSON)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"


def test_deep_yaml_nesting_is_refused(served: Served) -> None:
    body = b"client: " + b"[" * 50_000 + b"]" * 50_000
    response = served.client.post("/v1/assess", content=body, headers=YAML)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.status_code in (400, 422)


def test_a_body_over_the_limit_is_refused_before_it_is_parsed(served_with: StartService) -> None:
    from careplanner.serve import ServeConfig

    small = served_with(ServeConfig(max_body_bytes=1000))
    response = small.client.post("/v1/assess", content=b"{" + b" " * 1000 + b"}", headers=JSON)
    assert is_problem(response, 413, "too-large")
    assert "1000 bytes" in response.json()["detail"]


def test_a_streamed_body_over_the_limit_is_refused(served_with: StartService) -> None:
    from careplanner.serve import ServeConfig

    small = served_with(ServeConfig(max_body_bytes=1000))

    def chunks() -> Iterator[bytes]:
        for _ in range(20):  # no Content-Length: sent chunked
            yield b" " * 100

    response = small.client.post("/v1/assess", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    assert is_problem(response, 413, "too-large")


def test_a_batch_over_the_line_limit_is_refused(served: Served) -> None:
    from careplanner.serve._many import MAX_CASES

    body = b"{}\n" * (MAX_CASES + 1)
    response = served.client.post(
        "/v1/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert is_problem(response, 413, "too-many-lines")
