"""Self-contained HTML pages of the group work: the survey, the plan and the evaluation.

The pages are drawn by the casework report's templates and style sheet
(``careplanner/report/templates/group.html.j2``), with its confidentiality header. They speak
plainly: which rule screened a resident, the optimiser's terms and the ids of the rule and
setting files are kept for an appendix. Every chart is inline SVG drawn from numbers
computed in `careplanner.group._charts`, so a page fetches nothing and a label can never
become markup (the template escapes every value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from careplanner._content._scope import using
from careplanner._content._vocab import check_language
from careplanner._version import __version__
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._charts import Chart, bar_chart, histogram
from careplanner.group._compose import Composition
from careplanner.group._programme import Programme
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._recruitment import Funnel
from careplanner.group._resources import ResourcePlan
from careplanner.group._screening import Screening, ScreeningEvidence
from careplanner.group._survey import QuestionSummary, SurveySummary
from careplanner.group._text import (
    channel_row,
    compromises,
    funnel_line,
    option_label,
    reasons_text,
    resources_text,
)
from careplanner.group._words import joined, line, need_label, need_list, word
from careplanner.group._work import GroupWork
from careplanner.models import Language

if TYPE_CHECKING:
    from careplanner._content._content import Content


@dataclass(frozen=True)
class Table:
    """A table: its column headings and rows of text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """A section of a page: heading, lead paragraphs, charts, tables, notes and gaps."""

    heading: str
    lead: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class Page:
    """What the template draws: header, sections and an appendix of details."""

    lang: Language
    title: str
    subtitle: str
    confidential: str
    colon: str
    meta: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    details_heading: str
    details: tuple[Section, ...]
    footer: str


def page(
    t: Language,
    title: str,
    meta: Sequence[tuple[str, str]],
    sections: Sequence[Section],
    details: Sequence[Section] = (),
) -> str:
    """Render one group page on the report's template."""
    from careplanner.report._render import render_group_page  # the report's templates
    from careplanner.report._text import Words

    report = Words(t)
    view = Page(
        lang=t,
        title=title,
        subtitle=word("pseudonymous", t),
        confidential=report("report.confidential"),
        colon=report.colon,
        meta=tuple(meta),
        sections=tuple(sections),
        details_heading=word("details", t),
        details=tuple(details),
        footer=word("footer", t).format(version=__version__),
    )
    return render_group_page(view)


def drop_empty_columns(table: Table) -> Table:
    """`table` without the columns in which every row is empty."""
    keep = [i for i in range(len(table.header)) if any(row[i] for row in table.rows)]
    return Table(
        tuple(table.header[i] for i in keep),
        tuple(tuple(row[i] for i in keep) for row in table.rows),
    )


def survey_html(summary: SurveySummary, lang: Language = "zh-CN") -> str:
    """The survey as one self-contained HTML page: bar charts and histograms in inline SVG.

    Examples
    --------
    >>> from careplanner.group import load_residents, profile_residents, summarise_survey
    >>> page = survey_html(summarise_survey(profile_residents(load_residents("example:residents"))))
    >>> page.count("<svg"), "王阿姨" in page
    (18, False)
    """
    t = check_language(lang)
    needs = [(n.label[t], n.count) for n in summary.needs if n.count]
    safety = frozenset(n.label[t] for n in summary.needs if n.safety)
    unassessed = tuple(
        line("not_assessed", t, need=n.label[t], count=n.not_assessed)
        for n in summary.needs
        if n.not_assessed
    )
    sections = [
        Section(
            word("needs", t),
            charts=(bar_chart(word("needs", t), needs, safety),),
            notes=unassessed,
        ),
        Section(
            word("scales", t),
            charts=tuple(histogram(d.name[t], d) for d in summary.scales),
            tables=(_scale_table(summary, t),),
        ),
        *(
            Section(
                q.text[t],
                charts=(bar_chart(q.text[t], [(o.label[t], o.count) for o in q.options]),),
                notes=(_asked(q, t),),
            )
            for q in summary.questions
        ),
    ]
    meta = [(word("residents_count", t), str(summary.residents))]
    meta.append((word("questionnaire", t), summary.questionnaire))
    return page(t, word("survey_title", t), meta, sections)


def _asked(q: QuestionSummary, t: Language) -> str:
    none = f"{word('none_chosen', t)} {q.none_chosen}; " if q.kind == "many" else ""
    return f"{none}{word('not_asked', t)} {q.not_asked}"


def _scale_table(summary: SurveySummary, t: Language) -> Table:
    return Table(
        header=tuple(word(k, t) for k in ("scale", "answered", "mean", "median", "range")),
        rows=tuple(
            (d.name[t], str(d.n), f"{d.mean:.1f}", f"{d.median:g}", f"{d.lowest}-{d.highest}")
            for d in summary.scales
        ),
    )


