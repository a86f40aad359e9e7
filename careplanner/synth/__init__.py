"""Synthetic populations of urban older adults in China, for tests and benchmarks.

Cases follow published prevalence where the project's reference cites it and say where they
rest on assumptions instead: every figure lives in ``population.yaml`` with its ``source`` or
``assumption: true``; ``docs/scale.md`` explains the model.
"""

from careplanner.synth._calibrate import expected_rate
from careplanner.synth._generate import generate_case, generate_cases, write_jsonl
from careplanner.synth._load import load_population, parse_population
from careplanner.synth._model import Population

__all__ = [
    "Population",
    "expected_rate",
    "generate_case",
    "generate_cases",
    "load_population",
    "parse_population",
    "write_jsonl",
]
