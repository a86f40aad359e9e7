"""The trainer's view of ``careplanner explain``: why each need is flagged or not.

For every need of the rule pack: the rules that fired, on which facts and thresholds (with
their basis and source); the rules that did not fire and why; and the single changes of a
fact that would flip the need (`careplanner.rules.explain`). A flagged safety need is never
offered a way out: it stays until its own triggers are re-assessed.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from careplanner._content._vocab import check_language
from careplanner._sources import Reference, cited_in
from careplanner.assess import AssessmentResult
from careplanner.errors import RulePackError, UnknownCodeError
from careplanner.models import Language
from careplanner.report._needs import source_of
from careplanner.report._text import Words
from careplanner.rules import (
    Evidence,
    FactEvidence,
    NeedExplanation,
    RulePack,
    TraceEntry,
    active_pack,
    explain,
)


def render_explanation(
    result: AssessmentResult,
    *,
    need: str | None = None,
    lang: Language | None = None,
    pack: RulePack | None = None,
) -> RenderableType:
    """Return the trainer's explanation of an assessment's findings.

    Parameters
    ----------
    result : AssessmentResult
        ``careplanner.assess.assess(case, ...)``.
    need : str, optional
        One need id of the pack; all needs (flagged first) by default.
    lang : {"zh-CN", "en"}, optional
        The client's language by default.
    pack : RulePack, optional
        The pack the result was assessed with; the bundled default when not given.

    Raises
    ------
    UnknownCodeError
        `need` is not a need of the pack.
    RulePackError
        `pack` is not the pack the result was assessed with.

    Examples
    --------
    >>> from careplanner import load_case
    >>> from careplanner.assess import assess
    >>> from careplanner.report import as_text
    >>> result = assess(load_case("example:shidu-mother"), "intake")
    >>> text = as_text(render_explanation(result, need="loneliness", lang="en"))
    >>> "UCLA-3 loneliness total 8 ≥ 6" in text
    True
    """
    words = Words(check_language(lang or result.client.language))
    pack = _matching_pack(result, pack)
    explanation = explain(result.facts, pack)
    needs = sorted(explanation.needs, key=lambda n: not n.flagged)
    if need is not None:
        needs = [n for n in needs if n.need == need]
        if not needs:
            raise UnknownCodeError("need", need, pack.needs)
    trace = explanation.findings.trace
    parts: list[RenderableType] = [_need(n, pack, trace, words) for n in needs]
    shown = {n.need for n in needs}
    entries = [e for e in trace if e.need in shown]
    combos = [e for e in trace if e.need is None]
    if combos and need is None:
        parts.append(_combinations(combos, words))
        entries += combos
    references = cited_in(needs, entries)
    if references:
        parts.append(_references(references, words))
    return Group(*parts)


def _references(references: tuple[Reference, ...], words: Words) -> Panel:
    lines = [Text(f"[{ref.key}] {ref.text}") for ref in references]
    title = words("section.references")
    return Panel(
        Group(*lines), title=title, title_align="left", border_style="dim", box=box.ROUNDED
    )


def _matching_pack(result: AssessmentResult, pack: RulePack | None) -> RulePack:
    pack = pack or active_pack()
    used = result.findings.pack
    if pack.content_hash != used.content_hash:
        raise RulePackError(
            f"the result was assessed with rule pack {used.id}@{used.version} "
            f"({used.content_hash}); pass that pack, not {pack.name} ({pack.content_hash})"
        )
    return pack


def _need(
    need: NeedExplanation, pack: RulePack, trace: tuple[TraceEntry, ...], words: Words
) -> Panel:
    spec = pack.needs[need.need]
    status = words("needs.flagged" if need.flagged else "needs.not_flagged")
    lines: list[RenderableType] = [Text(words.pick(spec.statement), style="bold")]
    fired = {e.rule: e for e in trace if e.need == need.need}
    for check in need.rules:
        entry = fired.get(check.rule)
        if entry is not None:
            lines += _fired(entry, words)
        else:
            lines += _not_fired(check.rule, [words.pick(r) for r in check.reasons], words)
    lines += _counterfactual(need, words)
    style = "red" if spec.safety else ("cyan" if need.flagged else "dim")
    title = f"{need.need} — {status}"
    return Panel(
        Group(*lines), title=title, title_align="left", border_style=style, box=box.ROUNDED
    )


def _indent(text: str, style: str = "", level: int = 1) -> Padding:
    return Padding(Text(text, style=style), (0, 0, 0, 2 * level))


def _fired(entry: TraceEntry, words: Words) -> list[RenderableType]:
    severity = words(f"severity.{entry.severity}") if entry.severity else ""
    head = Text.assemble(
        (f"✓ {entry.rule} ", "bold green"), f"({words('needs.fired')}, {severity})"
    )
    lines: list[RenderableType] = [head]
    for evidence in entry.evidence:
        lines.append(_indent(words.pick(evidence.text)))
        source = _source(evidence, words)
        if source:
            lines.append(_indent(source, "dim", 2))
    return lines


def _source(evidence: Evidence, words: Words) -> str:
    if not isinstance(evidence, FactEvidence) or evidence.basis is None:
        return ""
    basis = words(f"basis.{evidence.basis}")
    return f"{basis} · {words('needs.source')}{words.colon}{source_of(evidence, words)}"


def _not_fired(rule: str, reasons: list[str], words: Words) -> list[RenderableType]:
    head = Text.assemble((f"✗ {rule} ", "bold"), f"({words('needs.not_fired')})")
    return [head, *(_indent(reason, "dim") for reason in reasons)]


def _counterfactual(need: NeedExplanation, words: Words) -> list[RenderableType]:
    cf = need.counterfactual
    note = Text.assemble(
        (f"{words('needs.what_would_change')}{words.colon}", "bold"),
        (words.pick(cf.note), "bold red" if cf.safety_locked else ""),
    )
    lines: list[RenderableType] = [note]
    lines += [_indent(f"→ {words.pick(change.text)}") for change in cf.changes]
    if cf.not_assessed:
        missing = f"{words('needs.not_assessed')}{words.colon}{', '.join(cf.not_assessed)}"
        lines.append(_indent(missing, "dim"))
    return lines


def _combinations(entries: list[TraceEntry], words: Words) -> Panel:
    lines: list[RenderableType] = []
    for entry in entries:
        lines.append(Text(f"✓ {entry.rule}", style="bold green"))
        lines += [_indent(words.pick(evidence.text)) for evidence in entry.evidence]
    title = words("needs.combinations")
    return Panel(
        Group(*lines), title=title, title_align="left", border_style="cyan", box=box.ROUNDED
    )
