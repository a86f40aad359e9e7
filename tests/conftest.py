"""Shared fixtures: the bundled example cases as plain data, to be bent into bad cases."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from careplanner._load import example_text


@pytest.fixture
def seed_data() -> dict[str, Any]:
    """The seed mother's case as a fresh, mutable dict."""
    return copy.deepcopy(yaml.safe_load(example_text("shidu-mother")))
