"""`careplanner.Content`: the bundled base, an organisation's overlay, and what it may not do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from careplanner import (
    AssessmentResult,
    Case,
    Content,
    DataFileError,
    assess,
    default_pack,
    load_case,
    load_content,
    load_scales,
    what_if,
)
from careplanner.cli import app
from careplanner.fhir._bundle import fhir_bundle
from careplanner.plan import load_catalogue
from careplanner.report import render_markdown

OVERLAY = Path(__file__).parent / "overlay"
#: The shidu mother at intake with no PHQ-9 symptom and no hopelessness: her depressive
#: symptoms then rest on the GDS-15 alone (7 points: above the bundled "> 5", not above 7).
ONLY_GDS = [f"phq9.item{n}=0" for n in range(1, 10)] + ["obs.hopelessness=false"]
MANIFEST = {"id": "x-agency", "version": "1"}
runner = CliRunner()


def _gds_only(content: Content | None = None) -> tuple[Case, AssessmentResult]:
    changed = what_if(load_case("example:shidu-mother"), ONLY_GDS, at="intake", content=content)
    return _case_of(changed.after), changed.after


def _case_of(result: AssessmentResult) -> Case:
    data = load_case("example:shidu-mother").model_dump(mode="json")
    intake = data["assessments"][0]
    for change in ONLY_GDS:
        name, value = change.split("=")
        scale, item = name.split(".")
        if scale == "obs":
            intake["observations"][item] = False
        else:
            intake["scales"][scale][item.removeprefix("item")] = int(value)
    data["assessments"] = [intake]
    data["sessions"] = []
    case = Case.model_validate(data)
    assert result.assessment.date == case.assessments[0].date
    return case


@pytest.fixture(scope="module")
def agency() -> Content:
    return load_content(OVERLAY)


def test_load_content_is_the_bundled_objects_without_an_overlay() -> None:
    base = load_content()
    assert base.pack is default_pack()
    assert base.scales is load_scales()
    assert base.catalogue is load_catalogue()
    assert base.changes == ()
    assert base.content_hash == load_content().content_hash


def test_load_content_reads_a_folder_and_a_mapping_alike(agency: Content) -> None:
    mapping = {
        str(p.relative_to(OVERLAY)): yaml.safe_load(p.read_text("utf-8"))
        for p in OVERLAY.rglob("*.yaml")
    }
    assert load_content(overlay=mapping).content_hash == agency.content_hash
    assert agency.content_hash != load_content().content_hash
    assert agency.pack.name == "test-agency@1.0.0"


def test_overlay_changes_needs_and_plan_through_the_api(agency: Content) -> None:
    _, base = _gds_only()
    _, local = _gds_only(agency)
    assert "depressive_symptoms" in [n.id for n in base.findings.needs]
    assert "depressive_symptoms" not in [n.id for n in local.findings.needs]
    assert "beliefs" in base.plan.stage_ids
    assert "beliefs" not in local.plan.stage_ids
    assert local.findings.pack.id == "test-agency"


def test_overlay_and_base_each_word_their_own_stage_in_one_process(agency: Content) -> None:
    """A stage in a client's words is kept per content: the same client's plan names the
    overlay's stage under the overlay and the bundled stage under the base, in either order."""
    named = [
        {s.id: s.name["en"] for s in _gds_only(content)[1].plan.stages}["social_reentry"]
        for content in (agency, None, agency)
    ]
    assert named[0] == named[2] == "Back into the neighbourhood" != named[1]


