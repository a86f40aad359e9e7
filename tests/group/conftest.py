"""Fixtures of the group tests: the bundled example, read and profiled once per session."""

from __future__ import annotations

import pytest

from careplanner.group import (
    GroupWork,
    Resident,
    ResidentProfile,
    load_residents,
    plan_groups,
    profile_residents,
)


@pytest.fixture(scope="session")
def residents() -> tuple[Resident, ...]:
    return load_residents("example:residents")


@pytest.fixture(scope="session")
def after() -> tuple[Resident, ...]:
    return load_residents("example:after")


@pytest.fixture(scope="session")
def profiles(residents: tuple[Resident, ...]) -> tuple[ResidentProfile, ...]:
    return profile_residents(residents)


@pytest.fixture(scope="session")
def work(residents: tuple[Resident, ...]) -> GroupWork:
    return plan_groups(residents)
