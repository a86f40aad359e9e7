"""Plain-text views of the survey, the plan and the evaluation (what the CLI prints).

Every view is pseudonymous: resident ids, never names. Tables are drawn by rich, as in every
other command's terminal output; rich measures display width, so Chinese text lines up. The
plan speaks plainly and keeps the rule ids and the optimiser's terms for a closing appendix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table as RichTable

from careplanner._content._scope import using
from careplanner._content._vocab import check_language
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._compose import Group
from careplanner.group._measures import Satisfaction
from careplanner.group._network import GroupNetworkChange
from careplanner.group._notes import ThemeCount
from careplanner.group._outcome import GroupEvaluation
from careplanner.group._programme import GroupSessionRecord, Programme
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._recruitment import ChannelFunnel, Funnel, ReasonCount
from careplanner.group._resources import ResourcePlan
from careplanner.group._retention import Retention
from careplanner.group._spec import load_composition
from careplanner.group._survey import SurveySummary
from careplanner.group._words import joined, line, need_label, need_list, word
from careplanner.group._work import GroupWork
from careplanner.models import Language
from careplanner.report._terminal import as_text

if TYPE_CHECKING:
    from careplanner._content._content import Content

WIDTH = 100  # columns of the terminal tables; cells wrap inside them
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?%?|-")


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table drawn by rich: a ruled header, columns as wide as their text, long cells wrapped.

    Rich measures Chinese characters as two columns, so Chinese text lines up in a terminal.

    >>> print(table(["need", "n"], [["loneliness", "6"], ["孤独感", "12"]]))
     need          n
    ─────────────────
     loneliness    6
     孤独感       12
    """
    grid = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for index, heading in enumerate(header):
        numeric = all(_NUMBER.fullmatch(row[index]) for row in rows) and bool(rows)
        grid.add_column(heading, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        grid.add_row(*row)
    return "\n".join(part.rstrip() for part in as_text(grid, width=WIDTH).splitlines())


def percent(value: float | None) -> str:
    """A share as a whole percentage; "-" when unknown."""
    return "-" if value is None else f"{value:.0%}"


def survey_text(summary: SurveySummary, lang: Language = "zh-CN") -> str:
    """The survey as tables: needs flagged, scale totals, answers to every question.

    Examples
    --------
    >>> from careplanner.group import load_residents, profile_residents, summarise_survey
    >>> summary = summarise_survey(profile_residents(load_residents("example:residents")))
    >>> survey_text(summary, "en").splitlines()[0]
    'Needs survey: 17 residents (group_needs_survey@1)'
    """
    t = check_language(lang)
    out = [line("survey", t, count=summary.residents, questionnaire=summary.questionnaire), ""]
    safety = f" ({word('safety', t)})"
    needs = [
        (n.label[t] + (safety if n.safety else ""), str(n.count), str(n.not_assessed))
        for n in summary.needs
    ]
    header = [word(k, t) for k in ("need", "flagged", "not_assessed")]
    out += [word("needs", t), table(header, needs), ""]
    header = [word(k, t) for k in ("scale", "answered", "mean", "median", "range")]
    rows = [
        (s.name[t], str(s.n), f"{s.mean:.1f}", f"{s.median:g}", f"{s.lowest}-{s.highest}")
        for s in summary.scales
    ]
    out += [word("scales", t), table(header, rows), ""]
    for q in summary.questions:
        answers = [(o.label[t], str(o.count)) for o in q.options]
        if q.kind == "many":
            answers.append((word("none_chosen", t), str(q.none_chosen)))
        answers.append((word("not_asked", t), str(q.not_asked)))
        out += [q.text[t], table([word("option", t), word("count", t)], answers), ""]
    return "\n".join(out).rstrip() + "\n"


def work_text(
    work: GroupWork,
    lang: Language = "zh-CN",
    *,
    catalogue: ActivityCatalogue | None = None,
    questionnaire: Questionnaire | None = None,
    content: Content | None = None,
) -> str:
    """Screening decisions with reasons, the groups, the waiting list and each programme.

    Examples
    --------
    >>> from careplanner.group import load_residents, plan_groups
    >>> text = work_text(plan_groups(load_residents("example:residents")), "en")
    >>> body, details = text.split("Appendix: how the residents were screened and grouped")
    >>> "safety_first" in body, "safety_first" in details
    (False, True)
    """
    with using(content):
        t = check_language(lang)
        catalogue = catalogue or load_activities()
        out = [funnel_text(work.funnel, t), "", word("screening", t)]
        header = [word(k, t) for k in ("resident", "decision", "reason")]
        decisions = work.screening.decisions
        out.append(table(header, [(d.resident, d.label[t], d.reason[t]) for d in decisions]))
        c = work.composition
        header = [word(k, t) for k in ("group", "members", "shared_needs", "compromises")]
        rows = [
            (g.id, ", ".join(g.members), need_list(g.needs)[t], compromises(g, t)) for g in c.groups
        ]
        out += ["", word("groups", t), table(header, rows)]
        out += [f"{word('waitlist', t)}: {w.resident} - {w.reason[t]}" for w in c.waiting]
        plans = {r.group: r for r in work.resources}
        for p in work.programmes:
            out += ["", _programme(p, t, catalogue, questionnaire or load_questionnaire())]
            if p.group in plans:
                out += [resources_text(plans[p.group], t)]
        return "\n".join([*out, "", _details(work, t)]).rstrip() + "\n"


def compromises(group: Group, t: Language) -> str:
    """What the grouping could not avoid in one group, in the terms' own plain words."""
    texts = {term.id: term.text[t] for term in load_composition().terms}
    found = [
        line("compromise", t, text=texts.get(v.term, v.term), count=v.value)
        for v in group.terms
        if v.value
    ]
    return joined(found, t) if found else word("none", t)


def _details(work: GroupWork, t: Language) -> str:
    """The appendix: the rule files, the rule that decided for each resident, the objective."""
    c = work.composition
    specs = ", ".join((work.funnel.recruitment, work.screening.rules, c.spec))
    rules = [
        (d.resident, f"{d.rule} ({word('basis_' + d.basis, t)})") for d in work.screening.decisions
    ]
    terms = [
        (g.id, ", ".join(f"{v.term}={v.value}" for v in g.terms), str(g.cost), g.method)
        for g in c.groups
    ]
    return "\n".join(
        [
            word("details", t),
            f"{word('specifications', t)}: {specs}",
            table([word("resident", t), word("rule", t)], rules),
            line("groups", t, spec=c.spec, cost=c.cost),
            table([word(k, t) for k in ("group", "terms", "total", "method")], terms),
        ]
    )


def resources_text(plan: ResourcePlan, lang: Language) -> str:
    """The resources of one programme: the cost against the budget and every gap."""
    head = line(
        "resources",
        lang,
        group=plan.group,
        cost=f"{plan.cost:g}",
        budget="-" if plan.budget is None else f"{plan.budget:g}",
        currency=plan.currency,
        count=len(plan.gaps),
    )
    return "\n".join([head, *(f"  {g.text[lang]}" for g in plan.gaps)])


def funnel_text(funnel: Funnel, lang: Language) -> str:
    """The recruitment funnel: totals, one row per channel, reasons for not joining."""
    f, t = funnel, lang
    head = funnel_line(f, t)
    columns = ("channel", "approached", "contacted", "interested", "suitable", "joined")
    rows = [channel_row(c, t) for c in f.channels if c.approached]
    out = [head, table([word(k, t) for k in columns], rows)]
    out.append(f"{word('declined', t)}: {reasons_text(f.declined, t)}")
    out.append(f"{word('screened_out', t)}: {reasons_text(f.screened_out, t)}")
    return "\n".join(out)


def funnel_line(f: Funnel, t: Language) -> str:
    """The funnel's totals in one sentence: approached, reached, interested, suitable, joined."""
    return line(
        "funnel",
        t,
        approached=f.approached,
        not_reached=f.not_reached,
        contacted=f.contacted,
        interested=f.interested,
        suitable=f.suitable,
        joined=f.joined,
        waiting=f.waiting,
    )


def channel_row(c: ChannelFunnel, t: Language) -> tuple[str, ...]:
    """One channel's row of the funnel table; "-" where a count is unknown."""
    counts = (c.approached, c.contacted, c.interested, c.suitable, c.joined)
    return (c.label[t], *("-" if n is None else str(n) for n in counts))


def reasons_text(reasons: Sequence[ReasonCount], lang: Language) -> str:
    """``label n`` for every reason, joined; the word for none when there is none."""
    return joined((f"{r.label[lang]} {r.count}" for r in reasons), lang)


def _programme(
    p: Programme, t: Language, catalogue: ActivityCatalogue, questionnaire: Questionnaire
) -> str:
    stages = {s.id: s.label[t] for s in catalogue.stages}
    rows = [
        (
            str(s.number),
            str(s.date or ""),
            stages[s.stage],
            catalogue.activity(s.activity).label[t],
            joined((need_label(n, t) for n in s.answers), t),
        )
        for s in p.sessions
    ]
    header = [word(k, t) for k in ("session", "date", "stage", "activity", "answers")]
    time = option_label(questionnaire, catalogue.time_question, p.meeting_time, t)
    notes = [f"  {s.number}: {n[t]}" for s in p.sessions for n in s.notes]
    title = line("programme", t, group=p.group, time=time)
    return "\n".join([title, table(header, rows), *notes])


def programme_text(
    programme: Programme,
    lang: Language = "zh-CN",
    *,
    since: int = 0,
    catalogue: ActivityCatalogue | None = None,
    questionnaire: Questionnaire | None = None,
    content: Content | None = None,
) -> str:
    """A programme's sessions, then its change log from entry `since` on.

    Examples
    --------
    >>> import datetime as dt
    >>> from careplanner.group import adjust_programme, load_residents, plan_groups
    >>> programme = plan_groups(load_residents("example:residents")).programmes[1]
    >>> chosen = adjust_programme(programme, dt.date(2025, 4, 1), choose={5: "singing"})
    >>> programme_text(chosen, "en").splitlines()[-1].startswith("2025-04-01  The worker chose")
    True
    """
    with using(content):
        t = check_language(lang)
        catalogue = catalogue or load_activities()
        body = _programme(programme, t, catalogue, questionnaire or load_questionnaire())
        changes = [
            f"{c.date}  {c.summary[t]}"
            + "".join(f" {x.number}: {x.before} -> {x.after};" for x in c.sessions)
            for c in programme.changes[since:]
        ]
        return (
            "\n".join([body, "", f"{word('changes', t)}:", *(changes or [word("none", t)])]) + "\n"
        )


def record_text(record: GroupSessionRecord, group: str | None, where: str, lang: Language) -> str:
    """One line saying which session was recorded where, by whom.

    >>> import datetime as dt
    >>> day = dt.date(2025, 4, 21)
    >>> r = GroupSessionRecord(number=3, date=day, worker="sw-05", attended=("r03",))
    >>> record_text(r, "g2", "g2.yaml", "en")
    'Recorded session 3 of g2 (2025-04-21, 1 came) by sw-05 in g2.yaml'
    """
    t = check_language(lang)
    return line(
        "recorded",
        t,
        number=record.number,
        group=group or "-",
        date=record.date.isoformat(),
        came=len(record.attended),
        worker=record.worker or "-",
        where=where,
    )


def option_label(q: Questionnaire, question: str, code: str | None, lang: Language) -> str:
    """The label of an answer code, or the code itself when unknown."""
    found = q.question(question)
    option = next((o for o in found.options if o.code == code), None) if found else None
    return option.label[lang] if option else str(code or word("none", lang))


def evaluation_text(evaluation: GroupEvaluation, lang: Language = "zh-CN") -> str:
    """Retention, per-scale change, ties, objectives, satisfaction and the coded notes.

    Examples
    --------
    >>> from careplanner.group import evaluate_group, load_residents, load_sessions
    >>> result = evaluate_group(load_residents("example:residents"),
    ...                         load_residents("example:after"),
    ...                         records=load_sessions("example:sessions"))
    >>> evaluation_text(result, "en").splitlines()[0][:59]
    'Retention: 5 of 6 who started stayed to the end (83%); 6 jo'
    """
    t = check_language(lang)
    r = evaluation.retention
    out = [
        retention_line(r, t),
        f"{word('left', t)}: {reasons_text(r.left, t)}",
        "",
        _scales_table(evaluation, t),
        "",
    ]
    out.append(network_line(evaluation.network, t))
    out.append(f"{word('objectives', t)}: {percent(evaluation.objectives_met)}")
    if evaluation.sd_from_baseline:
        out.append(line("baseline_sd", t, scales=", ".join(evaluation.sd_from_baseline)))
    if evaluation.satisfaction is not None:
        out.append(satisfaction_line(evaluation.satisfaction, t))
    out += ["", themes_text(evaluation.themes, evaluation.codebook, t)]
    return "\n".join(out).rstrip() + "\n"


def retention_line(r: Retention, t: Language) -> str:
    """Who started, who stayed, who dropped out and the mean attendance, in one sentence."""
    return line(
        "retention",
        t,
        joined=r.joined,
        completed=r.completed,
        started=r.started,
        rate=percent(r.rate),
        dropped=joined(r.dropped_out, t),
        attendance=percent(r.mean_attendance),
    )


def network_line(n: GroupNetworkChange, t: Language) -> str:
    """The ties between members before and after, their density and the new pairs."""
    return line(
        "network",
        t,
        before=n.before.ties,
        after=n.after.ties,
        density_before=f"{n.before.density:.2f}",
        density_after=f"{n.after.density:.2f}",
        new=joined((f"{a}-{b}" for a, b in n.new_ties), t),
    )


def _scales_table(evaluation: GroupEvaluation, t: Language) -> str:
    verdicts = "/".join(word(k, t) for k in ("improved", "no_reliable_change", "deteriorated"))
    header = ["", word("scale", t), "n", word("before", t), word("after", t), word("change", t)]
    header += [f"{verdicts}/{word('not_computed', t)}", word("crossed", t)]
    rows = [
        (
            word(s.dimension, t),
            s.scale,
            str(s.n),
            f"{s.mean_before:.1f}",
            f"{s.mean_after:.1f}",
            f"{s.mean_change:+.1f}",
            f"{s.improved}/{s.no_reliable_change}/{s.deteriorated}/{s.not_computed}"
            if s.scorable
            else word("not_scorable", t),
            str(s.crossed) if s.scorable else "",
        )
        for s in evaluation.scales
    ]
    return table(header, rows)


def satisfaction_line(s: Satisfaction, t: Language) -> str:
    """The satisfaction line: the mean, the range, who did not answer."""
    if s.mean is None:
        return line("satisfaction_none", t, measure=s.measure, missing=s.not_answered)
    return line(
        "satisfaction",
        t,
        measure=s.measure,
        n=s.n,
        mean=f"{s.mean:.1f}",
        low=s.lowest,
        high=s.highest,
        min=s.min,
        max=s.max,
        missing=s.not_answered,
    )


def themes_text(themes: Sequence[ThemeCount], codebook: str, lang: Language) -> str:
    """The worker's codes, counted: interviews before and after, sessions, people."""
    t = lang
    columns = ("theme", "interviews_before", "interviews_after", "sessions", "people")
    unused = sum(1 for c in themes if not (c.interviews_before or c.interviews_after or c.sessions))
    head = line("themes", t, codebook=codebook, unused=unused)
    return "\n".join([head, table([word(k, t) for k in columns], theme_rows(themes, t))])


def theme_rows(themes: Sequence[ThemeCount], t: Language) -> tuple[tuple[str, ...], ...]:
    """One row per code given at least once: label (area), counts and the people."""
    return tuple(
        (
            f"{c.label[t]} ({word('area_' + c.area, t)})",
            str(c.interviews_before),
            str(c.interviews_after),
            str(c.sessions),
            ", ".join(c.people),
        )
        for c in themes
        if c.interviews_before or c.interviews_after or c.sessions or c.people
    )
