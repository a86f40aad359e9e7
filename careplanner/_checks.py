"""Cross-field checks of a case: what each field allows alone cannot catch.

Each check returns `Problem`s naming the field that breaks the rule; `Case` runs them all,
so a worker sees every contradiction at once. Messages carry ids, never names or notes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from pydantic import BaseModel

from careplanner.errors import Problem, UnknownCodeError
from careplanner.instruments import check_responses, load_scales

#: The client in a caring role (`careplanner.models.CaringRole`).
CLIENT = "client"
#: Each type of abuse concern -> the yes/no observation it implies.
ABUSE_FLAGS = {
    "financial": "abuse_reported",
    "physical": "abuse_reported",
    "psychological": "abuse_reported",
    "sexual": "abuse_reported",
    "neglect": "neglect_reported",
    "self_neglect": "self_neglect_reported",
}

if TYPE_CHECKING:
    from careplanner.models import Assessment, Case


def case_problems(case: Case, today: dt.date | None = None) -> list[Problem]:
    """Return every cross-field problem of `case`, in document order."""
    today = today or dt.date.today()
    known = {c.id for c in case.contacts}
    deceased = {c.id for c in case.contacts if c.deceased}
    problems = _version_problems(case) + _contact_problems(case, known)
    problems += _date_problems(case, today)
    problems += _client_role_problems(case, known, deceased)
    for index, assessment in enumerate(case.assessments):
        where = f"assessments[{index}]"
        problems += _tie_problems(assessment, where, known)
        if deceased:  # most cases record no death
            problems += [
                Problem(f"{where}.ties[{n}].status", "a deceased contact has no tie; leave it out")
                for n, tie in enumerate(assessment.ties)
                if tie.contact in deceased
            ]
        problems += _observation_problems(assessment, f"{where}.observations", known)
        problems += _strain_problems(case, assessment, f"{where}.observations")
        problems += _answer_problems(assessment, f"{where}.scales")
    return problems


def _version_problems(case: Case) -> list[Problem]:
    """Fields marked "(version 2)" are refused in a file that says it is version 1."""
    if case.schema_version >= 2:
        return []
    return [
        Problem(where, "needs schema_version 2 (this file says 1); run 'careplanner migrate'")
        for where in newer_fields(case, "")
    ]


def newer_fields(model: BaseModel, where: str) -> list[str]:
    """Return the locations of the fields marked "(version 2)" that `model` sets."""
    found = []
    for name in model.model_fields_set:
        info = type(model).model_fields[name]
        at = f"{where}.{name}" if where else name
        value = getattr(model, name)
        if (info.description or "").startswith("(version 2)"):
            # A round trip writes defaults out: only a value that says something counts.
            if value != info.get_default(call_default_factory=True):
                found.append(at)
            continue
        items = value if isinstance(value, tuple) else (value,)
        for n, item in enumerate(items):
            if isinstance(item, BaseModel):
                found += newer_fields(item, f"{at}[{n}]" if isinstance(value, tuple) else at)
    return sorted(found)


def _client_role_problems(case: Case, known: set[str], deceased: set[str]) -> list[Problem]:
    client = case.client
    problems = []
    people = known | {CLIENT}
    for index, role in enumerate(client.caring):
        where = f"client.caring[{index}]"
        for field in ("carer", "recipient"):
            if getattr(role, field) not in people:
                problems.append(_not_a_contact(f"{where}.{field}", getattr(role, field), people))
        if (role.carer == CLIENT) == (role.recipient == CLIENT):
            problems.append(Problem(where, "exactly one of 'carer' and 'recipient' is 'client'"))
    for index, loss in enumerate(client.bereavements):
        if loss.contact is not None and loss.contact not in deceased:
            problems.append(
                Problem(
                    f"client.bereavements[{index}].contact",
                    f"{loss.contact!r} is not a contact marked 'deceased: true'; "
                    f"known: {sorted(deceased)}",
                )
            )
    return problems


def _observation_problems(assessment: Assessment, where: str, known: set[str]) -> list[Problem]:
    observed = assessment.observations
    problems = []
    if observed.depends_on is not None and observed.depends_on not in known:
        problems.append(_not_a_contact(f"{where}.depends_on", observed.depends_on, known))
    for index, concern in enumerate(observed.abuse):
        if concern.suspected is not None and concern.suspected not in known:
            problems.append(
                _not_a_contact(f"{where}.abuse[{index}].suspected", concern.suspected, known)
            )
        flag = ABUSE_FLAGS[concern.type]
        if getattr(observed, flag) is False:
            problems.append(
                Problem(
                    f"{where}.{flag}",
                    f"false contradicts abuse[{index}].type {concern.type!r}; "
                    "allowed: true or leave it out",
                )
            )
    return problems


def _strain_problems(case: Case, assessment: Assessment, where: str) -> list[Problem]:
    """Carer strain is the client's own: the caring roles must have the client caring."""
    roles = case.client.caring
    if assessment.observations.caregiver_strain is not True or not roles:
        return []
    if any(role.carer == CLIENT for role in roles):
        return []
    return [
        Problem(
            f"{where}.caregiver_strain",
            "true means the client is strained by caring, but client.caring has the client "
            "as carer in no role; add that role (carer: client) or leave this out",
        )
    ]