def test_overlay_changes_report_and_fhir_through_the_api(agency: Content) -> None:
    case, local = _gds_only(agency)
    _, base = _gds_only()
    assert "Back into the neighbourhood" in render_markdown(case, local, lang="en", content=agency)
    assert "Back into the neighbourhood" not in render_markdown(case, base, lang="en")
    bundle = json.dumps(fhir_bundle(case, local, content=agency), ensure_ascii=False)
    assert "https://fhir.test-agency.example/careplanner/CodeSystem/" in bundle
    assert "Back into the neighbourhood" in bundle
    assert "fhir.test-agency.example" not in json.dumps(fhir_bundle(case, base))


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_overlay_changes_needs_plan_report_and_fhir_through_the_cli(tmp_path: Path) -> None:
    case, _ = _gds_only()
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    content = ["--content", str(OVERLAY)]
    base = json.loads(_cli("assess", str(path), "--format", "json"))
    local = json.loads(_cli("assess", str(path), "--format", "json", *content))
    assert "depressive_symptoms" in [n["id"] for n in base["findings"]["needs"]]
    assert "depressive_symptoms" not in [n["id"] for n in local["findings"]["needs"]]
    assert "beliefs" not in [s["id"] for s in local["plan"]["stages"]]
    report = _cli("report", str(path), "-o", "-", "--as", "md", "--lang", "en", *content)
    assert "Back into the neighbourhood" in report
    bundle = _cli("fhir", "export", str(path), "-o", "-", *content)
    assert "https://fhir.test-agency.example/careplanner/" in bundle


def test_content_check_prints_what_the_overlay_changes() -> None:
    out = _cli("content", "check", str(OVERLAY))
    assert out.startswith("test-agency@1.0.0 sha256:")
    assert "plan/stages.yaml: stages[id=beliefs] removed" in out
    assert "rules/default.yaml: thresholds.gds15_depression.value: 5 -> 7" in out


def test_content_init_writes_an_overlay_that_checks(tmp_path: Path) -> None:
    folder = tmp_path / "Our Agency"
    _cli("content", "init", str(folder))
    written = yaml.safe_load((folder / "content.yaml").read_text("utf-8"))
    assert written["id"].startswith("our-agency-")
    assert written["version"] == "0.1.0"
    assert load_content(folder).changes == ()
    second = runner.invoke(app, ["content", "init", str(folder)])
    assert second.exit_code == 1
    assert "exists and is not an empty folder" in second.output


