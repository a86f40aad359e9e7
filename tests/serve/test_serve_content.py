"""Content chosen by name only: rule packs the service was started with, and the language."""

from __future__ import annotations

from importlib import resources

import pytest
from typer.testing import CliRunner

from careplanner.cli import app
from careplanner.serve import ServeConfig

from .http_service import JSON, Served, StartService, is_problem

DEFAULT_PACK = resources.files("careplanner.rules") / "default.yaml"


@pytest.fixture(scope="module")
def with_pack(served_with: StartService, tmp_path_factory: pytest.TempPathFactory) -> Served:
    text = DEFAULT_PACK.read_text(encoding="utf-8")
    mine = tmp_path_factory.mktemp("packs") / "mine.yaml"
    mine.write_text(text.replace("id: careplanner-default", "id: org-pack", 1), encoding="utf-8")
    served: Served = served_with(ServeConfig(packs={"mine": str(mine)}))
    return served


def test_a_named_pack_is_used_and_listed(with_pack: Served, seed_yaml: bytes) -> None:
    assert with_pack.client.get("/v1/version").json()["packs"] == ["default", "mine"]
    chosen = with_pack.post_yaml("/v1/assess", seed_yaml, pack="mine").json()
    default = with_pack.post_yaml("/v1/assess", seed_yaml).json()
    assert chosen["findings"]["pack"]["id"] == "org-pack"
    assert default["findings"]["pack"]["id"] == "careplanner-default"
    sheet = with_pack.client.get("/v1/logic", params={"pack": "mine"})
    assert sheet.status_code == 200 and "org-pack" in sheet.text


@pytest.mark.parametrize("name", ["../careplanner/rules/default.yaml", "/etc/passwd", "other"])
def test_a_pack_is_named_never_a_path(with_pack: Served, seed_yaml: bytes, name: str) -> None:
    response = with_pack.post_yaml("/v1/assess", seed_yaml, pack=name)
    assert is_problem(response, 422, "unknown-code")
    assert response.json()["allowed"] == ["default", "mine"]


@pytest.mark.parametrize(("lang", "word"), [("en", "Support network"), ("zh-CN", "支持网络")])
def test_the_request_names_the_language(
    served: Served, seed_yaml: bytes, lang: str, word: str
) -> None:
    page = served.post_yaml("/v1/report", seed_yaml, format="md", lang=lang)
    assert word in page.text


@pytest.mark.parametrize(
    "path",
    ["/v1/validate", "/v1/migrate", "/v1/assess", "/v1/compare", "/v1/explain", "/v1/report",
     "/v1/ecomap", "/v1/fhir/export", "/v1/fhir/reassessment", "/v1/fhir/responses",
     "/v1/group/survey", "/v1/group/plan", "/v1/group/evaluate"],
)  # fmt: skip
def test_every_body_endpoint_refuses_a_wrong_type_and_an_empty_body(
    served: Served, path: str
) -> None:
    wrong = served.client.post(path, content=b"{}", headers={"Content-Type": "text/plain"})
    assert is_problem(wrong, 415, "unsupported-media-type")
    empty = served.client.post(path, content=b"", headers=JSON)
    if path == "/v1/validate":  # as `careplanner validate`: a report, not an error
        assert empty.json()["valid"] is False
    else:
        assert is_problem(empty, 400, "unreadable-body")


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "careplanner.serve", None)  # as if FastAPI were missing
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "pip install 'careplanner[serve]'" in result.output
