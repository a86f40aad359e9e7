"""What a user gets from PyPI: metadata, licence, a complete sdist, a wheel that works anywhere.

The built distributions come from ``make dist`` (``CAREPLANNER_WHEEL`` names the wheel, the sdist
lies beside it); without it they are built here from the checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE_URL = "https://github.com/careplanner/careplanner"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the sdist and the wheel."""
    wheel = os.environ.get("CAREPLANNER_WHEEL")
    if wheel:
        return Path(wheel).parent
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True)
    return out


def only(folder: Path, pattern: str) -> Path:
    (found,) = folder.glob(pattern)
    return found


def wheel_metadata(dist: Path) -> Message:
    with zipfile.ZipFile(only(dist, "careplanner-*.whl")) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        return HeaderParser().parsestr(wheel.read(name).decode())


def test_license_is_mit_in_the_checkout_the_wheel_and_the_sdist(dist: Path) -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    with zipfile.ZipFile(only(dist, "careplanner-*.whl")) as wheel:
        (licence,) = [n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert wheel.read(licence).decode() == text
    with tarfile.open(only(dist, "careplanner-*.tar.gz")) as sdist:
        assert "LICENSE" in {Path(n).name for n in sdist.getnames() if n.count("/") == 1}


def test_wheel_metadata_names_licence_python_versions_urls_and_the_engine_marker(
    dist: Path,
) -> None:
    meta = wheel_metadata(dist)
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.11"
    classifiers = meta.get_all("Classifier", [])
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.search(r":: 3\.\d+$", c)]
    assert versions == ["3.11", "3.13"]  # what CI runs the suite on (.ci/run)
    for prefix in ("Development Status", "Intended Audience", "Operating System", "Topic"):
        assert any(c.startswith(prefix) for c in classifiers), prefix
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
    assert urls["Source"] == SOURCE_URL and {"Documentation", "Issues", "Changelog"} <= set(urls)
    requires = meta.get_all("Requires-Dist", [])
    (durable,) = [r for r in requires if r.startswith("durable-rules")]
    marker = 'python_version < "3.13" and platform_python_implementation == "CPython"'
    assert durable.endswith(f"; {marker}")


def test_sdist_carries_every_test_doc_benchmark_and_the_changelog(dist: Path) -> None:
    with tarfile.open(only(dist, "careplanner-*.tar.gz")) as sdist:
        shipped = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    wanted = {"CHANGELOG.md", "README.md", "LICENSE", "Makefile", ".ci/run", ".ci/test-wheel"}
    for folder in ("tests", "docs", "benchmarks"):
        wanted |= {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and not {"__pycache__", "node_modules"} & set(p.parts)
        }
    assert sorted(wanted - shipped) == []


def test_readme_renders_off_site_every_link_and_image_is_absolute() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert any(t.endswith(".png") for t in targets)
    assert [t for t in targets if not t.startswith(("https://", "#"))] == []
    own = [t for t in targets if "careplanner" in t and "example" not in t]
    raw = SOURCE_URL.replace("github.com", "raw.githubusercontent.com")
    assert own and [t for t in own if not t.startswith((SOURCE_URL, raw))] == []


def test_the_wheel_installs_into_a_clean_venv_and_the_cli_runs_elsewhere(
    dist: Path, tmp_path: Path
) -> None:
    venv, work = tmp_path / "venv", tmp_path / "elsewhere"
    work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = only(dist, "careplanner-*.whl")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--disable-pip-version-check", str(wheel)], check=True)
    cli = str(venv / "bin" / "careplanner")
    commands = {
        "demo": [cli, "demo", "--lang", "en"],
        "report": [cli, "report", "example:shidu-mother", "-o", "plan.html"],
        "ecomap": [cli, "ecomap", "example:shidu-mother", "-o", "x.png"],
        "fhir": [cli, "fhir", "export", "example:living-alone-crisis", "-o", "bundle.json"],
    }
    for name, command in commands.items():
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (name, done.stderr)
    assert (work / "x.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert '"resourceType": "Bundle"' in (work / "bundle.json").read_text(encoding="utf-8")
    assert "<html" in (work / "plan.html").read_text(encoding="utf-8")
