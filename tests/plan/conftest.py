"""Fixtures of the plan tests (the requests and facts live in plan_cases.py)."""

from __future__ import annotations

import pytest

from careplanner.plan import PlanRequest

from .plan_cases import need, seed_request


@pytest.fixture
def seed() -> PlanRequest:
    return seed_request()


@pytest.fixture
def crisis() -> PlanRequest:
    """The living-alone crisis case: suicidal ideation, depression, loneliness, isolation."""
    return PlanRequest(
        needs=(
            need("suicide_risk", "high", safety=True),
            need("depressive_symptoms", "high"),
            need("loneliness"),
            need("social_isolation"),
        ),
        language="zh-CN",
    )
