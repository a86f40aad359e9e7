"""Traits: the yes/no facts about a synthetic client that the rules of population.yaml read.

A trait set grows as a case is drawn: profile traits (`cell_traits`, the ones the calibration
enumerates), then person traits (children, spouse care), then one per outcome, then
``obs.<field>`` per observation. `holds` reads a ``when`` list against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import get_args

from careplanner.models import LivingArrangement

Traits = dict[str, bool]

LIVING: tuple[str, ...] = get_args(LivingArrangement)
#: Traits of a person beyond the profile cell.
PERSON_TRAITS = ("has_children", "children_at_home", "spouse_needs_care")
#: Arrangements under which a client lives with a child, when there is one.
CHILD_AT_HOME = frozenset({"with_children", "with_spouse_and_others"})


def cell_traits(
    cohort: str,
    female: bool,
    band: str,
    living: str,
    *,
    bands: Iterable[str],
    cohorts: Iterable[str],
) -> Traits:
    """Traits of a profile cell: sex, age band, living arrangement, cohort.

    Examples
    --------
    >>> t = cell_traits("shidu", True, "age_60_69", "alone", bands=["age_60_69"], cohorts=["shidu"])
    >>> t["living_alone"], t["empty_nest"], t["has_spouse"], t["shidu"]
    (True, True, False, True)
    """
    traits = {
        "female": female,
        "empty_nest": living in ("alone", "with_spouse"),
        "has_spouse": "spouse" in living,
    }
    traits |= {b: b == band for b in bands}
    traits |= {f"living_{x}": x == living for x in LIVING}
    traits |= {c: c == cohort for c in cohorts}
    return traits


def cell_trait_names(bands: Iterable[str], cohorts: Iterable[str]) -> set[str]:
    """The names `cell_traits` gives for these bands and cohorts."""
    return {
        "female",
        "empty_nest",
        "has_spouse",
        *bands,
        *(f"living_{x}" for x in LIVING),
        *cohorts,
    }


def names(when: Iterable[str]) -> list[str]:
    """The trait names a ``when`` list reads, without ``not``."""
    return [w.removeprefix("not ") for w in when]


def holds(when: Iterable[str], traits: Mapping[str, bool]) -> bool:
    """Whether every condition of ``when`` holds.

    Examples
    --------
    >>> holds(["depressed", "not has_spouse"], {"depressed": True, "has_spouse": False})
    True
    >>> holds([], {})
    True
    """
    return all(
        not traits[w[4:]] if w.startswith("not ") else traits[w]
        for w in when  # a name is checked when the file is loaded
    )
