"""The group evaluation as an HTML page on the report's template: retention, change, ties.

The same facts as `careplanner.group.evaluation_text`, laid out for a supervisor or a funder:
who stayed, how the scales changed (reliable change per member counted), the ties the
members made, objectives, satisfaction and the worker's coded notes.
"""

from __future__ import annotations

from careplanner._content._vocab import check_language
from careplanner.group._html import Section, Table, page
from careplanner.group._outcome import GroupEvaluation, ScaleSummary
from careplanner.group._text import (
    network_line,
    percent,
    reasons_text,
    retention_line,
    satisfaction_line,
    theme_rows,
)
from careplanner.group._words import line, word
from careplanner.models import Language


def evaluation_html(evaluation: GroupEvaluation, lang: Language = "zh-CN") -> str:
    """The evaluation of one group as one self-contained HTML page.

    Examples
    --------
    >>> from careplanner.group import evaluate_group, load_residents, load_sessions
    >>> result = evaluate_group(load_residents("example:residents"),
    ...                         load_residents("example:after"),
    ...                         records=load_sessions("example:sessions"))
    >>> page = evaluation_html(result, "en")
    >>> page.count("<table>"), "Retention: 5 of 6 who started stayed to the end" in page
    (2, True)
    """
    t = check_language(lang)
    r = evaluation.retention
    meta = [
        (word("members", t), str(len(evaluation.members))),
        (word("retention", t), percent(r.rate)),
        (word("attendance", t), percent(r.mean_attendance)),
        (word("objectives", t), percent(evaluation.objectives_met)),
    ]
    sections = [
        _retention(evaluation, t),
        _scales(evaluation, t),
        _network(evaluation, t),
        _outcomes(evaluation, t),
        Section(
            word("themes_heading", t),
            tables=(Table(_theme_columns(t), theme_rows(evaluation.themes, t)),),
            notes=(line("themes", t, codebook=evaluation.codebook, unused=_unused(evaluation)),),
        ),
    ]
    return page(t, word("evaluation_title", t), meta, sections)


def _theme_columns(t: Language) -> tuple[str, ...]:
    columns = ("theme", "interviews_before", "interviews_after", "sessions", "people")
    return tuple(word(k, t) for k in columns)


def _unused(evaluation: GroupEvaluation) -> int:
    return sum(
        1
        for c in evaluation.themes
        if not (c.interviews_before or c.interviews_after or c.sessions)
    )


def _retention(evaluation: GroupEvaluation, t: Language) -> Section:
    r = evaluation.retention
    lead = retention_line(r, t)
    notes = (f"{word('left', t)}: {reasons_text(r.left, t)}",)
    return Section(word("retention", t), lead=(lead,), notes=notes, id="retention")


def _scales(evaluation: GroupEvaluation, t: Language) -> Section:
    columns = ("", "scale", "answered", "before", "after", "change")
    verdicts = ("improved", "no_reliable_change", "deteriorated", "not_computed", "crossed")
    rows = tuple(
        (
            word(s.dimension, t),
            s.scale,
            str(s.n),
            f"{s.mean_before:.1f}",
            f"{s.mean_after:.1f}",
            f"{s.mean_change:+.1f}",
            *_verdicts(s, t),
        )
        for s in evaluation.scales
    )
    header = tuple(word(k, t) if k else "" for k in (*columns, *verdicts))
    notes = (
        (line("baseline_sd", t, scales=", ".join(evaluation.sd_from_baseline)),)
        if evaluation.sd_from_baseline
        else ()
    )
    return Section(word("scale_change", t), tables=(Table(header, rows),), notes=notes)


def _verdicts(s: ScaleSummary, t: Language) -> tuple[str, ...]:
    """Members improved, unchanged, worse, not computed, and who crossed the cut-off."""
    if not s.scorable:
        return (word("not_scorable", t), "-", "-", "-", "-")
    counts = (s.improved, s.no_reliable_change, s.deteriorated, s.not_computed, s.crossed)
    return tuple(str(n) for n in counts)


def _network(evaluation: GroupEvaluation, t: Language) -> Section:
    lead = network_line(evaluation.network, t)
    return Section(word("network", t), lead=(lead,))


def _outcomes(evaluation: GroupEvaluation, t: Language) -> Section:
    lead = [f"{word('objectives', t)}: {percent(evaluation.objectives_met)}"]
    if evaluation.satisfaction is not None:
        lead.append(satisfaction_line(evaluation.satisfaction, t))
    return Section(word("outcomes", t), lead=tuple(lead))
