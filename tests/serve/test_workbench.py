"""The workbench over HTTP: the page and its files, its content, and its three endpoints."""

from __future__ import annotations

import copy
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from careplanner import (
    DataFileError,
    RulePackError,
    UnknownCodeError,
    assess,
    explain,
    load_case,
    load_content,
    what_if,
)
from careplanner.fhir import fhir_bundle
from careplanner.report import render_html, render_logic_sheet
from careplanner.rules import SAFETY_FLOOR, default_pack
from careplanner.serve import ServeConfig
from careplanner.serve._overlay import edited_content, locked_thresholds, threshold_infos
from careplanner.whatif import what_changed

from .http_service import Served, StartService, is_problem

SEED = "example:shidu-mother"
TOKEN = "workbench-test-token"
PAGE = resources.files("careplanner.serve").joinpath("workbench")
OVERLAY = Path(__file__).parents[1] / "content" / "overlay"


def seed() -> dict[str, Any]:
    """The seed case as the page holds it: the JSON `GET /v1/examples/{id}` answers."""
    data: dict[str, Any] = load_case(SEED).model_dump(mode="json")
    return data


def revived(case: dict[str, Any]) -> dict[str, Any]:
    """The case with the intake tie to the sister revived and UCLA-3 item 1 answered 1."""
    changed = copy.deepcopy(case)
    intake = changed["assessments"][0]
    sister = next(tie for tie in intake["ties"] if tie["contact"] == "sister")
    sister["status"] = "active"
    intake["scales"]["ucla3"]["1"] = 1
    return changed


def test_page_is_served_at_the_root_with_its_own_policy(served: Served) -> None:
    response = served.client.get("/")
    policy = response.headers["content-security-policy"]
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert '<script type="module" src="/workbench/app.js">' in response.text


@pytest.mark.parametrize("name", ["app.js", "api.js", "dom.js", "form.js", "results.js", "walk.js"])
def test_every_module_the_page_imports_is_served(served: Served, name: str) -> None:
    response = served.client.get(f"/workbench/{name}")
    assert (response.status_code, response.headers["content-type"]) == (
        200,
        "text/javascript; charset=utf-8",
    )
    imported = re.findall(r'from "\./([a-z]+\.js)"', response.text)
    assert all(PAGE.joinpath(module).is_file() for module in imported)


@pytest.mark.parametrize("name", ["text.yaml", "index.html", "nothing.js", "..%2F_app.py"])
def test_asset_route_serves_only_scripts_and_styles_of_the_page(served: Served, name: str) -> None:
    assert is_problem(served.client.get(f"/workbench/{name}"), 404, "not-found")


def test_page_files_load_nothing_from_another_host() -> None:
    for entry in PAGE.iterdir():
        text = entry.read_text(encoding="utf-8")
        elsewhere = re.search(r"(src|href)=\"(https?:)?//|url\(|import\(|https?://", text)
        assert elsewhere is None, entry.name


def test_content_has_every_word_the_page_uses_in_both_languages(served: Served) -> None:
    words = served.client.get("/v1/workbench/content").json()["words"]
    used = set()
    for entry in PAGE.iterdir():
        text = entry.read_text(encoding="utf-8")
        used |= {f"page.{key}" for key in re.findall(r'data-t="([a-z_.]+)"', text)}
        used |= set(re.findall(r't\("(page\.[a-z_.]+)"', text))
    assert len(used) > 60
    missing = sorted(key for key in used if set(words.get(key, {})) != {"en", "zh-CN"})
    assert missing == []


def test_content_lists_scales_observations_and_thresholds(served: Served) -> None:
    content = served.client.get("/v1/workbench/content").json()
    ucla3 = next(scale for scale in content["scales"] if scale["id"] == "ucla3")
    assert ucla3["items"][0]["text"]["en"] == "How often do you feel that you lack companionship?"
    assert "obs.suicidal_ideation" in {spec["name"] for spec in content["observations"]}
    locked = {t["id"] for t in content["thresholds"] if t["locked"]}
    assert locked == set(locked_thresholds(default_pack()))


def test_workbench_answers_the_library_assessment_and_explanation(served: Served) -> None:
    response = served.client.post("/v1/workbench", params={"at": "intake"}, json={"case": seed()})
    result = assess(load_case(SEED), "intake")
    body = response.json()
    assert response.status_code == 200
    assert body["result"] == result.model_dump(mode="json")
    assert body["explanation"] == explain(result.facts).model_dump(mode="json")
    assert body["whatif"] is None


