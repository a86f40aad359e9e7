"""Shared fixtures: the bundled example cases as plain data, to be bent into bad cases."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from careplanner._load import example_text

# CI runs two test processes on two cores, often beside other work: an example can then take
# longer than Hypothesis' 200 ms deadline, or drawing examples be slow, which says nothing about
# careplanner (no test here is timed). Every other health check stays on.
settings.register_profile(
    "careplanner", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("careplanner")


@pytest.fixture
def seed_data() -> dict[str, Any]:
    """The seed mother's case as a fresh, mutable dict."""
    return copy.deepcopy(yaml.safe_load(example_text("shidu-mother")))


@pytest.fixture
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's headless Chromium under Selenium, with a fresh profile (see tests/browser.py)."""
    from .browser import chromium

    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver
