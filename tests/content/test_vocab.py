"""The shared vocabulary: one declaration of each idea, used by every package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

import careplanner
from careplanner._content._vocab import (
    LANGUAGES,
    WRITING_ORDER,
    Code,
    FactName,
    Frozen,
    Text,
    trusted,
)
from careplanner.rules import EngineRef, Findings

PACKAGE = Path(careplanner.__file__).parent
#: The vocabulary's own modules: `_vocab` and the languages it re-exports (no pydantic there).
_VOCABULARY = {"_content/_vocab.py", "_content/_language.py"}
#: What a redeclaration of the vocabulary looks like in a module.
_REDECLARED = re.compile(
    r"^(?:Language|_?LANGUAGES|Text|Code|FactName|FactValue|Severity)\b[^=\n]*= "
    r'|^def _both_languages|Literal\["(?:zh-CN|en)", "(?:zh-CN|en)"\]',
    re.MULTILINE,
)


def test_vocab_is_declared_only_in_the_content_core() -> None:
    """No module restates a language list, a text type or a code pattern of its own."""
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if str(path.relative_to(PACKAGE)) not in _VOCABULARY
        for match in _REDECLARED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_languages_list_each_language_once_default_first() -> None:
    assert LANGUAGES == ("zh-CN", "en")
    assert WRITING_ORDER == ("en", "zh-CN")


@pytest.mark.parametrize(
    "text",
    [
        {"en": "Grief"},
        {"zh-CN": "哀伤"},
        {"en": "Grief", "zh-CN": " "},
        {"en": "", "zh-CN": "哀伤"},
    ],
)
def test_text_refuses_a_missing_or_blank_language(text: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=r"non-empty entry for each of \['en', 'zh-CN'\]"):
        TypeAdapter(Text).validate_python(text)


def test_text_refuses_a_language_careplanner_does_not_write() -> None:
    with pytest.raises(ValidationError, match="fr"):
        TypeAdapter(Text).validate_python({"en": "Grief", "zh-CN": "哀伤", "fr": "Deuil"})


@pytest.mark.parametrize("name", ["gds15.total", "net.confidants_besides_spouse", "net_x.size"])
def test_fact_name_accepts_every_shipped_form(name: str) -> None:
    assert TypeAdapter(FactName).validate_python(name) == name


@pytest.mark.parametrize("name", ["gds15", "Gds15.total", "1x.total", "gds15.", "gds15.total "])
def test_fact_name_refuses_a_name_without_namespace_or_with_capitals(name: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(FactName).validate_python(name)


@pytest.mark.parametrize(("code", "ok"), [("abc_1", True), ("1abc", False), ("a-b", False)])
def test_code_allows_letters_digits_and_underscore_letter_first(code: str, ok: bool) -> None:
    try:
        TypeAdapter(Code).validate_python(code)
    except ValidationError:
        assert not ok
    else:
        assert ok


def test_frozen_models_refuse_changes_and_unknown_fields_without_echoing_input() -> None:
    class Label(Frozen):
        name: str

    label = Label(name="x")
    with pytest.raises(ValidationError):
        label.name = "y"  # type: ignore[misc]
    with pytest.raises(ValidationError) as info:
        Label.model_validate({"name": "x", "secret": "Wang Fang"})
    assert "Wang Fang" not in str(info.value)


def test_trusted_gives_what_validation_gives() -> None:
    findings = careplanner.assess(careplanner.load_case("example:living-alone-crisis")).findings
    values = {name: getattr(findings, name) for name in Findings.model_fields}
    built = trusted(Findings, **values)
    assert built == Findings.model_validate(values)
    assert built.model_dump_json() == findings.model_dump_json()
    assert repr(built) == repr(findings)


def test_trusted_wants_every_field() -> None:
    with pytest.raises(AssertionError, match="EngineRef: every field"):
        trusted(EngineRef, name="python")
