"""Self-contained HTML pages: the survey with bar charts, and the group-work plan.

One jinja2 environment with autoescaping renders both; every chart is inline SVG drawn from
numbers computed here, so the page fetches nothing and a label can never become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from careplanner._content._vocab import check_language
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._programme import Programme
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._recruitment import Funnel
from careplanner.group._resources import ResourcePlan
from careplanner.group._screening import Evidence
from careplanner.group._survey import QuestionSummary, ScoreDistribution, SurveySummary
from careplanner.group._text import (
    channel_row,
    funnel_text,
    option_label,
    reasons_text,
    resources_text,
)
from careplanner.group._words import joined, line, need_label, need_list, word
from careplanner.group._work import GroupWork
from careplanner.models import Language

BAR_WIDTH = 260  # pixels for the longest bar
ROW = 22  # pixels per bar of a horizontal chart
BLUE, RED = "#4a7ab5", "#b5464a"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, count and geometry."""

    label: str
    count: int
    fill: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Chart:
    """An SVG chart: its title, size and bars."""

    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    vertical: bool


def bar_chart(
    title: str, rows: Sequence[tuple[str, int]], marked: frozenset[str] = frozenset()
) -> Chart:
    """A horizontal bar chart of counts (labels left of the bars; `marked` labels in red)."""
    top = max((c for _, c in rows), default=0) or 1
    bars = tuple(
        Bar(
            label,
            count,
            RED if label in marked else BLUE,
            210,
            i * ROW + 4,
            BAR_WIDTH * count / top,
            ROW - 6,
        )
        for i, (label, count) in enumerate(rows)
    )
    return Chart(title, 210 + BAR_WIDTH + 40, len(rows) * ROW + 8, bars, vertical=False)


def histogram(title: str, d: ScoreDistribution) -> Chart:
    """A histogram of scale totals, one bar per bin, bins labelled below."""
    top = max((b.count for b in d.bins), default=0) or 1
    step = 52
    bars = tuple(
        Bar(
            f"{b.low}-{b.high}" if b.high > b.low else str(b.low),
            b.count,
            BLUE,
            10 + i * step,
            20 + 120 * (1 - b.count / top),
            step - 6,
            120 * b.count / top,
        )
        for i, b in enumerate(d.bins)
    )
    return Chart(title, 20 + step * len(d.bins), 170, bars, vertical=True)


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2em;max-width:60em;color:#222}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;
vertical-align:top;text-align:left}svg text{font-size:12px}.note{color:#555;font-size:.9em}
.gap{color:#b5464a;font-weight:bold}
"""

_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css }}</style></head><body>
{% macro chart(c) -%}
<figure><figcaption>{{ c.title }}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="{{ c.width }}" height="{{ c.height }}" role="img">
{% for b in c.bars %}{% if c.vertical %}
<rect fill="{{ b.fill }}" x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}"/>
<text x="{{ b.x + b.w / 2 }}" y="{{ b.y - 3 }}" text-anchor="middle">{{ b.count }}</text>
<text x="{{ b.x + b.w / 2 }}" y="158" text-anchor="middle">{{ b.label }}</text>
{% else %}
<text x="{{ b.x - 6 }}" y="{{ b.y + b.h - 3 }}" text-anchor="end">{{ b.label }}</text>
<rect fill="{{ b.fill }}" x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}"/>
<text x="{{ b.x + b.w + 4 }}" y="{{ b.y + b.h - 3 }}">{{ b.count }}</text>
{% endif %}{% endfor %}
</svg></figure>
{%- endmacro %}
<h1>{{ title }}</h1>
{% for section in sections %}
<h2>{{ section.heading }}</h2>
{% for c in section.charts %}{{ chart(c) }}{% endfor %}
{% for t in section.tables %}<table>
<tr>{% for h in t.header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in t.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}
</table>{% endfor %}
{% for p in section.notes %}<p class="note">{{ p }}</p>{% endfor %}
{% for p in section.gaps %}<p class="gap">{{ p }}</p>{% endfor %}
{% endfor %}
</body></html>
"""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    heading: str
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()


@cache
def _template() -> Template:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    return env.from_string(_PAGE)


def _render(title: str, lang: Language, sections: Sequence[Section]) -> str:
    # The style sheet is a constant of this module: trusted, so not escaped.
    return _template().render(title=title, lang=lang, css=Markup(_CSS), sections=sections)


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
    title = line("survey", t, count=summary.residents, questionnaire=summary.questionnaire)
    return _render(title, t, sections)


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
) -> str:
    """Screening, groups and programmes as one self-contained HTML page.

    Examples
    --------
    >>> from careplanner.group import load_residents, plan_groups
    >>> page = work_html(plan_groups(load_residents("example:residents")), "en")
    >>> page.count("<table>"), "safety_first" in page
    (5, True)
    """
    t = check_language(lang)
    catalogue = catalogue or load_activities()
    questionnaire = questionnaire or load_questionnaire()
    screening = Table(
        header=tuple(
            word(k, t) for k in ("resident", "decision", "rule", "reason", "evidence", "next_step")
        ),
        rows=tuple(
            (
                d.resident,
                d.label[t],
                f"{d.rule} ({word('basis_' + d.basis, t)})",
                d.reason[t],
                "; ".join(map(_evidence, d.evidence)),
                d.next_step[t],
            )
            for d in work.screening.decisions
        ),
    )
    c = work.composition
    groups = Table(
        header=(word("group", t), word("members", t), word("shared_needs", t), word("terms", t)),
        rows=tuple(
            (
                g.id,
                ", ".join(g.members),
                need_list(g.needs)[t],
                ", ".join(f"{v.term}={v.value}" for v in g.terms) + f" -> {g.cost} ({g.method})",
            )
            for g in c.groups
        ),
    )
    waiting = tuple(f"{word('waitlist', t)}: {w.resident} - {w.reason[t]}" for w in c.waiting)
    plans = {r.group: r for r in work.resources}
    sections = [
        _funnel_section(work.funnel, t),
        Section(f"{word('screening', t)} ({work.screening.rules})", tables=(screening,)),
        Section(line("groups", t, spec=c.spec, cost=c.cost), tables=(groups,), notes=waiting),
        *(
            _programme_section(p, t, catalogue, questionnaire, plans.get(p.group))
            for p in work.programmes
        ),
    ]
    return _render(word("plan_title", t), t, sections)


def _evidence(e: Evidence) -> str:
    """``needs.safety is true``, or ``needs.group >= 1 (6)`` with the value of a number."""
    return e.test if isinstance(e.value, bool) else f"{e.test} ({e.value})"


def _funnel_section(f: Funnel, t: Language) -> Section:
    columns = ("channel", "approached", "contacted", "interested", "suitable", "joined")
    rows = tuple(channel_row(c, t) for c in f.channels if c.approached)
    notes = (
        f"{word('declined', t)}: {reasons_text(f.declined, t)}",
        f"{word('screened_out', t)}: {reasons_text(f.screened_out, t)}",
    )
    head = funnel_text(f, t).splitlines()[0]
    return Section(head, tables=(Table(tuple(word(k, t) for k in columns), rows),), notes=notes)


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
        tables=(Table(header, rows),),
        notes=tuple(lines[:1]),
        gaps=tuple(g.strip() for g in lines[1:]),
    )
