"""A re-assessment in the report: scores before and after, objectives, maps, closure verdict.

Scale changes carry the cut-off crossing and the reliable change index (Jacobson & Truax
1991) as `careplanner.reassess` computed them; where either could not be computed the report
says so rather than leaving a blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplanner.assess import Reassessment
from careplanner.instruments import get_scale
from careplanner.models import Case
from careplanner.plan import ObjectiveResult, ScaleChange
from careplanner.report._network import NetworkView, confidants_key, contact_label, network_view
from careplanner.report._plan import fact_label, show
from careplanner.report._text import Words
from careplanner.rules import active_pack


@dataclass(frozen=True)
class ScaleChangeView:
    """One scale at both dates."""

    name: str
    before: int
    after: int
    change: str
    bands: str
    crossed: bool | None
    convention: bool
    rci: str
    reliable: bool | None
    direction: str
    provisional: bool
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ObjectiveResultView:
    """An objective checked at the later assessment."""

    text: str
    measure: str
    before: str
    after: str
    met: bool
    status: str


@dataclass(frozen=True)
class CheckView:
    """One closure rule: passed, a caution (advisory, failed) or failed; and why."""

    outcome: str
    text: str

    @property
    def mark(self) -> str:
        """✓ passed, ⚠ caution, ✗ failed."""
        return MARKS[self.outcome]


#: How a closure check is marked: passed, an advisory rule that failed, a blocking one.
MARKS = {"ok": "✓", "caution": "⚠", "fail": "✗"}


def check_outcome(passed: bool, blocking: bool) -> str:
    """``ok``, ``caution`` (an advisory rule failed) or ``fail`` (a blocking rule failed)."""
    if passed:
        return "ok"
    return "fail" if blocking else "caution"


@dataclass(frozen=True)
class ComparisonView:
    """Everything the report shows of a re-assessment."""

    title: str
    ready: bool
    checks: tuple[CheckView, ...]
    scales: tuple[ScaleChangeView, ...]
    objectives: tuple[ObjectiveResultView, ...]
    met: str
    changes: tuple[tuple[str, str], ...]
    open_needs: tuple[str, ...]
    new_needs: tuple[str, ...]
    worse_needs: tuple[str, ...]
    before: NetworkView
    after: NetworkView


def comparison_view(
    case: Case,
    reassessment: Reassessment,
    statements: dict[str, str],
    words: Words,
    show_identity: bool,
) -> ComparisonView:
    """The re-assessment in one language; `statements` names needs by id."""
    before, after = (
        case.assessments[reassessment.before.index],
        case.assessments[reassessment.after.index],
    )
    net = reassessment.network_change
    # A need new at the later assessment has no statement among the intake's: the bundled
    # pack words it (by id when a custom pack's need is unknown there).
    pack = active_pack().needs
    statements = {
        n: words.pick(pack[n].statement) for n in reassessment.open_needs if n in pack
    } | statements
    # Listed one after another: a sentence's own full stop would double the separator.
    statements = {n: text.rstrip("。.") for n, text in statements.items()}
    objectives = tuple(_objective(o, words) for o in reassessment.evaluation.objectives)
    met = sum(o.met for o in objectives)
    return ComparisonView(
        title=compare_title(reassessment, words),
        ready=reassessment.closure.ready,
        checks=tuple(
            CheckView(check_outcome(c.passed, c.blocking), words.pick(c.text))
            for c in reassessment.closure.checks
        ),
        scales=tuple(_scale(s, words) for s in reassessment.evaluation.scales),
        objectives=objectives,
        met=words("compare.met_share", met=met, total=len(objectives)),
        changes=_network_changes(case, reassessment, words, show_identity),
        # What is new or worse leads; "still flagged" names only what was there before.
        new_needs=tuple(statements.get(n, n) for n in reassessment.new_needs),
        worse_needs=tuple(statements.get(n, n) for n in reassessment.worse_needs),
        open_needs=tuple(
            statements.get(n, n) for n in reassessment.open_needs if n not in reassessment.new_needs
        ),
        before=network_view(case, before, net.before, words, show_identity),
        after=network_view(case, after, net.after, words, show_identity),
    )


def compare_title(reassessment: Reassessment, words: Words) -> str:
    """``intake 2022-03-08 compared with closure 2022-06-14``."""
    before, after = reassessment.before, reassessment.after
    return words(
        "compare.title",
        before=f"{words(f'kind.{before.kind}')} {before.date.isoformat()}",
        after=f"{words(f'kind.{after.kind}')} {after.date.isoformat()}",
    )


def _scale(change: ScaleChange, words: Words) -> ScaleChangeView:
    cut, rc = change.cutoff, change.reliable
    bands = "-"
    if cut is not None:
        bands = f"{words.pick(cut.before.label)} → {words.pick(cut.after.label)}"
    direction = words(f"direction.{rc.direction}") if rc is not None else "-"
    return ScaleChangeView(
        name=words.pick(get_scale(change.scale).name),
        before=change.before,
        after=change.after,
        change=f"{change.change:+d}",
        bands=bands,
        crossed=None if cut is None else cut.crossed,
        convention=cut is not None and (cut.after.kind == "convention" or not cut.after.verified),
        rci="-" if rc is None else f"{rc.rci:+.2f}",
        reliable=None if rc is None else rc.reliable,
        direction=direction,
        provisional=rc is not None and rc.provisional,
        notes=change.not_computed,
    )


def _objective(result: ObjectiveResult, words: Words) -> ObjectiveResultView:
    def value(v: object) -> str:
        return words("common.not_assessed") if v is None else show(v, words)

    return ObjectiveResultView(
        text=words.pick(result.objective.text),
        measure=fact_label(result.objective.measure, words),
        before=value(result.before),
        after=value(result.after),
        met=result.status == "met",
        status=words(f"objective_status.{result.status}"),
    )


def _network_changes(
    case: Case, reassessment: Reassessment, words: Words, show_identity: bool
) -> tuple[tuple[str, str], ...]:
    contacts = {c.id: c for c in case.contacts}

    def names(ids: tuple[str, ...]) -> str:
        shown = [contact_label(contacts[i], words, show_identity) for i in ids if i in contacts]
        return words.join(shown) or "-"

    net = reassessment.network_change
    b, a = net.before, net.after
    rows = [
        ("compare.added", names(net.added)),
        ("compare.lost", names(net.lost)),
        ("compare.strengthened", names(tuple(t.contact for t in net.strengthened))),
        ("compare.weakened", names(tuple(t.contact for t in net.weakened))),
        ("network.size", f"{b.size} → {a.size}"),
        (
            confidants_key(case.client.has_spouse),
            f"{b.confidants_besides_spouse} → {a.confidants_besides_spouse}",
        ),
        ("network.dependency", f"{b.dependency:.0%} → {a.dependency:.0%}"),
        ("network.isolated", f"{show(b.isolated, words)} → {show(a.isolated, words)}"),
    ]
    return tuple((words(key), value) for key, value in rows)
