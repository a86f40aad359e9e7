"""What a newcomer does after the README, run through the command line with content checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from careplanner._load import example_text
from careplanner.cli import app

from .cli_text import one_line

runner = CliRunner()


def test_assess_prints_the_safety_need_before_anything_else() -> None:
    result = runner.invoke(app, ["assess", "example:living-alone-crisis", "--lang", "en"])
    assert result.exit_code == 0
    text = result.stdout
    assert "Thoughts of death, suicide or self-harm" in text
    assert text.index("Thoughts of death") < text.index("Staged care plan")


def test_assess_json_is_the_result_and_nothing_else() -> None:
    result = runner.invoke(
        app, ["assess", "example:shidu-mother", "--at", "intake", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["plan"]["stages"]] == [
        "engage_assess",
        "beliefs",
        "strengths_family",
        "social_reentry",
        "consolidate_close",
    ]
    assert data["findings"]["pack"]["id"] == "careplanner-default"


def test_report_writes_the_seed_html_with_the_plan_table(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = runner.invoke(app, ["report", "example:shidu-mother", "--compare", "-o", str(out)])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "第二阶段" in page and "<svg" in page and "张女士" not in page
    shown = runner.invoke(
        app, ["report", "example:shidu-mother", "--show-identity", "-o", str(out)]
    )
    assert shown.exit_code == 0 and "张女士" in out.read_text(encoding="utf-8")


def test_report_markdown_and_a_wrong_extension(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    assert (
        runner.invoke(app, ["report", "example:living-alone-crisis", "-o", str(out)]).exit_code == 0
    )
    assert "[!CAUTION]" in out.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["report", "example:shidu-mother", "-o", str(tmp_path / "plan.doc")])
    assert bad.exit_code == 2
    allowed = "['.html', '.md', '.pdf'], got '.doc'"
    assert f"'output extension' must be one of {allowed}" in one_line(bad.stderr)


def test_report_markdown_file_gets_its_ecomap_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "my plan.md"
    args = ["report", "example:shidu-mother", "--at", "intake", "--lang", "en", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    picture = tmp_path / "my plan.ecomap.svg"
    assert f"wrote {picture}" in result.stderr
    assert picture.read_text(encoding="utf-8").startswith("<svg")
    assert "![Ecomap, 2022-03-08](my%20plan.ecomap.svg)" in out.read_text(encoding="utf-8")
    to_stdout = runner.invoke(app, ["report", "example:shidu-mother", "-o", "-", "--as", "md"])
    assert "生态图见 HTML 报告" in to_stdout.stdout  # no file to link to


def test_report_brief_writes_the_signature_block_and_refuses_compare(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    args = ["report", "example:living-alone-crisis", "--brief", "--lang", "en", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.index('id="safety"') < page.index('id="needs"') < page.index('id="signatures"')
    both = runner.invoke(app, [*args, "--compare"])
    assert both.exit_code == 2
    assert "'--brief': cannot be combined with --compare" in one_line(both.stderr)


def test_report_pdf_without_a_browser_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CAREPLANNER_CHROMIUM", raising=False)
    out = tmp_path / "plan.pdf"
    result = runner.invoke(app, ["report", "example:shidu-mother", "-o", str(out)])
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "PDF output needs a Chromium or Chrome browser" in message
    assert "apt-get install chromium fonts-noto-cjk" in message
    assert "CAREPLANNER_CHROMIUM" in message
    assert not out.exists()


def test_explain_shows_the_rule_the_threshold_and_what_would_change_it() -> None:
    result = runner.invoke(
        app,
        [
            "explain",
            "example:shidu-mother",
            "--at",
            "intake",
            "--need",
            "social_isolation",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    assert "LSNS-6 total 3 < 12" in result.stdout
    assert "[lubben2006] Lubben J, Blozik E" in result.stdout  # the full reference
    assert "What would change it" in result.stdout


def test_explain_json_lists_counterfactuals() -> None:
    result = runner.invoke(
        app, ["explain", "example:shidu-mother", "--at", "intake", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert {n["need"] for n in data["needs"]} >= {"depressive_symptoms", "social_isolation"}


def test_compare_gives_the_closure_verdict_with_its_caution() -> None:
    result = runner.invoke(app, ["compare", "example:shidu-mother", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["closure"]["ready"] is True
    assert data["closure"]["cautions"] == ["ending_prepared"]


def test_compare_two_files_of_one_client(tmp_path: Path) -> None:
    data = yaml.safe_load(example_text("shidu-mother"))
    intake, closure = dict(data), dict(data)
    intake["assessments"], intake["sessions"] = data["assessments"][:1], []
    closure["assessments"] = data["assessments"][1:]
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(intake, allow_unicode=True), "utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(closure, allow_unicode=True), "utf-8")
    result = runner.invoke(
        app, ["compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["after"]["date"] == "2022-06-14"


def test_fhir_export_is_a_bundle_without_names(tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    result = runner.invoke(app, ["fhir", "example:shidu-mother", "--at", "intake", "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    bundle = json.loads(text)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Observation", "Condition", "Goal", "CarePlan", "Provenance"} <= kinds
    assert "张女士" not in text


def test_logic_sheet_reads_every_rule_as_a_sentence() -> None:
    result = runner.invoke(app, ["logic", "--lang", "en"])
    assert result.exit_code == 0
    assert "LSNS-6 total" in result.stdout and "convention" in result.stdout


def test_demo_walks_from_intake_to_closure() -> None:
    result = runner.invoke(app, ["demo", "--lang", "en"])
    assert result.exit_code == 0
    heads = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert len(heads) == 3
    assert "Closing the case is reasonable now." in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_synth_then_batch_counts_good_and_bad_lines(tmp_path: Path, fmt: str) -> None:
    cases = tmp_path / "cases.jsonl"
    assert runner.invoke(app, ["synth", "20", "-o", str(cases), "--seed", "7"]).exit_code == 0
    with cases.open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["batch", str(cases), "-o", str(out), "--format", fmt])
    assert result.exit_code == 1  # one line was refused
    if fmt == "json":
        summary = json.loads(result.stdout)
        assert (summary["records"], summary["ok"], summary["failed"]) == (21, 20, 1)
    else:
        assert "21 records: 20 assessed, 1 refused" in result.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 20
    errors = (tmp_path / "results.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(errors[0])["line"] == 21


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["report", "example:shidu-mother"], "plan.html"),
        (["ecomap", "example:shidu-mother"], "map.svg"),
        (["fhir", "example:shidu-mother"], "bundle.json"),
        (["logic"], "logic.md"),
        (["synth", "3"], "cases.jsonl"),
    ],
)
def test_file_writing_commands_answer_in_json_when_asked(
    tmp_path: Path, args: list[str], name: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(app, [*args, "-o", str(out), "--format", "json"])
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer["output"] == str(out)
    assert out.stat().st_size > 0


def test_demo_json_carries_intake_explanation_and_reassessment() -> None:
    data = json.loads(runner.invoke(app, ["demo", "--format", "json"]).stdout)
    assert set(data) == {"intake", "explanation", "reassessment"}
    assert data["reassessment"]["closure"]["ready"] is True
