"""Assemble the FHIR R4 Bundle of one assessment, and its Provenance."""

from __future__ import annotations

from careplanner.assess import AssessmentResult
from careplanner.errors import FhirExportError
from careplanner.fhir._context import Context, Json, coding, fill
from careplanner.fhir._needs import need_entries
from careplanner.fhir._people import patient_entry, related_entries
from careplanner.fhir._plan import plan_entries
from careplanner.fhir._scales import scale_entries
from careplanner.fhir._tables import codes, texts
from careplanner.models import Case


def fhir_bundle(
    case: Case, result: AssessmentResult, *, pseudonymise: bool = True
) -> dict[str, object]:
    """Return one assessment's needs, scores, plan and network as a FHIR R4 collection Bundle.

    The bundle is plain JSON data (dicts, lists, str, int, bool): ``json.dumps(bundle,
    ensure_ascii=False)`` writes it, and the same case and result give the same bytes.

    Parameters
    ----------
    case : careplanner.Case
        The case the result was computed from.
    result : careplanner.assess.AssessmentResult
        ``careplanner.assess.assess(case, ...)`` for one of the case's assessments.
    pseudonymise : bool
        Keep names out (the default): people are known by the case's pseudonymous ids only.
        ``False`` adds the client's and contacts' names where the case holds them.

    Returns
    -------
    dict
        A ``Bundle`` of type ``collection``: Patient, a Flag per safety need, a Condition per
        need, Observations of the scores, a Goal per objective, the CarePlan, a RelatedPerson
        per person of the support network and a Provenance, each with a ``urn:uuid:`` fullUrl;
        every reference points inside the bundle. See docs/fhir.md for the mapping.

    Raises
    ------
    FhirExportError
        `result` is not a result of `case` (another client or assessment), or the plan
        answers a need the findings do not flag.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> case = load_case("example:living-alone-crisis")
    >>> bundle = fhir_bundle(case, assess(case))
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]][:3]
    ['Patient', 'Flag', 'Flag']
    """
    ctx = Context(case=case, result=result, pseudonymise=pseudonymise)
    _check_match(ctx)
    flags, conditions = need_entries(ctx)
    derived = [*flags, *conditions, *scale_entries(ctx), *plan_entries(ctx)]
    entries = [patient_entry(ctx), *derived, *related_entries(ctx)]
    entries.append((ctx.url("provenance"), _provenance(ctx, [url for url, _ in derived])))
    bundle = ctx.resource("Bundle", type="collection")
    bundle["entry"] = [{"fullUrl": url, "resource": resource} for url, resource in entries]
    return bundle


def _check_match(ctx: Context) -> None:
    ref, assessments = ctx.result.assessment, ctx.case.assessments
    if ctx.result.client.id != ctx.case.client.id:
        raise FhirExportError("result.client.id must be the case's client id")
    if not 0 <= ref.index < len(assessments) or assessments[ref.index].date != ref.date:
        raise FhirExportError(
            f"result.assessment (index {ref.index}) must be one of the case's assessments"
        )


def _provenance(ctx: Context, targets: list[str]) -> Json:
    """Who derived the targets from what: careplanner and its rule pack, from the assessment.

    ``recorded`` is the assessment date at 00:00 UTC: careplanner keeps dates, not times, and
    a clock time would make two exports of the same input differ.
    """
    t, result = texts(), ctx.result
    pack, engine = result.findings.pack, result.findings.engine
    version = result.careplanner_version
    software = fill(t.software, version=version, engine=engine.version)[ctx.lang]
    pack_text = fill(t.rule_pack, id=pack.id, version=pack.version, hash=pack.content_hash)
    return ctx.resource(
        "Provenance",
        target=[{"reference": url} for url in targets],
        occurredDateTime=ctx.date,
        recorded=f"{ctx.date}T00:00:00Z",
        agent=[
            _agent(ctx, "assembler", _who("software", f"careplanner@{version}", software)),
            _agent(ctx, "informant", _who("worker", result.assessment.worker)),
        ],
        entity=[
            {
                "role": "derivation",
                "what": _who("rule-pack", f"{pack.id}@{pack.version}", pack_text[ctx.lang]),
            }
        ],
    )


def _agent(ctx: Context, kind: str, who: Json) -> Json:
    return {"type": ctx.concept([coding(codes().codings[kind])]), "who": who}


def _who(system: str, value: str, display: str | None = None) -> Json:
    who: Json = {"identifier": {"system": codes().identifier(system), "value": value}}
    if display is not None:
        who["display"] = display
    return who
