"""The logic as FHIR knowledge resources: the rule pack and the stage catalogue.

- a ``Library`` (type ``logic-library``) holds the rule pack itself, as its canonical JSON;
  its ``version`` is the pack's content hash, so a host can tell two packs apart whatever
  their version label says;
- a ``PlanDefinition`` of type ``eca-rule`` has an action per need, a sub-action per rule
  with its condition as a readable expression (``text/cql``; facts are quoted identifiers,
  ``"phq9.total" >= 10``, the threshold's name and citation in a comment) and the
  interventions that answer the need as ``definitionCanonical`` -> ActivityDefinitions;
- a ``PlanDefinition`` of type ``clinical-protocol`` has an action per stage in catalogue
  order, ``relatedAction`` ``after-end`` for the stages that must come first, and the stage's
  interventions as sub-actions;
- an ``ActivityDefinition`` per intervention (purpose, code of its stage).

Both PlanDefinitions list, as ``relatedArtifact`` of type ``citation``, the full reference of
every bibliography key their content cites (``careplanner/sources.yaml``).

What cannot be expressed: the expressions name careplanner's facts, not FHIR elements, so
they are for people and audits, not for a CQL engine; a combination's ``raise_priority`` and
``orderings`` and the planner's session budgets have no PlanDefinition element and are
named in ``usage`` only.
"""

from __future__ import annotations

import base64
import json

from careplanner._content._conditions import Condition
from careplanner._content._say import say, variant
from careplanner._sources import cited_in
from careplanner.fhir._context import Json, Words, Writer, coding, stable_url
from careplanner.fhir._settings import FhirSettings, active_settings
from careplanner.fhir._tables import codes
from careplanner.fhir._transaction import BundleType, assemble_bundle
from careplanner.plan import Catalogue, load_catalogue
from careplanner.rules import RulePack, active_pack
from careplanner.rules._pack import Rule

_USAGE: Words = {
    "en": "Conditions are readable CQL over careplanner's fact names, not executable against "
    "FHIR data. Combinations that raise priority or order interventions, and session "
    "budgets, are applied by careplanner and not expressed here.",
    "zh-CN": "条件以 careplanner 事实名称写成可读的 CQL，不能直接在 FHIR 数据上执行。"
    "提高优先级或排定介入顺序的组合规则及会谈次数由 careplanner 处理，此处未表达。",
}


def fhir_knowledge(
    *,
    pack: RulePack | None = None,
    bundle: BundleType = "collection",
    settings: FhirSettings | None = None,
) -> dict[str, object]:
    """Return the rule pack and stage catalogue as FHIR R4 knowledge resources in a Bundle.

    Parameters
    ----------
    pack : RulePack, optional
        The rule pack; the bundled default when not given.
    bundle : {"collection", "transaction"}
        A file, or a transaction a server stores.
    settings : FhirSettings, optional
        The base URL of the canonical URLs and codes.

    Examples
    --------
    >>> bundle = fhir_knowledge()
    >>> sorted({e["resource"]["resourceType"] for e in bundle["entry"]})
    ['ActivityDefinition', 'Library', 'PlanDefinition']
    """
    writer = Writer(settings or active_settings(), "en")
    pack, catalogue = pack or active_pack(), load_catalogue()
    resources = [
        _library(writer, pack),
        _rules(writer, pack),
        _stages(writer, catalogue),
        *(_activity(writer, catalogue, i) for i in catalogue.intervention_ids),
    ]
    entries = [(stable_url(writer.settings, _key(r)), r) for r in resources]
    return assemble_bundle(entries, bundle, writer.lang)


def _key(resource: Json) -> str:
    return f"knowledge:{resource['url']}|{resource['version']}"


def _canonical(writer: Writer, kind: str, name: str) -> str:
    return writer.settings.canonical(kind, name)


def _library(writer: Writer, pack: RulePack) -> Json:
    dumped = pack.model_dump(mode="json", by_alias=True, exclude_none=True)
    data = json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    library = _metadata(writer, "Library", pack.id, pack.content_hash, pack.title)
    library["identifier"] = [writer.identifier("rule-pack", pack.name)]
    library["type"] = writer.concept([coding(codes().codings["logic_library"])])
    library["content"] = [
        {
            "contentType": "application/json",
            "data": base64.b64encode(data.encode("utf-8")).decode("ascii"),
            "title": pack.name,
        }
    ]
    return library


