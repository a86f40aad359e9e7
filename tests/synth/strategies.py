"""Hypothesis strategies that draw synthetic cases through the generator itself."""

from __future__ import annotations

from hypothesis import strategies as st

from careplanner.models import Case
from careplanner.synth import generate_case


def cases(cohort: str | None = None) -> st.SearchStrategy[Case]:
    """A synthetic case: a random seed and index, built by `careplanner.synth.generate_case`.

    Shrinks towards seed 0, index 0. ``cohort`` None draws general and shidu cases alike.
    """
    cohorts = st.just(cohort) if cohort is not None else st.sampled_from(["general", "shidu"])
    return st.builds(
        generate_case,
        seed=st.integers(min_value=0, max_value=2**32),
        index=st.integers(min_value=0, max_value=10**7),
        cohort=cohorts,
    )
