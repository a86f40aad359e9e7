"""A JSON Lines input with good synthetic cases and one bad record of every kind."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from careplanner.synth import generate_cases

# Worker processes import the evaluators of `tests.batch.evaluators` by name, with the parent's
# sys.path: the checkout goes last, so careplanner itself still comes from where it is installed.
CHECKOUT = str(Path(__file__).resolve().parents[2])
if CHECKOUT not in sys.path:
    sys.path.append(CHECKOUT)

#: (line number, error kind) of the bad records `mixed_input` holds.
BAD_LINES = [
    (3, "empty"),
    (4, "not_json"),
    (5, "not_utf8"),
    (6, "invalid_case"),
    (7, "invalid_case"),
]
GOOD = 20
#: Written into a bad record; must never reach an output.
NAME = "Zhang Wei"


def _bad_case() -> bytes:
    case = json.loads(next(generate_cases(1, seed=8)).model_dump_json())
    case["client"] |= {"name": NAME, "age": 200}
    return json.dumps(case, ensure_ascii=False).encode()


@pytest.fixture(scope="session")
def mixed_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2 good lines, the 5 bad ones of `BAD_LINES`, 18 good; the last line has no newline."""
    good = [c.model_dump_json(exclude_defaults=True).encode() for c in generate_cases(GOOD, seed=6)]
    bad = [b"", b"{" + NAME.encode(), b"\xff\xfe{}", b"[1, 2]", _bad_case()]
    path = tmp_path_factory.mktemp("batch") / "cases.jsonl"
    path.write_bytes(b"\n".join([*good[:2], *bad, *good[2:]]))
    return path


@pytest.fixture(scope="session")
def scheduler() -> Iterator[str]:
    """A local Dask cluster: two worker processes of one thread each, as an office would run."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address
