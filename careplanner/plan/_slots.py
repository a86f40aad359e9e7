"""Slots in catalogue texts, filled only from the client's own case.

A catalogue text may name a slot, ``{hobby}``, with neutral words for a case that has no
value, ``{hobby|a former interest}``. A sentence whose slot has no value and no neutral words is
left out; ``first||second`` gives a whole second wording for that case. Slots named ``when_*``
hold no words: they keep a sentence only for clients it applies to (``{when_abuse}``;
``{when_need_suicide_risk}`` for a flagged need).

The values come from the case alone -- a contact's own label, the client's hobby or former
occupation -- so no client's plan carries another client's details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from pydantic import BaseModel

from careplanner._content._caches import CACHES, Same
from careplanner._content._loader import load_bundled
from careplanner._content._vocab import WRITING_ORDER
from careplanner.models import (
    KIN_RELATIONS,
    Assessment,
    Bereavement,
    Case,
    Contact,
    Language,
    Observations,
)

#: Slot name -> its words per language.
Slots = Mapping[str, Mapping[Language, str]]

_SLOT = re.compile(r"\{([a-z_]+)(?:\|([^{}]*))?\}")
#: The start of a slot: finds every slot `_SLOT` finds, in any text.
_NAMED = re.compile(r"\{([a-z_]+)[|}]")
#: Relations whose dormant tie is a person to reconnect with (not a service or group).
_PEOPLE = frozenset(
    {"sibling", "other_kin", "friend", "neighbour", "colleague", "child", "grandchild"}
)
_KIN = frozenset({"sibling", "other_kin", "child", "grandchild"})
_FEARS = ("fear_of_going_out", "fear_of_infection")
_AND: Mapping[Language, str] = {"en": " and ", "zh-CN": "和"}
_POSSESSIVE = re.compile(r"^(?:her|his|their|my|our) ", re.IGNORECASE)


def fill(text: Mapping[Language, str], slots: Slots) -> dict[Language, str] | None:
    """Fill the slots of a bilingual text; None when a needed slot has no value.

    Examples
    --------
    >>> fill({"en": "Take up {hobby|a hobby} again.", "zh-CN": "重拾{hobby|爱好}。"}, {})
    {'en': 'Take up a hobby again.', 'zh-CN': '重拾爱好。'}
    >>> fill({"en": "Call {relative}.", "zh-CN": "联系{relative}。"}, {}) is None
    True
    """
    filled: dict[Language, str] = {}
    for lang, template in text.items():
        for wording in template.split("||"):
            words = _fill_one(wording, slots, lang)
            if words is not None:
                filled[lang] = words
                break
        else:
            return None
    return filled


def has_slots(text: Mapping[Language, str]) -> bool:
    """Whether any wording of `text` names a slot (texts without one are shared as they are)."""
    return any("{" in t or "||" in t for t in text.values())


def named(model: BaseModel) -> tuple[str, ...]:
    """Return the slots any text of `model` names, sorted: its JSON holds every text as written.

    >>> from careplanner.plan import NeedInput
    >>> words = {"en": "Call {relative|a friend}.", "zh-CN": "联系{relative}。"}
    >>> named(NeedInput(id="loneliness", severity="low", statement=words))
    ('relative',)
    """
    return tuple(sorted(set(_NAMED.findall(model.model_dump_json()))))


#: The slots each catalogue entry's texts name, by entry.
_NAMES = CACHES.bounded("plan.named", 1024, recency=False)


def names_in(entry: BaseModel) -> tuple[str, ...]:
    """`named` of a catalogue entry, found once per entry."""
    names: tuple[str, ...] = _NAMES.get(Same(entry), named, entry)
    return names


def words_of(
    names: Iterable[str], slots: Slots
) -> tuple[tuple[str, tuple[tuple[Language, str], ...]], ...]:
    """Return the words `slots` holds for `names`: what filling texts that name only those
    slots depends on.

    >>> words_of(["hobby", "relative"], {"hobby": {"en": "chess", "zh-CN": "下棋"}})
    (('hobby', (('en', 'chess'), ('zh-CN', '下棋'))),)
    """
    return tuple((name, tuple(slots[name].items())) for name in names if name in slots)


def _fill_one(template: str, slots: Slots, lang: Language) -> str | None:
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        name, neutral = match.group(1), match.group(2)
        if name in slots:
            return slots[name][lang]
        if neutral is None:
            missing = True
            return ""
        return neutral

    words = _SLOT.sub(value, template)
    return None if missing else words


def slots_of(
    case: Case, assessment: Assessment, top_contributor: str | None
) -> dict[str, dict[Language, str]]:
    """Return the slots this client's own case fills, at `assessment`.

    Parameters
    ----------
    case : Case
    assessment : Assessment
        The assessment the plan is for.
    top_contributor : str, optional
        The contact id carrying most support (network measures), for ``relied_on``.
    """
    contacts = {c.id: c for c in case.contacts}
    observed = assessment.observations
    suspected = {a.suspected for a in observed.abuse if a.suspected is not None}
    slots: dict[str, dict[Language, str]] = {}

    def put(name: str, words: Mapping[Language, str] | str | None) -> None:
        if words:
            slots[name] = (
                dict.fromkeys(WRITING_ORDER, words) if isinstance(words, str) else dict(words)
            )

    if observed.former_hobbies:
        put("hobby", observed.former_hobbies[0])
    put("occupation", case.client.former_occupation)
    put("deceased", _deceased(case))
    put("relied_on", _relied_on(case, assessment, contacts, top_contributor))
    ties = {t.contact: t for t in assessment.ties}
    living = [c for c in case.contacts if not c.deceased and c.id not in suspected]
    dormant = sorted(
        (c for c in living if c.id in ties and ties[c.id].status == "dormant"),
        key=lambda c: -ties[c.id].closeness,
    )
    # A friend first: relatives have family support of their own. A tie the client calls
    # distant (closeness 1), an estranged child say, is for the worker to explore with the
    # client, not a reunion to plan.
    people = [c for c in dormant if c.relation in _PEOPLE and ties[c.id].closeness > 1]
    people.sort(key=lambda c: c.relation in _KIN)
    put("revive", next((_name(c) for c in people), None))
    if "revive" in slots:
        # Someone to reunite with: the reunion wording of the social stage applies.
        slots["when_reunion"] = dict.fromkeys(WRITING_ORDER, "")
    put("group", next((_name(c) for c in dormant if c.relation in ("group", "organisation")), None))
    # The relative to share daily life with is one the client feels at least moderately close
    # to (3 of 5); with only distant relatives the stage speaks of people the client trusts.
    relatives = sorted(
        (c for c in living if c.relation in _KIN and c.id in ties and ties[c.id].closeness >= 3),
        key=lambda c: -ties[c.id].closeness,
    )
    put("relative", next((_name(c) for c in relatives), None))
    far = [c for c in living if c.distance == "far" and c.relation in _PEOPLE and c.id in ties]
    put("far_tie", next((_name(c) for c in far), None))
    slots.update(_caring_slots(case, contacts))
    slots.update(_condition_slots(case, assessment))
    slots.update(_no_safe_relative(case, assessment))
    return slots


def need_slots(needs: Iterable[str]) -> dict[str, dict[Language, str]]:
    """``when_need_<id>`` slots: keep a sentence for clients with that need flagged.

    >>> sorted(need_slots(["suicide_risk"]))
    ['when_need_suicide_risk']
    """
    return {f"when_need_{need}": dict.fromkeys(WRITING_ORDER, "") for need in needs}


def _deceased(case: Case) -> dict[Language, str] | None:
    """The child who died, and the latest death when it is someone else (a 失独 father
    widowed since): the client grieves both."""
    losses = case.client.bereavements
    if not losses:
        return _words()["relations"]["child"] if case.client.child_loss is not None else None
    latest = max(losses, key=_when)
    children = [b for b in losses if b.relation == "child"]
    named = [max(children, key=_when)] if children else []
    named += [latest] if latest not in named else []
    words = [_complete(b.label) or _words()["relations"][b.relation] for b in named]
    if len(words) == 1:
        return words[0]
    return {lang: _AND[lang].join(w[lang] for w in words) for lang in WRITING_ORDER}


def _when(loss: Bereavement) -> tuple[int, int]:
    return (loss.year, loss.month or 12)


def _relied_on(
    case: Case, assessment: Assessment, contacts: Mapping[str, Contact], top: str | None
) -> dict[Language, str] | None:
    observed = assessment.observations
    chosen = observed.depends_on
    if chosen is None and observed.depends_on_spouse_for_everything:
        chosen = next((c.id for c in case.contacts if c.relation == "spouse"), None)
        if chosen is None:
            return _words()["relations"]["spouse"]
    chosen = chosen or top
    return None if chosen is None or chosen not in contacts else _name(contacts[chosen])


def _caring_slots(case: Case, contacts: Mapping[str, Contact]) -> dict[str, dict[Language, str]]:
    roles = [r for r in case.client.caring if r.client_cares]
    if not roles:
        return {}
    role = max(roles, key=lambda r: r.hours_per_week or 0)
    slots = {}
    if role.recipient in contacts:
        slots["care_recipient"] = _name(contacts[role.recipient])
    # "other" says only that the condition is none of those named: not that it is an illness
    # (an intellectual disability, say), so the text speaks of the condition without naming it.
    if role.condition is not None and role.condition != "other":
        slots["care_condition"] = dict(_words()["conditions"][role.condition])
    return slots


def _condition_slots(case: Case, assessment: Assessment) -> dict[str, dict[Language, str]]:
    """``when_*`` slots: empty words that keep a sentence for the clients it applies to."""
    observed = assessment.observations
    types = {a.type for a in observed.abuse}
    abuse = observed.abuse_reported or observed.neglect_reported or observed.self_neglect_reported
    by_others = (
        bool(types - {"self_neglect"}) or observed.abuse_reported or observed.neglect_reported
    )
    self_neglect = "self_neglect" in types or bool(observed.self_neglect_reported)
    conditions = {
        "when_abuse": bool(types) or bool(abuse),
        # Harm done by someone else calls for the police and protection orders; self-neglect
        # alone calls for help at home and the community doctor.
        "when_harm_by_others": bool(by_others),
        "when_self_neglect_only": self_neglect and not by_others,
        # The domestic-violence law's duties and protection orders concern family members and
        # people living with the client; a stranger's fraud goes to the police alone.
        "when_domestic": _domestic(case, observed),
        "when_harm_in_institution": bool(by_others)
        and case.client.living_arrangement == "institution",
        # Harm from the person the client cares for (aggression in dementia, say) asks for
        # work on the behaviour and on the caring itself, beside the routes above.
        "when_harm_by_care_recipient": bool(_cared_for(case) & _suspected(observed)),
        "when_financial_abuse": "financial" in types,
        "when_neglect": "neglect" in types or bool(observed.neglect_reported),
        "when_self_neglect": self_neglect,
        "when_self_blame": bool(observed.self_blame),
        "when_feels_useless": bool(observed.feels_useless),
        # Online follow-up for a client known to use a messaging app (one who is to be taught
        # has the digital_exclusion need).
        "when_online": observed.uses_messaging_app is True,
        # A community worker to visit with or hand over to: one the case names.
        "when_community_worker": any(
            c.relation in ("community_staff", "social_worker") and not c.deceased
            for c in case.contacts
        ),
        "when_fear": any(getattr(observed, f) for f in _FEARS) and not abuse and not types,
        "when_spouse": case.client.has_spouse,
        # A client in a care home is met there, not at a home of their own.
        "when_institution": case.client.living_arrangement == "institution",
        # The worker saw the client rely on one person for nearly everything; a network whose
        # support rests on one person alone is said so, not as reliance for everything.
        "when_relies_on_one_person": observed.depends_on is not None
        or bool(observed.depends_on_spouse_for_everything),
        "when_cognitive_impairment": bool(observed.severe_cognitive_impairment),
        # Out more than once a week (the outing objective's mark): isolated for want of people,
        # not kept at home, so not asked to leave home again.
        "when_out_often": (observed.outings_per_week or 0) > 1,
    }
    return {name: dict.fromkeys(WRITING_ORDER, "") for name, holds in conditions.items() if holds}


def _cared_for(case: Case) -> set[str]:
    return {r.recipient for r in case.client.caring if r.client_cares}


def _suspected(observed: Observations) -> set[str]:
    return {a.suspected for a in observed.abuse if a.type != "self_neglect" and a.suspected}


def _domestic(case: Case, observed: Observations) -> bool:
    """Harm may come from the family or the household: a concern names a relative, someone
    living with the client, or no one (a yes/no flag alone says no more)."""
    concerns = [a for a in observed.abuse if a.type != "self_neglect"]
    if not concerns:
        return bool(observed.abuse_reported or observed.neglect_reported)
    relations = {c.id: c.relation for c in case.contacts}
    for concern in concerns:
        relation = relations.get(concern.suspected or "", concern.suspected_relation)
        if concern.lives_with_client or relation is None or relation in KIN_RELATIONS:
            return True
    return False


def _no_safe_relative(case: Case, assessment: Assessment) -> dict[str, dict[Language, str]]:
    """``when_no_safe_relative``: every relative in the case is suspected of abuse or dead."""
    suspected = {a.suspected for a in assessment.observations.abuse}
    kin = [c for c in case.contacts if c.is_kin and c.relation != "spouse" and not c.deceased]
    if kin and all(c.id in suspected for c in kin):
        return {"when_no_safe_relative": dict.fromkeys(WRITING_ORDER, "")}
    return {}


def _name(contact: Contact) -> dict[Language, str]:
    return _complete(contact.label) or _words()["relations"][contact.relation]


def _complete(label: Mapping[Language, str]) -> dict[Language, str] | None:
    """A contact's own label in both languages, the one given standing in for the other,
    without a possessive of its own: the catalogue writes "their {deceased}", and a label
    "her husband" would read "their her husband".

    >>> _complete({"en": "her husband"})
    {'en': 'husband', 'zh-CN': 'husband'}
    """
    if not label:
        return None
    given = next(iter(label.values()))
    return {lang: _POSSESSIVE.sub("", label.get(lang, given)) for lang in WRITING_ORDER}


@cache
def _words() -> dict[str, dict[str, dict[Language, str]]]:
    data = load_bundled("careplanner.plan", "slots.yaml")
    assert isinstance(data, dict)  # a packaging error otherwise
    return {"relations": data["relations"], "conditions": data["conditions"]}
