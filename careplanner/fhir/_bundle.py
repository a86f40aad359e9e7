"""Assemble the FHIR R4 Bundle of one assessment, and its Provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner.assess import AssessmentResult
from careplanner.errors import FhirExportError
from careplanner.fhir._context import Context, Json, coding, context, fill
from careplanner.fhir._needs import need_entries
from careplanner.fhir._people import organisation_reference, patient_entry, related_entries
from careplanner.fhir._plan import plan_entries
from careplanner.fhir._scales import scale_entries
from careplanner.fhir._settings import FhirSettings
from careplanner.fhir._tables import codes, texts
from careplanner.fhir._transaction import BundleType, assemble_bundle
from careplanner.models import Case, Language

if TYPE_CHECKING:
    from careplanner._content._content import Content


def fhir_bundle(
    case: Case,
    result: AssessmentResult,
    *,
    pseudonymise: bool = True,
    bundle: BundleType = "collection",
    settings: FhirSettings | None = None,
    lang: Language | None = None,
    content: Content | None = None,
) -> dict[str, object]:
    """Return one assessment's needs, scores, plan and network as a FHIR R4 Bundle.

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
    bundle : {"collection", "transaction"}
        ``collection`` (the default) is a file to exchange; ``transaction`` is what a FHIR
        server stores: every entry with a ``request``, the Patient a conditional create on
        its identifier, every other resource an idempotent ``PUT`` by a stable id.
    settings : FhirSettings, optional
        The organisation's base URL and identifiers (`fhir_settings`); the bundled
        placeholder base when not given.
    lang : {"zh-CN", "en"}, optional
        The language of the narratives and texts (the other rides along as a translation);
        the client's language when not given.
    content : careplanner.Content, optional
        The content the result was assessed on; its organisation settings stand in for
        `settings` when that is not given.

    Returns
    -------
    dict
        A ``Bundle``: Patient, a Flag per safety need, a Condition per need, Observations of
        the scores, a Goal per objective, the CarePlan, a RelatedPerson per person of the
        support network and a Provenance, each with a ``urn:uuid:`` fullUrl; every reference
        points inside the bundle. See docs/fhir.md for the mapping.

    Raises
    ------
    FhirExportError
        `result` is not a result of `case` (another client or assessment), or the plan
        answers a need the findings do not flag.
    UnknownCodeError
        `bundle` is not one of the two types.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> case = load_case("example:living-alone-crisis")
    >>> bundle = fhir_bundle(case, assess(case))
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]][:3]
    ['Patient', 'Flag', 'Flag']
    """
    with using(content):
        ctx = context(case, result, pseudonymise, settings, lang)
        check_match(ctx)
        flags, conditions = need_entries(ctx)
        derived = [*flags, *conditions, *scale_entries(ctx), *plan_entries(ctx)]
        entries = [patient_entry(ctx), *derived, *related_entries(ctx)]
        entries.append((ctx.url("provenance"), provenance(ctx, [url for url, _ in derived])))
        return assemble_bundle(entries, bundle, ctx.lang)


def check_match(ctx: Context) -> None:
    """Refuse a result that is not of the case's client or of one of its assessments."""
    ref, assessments = ctx.result.assessment, ctx.case.assessments
    if ctx.result.client.id != ctx.case.client.id:
        raise FhirExportError("result.client.id must be the case's client id")
    if not 0 <= ref.index < len(assessments) or assessments[ref.index].date != ref.date:
        raise FhirExportError(
            f"result.assessment (index {ref.index}) must be one of the case's assessments"
        )


def provenance(ctx: Context, targets: list[str]) -> Json:
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
            _agent(ctx, "assembler", _who(ctx, "software", f"careplanner@{version}", software)),
            _worker(ctx),
        ],
        entity=[
            {
                "role": "derivation",
                "what": _who(ctx, "rule-pack", f"{pack.id}@{pack.version}", pack_text[ctx.lang]),
            }
        ],
    )


def _agent(ctx: Context, kind: str, who: Json) -> Json:
    return {"type": ctx.concept([coding(codes().codings[kind])]), "who": who}


def _worker(ctx: Context) -> Json:
    """The worker who assessed, on behalf of the organisation when the settings name one."""
    agent = _agent(ctx, "informant", _who(ctx, "worker", ctx.result.assessment.worker))
    if ctx.settings.organisation is not None:
        agent["onBehalfOf"] = organisation_reference(ctx.settings.organisation)
    return agent


def _who(ctx: Context, system: str, value: str, display: str | None = None) -> Json:
    who: Json = {"identifier": ctx.identifier(system, value)}
    if display is not None:
        who["display"] = display
    return who
