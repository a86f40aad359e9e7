"""A shared sample of the mixed synthetic population, drawn once per test session."""

from __future__ import annotations

import pytest

from careplanner.models import Case
from careplanner.synth import generate_cases

SAMPLE_SIZE = 5_000


@pytest.fixture(scope="session")
def population_sample() -> list[Case]:
    """5,000 cases of the mixed population, seed 2024."""
    return list(generate_cases(SAMPLE_SIZE, seed=2024))