def work_html(
    work: GroupWork,
    lang: Language = "zh-CN",
    *,
    catalogue: ActivityCatalogue | None = None,
    questionnaire: Questionnaire | None = None,
    content: Content | None = None,
) -> str:
    """Recruitment, screening, groups and programmes as one self-contained HTML page.

    The body says each decision and each compromise in plain words; the rules that decided,
    the facts they read and the optimiser's terms are in the appendix.

    Examples
    --------
    >>> from careplanner.group import load_residents, plan_groups
    >>> page = work_html(plan_groups(load_residents("example:residents")), "en")
    >>> body, appendix = page.split('id="details"')
    >>> "safety_first" in body, "safety_first" in appendix
    (False, True)
    """
    with using(content):
        t = check_language(lang)
        catalogue = catalogue or load_activities()
        questionnaire = questionnaire or load_questionnaire()
        c = work.composition
        plans = {r.group: r for r in work.resources}
        sections = [
            _funnel_section(work.funnel, t),
            _screening_section(work.screening, t),
            _groups_section(c, t),
            *(
                _programme_section(p, t, catalogue, questionnaire, plans.get(p.group))
                for p in work.programmes
            ),
        ]
        placed = sum(len(g.members) for g in c.groups)
        meta = [
            (word("residents_count", t), str(work.residents)),
            (word("placed", t), str(placed)),
            (word("groups_formed", t), str(len(c.groups))),
        ]
        details = [_screening_details(work.screening, t), _grouping_details(work, t)]
        return page(t, word("plan_title", t), meta, sections, details)


def _funnel_section(f: Funnel, t: Language) -> Section:
    columns = ("channel", "approached", "contacted", "interested", "suitable", "joined")
    rows = tuple(channel_row(c, t) for c in f.channels if c.approached)
    notes = (
        f"{word('declined', t)}: {reasons_text(f.declined, t)}",
        f"{word('screened_out', t)}: {reasons_text(f.screened_out, t)}",
    )
    head = funnel_line(f, t)
    table = Table(tuple(word(k, t) for k in columns), rows)
    return Section(word("recruitment", t), lead=(head,), tables=(table,), notes=notes)


def _screening_section(screening: Screening, t: Language) -> Section:
    table = Table(
        header=tuple(word(k, t) for k in ("resident", "decision", "reason", "next_step")),
        rows=tuple(
            (d.resident, d.label[t], d.reason[t], d.next_step[t]) for d in screening.decisions
        ),
    )
    return Section(word("screening", t), tables=(table,), id="screening")


def _groups_section(c: Composition, t: Language) -> Section:
    columns = ("group", "members", "shared_needs", "compromises")
    table = Table(
        header=tuple(word(k, t) for k in columns),
        rows=tuple(
            (g.id, ", ".join(g.members), need_list(g.needs)[t], compromises(g, t)) for g in c.groups
        ),
    )
    waiting = tuple(f"{word('waitlist', t)}: {w.resident} - {w.reason[t]}" for w in c.waiting)
    return Section(word("groups", t), tables=(table,), notes=waiting, id="groups")


def _programme_section(
    p: Programme,
    t: Language,
    catalogue: ActivityCatalogue,
    q: Questionnaire,
    resources: ResourcePlan | None,
) -> Section:
    stages = {s.id: s.label[t] for s in catalogue.stages}
    rows = tuple(
        (
            str(s.number),
            str(s.date or ""),
            stages[s.stage],
            catalogue.activity(s.activity).label[t],
            catalogue.activity(s.activity).description[t],
            joined((need_label(n, t) for n in s.answers), t),
            " ".join(n[t] for n in s.notes),
        )
        for s in p.sessions
    )
    columns = ("session", "date", "stage", "activity", "description", "answers", "notes")
    header = tuple(word(k, t) for k in columns)
    time = option_label(q, catalogue.time_question, p.meeting_time, t)
    lines = resources_text(resources, t).splitlines() if resources else []
    return Section(
        line("programme", t, group=p.group, time=time),
        tables=(drop_empty_columns(Table(header, rows)),),
        notes=tuple(lines[:1]),
        gaps=tuple(g.strip() for g in lines[1:]),
    )


def _screening_details(screening: Screening, t: Language) -> Section:
    table = Table(
        header=tuple(word(k, t) for k in ("resident", "rule", "evidence")),
        rows=tuple(
            (
                d.resident,
                f"{d.rule} ({word('basis_' + d.basis, t)})",
                "; ".join(map(_evidence, d.evidence)),
            )
            for d in screening.decisions
        ),
    )
    return Section(word("screening_details", t), tables=(table,))


def _evidence(e: ScreeningEvidence) -> str:
    """``needs.safety is true``, or ``needs.group >= 1 (6)`` with the value of a number."""
    return e.test if isinstance(e.value, bool) else f"{e.test} ({e.value})"


def _grouping_details(work: GroupWork, t: Language) -> Section:
    c = work.composition
    table = Table(
        header=(word("group", t), word("terms", t), word("total", t), word("method", t)),
        rows=tuple(
            (
                g.id,
                ", ".join(f"{v.term}={v.value}" for v in g.terms),
                str(g.cost),
                g.method,
            )
            for g in c.groups
        ),
    )
    specs = ", ".join((work.funnel.recruitment, work.screening.rules, c.spec))
    lead = (line("groups", t, spec=c.spec, cost=c.cost), f"{word('specifications', t)}: {specs}")
    return Section(word("grouping_details", t), lead=lead, tables=(table,))
