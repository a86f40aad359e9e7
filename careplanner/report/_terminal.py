"""The terminal views of ``careplanner assess`` and ``careplanner compare``.

Each returns a rich renderable: printed by a `rich.console.Console` it is coloured on a
terminal and plain text in a pipe or file (`as_text` renders it to a string). Safety comes
first; everything fits an 80-column terminal.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careplanner._content._vocab import check_language
from careplanner.assess import AssessmentResult, Reassessment
from careplanner.instruments import get_scale
from careplanner.models import Case, Language
from careplanner.report._compare import MARKS, check_outcome, compare_title
from careplanner.report._network import confidants_key
from careplanner.report._plan import ordinal, show
from careplanner.report._sessions import sessions_view
from careplanner.report._text import Words
from careplanner.report._view import SAFETY_NOTICES
from careplanner.report._wrap import Wrapped

TOP_LINKS = 3
_CHECK_STYLE = {"ok": "green", "caution": "bold yellow", "fail": "bold red"}


def render_terminal(
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    case: Case | None = None,
    show_notes: bool = False,
) -> RenderableType:
    """Return the terminal view of an assessment: safety, needs, scales, stages, sessions, network.

    Parameters
    ----------
    result : AssessmentResult
        ``careplanner.assess.assess(case, ...)``.
    lang : {"zh-CN", "en"}, optional
        The client's language by default.
    case : Case, optional
        The case `result` came from: the worker's notes on each session are read from it.
    show_notes : bool
        Show the worker's observations and reflections on delivered sessions (needs `case`).

    Returns
    -------
    rich.console.RenderableType
        Print it with ``rich.console.Console().print``, or turn it into text with `as_text`.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> view = render_terminal(assess(load_case("example:living-alone-crisis")), lang="en")
    >>> as_text(view).splitlines()[0]
    'careplanner · alone-crisis-01 · intake 2025-01-10'
    """
    words = Words(check_language(lang or result.client.language))
    parts: list[RenderableType | None] = [_heading(result, words), _safety(result, words)]
    parts += [_notices(result, words), _needs(result, words), _scales(result, words)]
    parts += [_stages(result, words), _sessions(result, case, words, show_notes)]
    parts += [_network(result, words)]
    return Group(*(p for p in parts if p is not None))


def render_schedule_terminal(
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    case: Case | None = None,
    show_notes: bool = False,
) -> RenderableType:
    """Return the sessions part of the terminal view: delivered, due next, follow-up dates.

    Parameters as `render_terminal`.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> view = render_schedule_terminal(assess(load_case("example:living-alone-crisis")))
    >>> "下次会谈" in as_text(view)
    True
    """
    words = Words(check_language(lang or result.client.language))
    parts = [_heading(result, words), _sessions(result, case, words, show_notes)]
    return Group(*(p for p in parts if p is not None))


def as_text(renderable: RenderableType, *, width: int = 80) -> str:
    """Render a view as plain text, `width` columns wide (no colour, no control codes)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=False, color_system=None)
    console.print(renderable)
    return out.getvalue()


def _heading(result: AssessmentResult, words: Words) -> Text:
    ref, client = result.assessment, result.client
    facts = [
        words("client.age_value", age=client.age),
        words(f"sex.{client.sex}"),
        words(f"living.{client.living_arrangement}"),
    ]
    if client.shidu:
        facts.append(words("client.shidu"))
    line = f"careplanner · {client.id} · {words(f'kind.{ref.kind}')} {ref.date.isoformat()}"
    return Text.assemble((line, "bold"), "\n", " · ".join(facts))


def _safety(result: AssessmentResult, words: Words) -> Panel | None:
    needs = [n for n in result.findings.needs if n.safety]
    notices = [n for n in result.notices if n.code in SAFETY_NOTICES]
    crisis = result.plan.crisis_plan
    if not needs and not notices and crisis is None:
        return None
    body = Text(words("safety.lead" if needs else "safety.lead_unscreened"), style="bold")
    for notice in notices:
        body.append(f"\n! {words.pick(notice.text)}", style="bold red")
    for need in needs:
        body.append(f"\n• {words.pick(need.statement)}", style="bold red")
    if crisis is not None:
        body.append(
            f"\n{words('safety.referral')}{words.colon}{words.pick(crisis.referral)}", style="bold"
        )
        body.append(f"\n{words('safety.steps')}{words.colon}")
        for n, step in enumerate(crisis.steps, 1):
            body.append(f"\n  {n}. {words.pick(step.title)}")
    title = f"⚠ {words('section.safety')}"
    return Panel(body, title=title, title_align="left", border_style="bold red", box=box.HEAVY)


