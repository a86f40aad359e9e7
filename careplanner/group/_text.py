"""Plain-text views of the survey, the plan and the evaluation (what the CLI prints).

Every view is pseudonymous: resident ids, never names. Columns are padded by display width,
so Chinese text lines up in a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._evaluate import GroupEvaluation
from careplanner.group._programme import Programme
from careplanner.group._questionnaire import Questionnaire, load_questionnaire
from careplanner.group._survey import SurveySummary
from careplanner.group._words import check_language, joined, line, need_label, need_list, word
from careplanner.group._work import GroupWork
from careplanner.models import Language


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters count two.

    >>> width("abc"), width("孤独感")
    (3, 6)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table with columns padded to the widest cell."""
    cols = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def cells(row: Sequence[str]) -> str:
        padded = (c + " " * (w - width(c)) for c, w in zip(row, cols, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([cells(header), "  ".join("-" * w for w in cols), *map(cells, rows)])


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def survey_text(summary: SurveySummary, lang: str = "zh-CN") -> str:
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
    needs = [(n.label[t] + (safety if n.safety else ""), str(n.count)) for n in summary.needs]
    out += [word("needs", t), table([word("need", t), word("flagged", t)], needs), ""]
    header = [word(k, t) for k in ("scale", "answered", "mean", "median", "range")]
    rows = [
        (s.name[t], str(s.n), f"{s.mean:.1f}", f"{s.median:g}", f"{s.lowest}-{s.highest}")
        for s in summary.scales
    ]
    out += [word("scales", t), table(header, rows), ""]
    for q in summary.questions:
        answers = [(o.label[t], str(o.count)) for o in q.options]
        answers.append((word("unanswered", t), str(q.unanswered)))
        out += [q.text[t], table([word("option", t), word("count", t)], answers), ""]
    return "\n".join(out).rstrip() + "\n"


def work_text(
    work: GroupWork,
    lang: str = "zh-CN",
    *,
    catalogue: ActivityCatalogue | None = None,
    questionnaire: Questionnaire | None = None,
) -> str:
    """Screening decisions with reasons, the groups, the waiting list and each programme.

    Examples
    --------
    >>> from careplanner.group import load_residents, plan_groups
    >>> text = work_text(plan_groups(load_residents("example:residents")), "en")
    >>> "r13  Crisis referral and casework first  (safety_first)" in text
    True
    """
    t = check_language(lang)
    catalogue = catalogue or load_activities()
    out = [f"{word('screening', t)} ({work.screening.rules})"]
    for d in work.screening.decisions:
        out += [f"{d.resident}  {d.label[t]}  ({d.rule})", f"    {d.reason[t]}"]
    c = work.composition
    out += ["", line("groups", t, spec=c.spec, cost=c.cost)]
    for g in c.groups:
        terms = ", ".join(f"{v.term}={v.value}" for v in g.terms)
        out += [
            f"{g.id}: {', '.join(g.members)}",
            f"    {word('shared_needs', t)}: {need_list(g.needs)[t]}",
            f"    {word('terms', t)}: {terms} -> {g.cost} ({g.method})",
        ]
    out += [f"{word('waitlist', t)}: {w.resident} - {w.reason[t]}" for w in c.waiting]
    for p in work.programmes:
        out += ["", _programme(p, t, catalogue, questionnaire or load_questionnaire())]
    return "\n".join(out).rstrip() + "\n"


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


def option_label(q: Questionnaire, question: str, code: str | None, lang: Language) -> str:
    """The label of an answer code, or the code itself when unknown."""
    found = q.question(question)
    option = next((o for o in found.options if o.code == code), None) if found else None
    return option.label[lang] if option else str(code or word("none", lang))


def evaluation_text(evaluation: GroupEvaluation, lang: str = "zh-CN") -> str:
    """Retention, per-scale change, the members' ties and the objectives met.

    Examples
    --------
    >>> from careplanner.group import evaluate_group, load_residents, load_sessions
    >>> result = evaluate_group(load_residents("example:residents"),
    ...                         load_residents("example:after"),
    ...                         records=load_sessions("example:sessions"))
    >>> evaluation_text(result, "en").splitlines()[0]
    'Retention: 5 of 6 who started (83%); dropped out: r10; mean attendance 88%'
    """
    t = check_language(lang)
    r, n = evaluation.retention, evaluation.network
    out = [
        line(
            "retention",
            t,
            completed=r.completed,
            started=r.started,
            rate=_percent(r.rate),
            dropped=joined(r.dropped_out, t),
            attendance=_percent(r.mean_attendance),
        ),
        "",
    ]
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
            f"{s.improved}/{s.no_reliable_change}/{s.deteriorated}/{s.not_computed}",
            str(s.crossed),
        )
        for s in evaluation.scales
    ]
    out += [table(header, rows), ""]
    pairs = joined((f"{a}-{b}" for a, b in n.new_ties), t)
    out.append(
        line(
            "network",
            t,
            before=n.before.ties,
            after=n.after.ties,
            density_before=f"{n.before.density:.2f}",
            density_after=f"{n.after.density:.2f}",
            new=pairs,
        )
    )
    out.append(f"{word('objectives', t)}: {_percent(evaluation.objectives_met)}")
    if evaluation.sd_from_baseline:
        out.append(line("baseline_sd", t, scales=", ".join(evaluation.sd_from_baseline)))
    return "\n".join(out).rstrip() + "\n"
