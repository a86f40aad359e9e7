"""``import careplanner`` stays light: heavy dependencies load when first used."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import careplanner

#: Modules `import careplanner` must not load.
HEAVY = (
    "durable",
    "careplanner.rules.engine",
    "rich",
    "jinja2",
    "dask",
    "distributed",
    "networkx",
    "pydantic",
    "yaml",
    "careplanner.assess",
    "careplanner.batch",
    "careplanner.cli",
    "careplanner.fhir",
    "careplanner.group",
    "careplanner.models",
    "careplanner.network",
    "careplanner.plan",
    "careplanner.report",
    "careplanner.rules",
    "careplanner.serve",
    "careplanner.synth",
)


def loaded_after(code: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of `heavy` loaded after running `code` in a fresh interpreter."""
    probe = (
        f"import sys, json\n{code}\nprint(json.dumps(sorted(set(sys.modules) & {set(heavy)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_import_careplanner_loads_no_heavy_module() -> None:
    assert loaded_after("import careplanner") == []


def test_import_careplanner_loads_only_its_errors_and_version() -> None:
    code = (
        "import careplanner\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('careplanner'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, json\n{code}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout) == ["careplanner", "careplanner._version", "careplanner.errors"]


def test_a_lazy_name_loads_its_module_on_first_use() -> None:
    loaded = loaded_after("import careplanner\ncareplanner.run_batch")
    assert "careplanner.batch" in loaded and "rich" in loaded


def test_assessing_on_the_python_engine_never_loads_durable_rules() -> None:
    code = (
        "import careplanner\n"
        "case = careplanner.load_case('example:shidu-mother')\n"
        "careplanner.assess(case, engine='python')"
    )
    assert loaded_after(code, ("durable", "careplanner.rules.engine")) == []


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    code = (
        "import careplanner\n"
        "try:\n    careplanner.nothing_here\n"
        "except AttributeError as exc:\n    print(exc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "module 'careplanner' has no attribute 'nothing_here'"


def _type_checking_imports() -> dict[str, str]:
    """What ``if TYPE_CHECKING:`` of careplanner/__init__.py imports: name -> module."""
    tree = ast.parse(Path(careplanner.__file__).read_text("utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.asname or alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_type_checkers_see_every_lazy_name_from_its_module() -> None:
    """The imports type checkers read are the ones `__getattr__` makes at run time."""
    assert _type_checking_imports() == careplanner._LAZY


def test_every_public_name_is_eager_or_lazy() -> None:
    eager = {name for name in careplanner.__all__ if name in vars(careplanner)}
    lazy = set(careplanner._LAZY)
    assert eager.isdisjoint(lazy)
    assert eager | lazy >= set(careplanner.__all__)


@pytest.mark.parametrize("name", sorted(careplanner._LAZY))
def test_a_lazy_name_is_the_object_of_its_module(name: str) -> None:
    module = importlib.import_module(careplanner._LAZY[name])
    assert getattr(careplanner, name) is getattr(module, name)


def test_dir_lists_every_public_name_before_first_use() -> None:
    code = "import careplanner\nprint(json.dumps(dir(careplanner)))"
    done = subprocess.run(
        [sys.executable, "-c", f"import json\n{code}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert set(careplanner.__all__) <= set(json.loads(done.stdout))


def test_assess_stays_the_function_when_its_module_is_imported_first() -> None:
    """Importing the module ``careplanner.assess`` does not hide the function `assess`."""
    code = (
        "import careplanner.assess as first\n"
        "import careplanner\n"
        "from careplanner import assess\n"
        "print(json.dumps([callable(first), careplanner.assess is assess,"
        " type(assess).__name__]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import json\n{code}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout) == [True, True, "function"]


def test_a_sub_package_is_reachable_as_an_attribute() -> None:
    code = "import careplanner\nprint(careplanner.rules.default_pack().id)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "careplanner-default"
