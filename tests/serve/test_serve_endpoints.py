"""Every endpoint over real HTTP: the same answer as the library, and its failure paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from careplanner import assess, case_from_data, explain, load_case, reassess, schema_for, what_if
from careplanner._load import list_examples
from careplanner.group import (
    load_residents,
    profile_residents,
    summarise_survey,
)
from careplanner.network import build_network, ecomap_svg, ecomap_title
from careplanner.report import render_html, render_logic_sheet, render_markdown

from .http_service import JSON, Param, Served, is_problem

SEED = "example:shidu-mother"


def test_health_answers_ok(served: Served) -> None:
    response = served.client.get("/v1/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_version_names_the_package_api_and_packs(served: Served) -> None:
    from careplanner import __version__

    body = served.client.get("/v1/version").json()
    assert body == {
        "careplanner": __version__,
        "api": "v1",
        "result_format": 1,
        "packs": ["default"],
    }


def test_assess_answers_what_the_library_assesses(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/assess", seed_yaml, at="intake")
    expected = assess(load_case(SEED), "intake").model_dump(mode="json")
    assert response.status_code == 200
    assert response.json() == expected


def test_assess_reads_a_json_body_like_a_yaml_one(served: Served, seed_yaml: bytes) -> None:
    data = json.dumps(yaml.safe_load(seed_yaml), default=str).encode()
    by_json = served.client.post("/v1/assess", content=data, headers=JSON).json()
    assert by_json == served.post_yaml("/v1/assess", seed_yaml).json()


@pytest.mark.parametrize("to", [1, 2])
def test_migrate_writes_the_case_in_the_version_asked(
    served: Served, seed_yaml: bytes, to: int
) -> None:
    from careplanner import migrate_case

    response = served.post_yaml("/v1/migrate", seed_yaml, to=to)
    assert response.json() == json.loads(json.dumps(migrate_case(load_case(SEED), to), default=str))


def test_compare_answers_the_reassessment(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/compare", seed_yaml)
    assert response.json() == reassess(load_case(SEED)).model_dump(mode="json")


def test_whatif_answers_the_change(served: Served, seed_yaml: bytes) -> None:
    response = served.client.post(
        "/v1/whatif",
        content=seed_yaml,
        headers={"Content-Type": "application/yaml"},
        params=[("set", "gds15.item1=no"), ("set", "obs.self_blame=false"), ("at", "intake")],
    )
    changes = ["gds15.item1=no", "obs.self_blame=false"]
    expected = what_if(load_case(SEED), changes, "intake").model_dump(mode="json")
    assert response.json() == expected


def test_explain_one_need_keeps_only_that_need(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/explain", seed_yaml, need="low_social_support")
    full = explain(assess(load_case(SEED)).facts).model_dump(mode="json")
    assert [n["need"] for n in response.json()["needs"]] == ["low_social_support"]
    assert response.json()["needs"][0] == next(
        n for n in full["needs"] if n["need"] == "low_social_support"
    )


def test_report_markdown_is_the_rendered_report(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/report", seed_yaml, format="md", lang="en", at="intake")
    case = load_case(SEED)
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text == render_markdown(case, assess(case, "intake"), lang="en")


def test_report_brief_is_the_rendered_brief_and_refuses_compare(
    served: Served, seed_yaml: bytes
) -> None:
    response = served.post_yaml("/v1/report", seed_yaml, brief="true", lang="en", at="intake")
    case = load_case(SEED)
    assert response.text == render_html(case, assess(case, "intake"), lang="en", brief=True)
    both = served.post_yaml("/v1/report", seed_yaml, brief="true", compare="true")
    assert (both.status_code, both.json()["field"]) == (422, "brief with compare")


def test_report_pdf_is_a_pdf(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/report", seed_yaml, format="pdf", brief="true")
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_report_html_compares_when_asked(served: Served, seed_yaml: bytes) -> None:
    plain = served.post_yaml("/v1/report", seed_yaml, at="closure")
    compared = served.post_yaml("/v1/report", seed_yaml, at="closure", compare="true")
    assert plain.headers["content-type"] == "text/html; charset=utf-8"
    assert plain.text.startswith("<!DOCTYPE html>") or plain.text.startswith("<!doctype html>")
    assert len(compared.text) > len(plain.text)


def test_ecomap_svg_is_the_drawn_map(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/ecomap", seed_yaml, at="intake", lang="en")
    case = load_case(SEED)
    graph = build_network(case, case.assessments[0])
    assert response.headers["content-type"] == "image/svg+xml"
    title = ecomap_title(case, case.assessments[0], "en")
    assert title == "Ecomap of client shidu-mother-01: intake assessment, 2022-03-08"
    assert response.text == ecomap_svg(graph, lang="en", title=title)


def test_ecomap_png_is_a_png(served: Served, seed_yaml: bytes) -> None:
    response = served.post_yaml("/v1/ecomap", seed_yaml, format="png")
    assert response.headers["content-type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_logic_sheet_is_the_rendered_sheet(served: Served) -> None:
    response = served.client.get("/v1/logic", params={"lang": "en"})
    assert response.text == render_logic_sheet(lang="en", fmt="md")


@pytest.mark.parametrize("kind", ["case", "result", "reassessment", "rulepack"])
def test_schemas_are_the_library_schemas(served: Served, kind: str) -> None:
    assert served.client.get(f"/v1/schemas/{kind}").json() == schema_for(kind)


def test_examples_list_and_fetch_every_bundled_case(served: Served) -> None:
    listed = served.client.get("/v1/examples").json()
    assert [e["id"] for e in listed] == [i.id for i in list_examples()]
    for entry in listed:
        case = served.client.get(f"/v1/examples/{entry['id']}").json()
        assert case == load_case(f"example:{entry['id']}").model_dump(mode="json")


def test_demo_walks_the_seed_case(served: Served) -> None:
    body = served.client.get("/v1/demo").json()
    case = load_case(SEED)
    assert body["intake"] == assess(case, "intake").model_dump(mode="json")
    assert body["reassessment"] == reassess(case).model_dump(mode="json")


def test_validate_reports_valid_and_invalid(served: Served, seed_yaml: bytes) -> None:
    assert served.post_yaml("/v1/validate", seed_yaml).json() == {"valid": True, "problems": []}
    broken = seed_yaml.replace(b"age: 68", b"age: 268")
    report = served.post_yaml("/v1/validate", broken).json()
    assert report["valid"] is False
    assert [p["location"] for p in report["problems"]] == ["client.age"]


def test_group_survey_answers_what_the_library_answers(served: Served) -> None:
    from careplanner.group._residents import example_text as residents_text

    body = residents_text("residents").encode()
    residents = load_residents("example:residents")
    survey = served.post_yaml("/v1/group/survey", body).json()
    assert survey == summarise_survey(profile_residents(residents)).model_dump(mode="json")
    page = served.post_yaml("/v1/group/plan", body, format="html", lang="en")
    assert page.headers["content-type"] == "text/html; charset=utf-8"


def test_group_evaluate_answers_the_evaluation(served: Served) -> None:
    from careplanner.group import evaluate_group, load_sessions
    from careplanner.group._residents import example_text as residents_text

    body = {
        "before": yaml.safe_load(residents_text("residents")),
        "after": yaml.safe_load(residents_text("after")),
        "sessions": yaml.safe_load(residents_text("sessions"))["sessions"],
    }
    text = json.dumps(body, default=str).encode()
    response = served.client.post("/v1/group/evaluate", content=text, headers=JSON)
    expected = evaluate_group(
        load_residents("example:residents"),
        load_residents("example:after"),
        records=load_sessions("example:sessions"),
    )
    assert response.json() == expected.model_dump(mode="json")


def test_batch_answers_each_line_in_order(served: Served) -> None:
    lines = served.client.get("/v1/synth", params={"count": 3, "seed": 5}).text.splitlines()
    body = "\n".join([lines[0], "not json", lines[2]]).encode()
    response = served.client.post(
        "/v1/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    answers = [json.loads(line) for line in response.text.splitlines()]
    assert [a["line"] for a in answers] == [1, 2, 3]
    assert [sorted(set(a) - {"line"}) for a in answers] == [["result"], ["problem"], ["result"]]
    assert answers[1]["problem"]["type"] == "urn:careplanner:problem:unreadable-body"
    expected = assess(case_from_data(json.loads(lines[2]))).model_dump(mode="json")
    assert answers[2]["result"] == expected


def test_synth_is_the_same_for_the_same_seed(served: Served) -> None:
    first = served.client.get("/v1/synth", params={"count": 4, "seed": 9}).text
    again = served.client.get("/v1/synth", params={"count": 4, "seed": 9}).text
    assert first == again
    assert len(first.splitlines()) == 4


# Failure paths: (method, path, params, body, status, kind, field)
SEED_BODY = "seed"
FAILURES = [
    ("POST", "/v1/assess", {"at": "someday"}, SEED_BODY, 422, "unknown-code", "at"),
    ("POST", "/v1/assess", {"pack": "other"}, SEED_BODY, 422, "unknown-code", "pack"),
    ("POST", "/v1/migrate", {"to": 3}, SEED_BODY, 400, "unknown-code", "query.to"),
    ("POST", "/v1/compare", {"before": "latest"}, SEED_BODY, 422, "unknown-code", "after"),
    ("POST", "/v1/compare", {"before": "first"}, SEED_BODY, 422, "unknown-code", "before"),
    ("POST", "/v1/whatif", {"set": "gds15.item1=maybe"}, SEED_BODY, 422, "invalid-case", None),
    ("POST", "/v1/whatif", {}, SEED_BODY, 400, "bad-parameter", "query.set"),
    ("POST", "/v1/explain", {"need": "sadness"}, SEED_BODY, 422, "unknown-code", "need"),
    ("POST", "/v1/report", {"format": "docx"}, SEED_BODY, 400, "unknown-code", "query.format"),
    ("POST", "/v1/report", {"lang": "fr"}, SEED_BODY, 400, "unknown-code", "query.lang"),
    ("POST", "/v1/ecomap", {"format": "gif"}, SEED_BODY, 400, "unknown-code", "query.format"),
    ("POST", "/v1/fhir/export", {"at": "7"}, SEED_BODY, 422, "unknown-code", "assessment"),
    ("POST", "/v1/fhir/export", {"bundle": "x"}, SEED_BODY, 400, "unknown-code", "query.bundle"),
    ("POST", "/v1/fhir/import", {}, SEED_BODY, 415, "unsupported-media-type", None),
    ("GET", "/v1/logic", {"pack": "nope"}, None, 422, "unknown-code", "pack"),
    ("GET", "/v1/schemas/everything", {}, None, 422, "unknown-code", "schema kind"),
    ("GET", "/v1/examples/nobody", {}, None, 422, "unknown-code", "example"),
    ("GET", "/v1/synth", {"count": 0}, None, 400, "bad-parameter", "query.count"),
    ("POST", "/v1/group/plan", {"min": 9, "max": 3}, "residents", 422, "unknown-code", None),
    ("POST", "/v1/group/survey", {}, SEED_BODY, 400, "unreadable-body", None),
    ("POST", "/v1/group/survey", {}, "residents+", 422, "unknown-code", "body field"),
    ("POST", "/v1/group/evaluate", {}, "residents", 400, "unreadable-body", None),
    ("GET", "/v1/nowhere", {}, None, 404, "not-found", None),
    ("GET", "/v1/assess", {}, None, 405, "method-not-allowed", None),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "status", "kind", "field"), FAILURES)
def test_endpoint_refuses_bad_input_with_a_problem(
    served: Served,
    seed_yaml: bytes,
    method: str,
    path: str,
    params: dict[str, Param],
    body: str | None,
    status: int,
    kind: str,
    field: str | None,
) -> None:
    from careplanner.group._residents import example_text as residents_text

    residents = residents_text("residents").encode()
    bodies = {SEED_BODY: seed_yaml, "residents": residents, "residents+": residents + b"\nx: 1\n"}
    content = bodies.get(body or "", b"")
    headers = {"Content-Type": "application/yaml"} if body else {}
    response = served.client.request(method, path, params=params, content=content, headers=headers)
    assert is_problem(response, status, kind), response.text
    problem = response.json()
    if field is not None:
        assert problem["field"] == field
    if kind == "unknown-code":
        assert problem["allowed"]
    if kind == "bad-parameter":
        assert problem["problems"][0]["location"] == field


def test_invalid_case_lists_every_problem_with_the_cli_locations(
    served: Served, seed_yaml: bytes
) -> None:
    data = yaml.safe_load(seed_yaml)
    data["client"]["sex"] = "x"
    data["client"]["surname"] = "Zhang"
    response = served.client.post("/v1/assess", content=json.dumps(data, default=str), headers=JSON)
    problem = response.json()
    assert is_problem(response, 422, "invalid-case")
    assert [p["location"] for p in problem["problems"]] == ["client.sex", "client.surname"]
    assert "allowed fields here" in problem["problems"][1]["message"]


def test_problems_are_those_the_command_line_reports(
    served: Served, seed_yaml: bytes, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from careplanner.cli import app

    data = yaml.safe_load(seed_yaml)
    data["client"]["age"] = 300
    data["client"]["sex"] = "robot"
    data["contacts"][0]["relation"] = "stranger"
    text = yaml.safe_dump(data, allow_unicode=True)
    case_file = tmp_path / "case.yaml"
    case_file.write_text(text, encoding="utf-8")
    cli = CliRunner().invoke(app, ["validate", str(case_file), "--format", "json"])
    expected = json.loads(cli.stdout)[0]["problems"]
    assert len(expected) >= 3
    assert served.post_yaml("/v1/validate", text.encode()).json()["problems"] == expected
    assert served.post_yaml("/v1/assess", text.encode()).json()["problems"] == expected


def test_group_plan_answers_what_the_command_line_plans(served: Served) -> None:
    from typer.testing import CliRunner

    from careplanner.cli import app
    from careplanner.group._residents import example_text as residents_text

    cli = CliRunner().invoke(app, ["group", "plan", "example:residents", "--format", "json"])
    body = residents_text("residents").encode()
    assert served.post_yaml("/v1/group/plan", body).json() == json.loads(cli.stdout)


def test_group_evaluate_answers_what_the_command_line_evaluates(served: Served) -> None:
    from typer.testing import CliRunner

    from careplanner.cli import app
    from careplanner.group._residents import example_text as residents_text

    args = ["group", "evaluate", "example:residents", "example:after"]
    cli = CliRunner().invoke(app, [*args, "--sessions", "example:sessions", "--format", "json"])
    body = {
        "before": yaml.safe_load(residents_text("residents")),
        "after": yaml.safe_load(residents_text("after")),
        "sessions": yaml.safe_load(residents_text("sessions"))["sessions"],
    }
    text = json.dumps(body, default=str).encode()
    answer = served.client.post("/v1/group/evaluate", content=text, headers=JSON)
    assert answer.json() == json.loads(cli.stdout)
