"""Which rules engine runs: durable-rules where it loads, the python engine everywhere else.

durable-rules 2.0.28, its last release, ships no wheel: it compiles a C extension on install,
which calls ``PyEval_CallObject``, removed in Python 3.13. So it loads on CPython 3.11 and 3.12
with a C compiler, and nowhere else. The python engine runs the same compiled pack as plain
Python predicates in durable-rules' firing order and gives identical findings (the differential
tests compare the two); it needs nothing beyond careplanner's own dependencies.

``auto`` (the default) picks durable-rules when it imports and the python engine otherwise;
``CAREPLANNER_ENGINE`` sets the default for a process and the processes it starts.
"""

from __future__ import annotations

import importlib
import os
import platform
from functools import cache
from typing import Literal

from careplanner.errors import EngineUnavailableError, UnknownCodeError

#: What a caller may ask for.
EngineChoice = Literal["auto", "durable", "python"]
#: What actually runs.
EngineKind = Literal["durable", "python"]
ENGINE_CHOICES: tuple[EngineChoice, ...] = ("auto", "durable", "python")
#: The environment variable that sets the default engine.
ENGINE_VARIABLE = "CAREPLANNER_ENGINE"
#: The one module that imports durable-rules.
DURABLE_MODULE = "careplanner.rules.engine"
#: Most clients in one durable-rules session; also each durable-rules rule's ``cap``.
MAX_BATCH = 1000

_REMEDY = (
    "durable-rules 2.0.28 installs on CPython 3.11 and 3.12 with a C compiler "
    "(pip install 'durable-rules==2.0.28'; on Windows that needs the Microsoft C++ Build Tools). "
    "On Python 3.13 and later, build it from source with upstream's unreleased fix "
    "(PyEval_CallObject replaced by PyObject_CallObject in src/rulespy/rules.c, "
    "jruizgit/rules pull request 403), or use the python engine (engine='python', "
    f"--engine python or {ENGINE_VARIABLE}=python), which gives the same findings"
)


@cache
def durable_problem() -> str | None:
    """Why durable-rules cannot be loaded on this interpreter, or None when it loads.

    Examples
    --------
    >>> durable_problem() is None or "durable" in durable_problem()
    True
    """
    try:  # durable-rules itself first: a half-imported wrapper module proves nothing
        importlib.import_module("durable.engine")
        importlib.import_module(DURABLE_MODULE)
    except ImportError as exc:
        python = f"{platform.python_implementation()} {platform.python_version()}"
        return f"importing durable-rules on {python} failed ({type(exc).__name__}: {exc})"
    return None


def engine_choice(engine: str | None = None) -> EngineChoice:
    """The engine asked for: `engine`, else ``CAREPLANNER_ENGINE``, else ``auto``.

    Raises
    ------
    UnknownCodeError
        The choice is not one of ``auto``, ``durable``, ``python``.

    Examples
    --------
    >>> engine_choice("python")
    'python'
    """
    field = "engine"
    if engine is None:
        field, engine = ENGINE_VARIABLE, os.environ.get(ENGINE_VARIABLE) or "auto"
    if engine not in ENGINE_CHOICES:
        raise UnknownCodeError(field, engine, ENGINE_CHOICES)
    return engine


def resolve_engine(engine: str | None = None) -> EngineKind:
    """The engine that runs for `engine` (see `engine_choice`): ``durable`` or ``python``.

    Raises
    ------
    UnknownCodeError
        The choice is not one of ``auto``, ``durable``, ``python``.
    EngineUnavailableError
        ``durable`` was asked for and durable-rules cannot be loaded here; the message says
        why and what to do.

    Examples
    --------
    >>> resolve_engine("python")
    'python'
    >>> resolve_engine("auto") == ("python" if durable_problem() else "durable")
    True
    """
    choice = engine_choice(engine)
    if choice == "python":
        return "python"
    problem = durable_problem()
    if problem is None:
        return "durable"
    if choice == "auto":
        return "python"
    raise EngineUnavailableError("durable", problem, _REMEDY)
