"""A re-assessment -> the intake's needs, goals and plan with their outcome, and the verdict.

The bundle holds both assessments' Observations. The intake's Goals carry what the later
assessment showed: ``achievementStatus`` ``achieved`` (lifecycle ``completed``) or
``not-achieved`` (lifecycle ``active``), none for an objective whose measure was not taken
again (R4 core GoalAchievementStatus), ``statusDate`` and ``outcomeReference`` -> the later
score's Observation. An intake need no longer flagged becomes ``resolved`` with an abatement
date; a safety Flag of the intake stays in the bundle, ``inactive`` with an end date, so a
safety signal is never dropped. Needs first flagged at the later assessment are added. The
closure verdict is an Observation (``<base>/CodeSystem/closure#verdict``, ``valueBoolean``
ready) with a component per closure rule and its reason as a note.
"""

from __future__ import annotations

from careplanner.assess import AssessmentResult, Reassessment, assess
from careplanner.errors import FhirExportError
from careplanner.fhir._bundle import check_match, provenance
from careplanner.fhir._context import Context, Json, coding, context, fill
from careplanner.fhir._needs import need_entries
from careplanner.fhir._people import patient_entry, related_entries
from careplanner.fhir._plan import fact_value, plan_entries
from careplanner.fhir._scales import fact_words, observation_url, scale_entries
from careplanner.fhir._settings import FhirSettings
from careplanner.fhir._tables import codes, texts
from careplanner.fhir._transaction import BundleType, assemble_bundle
from careplanner.models import Case, Language
from careplanner.plan import ObjectiveResult, ScaleChange

Entries = list[tuple[str, Json]]


def fhir_reassessment(
    case: Case,
    reassessment: Reassessment,
    *,
    bundle: BundleType = "collection",
    pseudonymise: bool = True,
    settings: FhirSettings | None = None,
    lang: Language | None = None,
) -> dict[str, object]:
    """Return a re-assessment as a FHIR R4 Bundle: outcomes of the intake's plan, the verdict.

    Parameters
    ----------
    case : careplanner.Case
        The case the re-assessment was computed from.
    reassessment : careplanner.assess.Reassessment
        ``careplanner.assess.reassess(case, ...)``.
    bundle, pseudonymise, settings, lang
        As for `careplanner.fhir.fhir_bundle`.

    Raises
    ------
    FhirExportError
        `reassessment` is not one of `case`'s.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import reassess
    >>> case = load_case("example:shidu-mother")
    >>> bundle = fhir_reassessment(case, reassess(case))
    >>> goals = [g["resource"] for g in bundle["entry"] if g["resource"]["resourceType"] == "Goal"]
    >>> sorted(
    ...     {g["achievementStatus"]["coding"][0]["code"] for g in goals if "achievementStatus" in g}
    ... )
    ['achieved']
    """
    if reassessment.client.id != case.client.id:
        raise FhirExportError("reassessment.client.id must be the case's client id")
    before, after = (
        _context(case, assess(case, ref.index), pseudonymise, settings, lang)
        for ref in (reassessment.before, reassessment.after)
    )
    open_needs = set(reassessment.open_needs)
    derived = [
        *_needs(before, after, open_needs),
        *scale_entries(before),
        *scale_entries(after),
        *_outcomes(before, after, reassessment),
        (after.url("closure"), _verdict(before, after, reassessment)),
    ]
    entries = [patient_entry(after), *derived, *related_entries(after)]
    entries.append((after.url("provenance"), provenance(after, [url for url, _ in derived])))
    return assemble_bundle(entries, bundle, after.lang)


def _context(
    case: Case,
    result: AssessmentResult,
    pseudonymise: bool,
    settings: FhirSettings | None,
    lang: Language | None,
) -> Context:
    ctx = context(case, result, pseudonymise, settings, lang)
    check_match(ctx)
    return ctx


def _needs(before: Context, after: Context, open_needs: set[str]) -> Entries:
    """The intake's Flags and Conditions, closed where resolved; then the new ones."""
    flags, conditions = need_entries(before)
    known = set(before.result.findings.need_ids)
    for _, resource in [*flags, *conditions]:
        need = resource["code"]["coding"][0]["code"]
        if need not in open_needs:
            _close(resource, after.date)
    new_flags, new_conditions = need_entries(after)
    fresh = [(u, r) for u, r in [*new_flags, *new_conditions] if _need(r) not in known]
    return [*flags, *conditions, *fresh]


def _need(resource: Json) -> str:
    return str(resource["code"]["coding"][0]["code"])


def _close(resource: Json, date: str) -> None:
    if resource["resourceType"] == "Flag":
        resource["status"] = "inactive"
        resource["period"]["end"] = date
    else:
        resource["clinicalStatus"]["coding"][0]["code"] = "resolved"
        resource["abatementDateTime"] = date


def _outcomes(before: Context, after: Context, reassessment: Reassessment) -> Entries:
    """The intake's Goals with their outcome, and its CarePlan, now active."""
    results = {before.url("goal", r.objective.id): r for r in reassessment.evaluation.objectives}
    entries = plan_entries(before)
    for url, resource in entries:
        if url in results:
            _achieved(resource, results[url], after)
        else:
            resource["status"], resource["intent"] = "active", "plan"
    return entries


def _achieved(goal: Json, result: ObjectiveResult, after: Context) -> None:
    goal["statusDate"] = after.date
    if result.status == "not_measured":
        goal["lifecycleStatus"] = "active"
        return
    met = result.status == "met"
    goal["lifecycleStatus"] = "completed" if met else "active"
    goal["achievementStatus"] = after.concept(
        [coding(codes().codings["achieved" if met else "not_achieved"])]
    )
    if result.after is not None:
        words = fill(texts().outcome, date=after.date, value=fact_value(result.after))
        goal["outcomeCode"] = [after.concept([], words)]
    outcome = observation_url(after, result.objective.measure)
    if outcome is not None:
        goal["outcomeReference"] = [{"reference": outcome}]


def _verdict(before: Context, after: Context, reassessment: Reassessment) -> Json:
    verdict = reassessment.closure
    words = texts().closure_verdict
    observation = after.resource(
        "Observation",
        basedOn=[before.ref("careplan")],
        status="final",
        code=after.concept([after.local("closure", "verdict", words)], words),
        subject=after.ref("patient"),
        effectiveDateTime=after.date,
        valueBoolean=verdict.ready,
        note=[after.text({}, "text", check.text) for check in verdict.checks],
    )
    observation["component"] = [
        {
            "code": after.concept([after.local("closure", check.rule, {"en": check.rule})]),
            "valueBoolean": check.passed,
        }
        for check in verdict.checks
    ] + [_change(after, change) for change in reassessment.evaluation.scales]
    return observation


def _change(after: Context, change: ScaleChange) -> Json:
    """A scale's change as a component: the change, and its reliable change and cut-off."""
    t = texts()
    reliable, cutoff = change.reliable, change.cutoff
    words = fill(
        t.scale_change,
        name=fact_words(f"{change.scale}.total"),
        before=change.before,
        after=change.after,
        change=change.change,
        rci=round(reliable.rci, 2) if reliable else "-",
        reliable=t.values[str(reliable.reliable).lower()] if reliable else t.not_computed,
        crossed=t.values[str(cutoff.crossed).lower()] if cutoff else t.not_computed,
    )
    code = after.local("closure", f"change.{change.scale}", fact_words(f"{change.scale}.total"))
    return {"code": after.concept([code], words), "valueInteger": change.change}
