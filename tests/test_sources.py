"""The bibliography: its entries, how data files cite them, and docs/sources.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from careplanner import load_case
from careplanner._sources import (
    Reference,
    bibliography,
    check_cited,
    cited_keys,
    references,
    sources_markdown,
)
from careplanner.assess import assess
from careplanner.errors import CareplannerError
from careplanner.fhir import fhir_knowledge
from careplanner.models import Language
from careplanner.report import render_html, render_logic_sheet, render_markdown
from careplanner.rules import load_pack

ROOT = Path(__file__).resolve().parents[1]


def _data_files(folder: Traversable | None = None) -> Iterator[Traversable]:
    for entry in (folder or resources.files("careplanner")).iterdir():
        if entry.is_dir():
            yield from _data_files(entry)
        elif entry.name.endswith((".yaml", ".yml")) and entry.name != "sources.yaml":
            yield entry


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _cited_in_package() -> set[str]:
    cited = {
        key
        for data in _data_files()
        for text in _strings(yaml.safe_load(data.read_text("utf-8")))
        for key in cited_keys(text)
    }
    for module in (ROOT / "careplanner").rglob("*.py"):
        cited.update(cited_keys(module.read_text("utf-8")))
    return cited


@pytest.mark.parametrize("data", sorted(_data_files(), key=str), ids=lambda d: d.name)
def test_data_file_cites_only_keys_of_the_bibliography(data: Traversable) -> None:
    texts = _strings(yaml.safe_load(data.read_text("utf-8")))
    unknown = {key for text in texts for key in cited_keys(text)} - set(bibliography())
    assert not unknown


def test_bibliography_holds_only_works_something_cites() -> None:
    assert set(bibliography()) - _cited_in_package() == set()


def test_bibliography_is_keyed_and_sorted_by_key() -> None:
    works = bibliography()
    assert list(works) == sorted(works)
    assert all(key == ref.key for key, ref in works.items())


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (
            {
                "key": "a2001",
                "authors": ["Kroenke K", "Spitzer RL"],
                "year": 2001,
                "title": "The PHQ-9",
                "journal": "J Gen Intern Med",
                "volume": "16",
                "issue": "9",
                "pages": "606-613",
                "doi": "10.1046/x",
                "url": "https://example.org/a",
            },
            "Kroenke K, Spitzer RL (2001). The PHQ-9. J Gen Intern Med 16(9):606-613."
            " doi:10.1046/x.",
        ),
        (
            {
                "key": "b1986",
                "authors": ["Sheikh JI"],
                "year": 1986,
                "title": "GDS: a shorter version",
                "book": "Brink TL (ed.) Clinical Gerontology",
                "publisher": "Haworth Press",
                "pages": "165-173",
            },
            "Sheikh JI (1986). GDS: a shorter version. In: Brink TL (ed.) Clinical Gerontology."
            " Haworth Press. pp. 165-173.",
        ),
        (
            {"key": "c", "authors": ["Klass D"], "edited": True, "year": 1996, "title": "Bonds?"},
            "Klass D (ed.) (1996). Bonds?",
        ),
        (
            {
                "key": "e",
                "authors": ["A B", "C D"],
                "edited": True,
                "title": "T",
                "journal": "J",
                "issue": "1",
                "pages": "3-9",
            },
            "A B, C D (eds) (n.d.). T. J (1):3-9.",
        ),
        (
            {"key": "d", "title": "A paper", "url": "https://example.org/d", "note": "Abstract"},
            "Authors not stated (n.d.). A paper. https://example.org/d Note: Abstract.",
        ),
    ],
)
def test_reference_text_gives_authors_year_title_venue_and_locator(
    fields: dict[str, object], text: str
) -> None:
    assert Reference.model_validate(fields).text == text


def test_references_lists_each_cited_work_once_sorted_by_key() -> None:
    cited = references(["first [stanley2012]", "then [conti2020] and [stanley2012] again"])
    assert [ref.key for ref in cited] == ["conti2020", "stanley2012"]
    assert cited[1].text.startswith("Stanley B, Brown GK (2012). Safety Planning Intervention")


@given(st.sampled_from(sorted(bibliography())), st.text(alphabet=" .,;()abc"))
def test_check_cited_accepts_any_known_key_in_any_prose(key: str, prose: str) -> None:
    text = f"{prose}[{key}]{prose}"
    assert check_cited(text) == text
    assert cited_keys(text) == (key,)


@pytest.mark.parametrize("text", ["[nobody1999]", "see [kroenke2001] and [nobody1999]."])
def test_check_cited_names_the_unknown_key(text: str) -> None:
    with pytest.raises(ValueError, match="'nobody1999', which is not a key"):
        check_cited(text)


def test_rule_pack_citing_an_unknown_key_fails_to_load_naming_file_and_key(
    tmp_path: Path,
) -> None:
    text = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace("[lubben2006]", "[lubben2099]", 1), "utf-8")
    with pytest.raises(CareplannerError) as caught:
        load_pack(pack)
    assert str(pack) in str(caught.value)
    assert "cites 'lubben2099', which is not a key of careplanner/sources.yaml" in str(caught.value)
    assert "did you mean 'lubben2006'?" in str(caught.value)


def test_docs_sources_md_is_what_the_generator_writes() -> None:
    """Regenerate with ``make sources``."""
    assert (ROOT / "docs" / "sources.md").read_text("utf-8") == sources_markdown()


def _body_and_listed(text: str, heading: str) -> tuple[set[str], set[str]]:
    body, _, appendix = text.replace("\\", "").partition(heading)
    known = set(bibliography())
    listed = {line.split("]")[0].removeprefix("- **[") for line in appendix.splitlines()[2:]}
    return {k for k in cited_keys(body) if k in known}, {k for k in listed if k}


@pytest.mark.parametrize("example", ["living-alone-crisis", "shidu-mother"])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_markdown_report_lists_the_full_reference_of_every_key_it_cites(
    example: str, lang: Language
) -> None:
    case = load_case(f"example:{example}")
    text = render_markdown(case, assess(case, "intake"), lang=lang)
    heading = "## References" if lang == "en" else "## 参考文献"
    cited, listed = _body_and_listed(text.split("\n---\n")[0], heading)
    assert cited and cited == listed
    assert "[kroenke2001] Kroenke K, Spitzer RL" in text.replace("\\", "").replace("**", "")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_logic_sheet_lists_the_full_reference_of_every_key_it_cites(lang: Language) -> None:
    text = render_logic_sheet(lang=lang, fmt="md")
    heading = "## References" if lang == "en" else "## 参考文献"
    cited, listed = _body_and_listed(text, heading)
    assert cited == listed
    assert {"stanley2012", "lubben2006", "shidu-casework"} <= listed


def test_html_report_links_each_cited_key_to_its_reference() -> None:
    case = load_case("example:living-alone-crisis")
    html = render_html(case, assess(case, "intake"), lang="en")
    listed = set(re.findall(r'<li id="ref-([a-z0-9-]+)"[^>]*><code>', html))
    body = html.split('<section id="references"')[0]
    assert listed == {k for k in cited_keys(body) if k in bibliography()}


#: Pointers a reader of this repository cannot follow: files outside it, issue numbers and the
#: shorthand of notes that are not part of it. Split so that this file does not match itself.
_UNFOLLOWABLE = re.compile(
    "|".join(
        [
            "shared" + "/",
            *(f"{notes} \u00a7" for notes in ("IN", "IV", "FM", "seed")),
            "issue #[0-9]",
        ]
    )
)
_SKIPPED_DIRS = {".git", ".venv", ".hypothesis", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _repository_texts() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if (
            path.is_file()
            and not parts & _SKIPPED_DIRS
            and not any(part.endswith(".egg-info") for part in parts)
        ):
            yield path


def test_repository_points_only_to_what_a_reader_can_follow() -> None:
    found = []
    for path in _repository_texts():
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue  # a binary file (an image)
        found += [
            f"{path.relative_to(ROOT)}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if _UNFOLLOWABLE.search(line)
        ]
    assert found == []


def test_fhir_rule_plan_cites_in_full_every_key_its_expressions_cite() -> None:
    entries = fhir_knowledge()["entry"]
    assert isinstance(entries, list)
    plans = [e["resource"] for e in entries if e["resource"]["resourceType"] == "PlanDefinition"]
    rules = next(p for p in plans if p["type"]["coding"][0]["code"] == "eca-rule")
    in_expressions = {
        key
        for action in rules["action"]
        for sub in action["action"]
        for condition in sub.get("condition", [])
        for key in cited_keys(condition["expression"]["expression"])
    }
    artifacts = {a["label"]: a for a in rules["relatedArtifact"]}
    assert in_expressions and in_expressions <= set(artifacts)
    assert artifacts["kroenke2001"]["type"] == "citation"
    assert artifacts["kroenke2001"]["citation"].startswith("Kroenke K, Spitzer RL, Williams JBW")
    stages = next(p for p in plans if p["type"]["coding"][0]["code"] == "clinical-protocol")
    assert {"stanley2012", "shidu-casework"} <= {a["label"] for a in stages["relatedArtifact"]}
