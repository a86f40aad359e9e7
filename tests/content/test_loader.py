"""The safe loader: limits checked before data is built, whatever the caller reads."""

from __future__ import annotations

import ast
import os
import re
import threading
from contextlib import suppress
from pathlib import Path

import pytest

import careplanner
from careplanner import load_case
from careplanner._content._loader import (
    MAX_ALIAS_NODES,
    MAX_ALIASES,
    MAX_DEPTH,
    load_bundled,
    parse,
    parse_bundled,
    parse_json,
    parse_yaml,
    read_limited,
)
from careplanner.errors import CaseFileError, DataFileError, RulePackError
from careplanner.rules import load_pack

DEEP_JSON = "[" * 100_000 + "]" * 100_000
DEEP_YAML = "a: " + "[" * 100_000 + "]" * 100_000


def _laughs(levels: int) -> str:
    """The "billion laughs": each level lists the one before ten times."""
    lines = ["l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]")
    return "\n".join(lines)


@pytest.mark.parametrize("text", [DEEP_JSON, '{"a": ' * 5000 + "1" + "}" * 5000])
def test_parse_json_refuses_depth_before_parsing(text: str) -> None:
    with pytest.raises(DataFileError, match=f"deeper than the {MAX_DEPTH} levels"):
        parse_json(text, "d.json")


def test_parse_json_accepts_the_deepest_allowed_nesting() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(text, "d.json") is not None
    with pytest.raises(DataFileError):
        parse_json("[" + text + "]", "d.json")


def test_parse_json_ignores_brackets_inside_strings() -> None:
    text = '{"a": "' + "[" * 1000 + '"}'
    assert parse_json(text, "x.json") == {"a": "[" * 1000}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": 1, "a": 2}', "repeated key 'a'"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        ('{"a": ' + "9" * 5000 + "}", "a number has too many digits"),
    ],
)
def test_parse_json_refuses_what_json_should_not_carry(text: str, reason: str) -> None:
    with pytest.raises(DataFileError, match=reason):
        parse_json(text, "x.json")


def test_parse_yaml_refuses_depth_while_composing() -> None:
    with pytest.raises(DataFileError, match="deeper than"):
        parse_yaml(DEEP_YAML, "d.yaml")


def test_parse_yaml_refuses_alias_amplification() -> None:
    with pytest.raises(DataFileError, match=f"aliases expand to more than {MAX_ALIAS_NODES}"):
        parse_yaml(_laughs(9), "laughs.yaml")


def test_parse_yaml_keeps_a_small_alias() -> None:
    assert parse_yaml(_laughs(2), "laughs.yaml")["l1"][0] == ["ha"] * 10  # type: ignore[index]


def test_parse_yaml_counts_alias_uses() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]"
    with pytest.raises(DataFileError, match=f"more than the {MAX_ALIASES} aliases"):
        parse_yaml(text, "many.yaml")


def test_parse_yaml_refuses_a_looping_alias() -> None:
    with pytest.raises(DataFileError, match="refers to its own anchor"):
        parse_yaml("a: &a [1, *a]", "loop.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2",
        "a:\n  b: 1\n  b: 1",
        "? [1]\n: 1\nx: 1\nx: 2",
        "1: a\n1: b",
        "1: a\n1.0: b",
        "x: 1\nx: 2021-02-30",
        "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 1\n  y: 2",
    ],
)
def test_parse_yaml_refuses_repeated_keys(text: str) -> None:
    with pytest.raises(DataFileError, match="repeated key"):
        parse_yaml(text, "dup.yaml")


@pytest.mark.parametrize("text", ["a: 1\na: 2", "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 1\n  y: 2"])
def test_the_bundled_parser_refuses_repeated_keys(text: str) -> None:
    with pytest.raises(DataFileError, match="repeated key"):
        parse_bundled(text, "dup.yaml")


def test_parse_yaml_still_merges_keys() -> None:
    text = "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3"
    assert parse_yaml(text, "m.yaml") == {"base": {"x": 1, "y": 2}, "item": {"x": 1, "y": 3}}


def test_parse_yaml_refuses_an_endless_integer() -> None:
    with pytest.raises(DataFileError, match="cannot be converted"):
        parse_yaml("a: " + "9" * 5000, "big.yaml")


def test_parse_raises_the_callers_error_type() -> None:
    with pytest.raises(CaseFileError, match=r"x\.json: not valid JSON"):
        parse("{", "x.json", "json", CaseFileError)


def test_read_limited_counts_bytes_read_not_the_reported_size() -> None:
    assert os.stat("/dev/zero").st_size == 0
    with pytest.raises(DataFileError, match="larger than the 1 MiB"):
        read_limited("/dev/zero", 1024 * 1024)


def test_read_limited_stops_a_fifo_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "case.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as stream, suppress(BrokenPipeError):  # the reader stops
            stream.write(b"x" * 200_000)

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(DataFileError, match="larger than the 1000 bytes"):
        read_limited(fifo, 1000)
    writer.join(timeout=10)


