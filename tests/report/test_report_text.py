"""The report's words: every key in both languages, every key a template uses exists."""

from __future__ import annotations

from importlib import resources
from typing import get_args

import jinja2
import pytest
import yaml
from jinja2 import nodes

from careplanner._content._thresholds import Basis
from careplanner._content._vocab import LANGUAGES, Severity
from careplanner.errors import UnknownCodeError
from careplanner.instruments.result import Direction
from careplanner.models import (
    AssessmentKind,
    LivingArrangement,
    Relation,
    Sex,
    SupportType,
    TieStatus,
)
from careplanner.plan._catalogue import Channel
from careplanner.plan._outcome import Status
from careplanner.report import (
    as_text,
    render_explanation,
    render_html,
    render_logic_sheet,
    render_markdown,
    render_terminal,
)
from careplanner.report._text import Words, _flatten, catalogue

from .report_pages import EXAMPLES, case, intake

TEMPLATES = resources.files("careplanner.report").joinpath("templates")


def leaves(node: object, path: str = "") -> list[tuple[str, object]]:
    """Every text entry of the raw YAML: (dotted key, its {language: text} mapping)."""
    assert isinstance(node, dict)
    if set(node) & {"en", "zh-CN"}:
        return [(path, node)]
    return [pair for key, value in node.items() for pair in leaves(value, f"{path}{key}.")]


def template_keys() -> list[tuple[str, nodes.Call]]:
    """Every ``t(...)`` call in every template, with its first argument."""
    env = jinja2.Environment()
    calls = []
    for template in TEMPLATES.iterdir():
        tree = env.parse(template.read_text("utf-8"))
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "t":
                calls.append((template.name, call))
    return calls


def test_text_catalogue_gives_every_key_both_languages():
    raw = yaml.safe_load(resources.files("careplanner.report").joinpath("text.yaml").read_text())
    entries = leaves(raw["text"])
    assert len(entries) == len(catalogue()) > 150
    for key, entry in entries:
        assert isinstance(entry, dict)
        assert sorted(entry) == sorted(LANGUAGES), key
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), key


def test_text_catalogue_refuses_an_entry_without_chinese():
    with pytest.raises(ValueError, match=r"'plan\.stage' needs a non-empty text"):
        _flatten({"plan": {"stage": {"en": "Stage"}}}, "", {})


def test_text_catalogue_refuses_an_unquoted_yes_key():
    with pytest.raises(ValueError, match="must be text; quote it"):
        _flatten(yaml.safe_load("common: {yes: {en: 'yes', zh-CN: 是}}"), "", {})


def test_templates_use_only_keys_the_catalogue_has():
    calls = template_keys()
    assert len(calls) > 100
    for template, call in calls:
        first = call.args[0]
        assert isinstance(first, nodes.Const), f"{template}: t() with a computed key"
        assert first.value in catalogue(), f"{template}: unknown key {first.value!r}"


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("sex", Sex),
        ("living", LivingArrangement),
        ("relation", Relation),
        ("tie_status", TieStatus),
        ("support", SupportType),
        ("kind", AssessmentKind),
        ("severity", Severity),
        ("basis", Basis),
        ("channel", Channel),
        ("direction", Direction),
        ("objective_status", Status),
    ],
)
def test_text_catalogue_names_every_code_the_views_translate(prefix, codes):
    missing = [c for c in get_args(codes) if f"{prefix}.{c}" not in catalogue()]
    assert missing == []


def test_words_refuse_an_unknown_key():
    with pytest.raises(UnknownCodeError, match="'report text key' must be one of"):
        Words("en")("section.nonexistent")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_view_renders_each_example_in_each_language(example, lang):
    found, result = case(example), intake(example)
    html = render_html(found, result, lang=lang)
    markdown = render_markdown(found, result, lang=lang)
    terminal = as_text(render_terminal(result, lang=lang))
    explanation = as_text(render_explanation(result, lang=lang))
    heading = Words(lang)("section.plan")
    assert heading in html and heading in markdown
    assert Words(lang)("section.needs") in terminal
    assert Words(lang)("needs.what_would_change") in explanation


@pytest.mark.parametrize("lang", LANGUAGES)
def test_logic_sheet_renders_in_each_language(lang):
    assert Words(lang)("logic.thresholds") in render_logic_sheet(lang=lang)