def test_workbench_shows_what_reviving_a_tie_and_an_answer_change(served: Served) -> None:
    opened, changed = seed(), revived(seed())
    body = {"case": changed, "baseline": opened}
    whatif = served.client.post("/v1/workbench", params={"at": 0}, json=body).json()["whatif"]
    before = assess(load_case(SEED), 0)
    after = assess(load_case(SEED).model_validate(changed), 0)
    edits = ["ucla3.item1=1", "tie.sister.status=active"]
    assert whatif == what_changed(before, after, edits).model_dump(mode="json")
    assert whatif["before"]["network"]["size"] + 1 == whatif["after"]["network"]["size"]


def test_workbench_answer_changes_match_the_whatif_command(served: Served) -> None:
    opened = seed()
    changed = copy.deepcopy(opened)
    changed["assessments"][0]["scales"]["phq9"]["9"] = 1
    body = {"case": changed, "baseline": opened}
    whatif = served.client.post("/v1/workbench", params={"at": 0}, json=body).json()["whatif"]
    expected = what_if(load_case(SEED), ["phq9.item9=1"], 0)
    assert whatif["needs"] == expected.model_dump(mode="json")["needs"]
    assert {"id": "suicide_risk", "before": None, "after": "high"} in whatif["needs"]


def test_edited_threshold_changes_the_case_and_not_the_installed_pack(served: Served) -> None:
    body = {"case": seed(), "thresholds": {"ucla3_lonely": 9}}
    edited = served.client.post("/v1/workbench", params={"at": 0}, json=body).json()
    needs = {need["id"] for need in edited["result"]["findings"]["needs"]}
    default = {need.id for need in assess(load_case(SEED), 0).findings.needs}
    assert default - needs == {"loneliness"}
    assert default_pack().thresholds["ucla3_lonely"].cut == 6
    plain = served.client.post("/v1/workbench", params={"at": 0}, json={"case": seed()}).json()
    assert "loneliness" in {need["id"] for need in plain["result"]["findings"]["needs"]}


def test_a_threshold_of_a_safety_need_cannot_be_edited(served: Served) -> None:
    body = {"case": seed(), "thresholds": {"phq9_item9_any": 5}}
    response = served.client.post("/v1/workbench", json=body)
    assert is_problem(response, 422, "unknown-code")
    assert response.json()["field"] == "thresholds"
    assert "phq9_item9_any" not in response.json()["allowed"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"case": {}, "extra": 1}, "extra"),
        ({"case": {}, "thresholds": {"ucla3_lonely": -1}}, "thresholds.ucla3_lonely"),
        ({"case": {}, "thresholds": {"ucla3_lonely": "many"}}, "thresholds.ucla3_lonely"),
        ({}, "case"),
    ],
)
def test_a_malformed_workbench_body_names_the_field(
    served: Served, body: dict[str, Any], location: str
) -> None:
    response = served.client.post("/v1/workbench", json=body)
    assert is_problem(response, 422, "invalid-case")
    assert [p["location"] for p in response.json()["problems"]] == [location]


def test_an_invalid_case_in_the_workbench_lists_its_problems(served: Served) -> None:
    broken = seed()
    broken["client"]["age"] = 300
    response = served.client.post("/v1/workbench", json={"case": broken})
    assert is_problem(response, 422, "invalid-case")
    assert [p["location"] for p in response.json()["problems"]] == ["client.age"]


def test_workbench_report_and_fhir_use_the_edited_thresholds(served: Served) -> None:
    body = {"case": seed(), "thresholds": {"ucla3_lonely": 9}}
    case, content = load_case(SEED), edited_content({"ucla3_lonely": 9})
    result = assess(case, 0, content=content)
    report = served.client.post("/v1/workbench/report", params={"at": 0, "lang": "en"}, json=body)
    fhir = served.client.post("/v1/workbench/fhir", params={"at": 0}, json=body)
    assert report.text == render_html(case, result, lang="en", content=content)
    assert "careplanner-default-edited@1.0.0" in report.text
    assert fhir.headers["content-type"] == "application/fhir+json"
    assert fhir.json() == fhir_bundle(case, result, pseudonymise=True, content=content)


def test_workbench_prints_the_brief_plan_of_the_case_on_screen_as_a_pdf(served: Served) -> None:
    body = {"case": seed(), "thresholds": {}}
    params = {"at": 0, "lang": "zh-CN", "format": "pdf", "brief": "true"}
    pdf = served.client.post("/v1/workbench/report", params=params, json=body)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    brief = served.client.post(
        "/v1/workbench/report", params={**params, "format": "html"}, json=body
    )
    assert 'id="signatures"' in brief.text


def test_workbench_logic_sheet_shows_the_edited_threshold(served: Served) -> None:
    body = {"thresholds": {"ucla3_lonely": 9}}
    sheet = served.client.post("/v1/workbench/logic", params={"lang": "en"}, json=body)
    expected = render_logic_sheet(edited_content({"ucla3_lonely": 9}).pack, lang="en", fmt="html")
    assert sheet.text == expected
    assert "edited in the workbench (was 6)" in sheet.text
    assert sheet.text != render_logic_sheet(lang="en", fmt="html")