def test_overlay_refused_when_a_cutoff_disagrees_between_files(tmp_path: Path) -> None:
    shutil.copytree(OVERLAY, tmp_path / "o")
    (tmp_path / "o" / "instruments" / "scales" / "gds15.yaml").unlink()
    with pytest.raises(DataFileError) as info:
        load_content(tmp_path / "o")
    message = str(info.value)
    assert message.startswith("rules/default.yaml: thresholds.gds15_depression: 7 disagrees")
    assert "instruments/scales/gds15.yaml" in message
    result = runner.invoke(app, ["content", "check", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "instruments/scales/gds15.yaml" in result.output


def test_overlay_refused_when_the_objective_clearing_a_need_keeps_the_old_cutoff(
    tmp_path: Path,
) -> None:
    shutil.copytree(OVERLAY, tmp_path / "o")
    objectives = tmp_path / "o" / "plan" / "objectives.yaml"
    kept = {
        "needs": [{"id": "irrational_beliefs", "default_interventions": ["behavioural_activation"]}]
    }
    objectives.write_text(yaml.safe_dump(kept), "utf-8")
    with pytest.raises(DataFileError) as info:
        load_content(tmp_path / "o")
    message = str(info.value)
    assert message.startswith("plan/objectives.yaml: needs[id=depressive_symptoms]")
    assert "5 disagrees with rules/default.yaml thresholds.gds15_depression 7" in message


def test_overlay_refused_when_a_threshold_leaves_the_scale_range() -> None:
    pack = {"thresholds": {"ucla3_lonely": {"value": 2}}}
    expected = (
        r"ucla3_lonely: 2 is outside 3\.\.9, the range of ucla3\.total in instruments/scales/"
    )
    with pytest.raises(DataFileError, match=expected):
        load_content(overlay={"content.yaml": MANIFEST, "rules/default.yaml": pack})


@pytest.mark.parametrize(
    ("file", "change"),
    [
        ("rules/default.yaml", {"thresholds": {"phq9_item9_any": {"value": 1}}}),
        ("rules/default.yaml", {"needs": {"suicide_risk": {"remove": True}}}),
        ("rules/default.yaml", {"needs": {"abuse_or_neglect": {"safety": False}}}),
        ("plan/stages.yaml", {"stages": [{"id": "crisis", "remove": True}]}),
        ("plan/stages.yaml", {"interventions": [{"id": "safety_planning", "sessions": 2}]}),
        ("instruments/scales/phq9.yaml", {"total": {"min": 0, "max": 30}}),
    ],
)
def test_overlay_refused_when_it_touches_the_safety_floor(file: str, change: object) -> None:
    with pytest.raises(DataFileError, match="is on the safety floor; no overlay may change it"):
        load_content(overlay={"content.yaml": MANIFEST, file: change})


@pytest.mark.parametrize(
    ("overlay", "message"),
    [
        ({"rules/_floor.py": None}, "an overlay may hold only"),
        ({}, "needs the overlay's 'id' and 'version'"),
        ({"plan/stages.yaml": {"stages": [{"id": "nope", "remove": True}]}}, "no such entry"),
    ],
)
def test_overlay_refused_when_malformed(overlay: dict[str, object], message: str) -> None:
    full = {"content.yaml": MANIFEST, **overlay} if overlay else overlay
    with pytest.raises(DataFileError, match=message):
        load_content(overlay=full or {"plan/stages.yaml": {}})


def test_batch_ships_the_content_to_its_workers(tmp_path: Path, agency: Content) -> None:
    """Worker processes get the content itself (overlay and hash), not the folder's path."""
    from careplanner import run_batch

    case, _ = _gds_only()
    src = tmp_path / "cases.jsonl"
    src.write_text((case.model_dump_json() + "\n") * 3, encoding="utf-8")
    moved = tmp_path / "moved-away"
    shutil.copytree(OVERLAY, moved)
    content = load_content(moved)
    shutil.rmtree(moved)  # the workers cannot read the folder: they must be sent the content
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    summary = run_batch(src, out, errors, workers=2, chunk_size=1, content=content)
    assert (summary.ok, summary.failed) == (3, 0)
    for line in out.read_text("utf-8").splitlines():
        result = json.loads(line)
        assert result["findings"]["pack"]["id"] == "test-agency"
        assert "depressive_symptoms" not in [n["id"] for n in result["findings"]["needs"]]


def test_content_pickles_as_its_overlay_and_hash(agency: Content) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(agency))
    assert copy.content_hash == agency.content_hash
    assert copy.catalogue.label == agency.catalogue.label
    assert pickle.loads(pickle.dumps(load_content())) is load_content()


REWORDED = {"en": "our loneliness score", "zh-CN": "本机构孤独感得分"}


def test_overlay_rewords_a_fact_in_findings_and_report() -> None:
    """The fact catalogue is content too: a reworded fact shows wherever the fact is quoted."""
    facts = {"facts": [{"name": "ucla3.total", "label": REWORDED}]}
    content = load_content(overlay={"content.yaml": MANIFEST, "rules/facts.yaml": facts})
    assert content.facts.get("ucla3.total").label == REWORDED
    assert content.pack.name == "x-agency@1"  # its findings quote the new wording
    case = load_case("example:shidu-mother")
    local, base = assess(case, "intake", content=content), assess(case, "intake")
    assert "our loneliness score" in local.model_dump_json()
    assert "our loneliness score" not in base.model_dump_json()
    assert "our loneliness score" in render_markdown(case, local, lang="en", content=content)
    assert load_content().facts.get("ucla3.total").label != REWORDED


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "ssrs.total", "max": 70},
        {"name": "net.size", "type": "float"},
        {"name": "obs.new_fact", "type": "bool", "worse": True, "producer": "x",
         "label": REWORDED, "description": "A fact careplanner does not compute."},
        {"name": "ucla3.total", "remove": True},
    ],
)  # fmt: skip
def test_overlay_refused_when_it_changes_more_than_a_facts_wording(entry: object) -> None:
    overlay = {"content.yaml": MANIFEST, "rules/facts.yaml": {"facts": [entry]}}
    with pytest.raises(DataFileError, match=r"rules/facts\.yaml: .*may not change"):
        load_content(overlay=overlay)