def _metadata(writer: Writer, kind: str, name: str, version: str, title: Words) -> Json:
    resource = writer.resource(
        kind,
        url=_canonical(writer, kind, name),
        version=version,
        name=name.replace("-", "_").replace(".", "_").upper(),
        status="active",
    )
    return writer.text(resource, "title", title)


def _rules(writer: Writer, pack: RulePack) -> Json:
    plan = _metadata(writer, "PlanDefinition", pack.id, pack.content_hash, pack.title)
    plan["type"] = writer.concept([coding(codes().codings["eca_rule"])])
    plan["library"] = [f"{_canonical(writer, 'Library', pack.id)}|{pack.content_hash}"]
    writer.text(plan, "usage", _USAGE)
    plan["relatedArtifact"] = _citations(pack)
    plan["action"] = [
        {
            "id": need_id,
            **writer.text({}, "title", spec.statement),
            "code": [writer.concept([writer.local("need", need_id, spec.statement)])],
            "action": [
                *(_rule(writer, pack, rule) for rule in spec.rules),
                *(
                    {"definitionCanonical": _canonical(writer, "ActivityDefinition", i)}
                    for i in spec.answered_by
                ),
            ],
        }
        for need_id, spec in pack.needs.items()
    ]
    return plan


def _citations(*content: object) -> list[Json]:
    """The full reference of every bibliography key `content` cites, as FHIR citations."""
    artifacts: list[Json] = []
    for ref in cited_in(*content):
        artifact: Json = {"type": "citation", "label": ref.key, "citation": ref.text}
        if ref.url:
            artifact["url"] = ref.url
        artifacts.append(artifact)
    return artifacts


def _rule(writer: Writer, pack: RulePack, rule: Rule) -> Json:
    expression = _joined(pack, rule.all, " and ")
    if rule.any:
        anyone = _joined(pack, rule.any, " or ")
        expression = f"{expression} and ({anyone})" if expression else anyone
    return {
        "id": rule.id,
        "title": f"{rule.id} (severity {rule.severity})",
        "condition": [
            {
                "kind": "applicability",
                "expression": {"language": "text/cql", "expression": expression},
            }
        ],
    }


def _joined(pack: RulePack, conditions: tuple[Condition, ...], word: str) -> str:
    return word.join(_condition(pack, c) for c in conditions)


def _condition(pack: RulePack, condition: Condition) -> str:
    kind = variant(condition)
    if kind == "need":
        return say("cql", "en", kind, need=str(condition.need))
    if kind == "yes_no":
        return say("cql", "en", kind, label=str(condition.fact), bound=str(condition.value).lower())
    assert condition.threshold is not None
    threshold = pack.thresholds[condition.threshold]
    return say(
        "cql",
        "en",
        kind,
        condition.op,
        label=str(condition.fact),
        bound=str(threshold.cut),
        threshold=condition.threshold,
        basis=threshold.basis,
        cite=threshold.cite.replace("*/", "* /"),
    )


def _stages(writer: Writer, catalogue: Catalogue) -> Json:
    stages = catalogue.stages
    title: Words = {"en": "casework stages", "zh-CN": "个案工作阶段"}
    plan = _metadata(writer, "PlanDefinition", stages.id, catalogue.label, title)
    plan["type"] = writer.concept([coding(codes().codings["clinical_protocol"])])
    plan["relatedArtifact"] = _citations(stages)
    plan["action"] = []
    for stage in stages.stages:
        action: Json = {"id": _action_id(stage.id), **writer.text({}, "title", stage.name)}
        writer.text(action, "description", stage.purpose)
        action["code"] = [writer.concept([writer.local("stage", stage.id, stage.name)])]
        if stage.after:
            action["relatedAction"] = [
                {"actionId": _action_id(before), "relationship": "after-end"}
                for before in stage.after
            ]
        action["action"] = [
            {"definitionCanonical": _canonical(writer, "ActivityDefinition", i.id)}
            for i in catalogue.index.in_stage[stage.id]
        ]
        plan["action"].append(action)
    return plan


def _action_id(stage_id: str) -> str:
    """A stage id as an FHIR ``id`` (letters, digits, ``-`` and ``.``)."""
    return stage_id.replace("_", "-")


def _activity(writer: Writer, catalogue: Catalogue, intervention_id: str) -> Json:
    entry = catalogue.intervention(intervention_id)
    stage = catalogue.stage(entry.stage)
    activity = _metadata(writer, "ActivityDefinition", entry.id, catalogue.label, {"en": entry.id})
    writer.text(activity, "description", entry.purpose)
    activity["code"] = writer.concept([writer.local("stage", stage.id, stage.name)], stage.name)
    return activity
