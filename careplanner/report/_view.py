"""Everything a plan report shows, in one language, as plain values for the templates.

The HTML and Markdown templates read the same `Report`, so both carry the same content.
Nothing here is markup except the ecomaps, which `careplanner.network.ecomap_svg` drew.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplanner._sources import Reference
from careplanner.assess import AssessmentResult, Notice, Reassessment
from careplanner.models import Case
from careplanner.plan import CrisisPlan
from careplanner.report._compare import ComparisonView, comparison_view
from careplanner.report._needs import NeedsView, NeedView, needs_view
from careplanner.report._network import LinkView, NetworkView, link_views, network_view
from careplanner.report._plan import PlanView, plan_view
from careplanner.report._scales import ScaleRow, scale_rows
from careplanner.report._sessions import SessionsView, sessions_view
from careplanner.report._text import Words

#: Notice codes that concern safety: they join the safety section at the top.
SAFETY_NOTICES = frozenset({"safety_item_unanswered"})


@dataclass(frozen=True)
class SafetyView:
    """The safety section: urgent needs, unanswered safety items, the crisis plan."""

    lead: str
    needs: tuple[NeedView, ...]
    notices: tuple[str, ...]
    referral: str | None
    steps: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """One plan report in one language."""

    lang: str
    title: str
    version: str
    meta: tuple[tuple[str, str], ...]
    client: tuple[tuple[str, str], ...]
    identity_shown: bool
    safety: SafetyView | None
    notices: tuple[str, ...]
    scales: tuple[ScaleRow, ...]
    needs: NeedsView
    plan: PlanView
    network: NetworkView
    links: tuple[LinkView, ...]
    comparison: ComparisonView | None
    #: Planned and delivered sessions, what is due next, follow-up dates (None without a plan).
    sessions: SessionsView | None = None
    #: Where the Markdown report shows the ecomap picture (a file beside it), if anywhere.
    ecomap_link: str | None = None
    #: The full reference of every bibliography key the rendered report cites (set on render).
    references: tuple[Reference, ...] = ()


def build_report(
    case: Case,
    result: AssessmentResult,
    words: Words,
    *,
    show_identity: bool,
    reassessment: Reassessment | None,
    show_notes: bool = False,
    ecomap_link: str | None = None,
) -> Report:
    """Gather the report's content from a case, its assessment result and a re-assessment."""
    needs = needs_view(result.findings, words)
    statements = {n.id: n.statement for n in needs.needs}
    assessment = case.assessments[result.assessment.index]
    return Report(
        lang=words.lang,
        title=words.pick(case.title) if case.title else words("report.title"),
        version=result.careplanner_version,
        meta=_meta(result, words),
        client=_client(case, result, words, show_identity),
        identity_shown=show_identity,
        safety=_safety(needs.needs, result.notices, result.plan.crisis_plan, words)
        if reassessment is None or not reassessment.later_safety
        else _later_safety(reassessment, words),
        notices=tuple(words.pick(n.text) for n in result.notices if n.code not in SAFETY_NOTICES),
        scales=scale_rows(result.scales, words),
        needs=needs,
        plan=plan_view(result.plan, statements, words),
        network=network_view(case, assessment, result.network, words, show_identity),
        links=link_views(case, result.link_suggestions, words, show_identity),
        comparison=None
        if reassessment is None
        else comparison_view(case, reassessment, statements, words, show_identity),
        sessions=sessions_view(case, result, words, show_notes=show_notes),
        ecomap_link=ecomap_link,
    )


def _meta(result: AssessmentResult, words: Words) -> tuple[tuple[str, str], ...]:
    ref, pack, engine = result.assessment, result.findings.pack, result.findings.engine
    return (
        (words("meta.assessment"), f"{ref.date.isoformat()} · {words(f'kind.{ref.kind}')}"),
        (words("meta.worker"), ref.worker),
        (words("meta.rules"), f"{pack.id}@{pack.version}"),
        (words("meta.engine"), engine.name),
        (words("meta.version"), f"careplanner {result.careplanner_version}"),
    )


def _client(
    case: Case, result: AssessmentResult, words: Words, show_identity: bool
) -> tuple[tuple[str, str], ...]:
    client = result.client
    rows: list[tuple[str, str]] = []
    if show_identity and case.client.name:
        rows.append((words("client.name"), case.client.name))
    rows += [
        (words("client.id"), client.id),
        (words("client.age"), words("client.age_value", age=client.age)),
        (words("client.sex"), words(f"sex.{client.sex}")),
        (words("client.living"), words(f"living.{client.living_arrangement}")),
    ]
    # Asked of a client who lost a child; for anyone else a "no" would claim what was not asked.
    if case.client.child_loss is not None:
        shidu = words("client.shidu_yes") if client.shidu else words("common.no")
        if client.shidu_assistance_eligible:
            shidu = f"{shidu}{words('client.shidu_eligible')}"
        rows.append((words("client.shidu"), shidu))
    return tuple(rows)


def _later_safety(reassessment: Reassessment, words: Words) -> SafetyView:
    """A safety need flagged at the later assessment leads a comparison report."""
    later = tuple(
        NeedView(
            id=n.id,
            statement=words.pick(n.statement),
            safety=True,
            severity=n.severity,
            severity_label=words(f"severity.{n.severity}"),
            convention=n.convention,
            rules=(),
            answered_by=(),
        )
        for n in reassessment.later_safety
    )
    return SafetyView(
        lead=words("safety.lead_later"), needs=later, notices=(), referral=None, steps=(), notes=()
    )


def _safety(
    needs: tuple[NeedView, ...],
    notices: tuple[Notice, ...],
    crisis: CrisisPlan | None,
    words: Words,
) -> SafetyView | None:
    urgent = tuple(n for n in needs if n.safety)
    warnings = tuple(words.pick(n.text) for n in notices if n.code in SAFETY_NOTICES)
    if not urgent and not warnings and crisis is None:
        return None
    return SafetyView(
        lead=words("safety.lead" if urgent else "safety.lead_unscreened"),
        needs=urgent,
        notices=warnings,
        referral=None if crisis is None else words.pick(crisis.referral),
        steps=()
        if crisis is None
        else tuple((words.pick(s.title), words.pick(s.prompt)) for s in crisis.steps),
        notes=() if crisis is None else tuple(words.pick(n) for n in crisis.notes),
    )