def test_content_lists_the_safety_observations_first(served: Served) -> None:
    content = served.client.get("/v1/workbench/content").json()
    names = [spec["name"] for spec in content["observations"]]
    signals = {signal.fact for signal in SAFETY_FLOOR if signal.fact.startswith("obs.")}
    assert set(names[: len(signals)]) == signals


def test_workbench_logs_no_case_data(served: Served, events: list[str]) -> None:
    served.client.post("/v1/workbench", params={"at": 0}, json={"case": revived(seed())})
    assert events[-1].startswith("POST /v1/workbench 200 ")
    assert not any("shidu" in line or "sister" in line or "张" in line for line in events)


def test_page_loads_without_the_token_and_its_data_needs_it(served_with: StartService) -> None:
    secured = served_with(ServeConfig(token=TOKEN))
    assert secured.client.get("/").status_code == 200
    assert secured.client.get("/workbench/app.js").status_code == 200
    assert is_problem(secured.client.get("/v1/workbench/content"), 401, "unauthorized")
    assert is_problem(secured.client.get("/workbench/../v1/examples"), 401, "unauthorized")
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert secured.client.get("/v1/workbench/content", headers=bearer).status_code == 200


@pytest.mark.parametrize(("value", "cut"), [(4.00001, 4), (4.00006, 4.0001), (12.5, 12.5)])
def test_overlay_keeps_four_decimals_of_an_edited_value(value: float, cut: float) -> None:
    edited = edited_content({"lsns6_isolation": value})
    assert edited.pack.thresholds["lsns6_isolation"].cut == cut


def test_overlay_refuses_a_name_that_is_no_threshold() -> None:
    with pytest.raises(Exception, match="'thresholds' must be one of"):
        edited_content({"no_such_threshold": 1})


def test_overlay_is_an_overlay_of_the_content_held_to_the_safety_floor() -> None:
    """The edit goes through `load_content`: it lists its changes, and the floor stays locked."""
    edited = edited_content({"ucla3_lonely": 9})
    assert "rules/default.yaml: thresholds.ucla3_lonely.value: 6 -> 9.0" in map(str, edited.changes)
    with pytest.raises(UnknownCodeError, match="'thresholds' must be one of"):
        edited_content({"phq9_item9_any": 1})
    with pytest.raises(DataFileError, match="is on the safety floor"):  # behind the page's lock
        load_content(overlay={**edited.overlay, "rules/default.yaml": _floor_edit()})


def test_overlay_refuses_an_edit_that_leaves_a_rule_unable_to_fire() -> None:
    with pytest.raises(RulePackError, match="rule 'lsns6_at_risk' can never fire"):
        edited_content({"lsns6_isolation": 0})


def _floor_edit() -> dict[str, object]:
    return {"thresholds": {"phq9_item9_any": {"value": 1}}}


def test_overlay_moves_a_cutoff_a_scale_states_too() -> None:
    """The GDS-15 "> 5" lives in the pack and in the scale: an edit moves both, or is refused."""
    edited = edited_content({"gds15_depression": 7})
    bands = {b.id: (b.min, b.max) for b in edited.scales["gds15"].cutoff_sets[0].bands}
    assert (bands["normal"], bands["suggests_depression"]) == ((0, 7), (8, 9))
    # the objective that clears low mood moves too, and says so
    need = edited.catalogue.index.needs["depressive_symptoms"]
    (objective,) = [t for t in need.objectives if t.id == "gds15_below_cutoff"]
    assert objective.when.value == 7 and "edited in the workbench" in objective.text["en"]
    with pytest.raises(DataFileError, match=r"instruments/scales/gds15\.yaml"):
        edited_content({"gds15_depression": 7.5})


def test_overlay_lays_the_edit_over_the_services_own_overlay() -> None:
    agency = load_content(OVERLAY)
    edited = edited_content({"ucla3_lonely": 9}, agency)
    assert edited.pack.name == "test-agency-edited@1.0.0"
    assert edited.pack.thresholds["gds15_depression"].cut == 7  # the agency's own cut-off
    assert "beliefs" not in edited.catalogue.stage_ids


def test_threshold_infos_name_the_needs_that_read_each_threshold() -> None:
    infos = {info.id: info for info in threshold_infos()}
    assert infos["ucla3_lonely"].needs == ["loneliness"]
    assert (infos["ucla3_lonely"].value, infos["ucla3_lonely"].locked) == (6.0, False)
    assert infos["phq9_item9_any"].locked
