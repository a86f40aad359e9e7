"""Content chosen at start (``--content``, ``--pack``) or by name only, and the language."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner import load_case
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


OVERLAY = Path(__file__).parents[1] / "content" / "overlay"


@pytest.fixture(scope="module")
def with_content(served_with: StartService) -> Served:
    served: Served = served_with(ServeConfig(content=str(OVERLAY)))
    return served


def test_a_service_runs_every_request_on_its_content(
    with_content: Served, seed_yaml: bytes
) -> None:
    """``careplanner serve --content DIR``: results, FHIR and the workbench use the overlay."""
    result = with_content.post_yaml("/v1/assess", seed_yaml, at="intake").json()
    assert result["findings"]["pack"]["id"] == "test-agency"
    assert "beliefs" not in [stage["id"] for stage in result["plan"]["stages"]]
    bundle = with_content.post_yaml("/v1/fhir/export", seed_yaml, at="intake").text
    assert "https://fhir.test-agency.example/careplanner/" in bundle
    page = with_content.client.get("/v1/workbench/content").json()
    cutoffs = {t["id"]: t["value"] for t in page["thresholds"]}
    assert cutoffs["gds15_depression"] == 7.0
    body = {"case": load_case("example:shidu-mother").model_dump(mode="json")}
    body["thresholds"] = {"ucla3_lonely": 9}
    edited = with_content.client.post("/v1/workbench", params={"at": 0}, json=body).json()
    assert edited["result"]["findings"]["pack"]["id"] == "test-agency-edited"


def test_serve_refuses_a_content_folder_that_is_not_one() -> None:
    result = CliRunner().invoke(app, ["serve", "--content", "/nonexistent/overlay"])
    assert result.exit_code == 1
    assert "/nonexistent/overlay: is not a folder" in result.output
