"""The facts of one assessment: what the rules engine reads.

A fact is a flat name -> value pair (int, float or bool) from four producers:

- ``profile.*``: the client's profile at the date of the assessment;
- ``obs.*``: the worker's observations; a field not asked (``None``) gives no fact;
- ``<scale>.*``: totals and subscales of every scale that could be scored, and the scale's
  safety items (``phq9.item9``), each read by the scale's descriptor;
- ``net.*``: the support-network measures of `careplanner.network.network_facts`.

A fact that was not assessed is absent, never a default: the rules engine then says "not
assessed" instead of guessing. The catalogue of names, types and ranges is
``careplanner/rules/facts.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from careplanner._checks import ABUSE_FLAGS
from careplanner.instruments import ScaleResult, get_scale, load_scales, score
from careplanner.models import Assessment, Case, Client, Observations
from careplanner.network import NetworkMeasures, build_network, measure_built, network_facts
from careplanner.rules._catalogue import load_fact_catalogue

Fact = int | float | bool
Facts = dict[str, Fact]

#: Observation fields that are not yes/no or number facts: text, ids and records, which
#: `observation_facts` reads into facts of their own.
_TEXT_OBSERVATIONS = frozenset({"notes", "former_hobbies", "depends_on", "abuse"})
#: The grief observations counted by ``grief.signs``.
_GRIEF_SIGNS = (
    "intense_grief",
    "grief_yearning",
    "grief_meaninglessness",
    "grief_avoidance",
    "grief_anniversary_distress",
)
#: The yes/no facts of abuse and neglect that `ABUSE_FLAGS` sets, each once.
_ABUSE_FACTS = tuple(f"obs.{flag}" for flag in dict.fromkeys(ABUSE_FLAGS.values()))
#: Every other observation field -> the name of its fact, in field order.
_OBSERVATION_FACTS = {
    name: f"obs.{name}" for name in Observations.model_fields if name not in _TEXT_OBSERVATIONS
}


def assessment_facts(case: Case, assessment: Assessment | None = None) -> Facts:
    """Return every fact of one assessment (the latest when not given).

    Examples
    --------
    >>> from careplanner import load_case
    >>> facts = assessment_facts(load_case("example:shidu-mother"))
    >>> facts["gds15.total"], facts["profile.shidu"], facts["net.size"]
    (3, True, 6)
    """
    assessment = assessment or case.latest
    measures = measure_built(build_network(case, assessment))
    return facts_from(case, assessment, score_scales(assessment), measures)


def facts_from(
    case: Case,
    assessment: Assessment,
    scored: Mapping[str, ScaleResult],
    measures: NetworkMeasures,
) -> Facts:
    """Assemble the facts of `assessment` from scales and network already scored and measured."""
    # A network with no tie recorded was not asked about: no net.* fact, so no rule reads
    # "no contact" into a map the worker did not draw.
    network = network_facts(measures) if assessment.ties else {}
    facts = {
        **profile_facts(case.client, assessment),
        **observation_facts(assessment),
        **scale_facts(scored),
        **network,
    }
    if "pg13r.total" in facts:
        # A validated grief measure was taken: it decides, not a count of observations.
        facts.pop("grief.signs", None)
    return facts


def capped(facts: Facts) -> tuple[Facts, dict[str, float]]:
    """Bring each number above its catalogue maximum down to it; say which were and their value.

    A valid case can hold more than the rules read (over 10,000 ties): it is assessed at the
    maximum, with a notice, rather than refused.

    Examples
    --------
    >>> capped({"net.size": 10_001, "ucla3.total": 5})
    ({'net.size': 10000, 'ucla3.total': 5}, {'net.size': 10001})
    """
    maxima = load_fact_catalogue().maxima
    over: dict[str, float] = {
        name: value
        for name, value in facts.items()
        if name in maxima and not isinstance(value, bool) and value > maxima[name]
    }
    if not over:
        return facts, over
    out: Facts = dict(facts)
    for name, value in over.items():
        out[name] = int(maxima[name]) if isinstance(value, int) else maxima[name]
    return out, over


def profile_facts(client: Client, assessment: Assessment) -> Facts:
    """Facts of the client's profile at the date of `assessment`."""
    spouse_needs_care = client.has_spouse and client.spouse is not None and client.spouse.needs_care
    caring = [role for role in client.caring if role.client_cares]
    facts: Facts = {
        "profile.age": client.age,
        "profile.shidu": client.is_shidu,
        "profile.lives_alone": client.living_arrangement == "alone",
        "profile.has_spouse": client.has_spouse,
        "profile.spouse_needs_care": spouse_needs_care,
        "profile.bereaved_parent": client.is_bereaved_parent,
        "profile.bereaved": client.is_bereaved_parent or bool(client.bereavements),
        "profile.is_carer": bool(caring) or spouse_needs_care,
        "profile.is_cared_for": any(not role.client_cares for role in client.caring),
    }
    hours = [role.hours_per_week for role in caring if role.hours_per_week is not None]
    if hours:
        facts["profile.care_hours_per_week"] = round(sum(hours), 1)
    if caring:
        facts["profile.cares_for_dementia"] = any(r.condition == "dementia" for r in caring)
    if any(role.sole_carer is not None for role in caring):
        facts["profile.sole_carer"] = any(role.sole_carer for role in caring)
    months = _months_since_latest_loss(client, assessment.date)
    if months is not None:
        facts["profile.months_since_loss"] = months
    return facts


