"""A pack in today's condition spelling and the same pack in the grammar are the same pack."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

from careplanner.errors import DataFileError, RulePackError
from careplanner.rules import default_pack, evaluate, load_pack

from .strategies import fact_sets

GOLDEN = Path(__file__).parents[1] / "golden" / "examples" / "shidu-mother.assess.json"
GRAMMAR = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")


def todays_spelling(text: str) -> str:
    """The pack text with every condition spelled as before the grammar."""
    text = re.sub(r"\{fact: ([\w.]+), op: eq, value: (true|false)\}", r"{fact: \1, is: \2}", text)
    return re.sub(
        r"\{fact: ([\w.]+), op: (lt|le|gt|ge), value: ([a-z]\w*)\}",
        r"{fact: \1, op: \2, threshold: \3}",
        text,
    )


def named(text: str, pack_id: str) -> str:
    return text.replace("id: careplanner-default", f"id: {pack_id}", 1)


TODAY = todays_spelling(GRAMMAR)
OLD, NEW = load_pack(named(TODAY, "org-old")), load_pack(named(GRAMMAR, "org-new"))


def test_bundled_pack_is_written_in_the_grammar_and_reads_as_todays_spelling() -> None:
    assert "threshold: ucla3_lonely}" in TODAY and ", is: true}" in TODAY
    assert "threshold: " not in GRAMMAR.split("needs:")[1] and ", is: " not in GRAMMAR
    today = load_pack(TODAY)
    assert today == default_pack()
    # The hash every result names stays the one recorded in the golden files.
    golden = json.loads(GOLDEN.read_text("utf-8"))["findings"]["pack"]["content_hash"]
    assert today.content_hash == default_pack().content_hash == golden


@pytest.mark.parametrize("engine", ["auto", "python"])
@settings(max_examples=60, deadline=None)
@given(facts=fact_sets())
def test_a_pack_in_todays_spelling_gives_the_findings_of_the_grammar(
    engine: str, facts: dict[str, Any]
) -> None:
    """Compiled apart (their ids differ), both packs flag, propose and explain the same."""
    old, new = evaluate(facts, OLD, engine=engine), evaluate(facts, NEW, engine=engine)
    assert old.model_dump(exclude={"pack"}) == new.model_dump(exclude={"pack"})
    assert (old.pack.id, new.pack.id) == ("org-old", "org-new")


def edited(change: Any) -> str:
    data = yaml.safe_load(named(GRAMMAR, "org"))
    change(data["needs"]["loneliness"]["rules"][0]["all"][0])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c.update(value=6),
            "needs.loneliness.rules[0].all[0].value: unknown threshold '6'; known: [",
        ),
        (
            lambda c: c.update(value="ucla3_lonley"),
            "needs.loneliness.rules[0].all[0].value: unknown threshold 'ucla3_lonley' (did you "
            "mean 'ucla3_lonely'?)",
        ),
        (
            lambda c: c.update(op="eq"),
            "needs.loneliness.rules[0].all[0].op: a rule pack compares the number 'ucla3.total' "
            "with one of ['lt', 'le', 'gt', 'ge']",
        ),
        (
            lambda c: c.update(value=True),
            "needs.loneliness.rules[0].all[0]: a yes/no 'value' is tested only with the ops "
            "'eq' and 'ne'",
        ),
        (
            lambda c: c.update(op="eq", value=True),
            "needs.loneliness.rules[0].all[0].value: fact 'ucla3.total' is a number: compare it "
            "with a threshold, not a yes/no",
        ),
        (
            lambda c: c.update(fact="ucla3.totl"),
            "needs.loneliness.rules[0].all[0].fact: unknown fact 'ucla3.totl' (did you mean "
            "'ucla3.total'?)",
        ),
    ],
)
def test_a_bad_condition_is_a_data_file_problem_at_its_field(change: Any, message: str) -> None:
    with pytest.raises(RulePackError) as caught:
        load_pack(edited(change))
    error = caught.value
    assert isinstance(error, DataFileError) and error.source == "<text>"
    assert any(str(problem).startswith(message) for problem in error.problems), error.problems


def test_a_pack_in_todays_spelling_loads_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"\{fact, is\} and \{fact, op, threshold\}"):
        assert load_pack(named(TODAY, "org-warned")).needs == NEW.needs