def _notices(result: AssessmentResult, words: Words) -> RenderableType | None:
    others = [n for n in result.notices if n.code not in SAFETY_NOTICES]
    if not others:
        return None
    lines = "\n".join(f"! {words.pick(n.text)}" for n in others)
    return Group(_title(words("section.notices")), Wrapped(lines, style="yellow"))


def _needs(result: AssessmentResult, words: Words) -> RenderableType:
    if not result.findings.needs:
        return Group(_title(words("section.needs")), Text(words("needs.none")))
    table = _table(words("severity.title"), words("plan.need"))
    for need in result.findings.needs:
        statement = words.pick(need.statement)
        if need.safety:
            statement = f"⚠ {statement}"
        label = words(f"severity.{need.severity}")
        table.add_row(label, Wrapped(statement, style="bold red" if need.safety else ""))
    hint = Text(words("needs.explain_hint"), style="dim")
    return Group(_title(words("section.needs")), table, hint)


def _scales(result: AssessmentResult, words: Words) -> RenderableType:
    table = _table(words("scales.scale"), words("scales.score"), words("scales.band"))
    for scale_id, scale in result.scales.items():
        descriptor = get_scale(scale_id)
        total = "-" if scale.total is None else f"{scale.total}/{descriptor.total.max}"
        band = scale.bands.get("total")
        shown = words.pick(band.label) if band else ""
        if band is not None and (band.kind == "convention" or not band.verified):
            shown += f" ({words('basis.convention')})"
        if scale.norm is not None and "total" in scale.norm.z:
            shown = f"{shown} z = {scale.norm.z['total']:+.2f} ({words('basis.norm')})".strip()
        shown = shown or words("scales.no_cutoff")
        table.add_row(words.pick(descriptor.name), total, shown)
    return Group(_title(words("section.scales")), table)


def _stages(result: AssessmentResult, words: Words) -> RenderableType:
    plan = result.plan
    if plan.kind == "none":
        return Group(_title(words("section.plan")), Text(words("plan.none")))
    table = _table(words("plan.stage"), words("plan.sessions"), words("plan.interventions"))
    for stage in plan.stages:
        name = f"{ordinal(stage.number, words)} {words.pick(stage.name)}"
        items = "\n".join(words.pick(i.purpose) for i in stage.interventions)
        style = "bold red" if stage.phase == "crisis" else ""
        table.add_row(Text(name, style=style), str(stage.sessions), items)
    summary = words("plan.summary", stages=len(plan.stages), sessions=plan.planned_sessions)
    return Group(_title(f"{words('section.plan')} ({summary})"), table)


def _sessions(
    result: AssessmentResult, case: Case | None, words: Words, show_notes: bool
) -> RenderableType | None:
    view = sessions_view(case, result, words, show_notes=show_notes)
    if view is None:
        return None
    table = _table(
        words("sessions.stage"),
        "#",
        words("sessions.date"),
        words("sessions.minutes"),
        words("sessions.done"),
    )
    for stage in view.stages:
        for k, row in enumerate(stage.rows):
            name = f"{stage.ordinal} ({stage.count})" if k == 0 else ""
            done = row.done if row.delivered else f"({row.status})"
            done += "".join(f"\n{label}{words.colon}{text}" for label, text in row.notes)
            style = "" if row.delivered else "dim"
            table.add_row(name, str(row.number), row.date, row.minutes, Text(done, style=style))
    lines = [f"{words('sessions.next')}{words.colon}{view.next or words('sessions.all_delivered')}"]
    if view.follow_up:
        lines.append(f"{words('sessions.follow_up')}{words.colon}{'; '.join(view.follow_up)}")
    if view.notes_hidden:
        lines.append(words("sessions.notes_hint"))
    return Group(_title(words("sessions.title")), Text(view.summary), table, Text("\n".join(lines)))


