"""Every word of a plan belongs to its client: slots filled from the case, no seed details."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplanner import assess, load_case
from careplanner.fhir import fhir_bundle
from careplanner.plan._slots import fill, slots_of
from careplanner.report import (
    as_text,
    render_html,
    render_logic_sheet,
    render_markdown,
    render_terminal,
)
from careplanner.synth import generate_cases

#: Details of the casework paper's client, in both languages: only her own plan may hold them.
SEED_DETAILS = (
    "nurse",
    "epidemic",
    "sister",
    "square-dance",
    "square dance",
    "the seed",
    "the paper",
    "医护工作者",
    "救死扶伤",
    "疫情",
    "妹妹",
    "广场舞",
    "论文",
)
OTHER_EXAMPLES = ("living-alone-crisis", "living-alone-well")


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ({"en": "Take up {hobby|a hobby}.", "zh-CN": "重拾{hobby|爱好}。"}, {}, "Take up a hobby."),
        (
            {"en": "Take up {hobby|a hobby}.", "zh-CN": "重拾{hobby|爱好}。"},
            {"hobby": {"en": "chess", "zh-CN": "象棋"}},
            "Take up chess.",
        ),
        ({"en": "Call their {relative}.", "zh-CN": "联系{relative}。"}, {}, None),
        ({"en": "With {relative}.||Alone.", "zh-CN": "与{relative}。||独自。"}, {}, "Alone."),
        ({"en": "{when_abuse}Call 110.", "zh-CN": "{when_abuse}拨打110。"}, {}, None),
        (
            {"en": "{when_abuse}Call 110.", "zh-CN": "{when_abuse}拨打110。"},
            {"when_abuse": {"en": "", "zh-CN": ""}},
            "Call 110.",
        ),
    ],
)
def test_fill_uses_the_value_neutral_words_or_leaves_the_sentence_out(
    text: dict[str, str], slots: dict[str, dict[str, str]], expected: str | None
) -> None:
    filled = fill(text, slots)  # type: ignore[arg-type]
    assert (None if filled is None else filled["en"]) == expected


def test_seed_plan_keeps_its_own_details() -> None:
    case = load_case("example:shidu-mother")
    plan = assess(case, "intake").plan
    words = " ".join(t["en"] for s in plan.stages for i in s.interventions for t in i.strategies)
    assert "sister" in words and "community square-dance team" in words
    assert [s.id for s in plan.stages] == [
        "engage_assess",
        "beliefs",
        "strengths_family",
        "social_reentry",
        "consolidate_close",
    ]
    assert [s.sessions for s in plan.stages] == [1, 2, 2, 1, 1]


@pytest.mark.parametrize(
    "source", [f"example:{e}" for e in OTHER_EXAMPLES] + [f"synth:{n}" for n in range(6)]
)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_other_clients_outputs_carry_no_seed_detail(source: str, lang: str) -> None:
    case = (
        next(generate_cases(1, seed=int(source[6:])))
        if source.startswith("synth:")
        else load_case(source)
    )
    result = assess(case)
    outputs = {
        "terminal": as_text(render_terminal(result, lang=lang)),  # type: ignore[arg-type]
        "html": render_html(case, result, lang=lang),  # type: ignore[arg-type]
        "markdown": render_markdown(case, result, lang=lang),  # type: ignore[arg-type]
        "json": result.model_dump_json(),
        "fhir": json.dumps(fhir_bundle(case, result), ensure_ascii=False),
    }
    # A generated client may have its own square dancing: only what is not its own counts.
    own = {word for word in SEED_DETAILS if word in case.model_dump_json()}
    assert {(kind, word) for kind, word in _seed_details(outputs) if word not in own} == set()


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_logic_sheet_carries_no_seed_detail(lang: str) -> None:
    sheets = {fmt: render_logic_sheet(lang=lang, fmt=fmt) for fmt in ("html", "md")}  # type: ignore[arg-type]
    assert _seed_details(sheets) == set()


def _seed_details(outputs: dict[str, str]) -> set[tuple[str, str]]:
    return {
        (kind, word)
        for kind, text in outputs.items()
        for word in SEED_DETAILS
        if word.lower() in text.lower()
    }


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 10_000))
def test_every_filled_slot_value_comes_from_the_case(index: int) -> None:
    case = next(generate_cases(1, seed=index))
    own = _own_words(case)
    for name, words in slots_of(case, case.latest, None).items():
        if name.startswith("when_"):
            assert set(words.values()) == {""}
        else:
            assert set(words.values()) <= own, name


def _own_words(case: object) -> set[str]:
    """Every label, hobby and occupation the case holds, and the planner's relation words."""
    from careplanner.plan._slots import _words

    found: set[str] = set()
    for contact in case.contacts:  # type: ignore[attr-defined]
        found |= set(contact.label.values())
    for assessment in case.assessments:  # type: ignore[attr-defined]
        found |= set(assessment.observations.former_hobbies)
    if case.client.former_occupation:  # type: ignore[attr-defined]
        found.add(case.client.former_occupation)  # type: ignore[attr-defined]
    for table in _words().values():
        for words in table.values():
            found |= set(words.values())
    return found
