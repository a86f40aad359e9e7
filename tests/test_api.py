"""The public surface: what docs/api.md promises is importable from `careplanner`."""

from __future__ import annotations

import re
from pathlib import Path

import careplanner

API_DOC = Path(__file__).parent.parent / "docs" / "api.md"


def test_all_is_sorted_and_every_name_exists() -> None:
    assert careplanner.__all__ == sorted(careplanner.__all__)
    assert [n for n in careplanner.__all__ if not hasattr(careplanner, n)] == []


def test_api_doc_lists_exactly_the_exported_names() -> None:
    documented = set(re.findall(r"^\| `careplanner\.(\w+)", API_DOC.read_text(), re.M))
    assert documented == set(careplanner.__all__) - {"__version__"}


def test_version_matches_the_installed_metadata() -> None:
    from importlib.metadata import version

    assert careplanner.__version__ == version("careplanner")