def test_load_case_reads_only_up_to_its_limit() -> None:
    with pytest.raises(CaseFileError, match="/dev/zero: larger than the 5 MiB"):
        load_case("/dev/zero")


def test_parse_yaml_refuses_control_characters_cleanly() -> None:
    with pytest.raises(DataFileError, match="not valid YAML: special characters"):
        parse_yaml("a: 1\x00", "nul.yaml")


def test_load_case_refuses_deep_nesting_in_both_formats(tmp_path: Path) -> None:
    for name, text in [("d.json", DEEP_JSON), ("d.yaml", DEEP_YAML)]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CaseFileError, match="nested deeper than"):
            load_case(path)


def test_load_pack_refuses_deep_nesting_and_aliases() -> None:
    with pytest.raises(RulePackError, match="rule pack <text>: nested deeper"):
        load_pack("id: x\n" + DEEP_YAML)
    with pytest.raises(RulePackError, match="aliases expand"):
        load_pack("id: x\n" + _laughs(9))


PACKAGE = Path(careplanner.__file__).parent
#: The safe loader: its YAML half is a module of its own, imported only for YAML text.
LOADER = {PACKAGE / "_content" / "_loader.py", PACKAGE / "_content" / "_yaml.py"}


def _bundled_yaml() -> list[str]:
    """Every YAML file shipped in the package, as a path relative to it."""
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.yaml"))


def test_bundled_yaml_finds_every_kind_of_data_file() -> None:
    found = set(_bundled_yaml())
    for name in ("rules/default.yaml", "instruments/scales/gds15.yaml", "cli/examples.yaml"):
        assert name in found
    assert {"examples/shidu-mother.yaml", "group/measures/rses.yaml", "sources.yaml"} <= found


@pytest.mark.parametrize("name", _bundled_yaml())
def test_every_bundled_data_file_passes_the_safe_loader(name: str) -> None:
    """The fast parse of a shipped file equals the limited one: it keeps every limit."""
    package, _, file = f"careplanner/{name}".rpartition("/")
    package = package.replace("/", ".")
    if not (PACKAGE / name).parent.joinpath("__init__.py").exists():
        package, _, sub = package.rpartition(".")
        file = f"{sub}/{file}"
    data = load_bundled(package, file)
    assert isinstance(data, dict)
    assert data == parse((PACKAGE / name).read_text("utf-8"), name, "yaml")


#: What reads YAML or JSON data; only the loader may call it.
_PARSERS = re.compile(r"yaml\.(safe_)?load\b|yaml\.(C)?SafeLoader|CSafeLoader")


def test_only_the_loader_parses_yaml() -> None:
    """No module but the one loader parses YAML, so every data file keeps its limits."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path not in LOADER and _PARSERS.search(path.read_text("utf-8"))
    ]
    assert offenders == []


#: The yaml functions that read a document; only the loader may call them.
_YAML_READERS = re.compile(r"load|compose|parse|scan")


def _yaml_reads(tree: ast.AST) -> list[str]:
    """Every use of a yaml reading function, a yaml loader class or ``json.load`` in `tree`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module, name = node.value.id, node.attr
            if (module == "yaml" and (_YAML_READERS.search(name) or name.endswith("Loader"))) or (
                module == "json" and name == "load"
            ):
                found.append(f"{module}.{name}")
        elif isinstance(node, ast.ImportFrom) and node.module in {"yaml", "json"}:
            found += [f"{node.module}.{a.name}" for a in node.names if _YAML_READERS.search(a.name)]
    return found


def test_no_module_reads_a_data_file_another_way() -> None:
    """Parsed, not pattern-matched: an aliased or imported yaml reader is found too."""
    offenders = {
        str(path.relative_to(PACKAGE)): reads
        for path in PACKAGE.rglob("*.py")
        if path not in LOADER and (reads := _yaml_reads(ast.parse(path.read_text("utf-8"))))
    }
    assert offenders == {}


def test_yaml_reads_finds_each_way_of_reading() -> None:
    """The scan above can fail: it sees every way this test knows of reading YAML."""
    text = (
        "import yaml, json\nfrom yaml import safe_load\n"
        "yaml.safe_load(t)\nyaml.load(t, Loader=yaml.CSafeLoader)\n"
        "json.load(f)\nyaml.safe_dump(d)\n"
    )
    assert sorted(_yaml_reads(ast.parse(text))) == [
        "json.load", "yaml.CSafeLoader", "yaml.load", "yaml.safe_load", "yaml.safe_load"
    ]  # fmt: skip


#: What the package ships besides code and YAML data: the page's and reports' templates.
_NOT_DATA = {".py", ".typed", ".css", ".j2", ".js", ".html"}


def test_every_data_file_shipped_is_yaml_read_by_the_loader() -> None:
    """No JSON, TOML or other data file escapes the per-file test above."""
    shipped = {p.suffix for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert shipped - _NOT_DATA == {".yaml"}
