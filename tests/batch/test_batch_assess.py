"""End to end: the batch runs `careplanner.assess` by default, locally and on Dask."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from careplanner import assess, load_case
from careplanner.batch import BatchSummary, run_batch, run_batch_dask
from careplanner.models import Case
from careplanner.synth import generate_cases, write_jsonl

EXAMPLES = ["living-alone-crisis", "living-alone-well", "shidu-mother"]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return [*(load_case(f"example:{e}") for e in EXAMPLES), *generate_cases(40, seed=21)]


@pytest.fixture(scope="module")
def source(cases: list[Case], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("assess") / "cases.jsonl"
    write_jsonl(cases, path)
    return path


@pytest.fixture(scope="module")
def local(source: Path) -> tuple[Path, BatchSummary]:
    out = source.with_name("results.jsonl")
    return out, run_batch(source, out, source.with_name("errors.jsonl"), workers=2, chunk_size=8)


def test_run_batch_writes_what_assess_gives_for_each_case(
    local: tuple[Path, BatchSummary], cases: list[Case]
) -> None:
    out, summary = local
    assert out.read_text(encoding="utf-8").splitlines() == [
        f'{{"line":{n},' + assess(case).model_dump_json()[1:] for n, case in enumerate(cases, 1)
    ]
    assert (summary.records, summary.ok, summary.failed) == (43, 43, 0)


def test_run_batch_summary_counts_needs_and_stages_of_assess(
    local: tuple[Path, BatchSummary], cases: list[Case]
) -> None:
    results = [assess(case) for case in cases]
    needs = Counter(n.id for r in results for n in r.findings.needs)
    stages = Counter(stage for r in results for stage in {s.id for s in r.plan.stages})
    _, summary = local
    assert summary.needs == dict(sorted(needs.items()))
    assert summary.stages == dict(sorted(stages.items()))
    assert summary.needs["suicide_risk"] >= 1  # the crisis example


def test_run_batch_dask_writes_the_bytes_of_run_batch_with_assess(
    local: tuple[Path, BatchSummary], source: Path, scheduler: str, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    summary = run_batch_dask(source, out, tmp_path / "errors.jsonl", scheduler=scheduler)
    assert summary == local[1]
    assert out.read_bytes() == local[0].read_bytes()


def test_the_crisis_example_leads_with_safety_in_the_batch_output(
    local: tuple[Path, BatchSummary],
) -> None:
    first = json.loads(local[0].read_text(encoding="utf-8").splitlines()[0])
    assert first["client"]["id"] == "alone-crisis-01"
    assert first["plan"]["stages"][0]["id"] == "crisis"
