"""Safe by default: the token, headers, CORS, time limit, and logs without client data."""

from __future__ import annotations

import pytest

from careplanner.errors import UnknownCodeError
from careplanner.serve import ServeConfig, create_app

from .http_service import Served, StartService, is_problem

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def secured(served_with: StartService) -> Served:
    result: Served = served_with(ServeConfig(token=TOKEN))
    return result


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
)
def test_request_without_the_token_is_refused(secured: Served, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = secured.client.get("/v1/version", headers=headers)
    assert is_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_request_with_the_token_is_answered(secured: Served, seed_yaml: bytes) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/yaml"}
    assert secured.client.post("/v1/assess", content=seed_yaml, headers=headers).status_code == 200
    assert secured.client.get("/v1/openapi.json", headers=headers).status_code == 200


def test_health_needs_no_token(secured: Served) -> None:
    assert secured.client.get("/v1/health").status_code == 200


def test_every_answer_carries_the_security_headers(served: Served, seed_yaml: bytes) -> None:
    answers = [
        served.client.get("/v1/health"),
        served.post_yaml("/v1/report", seed_yaml),
        served.client.get("/v1/nowhere"),
    ]
    for response in answers:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


def test_cors_is_off_unless_configured(served: Served, served_with: StartService) -> None:
    origin = {"Origin": "https://cases.example.org"}
    assert (
        "access-control-allow-origin" not in served.client.get("/v1/health", headers=origin).headers
    )
    allowed = served_with(ServeConfig(cors_origins=("https://cases.example.org",)))
    answer = allowed.client.get("/v1/health", headers=origin)
    assert answer.headers["access-control-allow-origin"] == "https://cases.example.org"
    other = allowed.client.get("/v1/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_request_over_the_time_limit_is_answered_503(served_with: StartService) -> None:
    # A microsecond is shorter than any hand-over to a worker thread and back: the demo itself
    # now takes only milliseconds once the caches are warm.
    hasty = served_with(ServeConfig(timeout_seconds=1e-6))
    response = hasty.client.get("/v1/demo")
    assert is_problem(response, 503, "timeout")
    assert hasty.client.get("/v1/health").status_code == 200


@pytest.mark.parametrize(
    "config",
    [
        ServeConfig(host="0.0.0.0"),
        ServeConfig(host="192.168.1.10"),
        ServeConfig(host="::"),
        ServeConfig(max_concurrent=0),
        ServeConfig(timeout_seconds=0),
        ServeConfig(packs={"default": "x.yaml"}),
    ],
)
def test_unsafe_or_impossible_settings_are_refused(config: ServeConfig) -> None:
    with pytest.raises(UnknownCodeError):
        config.check()


@pytest.mark.parametrize(
    "config",
    [
        ServeConfig(),
        ServeConfig(host="localhost"),
        ServeConfig(host="::1"),
        ServeConfig(host="0.0.0.0", token="t"),
        ServeConfig(host="0.0.0.0", insecure_no_token=True),
    ],
)
def test_safe_settings_are_accepted(config: ServeConfig) -> None:
    config.check()


NAME, NOTE = "Wang Guilan", "told the worker about her son in confidence"


def test_logs_carry_no_case_content(served: Served, seed_yaml: bytes, events: list[str]) -> None:
    import yaml

    data = yaml.safe_load(seed_yaml)
    data["client"]["name"] = NAME
    text = yaml.safe_dump(data, allow_unicode=True).replace("age: 68", "age: 268")
    served.post_yaml("/v1/assess", text.encode(), at="intake")
    served.post_yaml("/v1/assess", seed_yaml, at=NAME)
    served.client.get(f"/v1/examples/{NAME}")
    assert len(events) == 3
    assert events[0].startswith("POST /v1/assess 422 ")
    assert events[2].startswith("GET /v1/examples/{example_id} 422 ")
    assert not any(NAME in line or "268" in line for line in events)


def test_an_unexpected_failure_tells_nothing_of_the_case(
    served: Served, seed_yaml: bytes, events: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from careplanner.serve import _casework

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"could not handle {NAME}: {NOTE}")

    monkeypatch.setattr(_casework, "assess", broken)
    response = served.post_yaml("/v1/assess", seed_yaml)
    assert is_problem(response, 500, "internal-error")
    assert NAME not in response.text and "Traceback" not in response.text
    assert events[0] == "POST /v1/assess failed: RuntimeError"
    assert not any(NAME in line or NOTE in line for line in events)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:1234", "[::1]:80"])
def test_a_loopback_service_answers_loopback_names(served: Served, host: str) -> None:
    assert served.client.get("/v1/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", ""])
def test_a_loopback_service_refuses_other_host_names(served: Served, host: str) -> None:
    response = served.client.get("/v1/health", headers={"Host": host})
    assert is_problem(response, 421, "misdirected-request")


def test_a_service_on_another_address_leaves_the_host_to_the_token() -> None:
    from careplanner.serve._guard import Guard

    app = create_app(ServeConfig(host="0.0.0.0", token=TOKEN))
    guards = [m for m in app.user_middleware if m.cls is Guard]
    assert [g.kwargs for g in guards] == [{"token": TOKEN, "loopback_only": False}]


def test_the_openapi_document_is_logged_by_its_route(served: Served, events: list[str]) -> None:
    assert served.client.get("/v1/openapi.json").status_code == 200
    assert events[0].startswith("GET /v1/openapi.json 200 ")
