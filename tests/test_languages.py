"""Every output of every bundled example, in Chinese and in English, is in that language.

Chinese outputs hold no run of four or more Latin-script words, apart from scale names,
acronyms, ids, links and citations of works written in English; English outputs hold no
Chinese except what the case itself says (names, notes) and the titles of works in Chinese.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from careplanner._sources import bibliography
from careplanner.cli import app
from careplanner.instruments import load_scales
from careplanner.instruments.model import UNVERIFIED_CHINESE, ItemText
from careplanner.report._text import Words

EXAMPLES = ("shidu-mother", "living-alone-crisis", "living-alone-well")
LANGS = ("zh-CN", "en")
runner = CliRunner()

#: A Latin-script word; a run is four of them with nothing but spaces and ASCII marks between.
_WORD = r"[A-Za-z][A-Za-z'\u2019]*"
_RUN = re.compile(rf"{_WORD}(?:[ \t\n,;:()'\"/.!?-]+{_WORD}){{3,}}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
#: Ids (snake_case, dotted, with digits or @), links, DOIs, and code spans are not prose.
_NOT_PROSE = re.compile(
    r"https?://\S+|doi:\S+|\b[a-z]+(?:-[a-z]+){2,}\b|\b[a-z]\w*(?:\.[a-z0-9]\w*)+\b|\b[\w.@-]*[_@=\d][\w.@=-]*\b|\[[a-z0-9-]+\]|`[^`]*`"
)
_LINK = re.compile(r"https?://\S+|doi:\S+")
_CODE = re.compile(r"<code>.*?</code>", re.S)
_BOX = re.compile(r"[\u2500-\u257f]")
_MARKUP = re.compile(r"<(style|script|svg)\b.*?</\1>|<[^>]+>", re.S)


@cache
def _allowed_english() -> tuple[str, ...]:
    """Texts a Chinese output may show in English: citations and the scales' English names."""
    texts = [ref.text for ref in bibliography().values()]
    # A terminal breaks a long link anywhere: the parts around it are citations too.
    texts += [part for text in texts for part in _LINK.split(text) if part.strip()]
    texts += [scale.name["en"] for scale in load_scales().values()]
    texts += [f"{words.en}{UNVERIFIED_CHINESE}" for words in _scale_wordings() if not words.zh_CN]
    return tuple(sorted({" ".join(t.split()) for t in texts}, key=len, reverse=True))


def _scale_wordings() -> Iterator[ItemText]:
    for scale in load_scales().values():
        yield from (item.text for item in scale.items if item.text is not None)
        yield from (group.text for group in scale.groups)
        yield from (option.label for answers in scale.answer_sets for option in answers.options)


@cache
def _case_texts() -> tuple[str, ...]:
    """Every text of the bundled examples (names, notes...): a case may be written in Chinese."""
    found: set[str] = set()
    root = resources.files("careplanner.examples")
    paths = [root / f"{name}.yaml" for name in EXAMPLES]
    paths += [p for p in (root / "group").iterdir() if p.name.endswith(".yaml")]
    for path in paths:
        _strings(yaml.safe_load(path.read_text("utf-8")), found)
    return tuple(sorted({" ".join(t.split()) for t in found}, key=len, reverse=True))


@cache
def _cited_chinese() -> frozenset[str]:
    """The Chinese words of the cited works (titles, journals, authors)."""
    return frozenset(run for ref in bibliography().values() for run in _CJK.findall(ref.text))


def _strings(node: object, out: set[str]) -> None:
    if isinstance(node, str):
        out.add(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            _strings(key, out)
            _strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, out)


def _plain(text: str) -> str:
    """Text as a reader sees it: markup, escapes, Markdown backslashes, box drawing and line
    wrapping removed (every run of white space is one space)."""
    text = html.unescape(_MARKUP.sub(" ", _CODE.sub("\u3000", text)))
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|&])", r"\1", text)
    return " ".join(_BOX.sub(" ", text).split())


def english_runs(text: str) -> list[str]:
    """Runs of four or more English words in `text`, outside the allowed texts."""
    text = _plain(text)
    for allowed in _allowed_english():
        text = text.replace(allowed, " ")
    text = _NOT_PROSE.sub("\u3000", text)
    return [m.group(0) for m in _RUN.finditer(text) if not _acronyms(m.group(0))]


def _acronyms(run: str) -> bool:
    words = re.findall(_WORD, run)
    return sum(not w.isupper() for w in words) < 4


def chinese_runs(text: str) -> list[str]:
    """Chinese text in `text` that the case and the cited Chinese works do not contain."""
    text = _plain(text)
    for allowed in _case_texts():
        text = text.replace(allowed, " ")
    # A case text wrapped across a table's lines reaches the page in pieces: each is its own.
    known = (*_cited_chinese(), *_case_texts())
    return [run for run in _CJK.findall(text) if not any(run in words for words in known)]


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    return result.stdout + result.stderr


