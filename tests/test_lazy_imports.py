"""``import careplanner`` stays light: heavy dependencies load when first used."""

from __future__ import annotations

import ast
import importlib
import json
import os
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


def printed(code: str, env: dict[str, str] | None = None) -> str:
    """What `code` prints in a fresh interpreter, where ``sys`` and ``json`` are imported."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, json\n{code}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout


def loaded_after(code: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of `heavy` loaded after running `code` in a fresh interpreter."""
    out = printed(f"{code}\nprint(json.dumps(sorted(set(sys.modules) & {set(heavy)!r})))")
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded


def test_import_careplanner_loads_no_heavy_module() -> None:
    assert loaded_after("import careplanner") == []


def test_import_careplanner_loads_only_its_errors_and_version() -> None:
    code = (
        "import careplanner\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('careplanner'))))"
    )
    out = printed(code)
    loaded = json.loads(out)
    assert loaded == [
        "careplanner",
        "careplanner._lazy",
        "careplanner._version",
        "careplanner.errors",
    ]


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


#: The packages that import their public names on first use.
LAZY_PACKAGES = ("careplanner", "careplanner.network", "careplanner.rules")


def _type_checking_imports(package: str) -> dict[str, str]:
    """What ``if TYPE_CHECKING:`` of a package's __init__.py imports, as its `_LAZY` lists it."""
    path = importlib.import_module(package).__file__
    assert path is not None
    tree = ast.parse(Path(path).read_text("utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.asname or alias.name: f"{node.module}:{alias.name}"
        if alias.asname
        else f"{node.module}"
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_type_checkers_see_every_lazy_name_from_its_module(package: str) -> None:
    """The imports type checkers read are the ones `__getattr__` makes at run time."""
    assert _type_checking_imports(package) == importlib.import_module(package)._LAZY


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_public_name_is_eager_or_lazy(package: str) -> None:
    module = importlib.import_module(package)
    lazy = set(module._LAZY)
    assert lazy <= set(module.__all__)
    assert set(module.__all__) - lazy <= set(vars(module))


@pytest.mark.parametrize(
    ("package", "name"),
    [(p, n) for p in LAZY_PACKAGES for n in sorted(importlib.import_module(p)._LAZY)],
)
def test_a_lazy_name_is_the_object_of_its_module(package: str, name: str) -> None:
    module, _, attribute = importlib.import_module(package)._LAZY[name].partition(":")
    expected = getattr(importlib.import_module(module), attribute or name)
    assert getattr(importlib.import_module(package), name) is expected


def test_dir_lists_every_public_name_before_first_use() -> None:
    code = "import careplanner\nprint(json.dumps(dir(careplanner)))"
    out = printed(code)
    assert set(careplanner.__all__) <= set(json.loads(out))


def test_assess_stays_the_function_when_its_module_is_imported_first() -> None:
    """Importing the module ``careplanner.assess`` does not hide the function `assess`."""
    code = (
        "import careplanner.assess as first\n"
        "import careplanner\n"
        "from careplanner import assess\n"
        "print(json.dumps([callable(first), careplanner.assess is assess,"
        " type(assess).__name__]))"
    )
    out = printed(code)
    assert json.loads(out) == [True, True, "function"]


def test_a_sub_package_is_reachable_as_an_attribute() -> None:
    code = "import careplanner\nprint(careplanner.rules.default_pack().id)"
    out = printed(code)
    assert out.strip() == "careplanner-default"


#: Modules the help of the command line must not load: the domain, its models and data.
HELP_HEAVY = tuple(
    name for name in HEAVY if name not in ("rich", "careplanner.cli", "careplanner.rules", "yaml")
)


def test_careplanner_help_loads_no_heavy_module() -> None:
    code = (
        "from careplanner.cli import main\n"
        "sys.argv = ['careplanner', '--help']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
    )
    assert loaded_after(code, HELP_HEAVY) == []


def test_the_help_of_every_command_loads_no_heavy_module() -> None:
    """Every command's options are built (as for its --help) without its implementation."""
    code = (
        "import typer.main\n"
        "from careplanner.cli import app\n"
        "def helps(command, ctx):\n"
        "    yield command.get_help(ctx)\n"
        "    for name in getattr(command, 'list_commands', lambda ctx: [])(ctx):\n"
        "        sub = command.get_command(ctx, name)\n"
        "        yield from helps(sub, sub.context_class(sub, info_name=name, parent=ctx))\n"
        "root = typer.main.get_command(app)\n"
        "assert len(list(helps(root, root.context_class(root, info_name='careplanner')))) > 30\n"
    )
    assert loaded_after(code, HELP_HEAVY) == []


@pytest.mark.parametrize(
    "args", [["--help"], ["assess", "example:shidu-mother", "--format", "json"]]
)
def test_a_command_imports_no_yaml_once_the_bundled_data_is_kept(args: list[str]) -> None:
    """The first run keeps the data of the files a command reads as JSON; later ones read it."""
    code = (
        "from careplanner.cli import main\n"
        f"sys.argv = ['careplanner', *{args!r}]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps('yaml' in sys.modules))"
    )
    writing = {
        name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
    }
    printed(code, writing)
    assert json.loads(printed(code, writing).splitlines()[-1]) is False


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "example:shidu-mother", "--format", "json"],
        ["assess", "--help"],
        ["assess"],
        ["assess", "example:shidu-mother", "--format", "xml"],
        ["assess", "example:nobody"],
        ["group", "--help"],
        ["group", "plna"],
        ["fhir", "export", "--help"],
        ["explain", "example:shidu-mother", "--need", "grief"],
    ],
)
def test_a_command_runs_alike_alone_and_in_the_whole_app(args: list[str]) -> None:
    """`app_for` gives a command the same output, errors and help as the whole app."""
    from typer.testing import CliRunner

    from careplanner.cli import app, app_for

    alone, whole = app_for(args), app
    assert alone is not whole
    runs = [CliRunner().invoke(tree, args, prog_name="careplanner") for tree in (alone, whole)]
    assert runs[0].exit_code == runs[1].exit_code
    assert runs[0].output == runs[1].output


@pytest.mark.parametrize("args", [[], ["--help"], ["--debug", "assess"], ["asess"], ["-h"]])
def test_anything_but_a_command_name_first_gets_the_whole_app(args: list[str]) -> None:
    from careplanner.cli import app, app_for

    assert app_for(args) is app
