"""fhir_knowledge and the ``careplanner fhir`` commands (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner

from careplanner.cli import app
from careplanner.fhir import check_bundle, fhir_knowledge
from careplanner.plan import load_catalogue
from careplanner.rules import default_pack

from .fhir_cases import resources

runner = CliRunner()


@pytest.mark.parametrize("kind", ["collection", "transaction"])
def test_fhir_knowledge_validates_with_r4b_and_careplanners_checks(kind: str) -> None:
    bundle = fhir_knowledge(bundle=kind)  # type: ignore[arg-type]
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert check_bundle(bundle) == []


def test_fhir_knowledge_versions_the_rules_by_the_pack_hash() -> None:
    pack = default_pack()
    bundle = fhir_knowledge()
    library = resources(bundle, "Library")[0]
    rules = resources(bundle, "PlanDefinition")[0]
    assert library["version"] == rules["version"] == pack.content_hash
    assert rules["library"] == [
        f"https://careplanner.example/fhir/Library/{pack.id}|{pack.content_hash}"
    ]
    assert [a["id"] for a in rules["action"]] == list(pack.needs)


def test_fhir_knowledge_writes_each_rule_condition_as_readable_cql() -> None:
    rules = resources(fhir_knowledge(), "PlanDefinition")[0]
    suicide = rules["action"][0]["action"][0]["condition"][0]["expression"]
    assert suicide["language"] == "text/cql"
    assert suicide["expression"].startswith('"phq9.item9" > 0 /* phq9_item9_any: convention')


def test_fhir_knowledge_has_every_stage_in_order_and_every_intervention() -> None:
    catalogue = load_catalogue()
    bundle = fhir_knowledge()
    stages = resources(bundle, "PlanDefinition")[1]
    assert [a["code"][0]["coding"][0]["code"] for a in stages["action"]] == list(
        catalogue.stage_ids
    )
    names = [a["url"].rsplit("/", 1)[1] for a in resources(bundle, "ActivityDefinition")]
    assert names == list(catalogue.intervention_ids)


def _run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    return result.exit_code, result.output


def test_cli_fhir_export_writes_a_transaction(tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    code, _ = _run(
        ["fhir", "export", "example:living-alone-crisis", "--bundle", "transaction", "-o", str(out)]
    )
    assert code == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["type"] == "transaction"
    assert check_bundle(bundle) == []


def test_cli_fhir_case_alias_still_works_and_says_it_is_deprecated(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = runner.invoke(app, ["fhir", "example:shidu-mother", "--at", "intake", "-o", str(out)])
    assert result.exit_code == 0
    assert "deprecated; use 'careplanner fhir export CASE'" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "collection"


def test_cli_fhir_base_url_changes_the_local_systems(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    code, _ = _run(
        ["fhir", "questionnaires", "--base-url", "https://fhir.example.org/cp", "-o", str(out)]
    )
    assert code == 0
    assert "https://fhir.example.org/cp/Questionnaire/phq9" in out.read_text(encoding="utf-8")


def test_cli_fhir_bad_base_url_is_one_error_line(tmp_path: Path) -> None:
    code, output = _run(
        ["fhir", "logic", "--base-url", "example.org", "-o", str(tmp_path / "k.json")]
    )
    assert code == 1
    assert "fhir.base: must be an absolute http(s) URL" in output
    assert "Traceback" not in output


def test_cli_fhir_responses_then_import_round_trip(tmp_path: Path) -> None:
    responses, case = tmp_path / "r.json", tmp_path / "case.yaml"
    assert _run(["fhir", "responses", "example:living-alone-crisis", "-o", str(responses)])[0] == 0
    code, output = _run(
        [
            "fhir",
            "import",
            str(responses),
            "--age",
            "79",
            "--living-arrangement",
            "alone",
            "--kind",
            "intake",
            "-o",
            str(case),
            "--format",
            "json",
        ]
    )
    assert code == 0
    # Staff and other non-kin have no v3 role code: reported, and read as 'other'.
    unmapped = json.loads(output)["unmapped"]
    assert unmapped
    assert all(u.startswith("RelatedPerson") and "read as 'other'" in u for u in unmapped)
    assert _run(["validate", str(case)])[0] == 0


def test_cli_fhir_import_reports_a_wrong_kind(tmp_path: Path) -> None:
    responses = tmp_path / "r.json"
    _run(["fhir", "responses", "example:living-alone-crisis", "-o", str(responses)])
    code, output = _run(
        ["fhir", "import", str(responses), "--kind", "visit", "-o", str(tmp_path / "c.yaml")]
    )
    assert code == 1
    assert "'--kind' must be one of ['intake', 'review', 'closure', 'follow_up']" in output


def test_cli_fhir_reassessment_writes_goal_outcomes(tmp_path: Path) -> None:
    out = tmp_path / "re.json"
    assert _run(["fhir", "reassessment", "example:shidu-mother", "-o", str(out)])[0] == 0
    goals = resources(json.loads(out.read_text(encoding="utf-8")), "Goal")
    # Every goal measured at closure is achieved; one never measured has no status.
    statuses = {
        g["achievementStatus"]["coding"][0]["code"] for g in goals if "achievementStatus" in g
    }
    assert statuses == {"achieved"}