def outputs(lang: str, tmp: Path) -> Iterator[tuple[str, str]]:
    """(what, text) of every output in `lang`."""
    for name in EXAMPLES:
        case = f"example:{name}"
        for command in ("assess", "explain", "compare"):
            yield f"{command} {name}", _cli(command, case, "--lang", lang)
        change = ["--set", "ucla3.item1=3", "--set", "obs.hobbies_abandoned=true"]
        yield f"whatif {name}", _cli("whatif", case, *change, "--lang", lang)
        for kind in ("html", "md"):
            yield (
                f"report {name} {kind}",
                _cli("report", case, "-o", "-", "--as", kind, "--lang", lang),
            )
            yield (
                f"report --brief {name} {kind}",
                _cli("report", case, "--brief", "-o", "-", "--as", kind, "--lang", lang),
            )
            out = tmp / f"{name}.{kind}"
            yield f"wrote {name} {kind}", _cli("report", case, "-o", str(out), "--lang", lang)
        yield f"fhir {name}", _narratives(_cli("fhir", "export", case, "-o", "-", "--lang", lang))
    seed = f"example:{EXAMPLES[0]}"  # the example with an intake and a closure
    for kind in ("html", "md"):
        yield (
            f"report --compare {kind}",
            _cli("report", seed, "--compare", "-o", "-", "--as", kind, "--lang", lang),
        )
    yield (
        "fhir reassessment",
        _narratives(_cli("fhir", "reassessment", seed, "-o", "-", "--lang", lang)),
    )
    questionnaires = _cli("fhir", "questionnaires", "-o", "-", "--lang", lang)
    yield "fhir questionnaires", "\n".join(_readable(json.loads(questionnaires)))
    yield "demo", _cli("demo", "--lang", lang)
    for kind in ("md", "html"):
        yield f"logic {kind}", _cli("logic", "--as", kind, "--lang", lang)
    yield "group survey", _cli("group", "survey", "example:residents", "--lang", lang)
    yield "group plan", _cli("group", "plan", "example:residents", "--lang", lang)
    yield "group plan html", _cli("group", "plan", "example:residents", "-o", "-", "--lang", lang)
    evaluate = ["example:residents", "example:after", "--sessions", "example:sessions"]
    yield "group evaluate", _cli("group", "evaluate", *evaluate, "--lang", lang)
    yield "error: unknown example", _cli("assess", "example:nobody", "--lang", lang)
    yield (
        "error: unwritable",
        _cli("report", f"example:{EXAMPLES[0]}", "-o", str(tmp / "no" / "x.md"), "--lang", lang),
    )


def _narratives(bundle: str) -> str:
    """The narrative (``text.div``) of every resource of a FHIR bundle."""
    data = json.loads(bundle)
    divs = [e["resource"].get("text", {}).get("div", "") for e in data.get("entry", [])]
    return "\n".join(divs)


def _readable(node: object) -> Iterator[str]:
    """The texts a form shows: titles, descriptions, item texts, careplanner's answer displays
    (a standard code's display is the code's own name, not translated)."""
    if isinstance(node, list):
        for value in node:
            yield from _readable(value)
    elif isinstance(node, dict):
        if "loinc" in str(node.get("system", "")):
            return
        for key, value in node.items():
            if key in ("title", "text", "display", "description") and isinstance(value, str):
                yield value
            elif not key.startswith("_"):
                yield from _readable(value)


def test_chinese_outputs_hold_no_english_prose(tmp_path: Path) -> None:
    found = {what: english_runs(text) for what, text in outputs("zh-CN", tmp_path)}
    assert {what: runs for what, runs in found.items() if runs} == {}


def test_english_outputs_hold_no_chinese_but_the_case_s_own(tmp_path: Path) -> None:
    found = {what: chinese_runs(text) for what, text in outputs("en", tmp_path)}
    assert {what: runs for what, runs in found.items() if runs} == {}


_BAD_PLURAL = re.compile(r"\b1 (?:rules|stages|sessions|members|residents|months|ties)\b|\w\(s\)")


def test_english_outputs_say_1_rule_and_2_rules(tmp_path: Path) -> None:
    found = {what: _BAD_PLURAL.findall(text) for what, text in outputs("en", tmp_path)}
    assert {what: bad for what, bad in found.items() if bad} == {}


@pytest.mark.parametrize(
    ("key", "values", "text"),
    [
        ("needs.rule_count", {"n": 1}, "1 rule fired"),
        ("needs.rule_count", {"n": 2}, "2 rules fired"),
        ("plan.summary", {"stages": 1, "sessions": 1}, "1 stage, 1 session"),
        ("plan.summary", {"stages": 5, "sessions": 0}, "5 stages, 0 sessions"),
    ],
)
def test_words_choose_the_english_plural_by_count(
    key: str, values: dict[str, int], text: str
) -> None:
    assert Words("en")(key, **values) == text


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        (
            "（惯例：going out at most once a week; careplanner convention）",
            ["going out at most once a week; careplanner convention"],
        ),
        ("老年抑郁量表（GDS-15）总分 > 5 [gds15_depression, 已发表]", []),
        ("PHQ-9 ≥ 10 [kroenke2001]：对重性抑郁 PEARLS REACH II DSM TR", []),
        ("<td>Geriatric Depression Scale - short form (GDS-15)</td>", []),
        ("来源：<code>phq9.item9 is above the line</code>", []),
    ],
)
def test_english_runs_finds_prose_and_spares_names_ids_and_acronyms(
    text: str, runs: list[str]
) -> None:
    assert english_runs(text) == runs


def test_chinese_runs_spares_the_case_s_own_words() -> None:
    assert chinese_runs("Client: 张女士, rule pack (规则包)") == ["规则包"]