def test_overlay_refused_when_it_rewords_a_safety_floor_fact() -> None:
    facts = {"facts": [{"name": "phq9.item9", "label": REWORDED}]}
    with pytest.raises(DataFileError, match="is on the safety floor; no overlay may change it"):
        load_content(overlay={"content.yaml": MANIFEST, "rules/facts.yaml": facts})


#: The three changes of the test overlay, as each output shows them.
RENAMED_STAGE = {"en": "Back into the neighbourhood", "zh-CN": "回到邻里之中"}
REMOVED_STAGE = {"en": "Correct irrational beliefs", "zh-CN": "纠正非理性信念"}


def _shows_the_overlay(text: str, lang: str) -> bool:
    """Whether an output shows the renamed stage and not the removed one (lines joined)."""
    text = " ".join(text.split())
    return RENAMED_STAGE[lang] in text and REMOVED_STAGE[lang] not in text


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_overlay_cutoff_stage_and_title_reach_every_output_through_the_api(
    agency: Content, lang: str
) -> None:
    case, local = _gds_only(agency)
    _, base = _gds_only()
    needs = {n.id for n in local.findings.needs}
    assert "depressive_symptoms" not in needs  # the cut-off moved from > 5 to > 7
    assert "depressive_symptoms" in {n.id for n in base.findings.needs}
    plan = local.plan.model_dump_json()
    assert "beliefs" not in local.plan.stage_ids and RENAMED_STAGE[lang] in plan
    report = render_markdown(case, local, lang=lang, content=agency)
    bundle = json.dumps(fhir_bundle(case, local, lang=lang, content=agency), ensure_ascii=False)
    assert _shows_the_overlay(report, lang) and _shows_the_overlay(bundle, lang)
    base_report = render_markdown(case, base, lang=lang)
    assert REMOVED_STAGE[lang] in base_report and RENAMED_STAGE[lang] not in base_report


def test_overlay_cutoff_stage_and_title_reach_every_output_through_the_cli(
    tmp_path: Path,
) -> None:
    case, _ = _gds_only()
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    content = ["--content", str(OVERLAY)]
    local = json.loads(_cli("assess", str(path), "--format", "json", *content))
    assert "depressive_symptoms" not in [n["id"] for n in local["findings"]["needs"]]
    assert [s["name"]["en"] for s in local["plan"]["stages"]].count(RENAMED_STAGE["en"]) == 1
    assert "beliefs" not in [s["id"] for s in local["plan"]["stages"]]
    report = _cli("report", str(path), "-o", "-", "--as", "md", "--lang", "en", *content)
    bundle = _cli("fhir", "export", str(path), "-o", "-", "--lang", "en", *content)
    for output in (report, bundle):
        assert _shows_the_overlay(output, "en")
    base = _cli("report", str(path), "-o", "-", "--as", "md", "--lang", "en")
    assert not _shows_the_overlay(base, "en")


@pytest.mark.parametrize(
    ("command", "overlay"),
    [
        (["content", "check"],
         {"rules/default.yaml": "needs:\n  suicide_risk:\n    remove: true\n"}),
        (["assess", "example:shidu-mother"],
         {"plan/stages.yaml": "stages:\n  - id: crisis\n    remove: true\n"}),
    ],
)  # fmt: skip
def test_cli_refuses_an_overlay_that_touches_the_safety_floor(
    tmp_path: Path, command: list[str], overlay: dict[str, str]
) -> None:
    (tmp_path / "content.yaml").write_text("id: x-agency\nversion: '1'\n", encoding="utf-8")
    for name, text in overlay.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    where = [str(tmp_path)] if command[0] == "content" else ["--content", str(tmp_path)]
    result = runner.invoke(app, [*command, *where])
    assert result.exit_code == 1
    assert "is on the safety floor; no overlay may change it" in result.output
    assert "Traceback" not in result.output
