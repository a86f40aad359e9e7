"""``import careplanner`` stays light: heavy dependencies load when first used."""

from __future__ import annotations

import json
import subprocess
import sys

#: Modules `import careplanner` must not load.
HEAVY = (
    "durable",
    "careplanner.rules.engine",
    "rich",
    "jinja2",
    "dask",
    "distributed",
    "careplanner.batch",
    "careplanner.cli",
    "careplanner.group",
    "careplanner.report",
)


def loaded_after(code: str) -> list[str]:
    """The modules of `HEAVY` loaded after running `code` in a fresh interpreter."""
    probe = (
        f"import sys, json\n{code}\nprint(json.dumps(sorted(set(sys.modules) & {set(HEAVY)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_import_careplanner_loads_no_heavy_module() -> None:
    assert loaded_after("import careplanner") == []


def test_a_lazy_name_loads_its_module_on_first_use() -> None:
    loaded = loaded_after("import careplanner\ncareplanner.run_batch")
    assert "careplanner.batch" in loaded and "rich" in loaded


def test_assessing_on_the_python_engine_never_loads_durable_rules() -> None:
    code = (
        "import careplanner\n"
        "case = careplanner.load_case('example:shidu-mother')\n"
        "careplanner.assess(case, engine='python')"
    )
    assert loaded_after(code) == []


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    code = (
        "import careplanner\n"
        "try:\n    careplanner.nothing_here\n"
        "except AttributeError as exc:\n    print(exc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "module 'careplanner' has no attribute 'nothing_here'"