def _answer_problems(assessment: Assessment, where: str) -> list[Problem]:
    # Unanswered items are allowed here: scoring says which scale it could not score and why.
    problems = []
    scales = load_scales()
    for scale_id, responses in assessment.scales.items():
        scale = scales.get(scale_id)
        # the answers are validated (exact int, str or None): most are all allowed, seen at once
        if scale is not None and responses.items() <= scale.answer_pairs:
            continue
        try:
            found = check_responses(scale_id, responses, partial=True)
        except UnknownCodeError as exc:
            # the id is not repeated: typed text may be a name
            problems.append(Problem(where, f"an unknown scale id; known: {exc.allowed}"))
            continue
        problems += [Problem(f"{where}.{p.location}", p.message) for p in found]
    return problems


def _contact_problems(case: Case, known: set[str]) -> list[Problem]:
    problems = []
    # fewer ids than contacts: some id is listed twice (counted only then)
    counts = Counter(c.id for c in case.contacts) if len(known) < len(case.contacts) else {}
    lives_alone = case.client.living_arrangement == "alone"
    loss = case.client.child_loss
    no_child_left = loss is not None and loss.is_shidu
    if not (counts or lives_alone or no_child_left):
        return []  # nothing a contact could contradict
    for index, contact in enumerate(case.contacts):
        where = f"contacts[{index}]"
        if counts.get(contact.id, 0) > 1:
            problems.append(Problem(f"{where}.id", f"{contact.id!r} is listed more than once"))
        if lives_alone and contact.distance == "household":
            problems.append(
                Problem(
                    f"{where}.distance",
                    "'household' contradicts client.living_arrangement 'alone'",
                )
            )
        if no_child_left and contact.relation == "child" and not contact.deceased:
            problems.append(
                Problem(
                    f"{where}.relation",
                    "'child' contradicts client.child_loss (only child died, no living, "
                    "adopted or new child)",
                )
            )
    return problems


def _date_problems(case: Case, today: dt.date) -> list[Problem]:
    problems = [
        *_in_order("assessments", [a.date for a in case.assessments], today),
        *_in_order("sessions", [s.date for s in case.sessions], today),
        *_in_order("adjustments", [a.date for a in case.adjustments], today),
    ]
    loss = case.client.child_loss
    if loss is not None and loss.year > today.year:
        problems.append(Problem("client.child_loss.year", f"{loss.year} is in the future"))
    return problems


def _in_order(field: str, dates: list[dt.date], today: dt.date) -> list[Problem]:
    """Dates of a list that lie in the future, or a list out of date order."""
    problems = [
        Problem(f"{field}[{index}].date", f"{date} is in the future")
        for index, date in enumerate(dates)
        if date > today
    ]
    if dates != sorted(dates):
        problems.append(Problem(field, "must be in date order, earliest first"))
    return problems


def _tie_problems(assessment: Assessment, where: str, known: set[str]) -> list[Problem]:
    # Field names are built only for a problem: most cases have none.
    problems = []
    seen: set[str] = set()
    for index, tie in enumerate(assessment.ties):
        if tie.contact not in known:
            problems.append(_not_a_contact(f"{where}.ties[{index}].contact", tie.contact, known))
        if tie.contact in seen:
            problems.append(
                Problem(
                    f"{where}.ties[{index}].contact",
                    f"{tie.contact!r} has two ties in one assessment",
                )
            )
        seen.add(tie.contact)
    for index, link in enumerate(assessment.links):
        first, second = link.between
        if first == second:
            problems.append(
                Problem(
                    f"{where}.links[{index}].between",
                    f"a contact cannot be linked to itself ({first!r})",
                )
            )
        for end in (first, second):
            if end not in known:
                problems.append(_not_a_contact(f"{where}.links[{index}].between", end, known))
    return problems


def _not_a_contact(at: str, contact: str, known: set[str]) -> Problem:
    return Problem(at, f"{contact!r} is not in contacts; known: {sorted(known)}")
