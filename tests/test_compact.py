"""The compact result: texts by template id, resolved back to exactly the full result's data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from careplanner import (
    AssessmentResult,
    CareplannerError,
    UnknownCodeError,
    assess,
    assess_many,
    load_case,
    load_content,
    resolve_texts,
    result_json,
    schema_for,
    texts,
)
from careplanner.batch import run_batch
from careplanner.cli import app
from careplanner.models import Case
from careplanner.synth import generate_cases, write_jsonl
from tests.synth.strategies import cases

EXAMPLES = ("living-alone-crisis", "living-alone-well", "shidu-mother")
#: Synthetic cases checked in one go, and their seed.
SYNTH_CASES, SYNTH_SEED = 300, 1818
VALIDATOR = jsonschema.Draft202012Validator(schema_for("compact-result"))


def _examples() -> Iterator[AssessmentResult]:
    for name in EXAMPLES:
        yield assess(load_case(f"example:{name}"))
    yield assess(load_case("example:shidu-mother"), at="intake")


def _compact(result: AssessmentResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result_json(result, detail="compact"))
    return data


def _full(result: AssessmentResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.model_dump_json())
    return data


@pytest.fixture(scope="module")
def synthetic() -> list[AssessmentResult]:
    """Results of a few hundred synthetic cases, assessed together as a batch would."""
    results = assess_many(list(generate_cases(SYNTH_CASES, SYNTH_SEED)))
    return [r for r in results if isinstance(r, AssessmentResult)]


@pytest.mark.parametrize("result", list(_examples()), ids=[*EXAMPLES, "shidu-mother-intake"])
def test_resolve_texts_gives_the_full_result_of_each_example(result: AssessmentResult) -> None:
    compact = _compact(result)
    assert resolve_texts(compact) == _full(result)
    assert AssessmentResult.model_validate(resolve_texts(compact)) == result


def test_resolve_texts_gives_the_full_result_of_synthetic_cases(
    synthetic: list[AssessmentResult],
) -> None:
    assert len(synthetic) == SYNTH_CASES
    differing = [r.client.id for r in synthetic if resolve_texts(_compact(r)) != _full(r)]
    assert differing == []


@settings(max_examples=40, deadline=None)
@given(case=cases())
def test_resolve_texts_gives_the_full_result_of_any_synthetic_case(case: Case) -> None:
    result = assess(case)
    assert resolve_texts(_compact(result)) == _full(result)


def test_compact_result_carries_catalogue_texts_by_template_id() -> None:
    result = assess(load_case("example:shidu-mother"), at="intake")
    compact = _compact(result)
    stage = compact["plan"]["stages"][0]
    assert stage["name"] == "plan.stages.engage_assess.name"
    assert stage["objectives"] == [o.id for o in result.plan.stages[0].objectives]
    assert (
        compact["findings"]["needs"][0]["statement"] == "rules.needs.low_social_support.statement"
    )
    assert compact["slots"] == {k: dict(v) for k, v in result.plan.request.slots.items()}
    assert "baseline" not in compact["plan"]["request"]


def test_compact_result_names_a_reason_with_its_subject_as_a_slot() -> None:
    result = assess(load_case("example:shidu-mother"), at="intake")
    reason = _compact(result)["plan"]["reasons"][0]
    assert reason["text"] == [
        "plan.messages.reasons.covered_by_another",
        {"subject": "behavioural_activation"},
    ]


def test_compact_result_is_less_than_two_thirds_of_the_full_bytes(
    synthetic: list[AssessmentResult],
) -> None:
    compact = sum(len(result_json(r, detail="compact")) for r in synthetic)
    full = sum(len(result_json(r)) for r in synthetic)
    assert compact < full * 2 / 3


def test_every_compact_output_validates_against_its_schema(
    synthetic: list[AssessmentResult],
) -> None:
    jsonschema.Draft202012Validator.check_schema(VALIDATOR.schema)
    invalid = [
        r.client.id for r in [*_examples(), *synthetic[:100]] if not VALIDATOR.is_valid(_compact(r))
    ]
    assert invalid == []


def test_compact_schema_refuses_a_full_result_and_a_text_without_its_id() -> None:
    result = assess(load_case("example:shidu-mother"))
    assert not VALIDATOR.is_valid(_full(result))
    compact = _compact(result)
    compact["plan"]["stages"][0]["name"] = 7
    assert not VALIDATOR.is_valid(compact)


def test_full_detail_is_the_bytes_of_the_full_result() -> None:
    result = assess(load_case("example:living-alone-crisis"))
    assert result_json(result, detail="full") == result.model_dump_json().encode()


def test_unknown_detail_is_refused_naming_the_allowed_values() -> None:
    result = assess(load_case("example:living-alone-well"))
    with pytest.raises(UnknownCodeError, match=r"'detail' must be one of \['compact', 'full'\]"):
        result_json(result, detail="brief")


def test_texts_lists_templates_by_id_in_one_or_every_language() -> None:
    both, english = texts(), texts("en")
    assert both.keys() == english.keys()
    assert both["plan.stages.engage_assess.name"] == {
        "en": "Build the working relationship and mutual trust",
        "zh-CN": "建立专业关系，获得相互信任",
    }
    assert texts("zh-CN")["plan.stages.engage_assess.name"] == "建立专业关系，获得相互信任"
    assert "{hobby" in english["plan.interventions.behavioural_activation.strategies.0"]


def test_texts_refuses_an_unknown_language() -> None:
    with pytest.raises(UnknownCodeError, match="'lang' must be one of"):
        texts("fr")


def test_a_compact_result_resolves_only_with_the_content_it_was_written_on() -> None:
    overlay = {
        "content.yaml": {"id": "test-agency", "version": "1"},
        "plan/stages.yaml": {"stages": [{"id": "engage_assess", "name": _NEW_NAME}]},
    }
    content = load_content(overlay=overlay)
    result = assess(load_case("example:shidu-mother"), content=content)
    compact = json.loads(result_json(result, detail="compact", content=content))
    assert compact["plan"]["stages"][0]["name"] == "plan.stages.engage_assess.name"
    assert resolve_texts(compact, content=content) == _full(result)
    assert result.plan.stages[0].name == _NEW_NAME
    with pytest.raises(CareplannerError, match="'content_hash' of the compact result"):
        resolve_texts(compact)


_NEW_NAME = {"en": "Get to know each other", "zh-CN": "相互认识"}


def test_a_reference_to_an_unknown_template_is_refused() -> None:
    compact = _compact(assess(load_case("example:shidu-mother")))
    compact["plan"]["stages"][0]["name"] = "plan.stages.no_such_stage.name"
    with pytest.raises(UnknownCodeError, match="'text reference'"):
        resolve_texts(compact)


def test_a_document_that_is_not_a_compact_result_is_refused_without_a_traceback() -> None:
    compact = _compact(assess(load_case("example:shidu-mother")))
    del compact["plan"]["request"]
    with pytest.raises(CareplannerError, match=r"not a compact result \(at 'request'\)"):
        resolve_texts(compact)


def test_batch_writes_compact_lines_that_resolve_to_its_full_lines(tmp_path: Path) -> None:
    src = tmp_path / "cases.jsonl"
    write_jsonl(generate_cases(30, 7), src)
    summaries = {}
    lines = {}
    for detail in ("full", "compact"):
        out = tmp_path / f"{detail}.jsonl"
        summaries[detail] = run_batch(
            src, out, tmp_path / f"{detail}.errors.jsonl", workers=1, detail=detail
        )
        lines[detail] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert summaries["compact"] == summaries["full"]
    for compact, full in zip(lines["compact"], lines["full"], strict=True):
        assert compact.pop("line") == full.pop("line")
        assert resolve_texts(compact) == full


def test_assess_command_prints_the_compact_result_of_result_json() -> None:
    done = CliRunner().invoke(app, ["assess", "example:shidu-mother", *_COMPACT])
    assert done.exit_code == 0, done.output
    result = assess(load_case("example:shidu-mother"))
    assert done.stdout_bytes == result_json(result, detail="compact") + b"\n"


def test_assess_command_refuses_compact_detail_as_text() -> None:
    done = CliRunner().invoke(app, ["assess", "example:shidu-mother", "--detail", "compact"])
    assert done.exit_code == 2
    assert "'compact' needs --format json" in done.stderr


def test_texts_command_exports_the_templates_of_one_language() -> None:
    done = CliRunner().invoke(app, ["texts", "--lang", "zh-CN"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == texts("zh-CN")


def test_schema_command_prints_the_compact_result_schema() -> None:
    done = CliRunner().invoke(app, ["schema", "compact-result"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["$id"] == "urn:careplanner:schema:compact-result:1"


_COMPACT = ["--format", "json", "--detail", "compact"]
