"""Flagged needs -> Conditions (health concerns), and a Flag for every safety need.

A need is a screening finding, so its Condition is ``active`` and ``unconfirmed`` until the
worker confirms it. Its evidence lists every fact the rules matched, pointing to the score's
Observation where there is one. A safety need is marked three ways so that a receiving
system cannot miss it: a ``safety`` need category, severity ``high``, and a Flag of category
``safety`` (flag-category, R4) whose ``flag-detail`` extension points to the Condition.
"""

from __future__ import annotations

from careplanner.fhir._context import Context, Json, Words, coding, fill
from careplanner.fhir._scales import fact_words, observation_url
from careplanner.fhir._tables import codes, texts
from careplanner.rules import FactEvidence, Need, NeedEvidence


def need_entries(ctx: Context) -> tuple[list[tuple[str, Json]], list[tuple[str, Json]]]:
    """The Flags of the safety needs, and the Conditions of all needs, in findings order."""
    needs = ctx.result.findings.needs
    flags = [(ctx.url("flag", n.id), _flag(ctx, n)) for n in needs if n.safety]
    conditions = [(ctx.url("need", n.id), _condition(ctx, n)) for n in needs]
    return flags, conditions


def need_concept(ctx: Context, need: Need) -> Json:
    """The need as a CodeableConcept: careplanner's need code, its statement as text."""
    return ctx.concept([ctx.local("need", need.id, need.statement)], need.statement)


def _condition(ctx: Context, need: Need) -> Json:
    t = texts()
    notes = [fill(t.need_rules, rules=", ".join(need.rules))]
    if need.convention:
        notes.append(t.need_convention)
    severity = t.severity[need.severity]
    return ctx.resource(
        "Condition",
        clinicalStatus=ctx.concept([coding(codes().codings["active"])]),
        verificationStatus=ctx.concept([coding(codes().codings["unconfirmed"])]),
        category=_categories(ctx, need),
        severity=ctx.concept([ctx.local("need-severity", need.severity, severity)], severity),
        code=need_concept(ctx, need),
        subject=ctx.ref("patient"),
        recordedDate=ctx.date,
        evidence=[_evidence(ctx, e) for e in need.evidence],
        note=[ctx.text({}, "text", words) for words in notes],
    )


def _categories(ctx: Context, need: Need) -> list[Json]:
    table = codes()
    categories = [ctx.concept([coding(table.codings["health_concern"])])]
    sdoh = table.need_categories.get(need.id)
    if sdoh is not None:
        categories.append(ctx.concept([coding(table.codings["sdoh"])]))
        categories.append(ctx.concept([coding(sdoh)]))
    if need.safety:
        safety = texts().safety
        categories.append(ctx.concept([ctx.local("need-category", "safety", safety)], safety))
    return categories


def _evidence(ctx: Context, evidence: FactEvidence | NeedEvidence) -> Json:
    if isinstance(evidence, NeedEvidence):
        need = ctx.result.findings.need(evidence.need)
        words: Words = need.statement if need is not None else {"en": evidence.need}
        code = ctx.local("need", evidence.need, words)
        detail = ctx.url("need", evidence.need) if need is not None else None
    else:
        code = ctx.local("fact", evidence.fact, fact_words(evidence.fact))
        detail = observation_url(ctx, evidence.fact)
    out: Json = {"code": [ctx.concept([code], evidence.text)]}
    if detail is not None:
        out["detail"] = [{"reference": detail}]
    return out


def _flag(ctx: Context, need: Need) -> Json:
    safety = texts().safety
    return ctx.resource(
        "Flag",
        extension=[
            {"url": codes().extensions["flag_detail"], "valueReference": ctx.ref("need", need.id)}
        ],
        status="active",
        category=[ctx.concept([coding(codes().codings["flag_safety"])], safety)],
        code=need_concept(ctx, need),
        subject=ctx.ref("patient"),
        period={"start": ctx.date},
    )
