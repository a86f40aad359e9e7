"""Every group data file loads from a worker's copy and says where it comes from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careplanner.group import (
    load_activities,
    load_composition,
    load_evaluation_spec,
    load_questionnaire,
    load_screening,
)

from .group_cases import bundled, written

LOADERS: dict[str, Callable[..., Any]] = {
    "questionnaire.yaml": load_questionnaire,
    "screening.yaml": load_screening,
    "composition.yaml": load_composition,
    "activities.yaml": load_activities,
    "evaluation.yaml": load_evaluation_spec,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_data_file_loads_with_id_version_and_source_when_copied(tmp_path: Path, name: str) -> None:
    data = bundled(name)
    assert {"id", "version", "source"} <= set(data)
    loaded = LOADERS[name](written(tmp_path, name, data))
    assert (loaded.id, loaded.version) == (data["id"], data["version"])
