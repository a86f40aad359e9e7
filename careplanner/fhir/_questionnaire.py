"""The bundled scales as FHIR Questionnaires, and a case's answers as QuestionnaireResponses.

A Questionnaire's canonical URL is ``<base>/Questionnaire/<scale id>`` and its version the
descriptor's. Each item's ``linkId`` is careplanner's item id (``"9"``, ``"5a"``) and its
``code`` the item's LOINC code where ``codes.yaml`` lists a verified one (PHQ-9). An item's
wording is written only where the scale's descriptor ships it (``text``): a descriptor leaves
it out when the wording was not verified or may not be reproduced (SGABS), and the item is
then labelled by its number only. SSRS item 5 is a ``group`` of its sub-items 5a-5e.

Answer options carry the scale's own codes as ``<base>/CodeSystem/answer#<scale>.<answer
set>.<code>`` (``phq9.frequency.2``), or the LOINC answer code where the answer set has a
verified LOINC answer list (PHQ-9: LL358-3).
"""

from __future__ import annotations

from careplanner._sources import with_references
from careplanner.assess import AssessmentChoice, assess, pick_assessment
from careplanner.errors import FhirExportError
from careplanner.fhir._context import (
    Json,
    Words,
    Writer,
    coding,
    context,
    fill,
    stable_url,
)
from careplanner.fhir._people import patient_entry, related_entries
from careplanner.fhir._settings import FhirSettings, active_settings
from careplanner.fhir._tables import CodeEntry, codes, texts
from careplanner.fhir._transaction import BundleType, assemble_bundle
from careplanner.instruments import Scale, get_scale, load_scales
from careplanner.instruments.model import AnswerOption, Item, ItemGroup
from careplanner.models import Assessment, Case, Language


def fhir_questionnaires(
    *,
    bundle: BundleType = "collection",
    lang: Language = "zh-CN",
    settings: FhirSettings | None = None,
) -> dict[str, object]:
    """Return a Questionnaire for every bundled scale, as a FHIR R4 Bundle.

    Parameters
    ----------
    bundle : {"collection", "transaction"}
        A file, or a transaction a server stores (``PUT Questionnaire/<stable id>``).
    lang : {"zh-CN", "en"}
        The language written first; the other rides along as a translation.
    settings : FhirSettings, optional
        The base URL of the Questionnaires' canonical URLs and codes.

    Examples
    --------
    >>> bundle = fhir_questionnaires(lang="en")
    >>> phq9 = next(e["resource"] for e in bundle["entry"] if e["resource"]["name"] == "PHQ9")
    >>> phq9["url"], phq9["code"][0]["code"], len(phq9["item"])
    ('https://careplanner.example/fhir/Questionnaire/phq9', '44249-1', 9)
    """
    writer = Writer(settings or active_settings(), lang)
    return assemble_bundle(questionnaire_entries(writer), bundle, lang)


def fhir_responses(
    case: Case,
    at: AssessmentChoice = "latest",
    *,
    bundle: BundleType = "collection",
    pseudonymise: bool = True,
    settings: FhirSettings | None = None,
) -> dict[str, object]:
    """Return one assessment's scale answers as QuestionnaireResponses, with the people.

    The bundle holds the Patient, a QuestionnaireResponse per scale answered and a
    RelatedPerson per person tied to the client at the assessment (as `fhir_bundle` writes
    them).

    `careplanner.fhir.import_responses` reads them back: the round trip gives the same
    scores.

    Examples
    --------
    >>> from careplanner import load_case
    >>> bundle = fhir_responses(load_case("example:shidu-mother"), "intake")
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]][:2]
    ['Patient', 'QuestionnaireResponse']
    """
    index = pick_assessment(case, at)
    ctx = context(case, assess(case, index), pseudonymise, settings)
    patient_url, patient = patient_entry(ctx)
    answers = response_entries(ctx, case, index, patient_url)
    entries = [(patient_url, patient), *answers, *related_entries(ctx)]
    return assemble_bundle(entries, bundle, ctx.lang)


def questionnaire_entries(writer: Writer) -> list[tuple[str, Json]]:
    """A Questionnaire per bundled scale, in scale id order."""
    return [
        (stable_url(writer.settings, f"questionnaire:{scale_id}"), questionnaire(writer, scale_id))
        for scale_id in sorted(load_scales())
    ]


