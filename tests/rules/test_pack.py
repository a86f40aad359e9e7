"""Rule packs: the default pack loads; every kind of bad pack is refused with a clear message."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from careplanner.errors import RulePackError
from careplanner.rules import RulePack, default_pack, load_pack, pack_schema

DEFAULT_TEXT = resources.files("careplanner.rules").joinpath("default.yaml").read_text("utf-8")
DEFAULT: dict[str, Any] = yaml.safe_load(DEFAULT_TEXT)


def edited(change: Any) -> str:
    """The default pack as YAML text after `change(data)` edits a copy of it."""
    data = copy.deepcopy(DEFAULT)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def refusal(text: str) -> str:
    with pytest.raises(RulePackError) as caught:
        load_pack(text)
    return str(caught.value)


def test_default_pack_has_name_version_and_hash() -> None:
    pack = default_pack()
    assert (pack.id, pack.version, pack.name) == (
        "careplanner-default",
        "1.0.0",
        "careplanner-default@1.0.0",
    )
    assert pack.content_hash.startswith("sha256:") and len(pack.content_hash) == 71


def test_content_hash_ignores_formatting_but_not_content() -> None:
    reformatted = load_pack(yaml.safe_dump(DEFAULT, allow_unicode=True))
    assert reformatted.content_hash == default_pack().content_hash
    changed = load_pack(
        edited(lambda d: (d["thresholds"]["ucla3_lonely"].update(value=5), d.update(id="org")))
    )
    assert changed.content_hash != default_pack().content_hash


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["thresholds"]["phq9_item9_any"].update(value=2),
        lambda d: d["needs"]["suicide_risk"].update(safety=False),
        lambda d: d["needs"]["loneliness"]["statement"].update(en="Lonely."),
    ],
)
def test_load_pack_refuses_a_changed_pack_keeping_the_default_id_and_version(change: Any) -> None:
    assert refusal(edited(change)) == (
        "rule pack <text>: its content differs from the bundled careplanner-default@1.0.0, so it"
        " may not keep that id and version; give it an id or version of its own"
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (float("nan"), "value: Input should be a finite number"),
        (float("inf"), "value: Input should be a finite number"),
        (1e-07, "value 1e-07 is too small or too large to compile"),
        (5e20, "value 500000000000000000000 is too small or too large to compile"),
    ],
)
def test_load_pack_refuses_a_threshold_the_engine_cannot_compare(
    value: float, problem: str
) -> None:
    text = edited(
        lambda d: (d["thresholds"]["phq9_item9_any"].update(value=value), d.update(id="org"))
    )
    assert f"thresholds.phq9_item9_any{'.' if 'finite' in problem else ': '}{problem}" in (
        refusal(text)
    )


def test_load_pack_reads_a_path_and_a_path_string(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    assert load_pack(path) == load_pack(str(path)) == default_pack()


def test_load_pack_names_a_missing_file() -> None:
    assert refusal("/nonexistent/org.yaml") == ("rule pack /nonexistent/org.yaml: no such file")


def test_pack_schema_is_the_json_schema_of_a_pack() -> None:
    schema = pack_schema()
    assert schema["title"] == "RulePack"
    condition = schema["$defs"]["Condition"]["properties"]
    assert condition["op"]["anyOf"][0]["enum"] == ["lt", "le", "gt", "ge", "eq", "ne"]
    assert sorted(condition) == ["fact", "need", "op", "value"]


def test_pack_round_trips_through_json() -> None:
    pack = default_pack()
    again = RulePack.model_validate_json(pack.model_dump_json(by_alias=True))
    assert again == pack and again.content_hash == pack.content_hash


def _rule(data: dict[str, Any], need: str, n: int = 0) -> dict[str, Any]:
    rule: dict[str, Any] = data["needs"][need]["rules"][n]
    return rule


def _wait(data: dict[str, Any], need: str, on: str, where: str = "all") -> None:
    rule = {"id": f"{need}_after_{on}", "severity": "low", where: [{"need": on}]}
    data["needs"][need]["rules"].append(rule)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: _rule(d, "loneliness")["all"][0].update(fact="ucla.total"),
            "needs.loneliness.rules[0].all[0].fact: unknown fact 'ucla.total'"
            " (did you mean 'ucla3.total'?)",
            id="unknown-fact",
        ),
        pytest.param(
            lambda d: _rule(d, "loneliness")["all"][0].update(op="gte"),
            "needs.loneliness.rules[0].all[0].op: Input should be 'lt', 'le', 'gt', 'ge', 'eq'"
            " or 'ne'",
            id="bad-operator",
        ),
        pytest.param(
            lambda d: d["thresholds"]["ucla3_lonely"].update(value=10),
            "needs.loneliness.rules[0]: rule 'ucla3_lonely' can never fire:"
            " its conditions exclude every possible value",
            id="never-fires-out-of-range",
        ),
        pytest.param(
            lambda d: _rule(d, "prolonged_grief", 3)["all"].append(
                {"fact": "obs.intense_grief", "is": False}
            ),
            "needs.prolonged_grief.rules[3]: rule 'grief_beyond_six_months' can never fire",
            id="never-fires-contradiction",
        ),
        pytest.param(
            lambda d: (
                _wait(d, "loneliness", "social_isolation"),
                _wait(d, "social_isolation", "loneliness"),
            ),
            "needs: cycle in chained rules: loneliness -> social_isolation -> loneliness",
            id="cycle",
        ),
        pytest.param(
            lambda d: d["needs"]["loneliness"].update(answered_by=[]),
            "needs.loneliness.answered_by: need 'loneliness' is answered by no intervention;"
            " list at least one",
            id="unanswered-need",
        ),
        pytest.param(
            lambda d: d["needs"]["loneliness"].update(answered_by=["network_rebuild"]),
            "needs.loneliness.answered_by: unknown intervention 'network_rebuild'"
            " (did you mean 'network_rebuilding'?)",
            id="unknown-intervention",
        ),
        pytest.param(
            lambda d: d["orderings"].append(
                {"before": ["consolidation_closure"], "after": ["crisis_referral"], "source": "x"}
            ),
            "orderings: cycle in orderings: consolidation_closure -> crisis_referral ->"
            " safety_planning -> engagement_assessment -> rebt_belief_work ->"
            " consolidation_closure",
            id="ordering-cycle",
        ),
        pytest.param(
            lambda d: _wait(d, "suicide_risk", "loneliness"),
            "needs.suicide_risk.rules[3].all[0].need: a safety need is flagged from facts only:"
            " nothing may delay or suppress it",
            id="safety-waits-for-need",
        ),
        pytest.param(
            lambda d: _wait(d, "loneliness", "social_isolation", where="any"),
            "needs.loneliness.rules[2].any[0].need: a rule waits for a need under 'all' only",
            id="need-under-any",
        ),
        pytest.param(
            lambda d: _rule(d, "irrational_beliefs")["all"].append(
                {"fact": "sgabs.total", "op": "ge", "threshold": "ucla3_lonely"}
            ),
            "needs.irrational_beliefs.rules[0].all[1].value: fact 'sgabs.total' has no published"
            " cut-off: no threshold may be applied to it",
            id="no-cutoff-measure",
        ),
        pytest.param(
            lambda d: _rule(d, "loneliness")["all"][0].update(threshold="ucla_lonely"),
            "needs.loneliness.rules[0].all[0].value: unknown threshold 'ucla_lonely'"
            " (did you mean 'ucla3_lonely'?)",
            id="unknown-threshold",
        ),
        pytest.param(
            lambda d: d["thresholds"].update(
                spare={"value": 1, "basis": "convention", "cite": "x", "source": "x"}
            ),
            "thresholds.spare: used by no rule",
            id="unused-threshold",
        ),
        pytest.param(
            lambda d: _rule(d, "suicide_risk").update(severity="moderate"),
            "needs.suicide_risk.rules[0].severity: a rule of a safety need has severity 'high'",
            id="safety-severity",
        ),
        pytest.param(
            lambda d: _rule(d, "loss_of_interests")["all"].__setitem__(
                0, {"fact": "obs.hobbies_abandoned", "op": "gt", "value": "ucla3_lonely"}
            ),
            "needs.loss_of_interests.rules[0].all[0].value: fact 'obs.hobbies_abandoned' is"
            " yes/no: test it with op 'eq' and value true or false",
            id="operator-on-yes-no-fact",
        ),
        pytest.param(
            lambda d: _rule(d, "loneliness").update(id="abuse_reported"),
            "needs.loneliness.rules[0].id: rule id 'abuse_reported' also at"
            " needs.abuse_or_neglect.rules[0]",
            id="duplicate-rule-id",
        ),
        pytest.param(
            lambda d: d["needs"]["loneliness"]["statement"].pop("zh-CN"),
            "needs.loneliness.statement: text needs a non-empty entry for each of ['en', 'zh-CN']",
            id="missing-language",
        ),
        pytest.param(
            lambda d: d["thresholds"]["ucla3_lonely"].update(
                norm={"mean": 1, "sd": 1, "k": 1, "population": "x"}
            ),
            "thresholds.ucla3_lonely: a 'norm' is given exactly when basis is 'norm'",
            id="norm-without-norm-basis",
        ),
    ],
)
def test_bad_pack_is_refused_with_location_and_reason(change: Any, message: str) -> None:
    assert message in refusal(edited(change))


def test_every_problem_is_listed_at_once() -> None:
    def two(data: dict[str, Any]) -> None:
        _rule(data, "loneliness")["all"][0].update(fact="ucla.total")
        data["needs"]["digital_exclusion"].update(answered_by=[])

    text = refusal(edited(two))
    assert text.startswith("rule pack <text> is invalid (2 problems): ")


def test_repeated_key_is_refused_with_its_line() -> None:
    text = DEFAULT_TEXT.replace(
        "  loneliness:\n", "  loneliness:\n    safety: false\n    safety: true\n"
    )
    assert "not valid YAML: repeated key 'safety' at line" in refusal(text)
    assert "repeated key 'safety'" in refusal(text)


def test_yaml_syntax_error_names_the_line() -> None:
    assert refusal("id: [unclosed\nversion: 1\n") == (
        "rule pack <text>: not valid YAML: expected ',' or ']', but got ':' at line 2, column 8"
    )


def test_docs_read_every_rule_and_threshold_of_the_default_pack() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")
    pack = default_pack()
    names = [r.id for n in pack.needs.values() for r in n.rules]
    names += [c.id for c in pack.combinations] + list(pack.thresholds)
    assert [name for name in names if f"`{name}`" not in docs] == []