def _months_since_latest_loss(client: Client, at: dt.date) -> int | None:
    # An unknown month counts as December: the shortest possible time since the loss, so a
    # "12 months or more" grief criterion is never met by a guess.
    deaths = [(b.year, b.month or 12) for b in client.bereavements]
    if client.child_loss is not None:
        deaths.append((client.child_loss.year, client.child_loss.month or 12))
    if not deaths:
        return None
    year, month = max(deaths)
    return max((at.year - year) * 12 + at.month - month, 0)


def observation_facts(assessment: Assessment) -> Facts:
    """Facts of the worker's observations; fields not asked give none.

    Beside one fact per yes/no or number field: each abuse concern sets the yes/no flag of its
    kind (``obs.abuse_reported``, ``obs.neglect_reported``, ``obs.self_neglect_reported``) and
    ``abuse.<type>``; ``safety.abuse_or_neglect`` is always present, so a rule can ask for its
    absence; ``obs.depends_on_one_person`` says the client relies on one person for nearly
    everything (the spouse in version 1); ``grief.signs`` counts the grief signs observed.
    """
    observed = assessment.observations
    values = vars(observed)  # the model's field values, each read without an attribute lookup
    facts: Facts = {
        fact: value
        for name, fact in _OBSERVATION_FACTS.items()
        if (value := values[name]) is not None
    }
    for concern in observed.abuse:
        facts[f"obs.{ABUSE_FLAGS[concern.type]}"] = True
        facts[f"abuse.{concern.type}"] = True
    facts["safety.abuse_or_neglect"] = any(facts.get(fact) is True for fact in _ABUSE_FACTS)
    if observed.depends_on is not None:
        facts["obs.depends_on_one_person"] = True
    elif observed.depends_on_spouse_for_everything is not None:
        facts["obs.depends_on_one_person"] = observed.depends_on_spouse_for_everything
    asked = [values[sign] for sign in _GRIEF_SIGNS]
    if any(answer is not None for answer in asked):
        facts["grief.signs"] = sum(answer is True for answer in asked)
    return facts


def score_scales(assessment: Assessment) -> dict[str, ScaleResult]:
    """Score every scale of `assessment`, partially where items are unanswered.

    Partial scoring keeps what can be known: a total only when every item is answered, the
    complete subscales, and every answered item -- so a safety item answered on an otherwise
    incomplete form still counts.
    """
    scales = load_scales()  # looked up once, not once a scale; an unknown id raises in score
    return {
        scale_id: score(scales.get(scale_id, scale_id), responses, partial=True)
        for scale_id, responses in assessment.scales.items()
    }


def scale_facts(results: Mapping[str, ScaleResult]) -> Facts:
    """Totals, complete subscales and answered safety items of scored scales as facts."""
    facts: Facts = {}
    for scale_id, result in results.items():
        if result.total is not None:
            facts[f"{scale_id}.total"] = result.total
        for subscale, value in result.subscales.items():
            facts[f"{scale_id}.{subscale}"] = value
        # the running call's content's scale: an overlay may flag other items
        for item in get_scale(scale_id).safety_item_ids:
            if item in result.item_scores:
                facts[f"{scale_id}.item{item}"] = result.item_scores[item]
    return facts
