"""Scale scores -> Observations: one per administered scale, one per answered safety item.

A score is coded with its LOINC code where ``codes.yaml`` lists a verified one, and always with
its careplanner fact name (``<base>/CodeSystem/fact``), the name the rules read. The band is
the interpretation, coded locally (``<scale>.<cut-off set>.<band>``); a note names the cut-off
set, its source and whether it is published, unverified or a careplanner convention.
"""

from __future__ import annotations

from careplanner._sources import with_references
from careplanner.fhir._context import Context, Json, Words, coding, fill
from careplanner.fhir._tables import codes, texts
from careplanner.instruments import BandResult, Scale, ScaleResult, get_scale, load_scales
from careplanner.rules import load_fact_catalogue


def scale_entries(ctx: Context) -> list[tuple[str, Json]]:
    """The Observations of every scale scored at this assessment, each followed by its items."""
    entries: list[tuple[str, Json]] = []
    for scale_id, result in ctx.result.scales.items():
        entries.append((ctx.url("scale", scale_id), _total(ctx, scale_id, result)))
        entries += [
            (ctx.url("item", scale_id, item), _item(ctx, scale_id, item, result))
            for item in safety_items(scale_id, result)
        ]
    return entries


def safety_items(scale_id: str, result: ScaleResult) -> list[str]:
    """The answered items of the scale's safety flags (PHQ-9 item 9), whether raised or not."""
    flags = get_scale(scale_id).item_flags
    items = [i for f in flags if f.kind == "safety" for i in f.items if i in result.item_scores]
    return list(dict.fromkeys(items))


def observation_url(ctx: Context, fact: str) -> str | None:
    """The URL of the Observation that carries `fact`, or None (an observation or network fact)."""
    scale_id, _, rest = fact.partition(".")
    result = ctx.result.scales.get(scale_id)
    if result is None:
        return None
    if rest.startswith("item") and rest[4:] in safety_items(scale_id, result):
        return ctx.url("item", scale_id, rest[4:])
    if rest == "total" or rest in result.subscales:
        return ctx.url("scale", scale_id)
    return None


def fact_concept(ctx: Context, fact: str) -> Json:
    """A fact as a CodeableConcept: its verified standard code if any, and its local code."""
    scale_id, _, rest = fact.partition(".")
    table = codes().instruments.get(scale_id)
    standard = None
    if table is not None:
        standard = table.total if rest == "total" else table.items.get(rest.removeprefix("item"))
    words = fact_words(fact)
    return ctx.concept(
        [*([coding(standard)] if standard else []), ctx.local("fact", fact, words)], words
    )


def fact_words(fact: str) -> Words:
    """The label of a fact: from the fact catalogue, else from its scale's descriptor."""
    spec = load_fact_catalogue().get(fact)
    if spec is not None:
        return spec.label
    scale_id, _, rest = fact.partition(".")
    if scale_id not in load_scales():
        return {"en": fact}
    scale = get_scale(scale_id)
    name = scale.name
    subscale = next((s for s in scale.subscales if s.id == rest), None)
    if subscale is not None:
        return subscale.name
    if rest.startswith("item"):
        return fill(texts().score_item, name=name, item=rest.removeprefix("item"))
    return fill(texts().score_total, name=name)


def _observation(ctx: Context, fact: str) -> Json:
    return ctx.resource(
        "Observation",
        status="final",
        category=[ctx.concept([coding(codes().codings["survey"])])],
        code=fact_concept(ctx, fact),
        subject=ctx.ref("patient"),
        effectiveDateTime=ctx.date,
    )


def _total(ctx: Context, scale_id: str, result: ScaleResult) -> Json:
    scale = get_scale(scale_id)
    obs = _observation(ctx, f"{scale_id}.total")
    if result.total is None:
        obs["dataAbsentReason"] = ctx.concept([coding(codes().codings["not_scored"])])
    else:
        obs["valueInteger"] = result.total
    band = result.bands.get("total")
    if band is not None:
        obs["interpretation"] = [_interpretation(ctx, scale_id, band)]
    components = [
        _component(ctx, scale_id, subscale, value, result.bands.get(subscale))
        for subscale, value in result.subscales.items()
    ]
    if components:
        obs["component"] = components
    obs["note"] = [ctx.text({}, "text", words) for words in _notes(ctx, scale, result)]
    return obs


def _component(
    ctx: Context, scale_id: str, subscale: str, value: int, band: BandResult | None
) -> Json:
    component: Json = {"code": fact_concept(ctx, f"{scale_id}.{subscale}"), "valueInteger": value}
    if band is not None:
        component["interpretation"] = [_interpretation(ctx, scale_id, band)]
    return component


def _interpretation(ctx: Context, scale_id: str, band: BandResult) -> Json:
    words = band.label
    code = f"{scale_id}.{band.cutoff_set}.{band.band}"
    return ctx.concept([ctx.local("scale-band", code, words)], words)


def _notes(ctx: Context, scale: Scale, result: ScaleResult) -> list[Words]:
    t = texts()
    notes: list[Words] = [
        *(n.text for n in ctx.result.notices if n.scale == scale.id),
        *(_cutoff_note(scale, band) for band in result.bands.values()),
    ]
    if not result.bands:
        notes.append(t.no_band)
    if not scale.scoring_verified:
        notes.append(t.scoring_unverified)
    return notes


def _cutoff_note(scale: Scale, band: BandResult) -> Words:
    cutoff = next(c for c in scale.cutoff_sets if c.id == band.cutoff_set)
    kind = band.kind if band.kind == "convention" or band.verified else "published_unverified"
    label = cutoff.label
    source = with_references(band.source)
    return fill(texts().cutoff, label=label, kind=texts().kinds[kind], source=source)


def _item(ctx: Context, scale_id: str, item: str, result: ScaleResult) -> Json:
    obs = _observation(ctx, f"{scale_id}.item{item}")
    score = result.item_scores[item]
    obs["valueInteger"] = score
    raised = [
        fill(texts().item_flag, label=hit.label, score=score)
        for hit in result.flags
        if hit.kind == "safety" and item in hit.items
    ]
    if raised:
        obs["interpretation"] = [ctx.concept([], words) for words in raised]
    return obs