def _network(result: AssessmentResult, words: Words) -> RenderableType:
    m = result.network
    has_spouse = result.facts.get("profile.has_spouse") is True
    facts = [
        f"{words('network.size')}{words.colon}{m.size}",
        f"{words(confidants_key(has_spouse))}{words.colon}{m.confidants_besides_spouse}",
        f"{words('network.dependency')}{words.colon}{m.dependency:.0%}",
        f"{words('network.isolated')}{words.colon}{show(m.isolated, words)}",
    ]
    lines = [*facts, *(f"→ {words.pick(s.reason)}" for s in result.link_suggestions[:TOP_LINKS])]
    return Group(_title(words("section.network")), Wrapped("\n".join(lines)))


def render_reassessment_terminal(
    reassessment: Reassessment, *, lang: Language | None = None
) -> RenderableType:
    """Return the terminal view of ``careplanner compare``: verdict, scores, objectives.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import reassess
    >>> view = render_reassessment_terminal(reassess(load_case("example:shidu-mother")))
    >>> "可靠变化" in as_text(view)
    True
    """
    words = Words(check_language(lang or reassessment.client.language))
    verdict = words("compare.ready" if reassessment.closure.ready else "compare.not_ready")
    checks = Table.grid(padding=(0, 1))
    for check in reassessment.closure.checks:
        outcome = check_outcome(check.passed, check.blocking)
        checks.add_row(
            Text(MARKS[outcome], style=_CHECK_STYLE[outcome]), Wrapped(words.pick(check.text))
        )
    style = "green" if reassessment.closure.ready else "yellow"
    declined = [
        Text(f"{words(key)}: {', '.join(ids)}", style="bold red")
        for key, ids in (
            ("compare.new_needs", reassessment.new_needs),
            ("compare.worse_needs", reassessment.worse_needs),
        )
        if ids
    ]
    return Group(
        Text(compare_title(reassessment, words), style="bold"),
        *declined,
        Panel(checks, title=verdict, title_align="left", border_style=style, box=box.ROUNDED),
        _title(words("compare.scales")),
        _scale_changes(reassessment, words),
        _title(f"{words('compare.objectives')} ({_met(reassessment, words)})"),
        _objectives(reassessment, words),
    )


def _scale_changes(reassessment: Reassessment, words: Words) -> Table:
    table = _table(words("scales.scale"), words("compare.change"), words("compare.detail"))
    for s in reassessment.evaluation.scales:
        lines = []
        if s.cutoff is not None:
            crossed = words("compare.crossed" if s.cutoff.crossed else "compare.not_crossed")
            before, after = words.pick(s.cutoff.before.label), words.pick(s.cutoff.after.label)
            lines.append(f"{before} → {after} ({crossed})")
        rc = s.reliable
        if rc is None:
            lines.append(f"RCI: {words('compare.rci_none')}")
        else:
            reliable = words("compare.reliable_yes" if rc.reliable else "compare.reliable_no")
            lines.append(f"RCI {rc.rci:+.2f}: {reliable}, {words(f'direction.{rc.direction}')}")
            if rc.provisional:
                lines.append(words("compare.provisional"))
        name = words.pick(get_scale(s.scale).name)
        table.add_row(name, f"{s.before} → {s.after} ({s.change:+d})", Wrapped("\n".join(lines)))
    return table


def _met(reassessment: Reassessment, words: Words) -> str:
    results = reassessment.evaluation.objectives
    met = sum(r.status == "met" for r in results)
    return words("compare.met_share", met=met, total=len(results))


def _objectives(reassessment: Reassessment, words: Words) -> Table:
    table = _table(words("plan.objective"), words("compare.status"))
    for r in reassessment.evaluation.objectives:
        mark = "✓" if r.status == "met" else "✗"
        status = f"{mark} {words(f'objective_status.{r.status}')}"
        table.add_row(Wrapped(words.pick(r.objective.text)), status)
    return table


def _title(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _table(*headers: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table
