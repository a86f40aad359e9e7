"""The what-if view: the changed answers, and what changes in needs and plan, in one language."""

from __future__ import annotations

from careplanner._content._vocab import check_language
from careplanner.models import Language
from careplanner.report._text import Words
from careplanner.whatif import WhatIf


def render_what_if(result: WhatIf, lang: Language | None = None) -> str:
    """The lines ``careplanner whatif`` prints, in `lang` (the client's language when None).

    Needs are named by their statement and stages by their name, as in the report.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.whatif import what_if
    >>> case = load_case("example:living-alone-crisis")
    >>> changed = what_if(case, ["phq9.item9=0", "obs.suicidal_ideation=false"])
    >>> print(render_what_if(changed, "en").splitlines()[0])
    Changed answers: phq9.item9=0, obs.suicidal_ideation=false
    """
    words = Words(check_language(lang or result.before.client.language))
    lines = [words("whatif.changes", changes=", ".join(result.changes))]
    statements = {
        n.id: n.statement for n in (*result.before.findings.needs, *result.after.findings.needs)
    }
    for change in result.needs:
        need = words.pick(statements[change.id])
        lines.append(
            words(
                "whatif.need",
                need=need,
                before=_state(change.before, words),
                after=_state(change.after, words),
            )
        )
    if not result.needs:
        lines.append(words("whatif.no_change"))
    names = {s.id: s.name for s in (*result.before.plan.stages, *result.after.plan.stages)}
    lines += [words("whatif.stage_added", stage=words.pick(names[s])) for s in result.stages_added]
    lines += [
        words("whatif.stage_removed", stage=words.pick(names[s])) for s in result.stages_removed
    ]
    return "\n".join(lines)


def _state(severity: str | None, words: Words) -> str:
    return words(f"severity.{severity}") if severity else words("whatif.not_flagged")
