"""The rule pack's Chinese wording: every text a person reads in both languages."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml

from careplanner.errors import RulePackError
from careplanner.rules import default_pack, load_pack
from tests.rules.test_pack import DEFAULT

PACK = default_pack()
LATIN_WORDS = re.compile(r"[A-Za-z]+(?:\s+[A-Za-z]+){3,}")


def _texts() -> list[tuple[str, str, str]]:
    """(where, english, chinese) for every translatable text of the default pack."""
    rows = [("source", PACK.text("source", "en"), PACK.text("source", "zh-CN"))]
    for name, threshold in PACK.thresholds.items():
        fields = ["cite", "source"] + (["population"] if threshold.norm else [])
        rows += [
            (f"{name}.{f}", threshold.text(f, "en"), threshold.text(f, "zh-CN")) for f in fields
        ]
    for name, intervention in PACK.interventions.items():
        rows.append((name, intervention.text("source", "en"), intervention.text("source", "zh-CN")))
    for n, ordering in enumerate(PACK.orderings):
        rows.append((f"orderings[{n}]", ordering.source, ordering.text("source", "zh-CN")))
    for combo in PACK.combinations:
        if combo.note:
            rows.append((combo.id, combo.note, combo.text("note", "zh-CN")))
    return rows


@pytest.mark.parametrize(("where", "english", "chinese"), _texts(), ids=lambda v: str(v)[:40])
def test_default_pack_text_is_worded_in_chinese_without_english_prose(
    where: str, english: str, chinese: str
) -> None:
    assert chinese != english, f"{where} has no Chinese wording"
    assert not LATIN_WORDS.search(re.sub(r"\[[a-z0-9-]+\]", "", chinese)), where


def test_pack_text_falls_back_to_english_when_not_translated() -> None:
    data = copy.deepcopy(DEFAULT)
    data["id"] = "own-pack"
    del data["thresholds"]["ucla3_lonely"]["zh-CN"]
    pack = load_pack(yaml.safe_dump(data, allow_unicode=True))
    threshold = pack.thresholds["ucla3_lonely"]
    assert threshold.text("cite", "zh-CN") == threshold.cite


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t["zh-CN"].update(cite="UCLA-3 ≥ 6 分"),
            "'zh-CN.cite' must cite the same keys as 'cite': ['hughes2004']",
        ),
        (
            lambda t: t["zh-CN"].update(population="深圳"),
            "'zh-CN.population' translates a 'population' that is not given",
        ),
    ],
)
def test_load_pack_refuses_a_translation_that_drifts_from_the_english(
    change: Any, message: str
) -> None:
    data = copy.deepcopy(DEFAULT)
    change(data["thresholds"]["ucla3_lonely"])
    with pytest.raises(RulePackError) as caught:
        load_pack(yaml.safe_dump(data, allow_unicode=True))
    assert "thresholds.ucla3_lonely" in str(caught.value)
    assert message in str(caught.value)
