"""The sessions still due and the follow-up re-measures as an iCalendar file (RFC 5545).

Written by hand: a calendar is a few lines of text. Each event is an all-day event
(``DTSTART;VALUE=DATE``); text values are escaped (backslash, semicolon, comma, line break)
and every line longer than 75 octets is folded without splitting a UTF-8 character; lines end
in CRLF. A ``UID`` names the client's pseudonymous id, the assessment the plan comes from and
the slot (stage and number, or months of follow-up), so exporting again after a session moves
the same event instead of adding one. ``DTSTAMP`` is the date of the latest entry the
schedule rests on (RFC 5545 section 3.8.7.2: when the information was last revised), so the
same case gives the same file. The client's name appears only when asked.

References
----------
.. [1] Desruisseaux B. (ed.). "Internet Calendaring and Scheduling Core Object Specification
   (iCalendar)". RFC 5545, IETF, 2009.
"""

from __future__ import annotations

import datetime as dt

from careplanner._content._vocab import check_language
from careplanner._version import __version__
from careplanner.assess import AssessmentResult
from careplanner.models import Case, Language
from careplanner.plan import PlannedStage
from careplanner.report._plan import fact_label, ordinal
from careplanner.report._text import Words

_FOLD = 75


def render_ics(
    case: Case,
    result: AssessmentResult,
    *,
    lang: Language | None = None,
    show_identity: bool = False,
) -> str:
    """Return the sessions still due and the follow-up re-measures of `result` as iCalendar.

    Parameters
    ----------
    case : Case
        The case `result` came from (for the dates of its entries and, if asked, the name).
    result : AssessmentResult
        ``careplanner.assess.assess(case, ...)``.
    lang : {"zh-CN", "en"}, optional
        The client's language by default.
    show_identity : bool
        Put the client's name in each event's summary; the pseudonymous id otherwise.

    Returns
    -------
    str
        A ``VCALENDAR`` with one ``VEVENT`` per session due and per follow-up re-measure;
        none when there is no plan.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> case = load_case("example:living-alone-crisis")
    >>> text = render_ics(case, assess(case), lang="en")
    >>> text.splitlines()[0], text.count("BEGIN:VEVENT") > 0
    ('BEGIN:VCALENDAR', True)
    """
    words = Words(check_language(lang or result.client.language))
    who = case.client.name if show_identity and case.client.name else result.client.id
    stamp = _stamp(case, result)
    events: list[list[str]] = []
    schedule = result.schedule
    if schedule is not None:
        stages = {s.id: s for s in result.plan.stages}
        for slot in schedule.upcoming:
            stage = stages[slot.stage]
            summary = (
                f"{who}: {_stage_name(stage, words)}, {words('sessions.session')} {slot.number}"
            )
            uid = _uid(result, f"{slot.stage}-{slot.number}")
            events.append(_event(uid, stamp, slot.date, summary, words.pick(stage.purpose)))
        for follow in schedule.follow_up:
            summary = f"{who}: {words('sessions.follow_up')} (+{follow.months})"
            measures = words.join(fact_label(m, words) for m in follow.measures)
            uid = _uid(result, f"follow-up-{follow.months}")
            events.append(_event(uid, stamp, follow.date, summary, measures))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//careplanner//careplanner {__version__}//EN",
        "CALSCALE:GREGORIAN",
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def escape(text: str) -> str:
    r"""Escape a TEXT value (RFC 5545 section 3.3.11).

    Examples
    --------
    >>> print(escape("a; b, c\\d\ne"))
    a\; b\, c\\d\ne
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 section 3.1).

    A continuation starts with one space; a UTF-8 character is never split.

    Examples
    --------
    >>> folded = fold("SUMMARY:" + "会谈" * 30)
    >>> [len(part.encode()) for part in folded.split("\\r\\n")]
    [74, 73, 43]
    """
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _FOLD:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _event(uid: str, stamp: str, day: dt.date, summary: str, description: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _uid(result: AssessmentResult, slot: str) -> str:
    return f"{result.client.id}.{result.assessment.date.isoformat()}.{slot}@careplanner"


def _stamp(case: Case, result: AssessmentResult) -> str:
    dates = [result.assessment.date, *(s.date for s in case.sessions)]
    dates += [a.date for a in case.adjustments]
    return f"{max(dates).strftime('%Y%m%d')}T000000Z"


def _stage_name(stage: PlannedStage, words: Words) -> str:
    return f"{ordinal(stage.number, words)} {words.pick(stage.name)}"
