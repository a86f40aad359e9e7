"""The brief plan: what a worker hands over and signs, on at most two A4 pages.

It is cut from the same `Report` as the full report: the client summary, the safety box
first when a safety need exists, each need with its severity and a one-line why, the stages
(sessions and purpose), the next steps, the ecomap and a signature block. The evidence, the
scale table and the sources stay in the full report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from careplanner._content._say import say
from careplanner.assess import AssessmentResult
from careplanner.models import Case
from careplanner.plan import PlannedStage, Schedule
from careplanner.report._plan import fact_label, ordinal, show
from careplanner.report._text import Words
from careplanner.report._view import Report
from careplanner.rules import FactEvidence, Need

#: At most this many matched facts make a need's one-line why.
WHY_FACTS = 3


@dataclass(frozen=True)
class BriefNeed:
    """A need in one line: statement, severity and the facts that flagged it."""

    statement: str
    severity: str
    severity_label: str
    safety: bool
    why: str


@dataclass(frozen=True)
class BriefStage:
    """A stage of the plan: its name, sessions and purpose."""

    ordinal: str
    name: str
    crisis: bool
    sessions: int
    purpose: str


@dataclass(frozen=True)
class NextStep:
    """What to do next and when."""

    what: str
    when: str


@dataclass(frozen=True)
class Signer:
    """A line of the signature block: who signs, and a name already known (a worker's id)."""

    role: str
    known: str


@dataclass(frozen=True)
class Brief:
    """The brief plan in one language: what it adds to, or cuts from, its full `Report`.

    The title, client summary, safety box and ecomap are the report's (``r`` in the
    templates); these are the brief's own.
    """

    meta: tuple[tuple[str, str], ...]
    needs: tuple[BriefNeed, ...]
    stages: tuple[BriefStage, ...]
    sessions: int
    next_steps: tuple[NextStep, ...]
    signers: tuple[Signer, ...]


def build_brief(case: Case, result: AssessmentResult, report: Report, words: Words) -> Brief:
    """The brief plan of `result`, cut from its full `report`."""
    worker = result.assessment.worker
    return Brief(
        meta=report.meta[:2],  # the assessment's date and kind, and the worker
        needs=tuple(_need(n, words) for n in result.findings.needs),
        stages=tuple(_stage(s, words) for s in result.plan.stages),
        sessions=result.plan.planned_sessions,
        next_steps=next_steps(case, result, words),
        signers=(
            Signer(words("brief.sign_worker"), worker),
            Signer(words("brief.sign_supervisor"), ""),
            Signer(words("brief.sign_client"), ""),
        ),
    )


def _need(need: Need, words: Words) -> BriefNeed:
    facts = [e for e in need.evidence if isinstance(e, FactEvidence)]
    return BriefNeed(
        statement=words.pick(need.statement),
        severity=need.severity,
        severity_label=words(f"severity.{need.severity}"),
        safety=need.safety,
        why=words.join_long(_fact(e, words) for e in facts[:WHY_FACTS]),
    )


def _fact(evidence: FactEvidence, words: Words) -> str:
    """``GDS-15 total 7 > 5`` or ``hopelessness: yes``, without the threshold's source."""
    label, value = fact_label(evidence.fact, words), show(evidence.value, words)
    if evidence.op == "is":
        return say("brief", words.lang, "yes_no", label=label, value=value)
    bound = show(evidence.bound, words)
    return say("brief", words.lang, "test", evidence.op, label=label, value=value, bound=bound)


def _stage(stage: PlannedStage, words: Words) -> BriefStage:
    return BriefStage(
        ordinal=ordinal(stage.number, words),
        name=words.pick(stage.name),
        crisis=stage.phase == "crisis",
        sessions=stage.sessions,
        purpose=words.pick(stage.purpose),
    )


def next_steps(case: Case, result: AssessmentResult, words: Words) -> tuple[NextStep, ...]:
    """What is due next: a same-day referral, the next stage's sessions left, follow-up.

    With the result's `schedule` each session still due in the next stage, and each
    follow-up re-measure, shows the date it falls due. Without one (no schedule recorded)
    the next stage counts its sessions recorded in the case up to the assessment's date, and
    the follow-up says how many months after closure.
    """
    steps: list[NextStep] = []
    crisis = result.plan.crisis_plan
    if crisis is not None:
        referral = f"{words('safety.referral')}{words.colon}{words.pick(crisis.referral)}"
        steps.append(NextStep(referral, words("brief.when_today")))
    if result.schedule is None:
        return (*steps, *_undated_steps(case, result, words))
    return (*steps, *_dated_steps(result.plan.stages, result.schedule, words))


def _dated_steps(
    stages: tuple[PlannedStage, ...], schedule: Schedule, words: Words
) -> tuple[NextStep, ...]:
    """The next stage's sessions still due, then the follow-up re-measures, each with its date."""
    upcoming = schedule.next
    steps: list[NextStep] = []
    if upcoming is not None:
        stage = next(s for s in stages if s.id == upcoming.stage)
        name = f"{ordinal(stage.number, words)} {words.pick(stage.name)}"
        steps.extend(
            NextStep(words("brief.session", stage=name, number=s.number), s.date.isoformat())
            for s in schedule.upcoming
            if s.stage == upcoming.stage
        )
    steps.extend(
        NextStep(
            words("brief.remeasure"),
            words("sessions.follow_up_value", date=f.date.isoformat(), months=f.months),
        )
        for f in schedule.follow_up
    )
    return tuple(steps)


def _undated_steps(case: Case, result: AssessmentResult, words: Words) -> tuple[NextStep, ...]:
    steps: list[NextStep] = []
    delivered = Counter(s.stage for s in case.sessions if s.date <= result.assessment.date)
    for stage in result.plan.stages:
        left = stage.sessions - delivered[stage.id]
        if left > 0:
            what = f"{ordinal(stage.number, words)} {words.pick(stage.name)}"
            steps.append(NextStep(what, words("brief.when_sessions", n=left)))
            break
    follow = result.plan.follow_up
    if follow is not None and follow.remeasure_months:
        months = ", ".join(str(m) for m in follow.remeasure_months)
        steps.append(NextStep(words("brief.remeasure"), words("brief.when_months", months=months)))
    return tuple(steps)