def questionnaire(writer: Writer, scale_id: str) -> Json:
    """The Questionnaire of the scale `scale_id`."""
    scale = get_scale(scale_id)
    resource = writer.resource(
        "Questionnaire",
        url=writer.settings.canonical("Questionnaire", scale.id),
        version=str(scale.version),
        name=scale.id.upper(),
        status="active" if scale.scoring_verified else "draft",
        subjectType=["Patient"],
    )
    writer.text(resource, "title", scale.name)
    panel = codes().instruments.get(scale.id)
    if panel is not None and panel.panel is not None:
        resource["code"] = [coding(panel.panel)]
    resource["description"] = with_references(scale.text("source", writer.lang))
    grouped = {member for group in scale.groups for member in group.items}
    groups = {group.id: group for group in scale.groups}
    items: list[Json] = []
    for item in scale.items:
        group = next((g for g in groups.values() if item.id in g.items), None)
        if group is not None and item.id == group.items[0]:
            items.append(_group(writer, scale, group))
        elif item.id not in grouped:
            items.append(_item(writer, scale, item))
    resource["item"] = items
    return resource


def _group(writer: Writer, scale: Scale, group: ItemGroup) -> Json:
    out = writer.text({"linkId": group.id}, "text", group.text.words())
    out["type"] = "group"
    out["required"] = True
    out["item"] = [_item(writer, scale, scale.item(member)) for member in group.items]
    return out


def _item(writer: Writer, scale: Scale, item: Item) -> Json:
    out: Json = {"linkId": item.id}
    standard = _standard_item(scale.id, item.id)
    if standard is not None:
        out["code"] = [coding(standard)]
    words: Words = (
        item.text.words()
        if item.text is not None
        else fill(texts().score_item, name=scale.name, item=item.id)
    )
    writer.text(out, "text", words)
    out["type"] = "choice"
    out["required"] = True
    answer_set = next(s for s in scale.answer_sets if s.id == item.answers)
    out["answerOption"] = [
        {"valueCoding": answer_coding(writer, scale, answer_set.id, option)}
        for option in answer_set.options
    ]
    return out


def _standard_item(scale_id: str, item_id: str) -> CodeEntry | None:
    table = codes().instruments.get(scale_id)
    return table.items.get(item_id) if table is not None else None


def standard_answer(scale_id: str, answer_set: str, code: str) -> CodeEntry | None:
    """The standard (LOINC) answer code of a scale's answer, if one is verified."""
    table = codes().instruments.get(scale_id)
    return table.answers.get(answer_set, {}).get(code) if table is not None else None


def answer_coding(writer: Writer, scale: Scale, answer_set: str, option: AnswerOption) -> Json:
    """The coding of one answer option: LOINC where verified, careplanner's code otherwise."""
    standard = standard_answer(scale.id, answer_set, option.code)
    if standard is not None:
        return coding(standard)
    words = option.label.words()
    return writer.local("answer", f"{scale.id}.{answer_set}.{option.code}", words)


def response_entries(
    writer: Writer, case: Case, index: int, patient_url: str
) -> list[tuple[str, Json]]:
    """A QuestionnaireResponse per scale answered at the assessment `index` of `case`."""
    assessment = case.assessments[index]
    return [
        (
            stable_url(writer.settings, f"{case.client.id}:assessment/{index}/response/{scale_id}"),
            _response(writer, assessment, scale_id, patient_url),
        )
        for scale_id in assessment.scales
        if scale_id in load_scales()
    ]


def _response(writer: Writer, assessment: Assessment, scale_id: str, patient_url: str) -> Json:
    scale = get_scale(scale_id)
    answers = assessment.scales[scale_id]
    url = writer.settings.canonical("Questionnaire", scale.id)
    response = writer.resource(
        "QuestionnaireResponse",
        questionnaire=f"{url}|{scale.version}",
        status="completed",
        subject={"reference": patient_url},
        authored=assessment.date.isoformat(),
        author={"identifier": writer.identifier("worker", assessment.worker)},
    )
    items = _answered_items(writer, scale, answers)
    if items:
        response["item"] = items
    return response


def _answered_items(
    writer: Writer, scale: Scale, answers: dict[str, int | str | None]
) -> list[Json]:
    """The answered items in the Questionnaire's structure (a group holds its sub-items)."""
    grouped = {member: group for group in scale.groups for member in group.items}
    items: list[Json] = []
    for item in scale.items:
        if answers.get(item.id) is None:
            continue
        answered = _answered(writer, scale, item, answers[item.id])
        group = grouped.get(item.id)
        if group is None:
            items.append(answered)
        elif items and items[-1]["linkId"] == group.id:
            items[-1]["item"].append(answered)
        else:
            items.append({"linkId": group.id, "item": [answered]})
    return items


def _answered(writer: Writer, scale: Scale, item: Item, answer: int | str | None) -> Json:
    code = str(answer)
    answer_set = next(s for s in scale.answer_sets if s.id == item.answers)
    option = next((o for o in answer_set.options if o.code == code), None)
    if option is None or isinstance(answer, bool):
        allowed = [o.code for o in answer_set.options]
        raise FhirExportError(f"scales.{scale.id}.{item.id}: the answer must be one of {allowed}")
    value = answer_coding(writer, scale, answer_set.id, option)
    return {"linkId": item.id, "answer": [{"valueCoding": value}]}
