"""The caseload table of ``careplanner batch --table``: one spreadsheet row per client."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careplanner import assess, load_case
from careplanner.batch._table import table_header, table_row, write_table
from careplanner.cli import app
from careplanner.errors import CareplannerError

GOLDEN_CASES = Path(__file__).parents[1] / "golden" / "synth" / "cases.jsonl"
NEEDS = ["suicide_risk", "loneliness", "carer_strain"]
SCALES = ["phq9", "ucla3", "zbi12"]


def _crisis_row() -> dict[str, str]:
    result = json.loads(assess(load_case("example:living-alone-crisis")).model_dump_json())
    return dict(zip(table_header(NEEDS, SCALES), table_row(result, NEEDS, SCALES), strict=True))


def test_table_row_holds_needs_scores_bands_safety_and_first_stages() -> None:
    assert _crisis_row() == {
        "line": "",
        "client": "alone-crisis-01",
        "date": "2025-01-10",
        "kind": "intake",
        "safety": "yes",
        "needs": "7",
        "suicide_risk": "high",
        "loneliness": "high",
        "carer_strain": "",
        "phq9": "17",
        "phq9 band": "moderately_severe",
        "ucla3": "9",
        "ucla3 band": "",
        "zbi12": "",
        "zbi12 band": "",
        "first stages": "crisis > engage_assess > depression",
    }


def test_table_row_says_no_safety_when_no_safety_need_is_flagged() -> None:
    result = json.loads(assess(load_case("example:living-alone-well")).model_dump_json())
    assert table_row(result, NEEDS, SCALES)[4] == "no"


def test_batch_table_has_a_bom_a_header_and_a_row_per_result(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_bytes(b"".join(GOLDEN_CASES.read_bytes().splitlines(keepends=True)[:3]))
    table = tmp_path / "caseload.csv"
    args = ["batch", str(cases), "-o", str(tmp_path / "out.jsonl"), "--workers", "1"]
    done = CliRunner().invoke(app, [*args, "--table", str(table)])
    assert done.exit_code == 0, done.output
    assert table.read_bytes().startswith(b"\xef\xbb\xbfline,client,date,kind,safety,needs,")
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    results = [json.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [row[:2] for row in rows[1:]] == [[str(r["line"]), r["client"]["id"]] for r in results]


def test_batch_table_is_written_when_results_go_to_standard_output(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_bytes(GOLDEN_CASES.read_bytes().splitlines(keepends=True)[0])
    table = tmp_path / "caseload.csv"
    args = ["batch", str(cases), "-o", "-", "--errors", str(tmp_path / "refused.jsonl")]
    done = CliRunner().invoke(app, [*args, "--workers", "1", "--table", str(table)])
    assert done.exit_code == 0, done.output
    assert len(table.read_text(encoding="utf-8-sig").splitlines()) == 2


def test_write_table_refuses_a_folder_it_cannot_write(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_bytes(b"")
    with pytest.raises(CareplannerError, match="cannot write the table"):
        write_table(results, tmp_path / "missing" / "caseload.csv")
