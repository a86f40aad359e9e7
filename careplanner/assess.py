"""The main job: one case in, needs, plan and network out; and the re-assessment at closure.

`assess` runs the whole pipeline on one assessment of a case: score the scales, measure the
support network, evaluate the rule pack on the facts, build the staged plan. `reassess`
compares a later assessment with the intake: scale changes, objectives met, network change
and whether closing the case is reasonable.

Both return frozen, JSON-serialisable results (`model_dump_json` round-trips) that carry the
client's pseudonymous id but never a name: identity stays in the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from careplanner._content._scope import using
from careplanner._content._vocab import trusted
from careplanner._delivery import ENDING_KINDS, record_casework
from careplanner._notices import Notice as Notice  # re-exported: results name it
from careplanner._notices import capped_notice, self_tie_notice
from careplanner._version import __version__
from careplanner.errors import CareplannerError, UnknownCodeError
from careplanner.facts import capped, facts_from, score_scales
from careplanner.instruments import ScaleResult, get_scale
from careplanner.models import Assessment, AssessmentKind, Case, Language
from careplanner.network import (
    LinkSuggestion,
    NetworkChange,
    NetworkMeasures,
    build_network,
    compare_networks,
    network_facts,
)
from careplanner.network._build import EgoMap, ego_map
from careplanner.network._measures import measure_ego
from careplanner.network._suggest import suggest_for
from careplanner.plan import (
    CarePlan,
    ClosureVerdict,
    Evaluation,
    NeedInput,
    Schedule,
    closure_readiness,
    evaluate_progress,
    plan_from_findings,
)
from careplanner.rules import (
    EngineChoice,
    Findings,
    Need,
    RulePack,
    active_pack,
    apply_floor,
    evaluate,
    evaluate_many,
    resolve_engine,
)

if TYPE_CHECKING:
    from careplanner._content._content import Content

#: Major version of the result format; bumped only when a field is removed or changes meaning.
RESULT_FORMAT = 1

#: Which assessment to use: "intake" (the earliest), "latest", the latest of a kind
#: ("review", "closure", "follow_up"), a position in the case, or a date.
AssessmentChoice = Literal["intake", "latest", "review", "closure", "follow_up"] | int | dt.date
ASSESSMENT_NAMES = ("intake", "latest", "review", "closure", "follow_up")


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AssessmentRef(_Result):
    """Which assessment of the case a result speaks of."""

    index: int
    date: dt.date
    kind: AssessmentKind
    worker: str


class ClientSummary(_Result):
    """What a result says of the client: pseudonymous, no name."""

    id: str
    age: int
    sex: str
    living_arrangement: str
    language: Language
    shidu: bool
    shidu_assistance_eligible: bool


class AssessmentResult(_Result):
    """Everything careplanner concludes from one assessment."""

    result_format: int = RESULT_FORMAT
    careplanner_version: str
    client: ClientSummary
    assessment: AssessmentRef
    scales: dict[str, ScaleResult]
    notices: tuple[Notice, ...]
    facts: dict[str, int | float | bool]
    network: NetworkMeasures
    link_suggestions: tuple[LinkSuggestion, ...]
    findings: Findings
    plan: CarePlan
    #: When the plan's sessions were delivered or fall due, and the follow-up re-measures;
    #: ``None`` when no need was flagged.
    schedule: Schedule | None = None

    @property
    def safety(self) -> bool:
        """Whether any safety need was flagged (it then leads the plan)."""
        return any(need.safety for need in self.findings.needs)


class Reassessment(_Result):
    """A later assessment compared with the intake, and the closure verdict."""

    result_format: int = RESULT_FORMAT
    careplanner_version: str
    client: ClientSummary
    before: AssessmentRef
    after: AssessmentRef
    evaluation: Evaluation
    network_change: NetworkChange
    open_needs: tuple[str, ...]
    new_needs: tuple[str, ...] = ()
    worse_needs: tuple[str, ...] = ()
    #: Safety needs flagged at the later assessment, with their statements: they lead reports.
    later_safety: tuple[Need, ...] = ()
    closure: ClosureVerdict
    notices: tuple[Notice, ...] = ()

    @property
    def declined(self) -> bool:
        """Whether a need is new or more severe at the later assessment."""
        return bool(self.new_needs or self.worse_needs)


def assess(
    case: Case,
    at: AssessmentChoice = "latest",
    *,
    pack: RulePack | None = None,
    engine: EngineChoice | None = None,
    content: Content | None = None,
) -> AssessmentResult:
    """Assess one assessment of a case: scores, network, flagged needs and the staged plan.

    Parameters
    ----------
    case : Case
        A validated case (`careplanner.load_case`).
    at : {"latest", "intake"}, int or datetime.date
        Which assessment: the latest (default), the earliest, a position in
        ``case.assessments``, or the assessment on a date.
    pack : careplanner.rules.RulePack, optional
        The rule pack; the bundled default when not given.
    engine : {"auto", "durable", "python"}, optional
        The rules engine (`careplanner.rules.evaluate`); ``CAREPLANNER_ENGINE`` or ``auto``
        when not given. ``findings.engine`` records which ran.
    content : careplanner.Content, optional
        The content to run on (`careplanner.load_content`: the bundled data with an
        organisation's overlay); the bundled content when not given. Its rule pack is used
        unless `pack` is given.

    Returns
    -------
    AssessmentResult

    Raises
    ------
    UnknownCodeError
        `at` names no assessment of the case, or `engine` is not a known engine.
    EngineUnavailableError
        ``engine="durable"`` where durable-rules cannot be loaded.

    Examples
    --------
    >>> from careplanner import load_case
    >>> result = assess(load_case("example:living-alone-crisis"))
    >>> result.findings.needs[0].safety, result.plan.stages[0].id
    (True, 'crisis')
    """
    with using(content):
        prepared = _prepare(case, at)
        return _finish(prepared, evaluate(prepared.facts, pack or active_pack(), engine=engine))


def assess_many(
    cases: Sequence[Case],
    at: AssessmentChoice = "latest",
    *,
    pack: RulePack | None = None,
    batch_size: int = 100,
    engine: EngineChoice | None = None,
    content: Content | None = None,
) -> list[AssessmentResult | CareplannerError]:
    """Assess many cases at once; each result is identical to `assess` on its own.

    On durable-rules the rules of up to `batch_size` clients run in one session
    (`careplanner.rules.evaluate_many`), which costs about a third of one session per client
    (docs/performance.md). A case that cannot be assessed does not spoil its neighbours: its
    place in the list holds the error instead.

    Parameters
    ----------
    cases : sequence of Case
        Validated cases.
    at : {"latest", "intake"}, int or datetime.date
        Which assessment of every case, as for `assess`.
    pack : careplanner.rules.RulePack, optional
        The rule pack; the bundled default when not given.
    batch_size : int
        Clients per rules session, 1..1000.
    engine : {"auto", "durable", "python"}, optional
        The rules engine (`careplanner.rules.evaluate`); ``CAREPLANNER_ENGINE`` or ``auto``
        when not given. ``findings.engine`` records which ran.
    content : careplanner.Content, optional
        As for `assess`.

    Returns
    -------
    list of AssessmentResult or CareplannerError
        In the order of `cases`.

    Raises
    ------
    RuleError
        `batch_size` is outside 1..1000.

    Examples
    --------
    >>> from careplanner import load_case
    >>> cases = [load_case(f"example:{name}") for name in ("living-alone-crisis", "shidu-mother")]
    >>> [result.safety for result in assess_many(cases)]
    [True, False]
    >>> type(assess_many(cases, at=5)[0]).__name__
    'UnknownCodeError'
    """
    with using(content):
        return _assess_many(cases, at, pack or active_pack(), batch_size, engine)


def _assess_many(
    cases: Sequence[Case],
    at: AssessmentChoice,
    pack: RulePack,
    batch_size: int,
    engine: EngineChoice | None,
) -> list[AssessmentResult | CareplannerError]:
    prepared: list[_Prepared | CareplannerError] = []
    for case in cases:
        try:
            prepared.append(_prepare(case, at))
        except CareplannerError as exc:
            prepared.append(exc)
    ready = [p for p in prepared if isinstance(p, _Prepared)]
    findings = iter(
        evaluate_many([p.facts for p in ready], pack, batch_size=batch_size, engine=engine)
    )
    results: list[AssessmentResult | CareplannerError] = []
    for item in prepared:
        found = item if isinstance(item, CareplannerError) else next(findings)
        results.append(_finish_or_error(item, found))
    return results


@dataclass(frozen=True)
class _Prepared:
    """One case up to its rules: the chosen assessment scored, its network mapped and measured."""

    case: Case
    index: int
    assessment: Assessment  # without ties to the client's own id
    scored: dict[str, ScaleResult]
    ego: EgoMap
    network: NetworkMeasures
    facts: dict[str, int | float | bool]
    notices: tuple[Notice, ...]


def _prepare(case: Case, at: AssessmentChoice) -> _Prepared:
    """Score, map and measure one assessment; what a valid case holds beyond the rules' reach
    (a tie to the client's own id, more than the rules count) is left out or capped, with a
    notice, so that every valid case is assessed."""
    index = pick_assessment(case, at)
    assessment, self_ties = _without_self_ties(case, case.assessments[index])
    scored = score_scales(assessment)
    ego = ego_map(case, assessment)
    network = measure_ego(ego)
    facts, over = capped(facts_from(case, assessment, scored, network))
    notices = (
        *_notices(assessment, scored),
        *self_tie_notice(self_ties),
        *map(capped_notice, over.items()),
    )
    return _Prepared(case, index, assessment, scored, ego, network, facts, notices)


_CONTACT = attrgetter("contact")


def _without_self_ties(case: Case, assessment: Assessment) -> tuple[Assessment, int]:
    own = case.client.id
    if own not in map(_CONTACT, assessment.ties):  # the usual case, looked for without a loop
        return assessment, 0
    kept = tuple(tie for tie in assessment.ties if tie.contact != own)
    return assessment.model_copy(update={"ties": kept}), len(assessment.ties) - len(kept)


def _finish(prepared: _Prepared, found: Findings, until: int | None = None) -> AssessmentResult:
    """The result, with the sessions and changes of assessments ``index .. until - 1`` recorded
    on its plan (its own by default)."""
    case, index, assessment = prepared.case, prepared.index, prepared.assessment
    findings = apply_floor(found, prepared.facts)  # whatever the pack: docs/rules.md
    plan = plan_from_findings(
        findings,
        case,
        assessment,
        facts=prepared.facts,
        top_contributor=prepared.network.top_contributor,
    )
    delivered = record_casework(case, plan, index, until)
    # every part was validated or made by careplanner from the validated case: not re-validated
    return trusted(
        AssessmentResult,
        result_format=RESULT_FORMAT,
        careplanner_version=__version__,
        client=_client(case),
        assessment=_ref(assessment, index),
        scales=prepared.scored,
        notices=(*prepared.notices, *delivered.notices),
        facts=prepared.facts,
        network=prepared.network,
        link_suggestions=tuple(suggest_for(prepared.ego)),
        findings=findings,
        plan=delivered.plan,
        schedule=delivered.schedule,
    )


def _finish_or_error(
    prepared: _Prepared | CareplannerError, found: Findings | CareplannerError
) -> AssessmentResult | CareplannerError:
    if isinstance(found, CareplannerError):
        return found
    assert isinstance(prepared, _Prepared)  # an error in preparing is its own finding
    try:
        return _finish(prepared, found)
    except CareplannerError as exc:
        return exc


def reassess(
    case: Case,
    before: AssessmentChoice = "intake",
    after: AssessmentChoice = "latest",
    *,
    pack: RulePack | None = None,
    engine: EngineChoice | None = None,
    content: Content | None = None,
) -> Reassessment:
    """Compare a later assessment with the intake and judge whether the case can close.

    The plan is the one built at `before`, with the case's delivered sessions recorded on
    it; its objectives are checked at `after`, each
    scale's change is judged against its cut-off and the reliable change index (Jacobson &
    Truax 1991), the two support maps are compared, and the closure rules give a verdict
    with reasons. `pack`, `engine` and `content` are as for `assess`. A delivered session the
    rebuilt intake plan cannot hold whole (a stage or an intervention it no longer has) is kept as
    far as it fits, with a ``session_left_out`` notice, rather than refusing the
    re-assessment.

    Examples
    --------
    >>> from careplanner import load_case
    >>> done = reassess(load_case("example:shidu-mother"))
    >>> [(s.scale, s.before, s.after) for s in done.evaluation.scales if s.scale == "gds15"]
    [('gds15', 7, 3)]
    >>> done.closure.ready, done.closure.cautions
    (True, ('ending_prepared',))
    """
    with using(content):
        return _reassess(case, before, after, pack or active_pack(), resolve_engine(engine))


def _reassess(
    case: Case, before: AssessmentChoice, after: AssessmentChoice, pack: RulePack, kind: str
) -> Reassessment:
    first, last = pick_assessment(case, before), pick_assessment(case, after)
    if first >= last:
        date = case.assessments[first].date
        raise UnknownCodeError(
            "after",
            after,
            [f"an assessment later than {date}"],
            allowed_zh=[f"晚于 {date} 的一次评估"],
        )
    start, end = _prepare(case, first), _prepare(case, last)  # one engine for both
    intake = _finish(start, evaluate(start.facts, pack, engine=kind), until=last)
    plan = intake.plan
    later = apply_floor(evaluate(end.facts, pack, engine=kind), end.facts)
    evaluation = evaluate_progress(
        plan,
        intake.facts,
        end.facts,
        network_before=network_facts(intake.network),
        network_after=network_facts(end.network),
    )
    open_needs = tuple(
        NeedInput(id=n.id, severity=n.severity, is_safety=n.safety) for n in later.needs
    )
    return Reassessment(
        careplanner_version=__version__,
        client=intake.client,
        before=intake.assessment,
        after=_ref(case.assessments[last], last),
        evaluation=evaluation,
        network_change=compare_networks(
            build_network(case, start.assessment), build_network(case, end.assessment)
        ),
        open_needs=tuple(n.id for n in later.needs),
        new_needs=tuple(n.id for n in later.needs if n.id not in _severities(intake.findings)),
        worse_needs=_worse(intake.findings, later),
        later_safety=tuple(n for n in later.needs if n.safety),
        closure=closure_readiness(plan, evaluation, open_needs),
        notices=tuple(n for n in intake.notices if n.code in _CASEWORK_NOTICES),
    )


_RANK = {"low": 0, "moderate": 1, "high": 2}
_CASEWORK_NOTICES = frozenset({"session_left_out", "adjustment_left_out"})


def _severities(findings: Findings) -> dict[str, str]:
    return {n.id: n.severity for n in findings.needs}


def _worse(before: Findings, after: Findings) -> tuple[str, ...]:
    """Needs flagged at both assessments whose severity rose."""
    earlier = _severities(before)
    return tuple(
        n.id for n in after.needs if n.id in earlier and _RANK[n.severity] > _RANK[earlier[n.id]]
    )


def pick_assessment(case: Case, at: AssessmentChoice) -> int:
    """Return the position in ``case.assessments`` that `at` names.

    Raises
    ------
    UnknownCodeError
        `at` names no assessment; the message lists what it may be.
    """
    count = len(case.assessments)
    if at == "intake":
        return 0
    if at == "latest":
        return count - 1
    if isinstance(at, str) and at in ASSESSMENT_NAMES:
        kinds = [a.kind for a in case.assessments]
        if at in kinds:
            return count - 1 - kinds[::-1].index(at)
        raise UnknownCodeError("assessment kind", at, set(kinds) | {"intake", "latest"})
    if isinstance(at, dt.date):
        dates = [a.date for a in case.assessments]
        if at in dates:
            return dates.index(at)
        raise UnknownCodeError("assessment date", at.isoformat(), [d.isoformat() for d in dates])
    if isinstance(at, int) and -count <= at < count:
        return at % count
    raise UnknownCodeError(
        "assessment", at, [*ASSESSMENT_NAMES, *map(str, range(count)), "a date of the case"]
    )


def _ref(assessment: Assessment, index: int) -> AssessmentRef:
    return trusted(
        AssessmentRef,
        index=index,
        date=assessment.date,
        kind=assessment.kind,
        worker=assessment.worker,
    )


def _client(case: Case) -> ClientSummary:
    client = case.client
    return trusted(
        ClientSummary,
        id=client.id,
        age=client.age,
        sex=client.sex,
        living_arrangement=client.living_arrangement,
        language=client.language,
        shidu=client.is_shidu,
        shidu_assistance_eligible=client.shidu_assistance_eligible,
    )


def _notices(assessment: Assessment, scored: dict[str, ScaleResult]) -> tuple[Notice, ...]:
    """Say which scales could not be scored and why; an unanswered safety item first."""
    notices: list[Notice] = []
    for scale_id, result in scored.items():
        if not result.missing_items:
            continue
        missing = sorted(result.missing_items)
        safety = [f.items for f in get_scale(scale_id).item_flags if f.kind == "safety"]
        unscreened = [i for items in safety for i in items if i in missing]
        if unscreened:
            notices.insert(0, _unscreened(scale_id, unscreened))
        notices.append(_unscored(scale_id, missing))
    if assessment.observations.severe_cognitive_impairment and assessment.scales:
        notices.append(_self_report_caution(sorted(assessment.scales)))
    if assessment.kind in ENDING_KINDS:
        notices.append(_after_ending(assessment.kind))
    return tuple(notices)


#: The names of the assessments that end casework (`ENDING_KINDS`), for the notice.
_ENDING_NAMES = {
    "closure": {"en": "a closure assessment", "zh-CN": "结案评估"},
    "follow_up": {"en": "a follow-up assessment", "zh-CN": "回访评估"},
}


def _after_ending(kind: str) -> Notice:
    name = _ENDING_NAMES[kind]
    return Notice(
        code="plan_after_casework_ended",
        text={
            "en": f"This is {name['en']}: the plan shown is what the needs found at it would "
            "call for if casework started again, not work still due. 'careplanner compare' "
            "gives the closure verdict, the objectives met and the follow-up dates.",
            "zh-CN": f"这是{name['zh-CN']}：所示计划是若重新开展个案工作、本次评估发现的需求所需的"
            "计划，并非尚待完成的工作。“careplanner compare”给出结案结论、已达成的目标和回访日期。",
        },
    )


def _self_report_caution(scale_ids: list[str]) -> Notice:
    listed = ", ".join(scale_ids)
    return Notice(
        code="self_report_with_cognitive_impairment",
        text={
            "en": f"Severe cognitive impairment is recorded: the client's own answers ({listed}) "
            "may not be reliable; the GDS-15 was found usable only at an MMSE of 10 or more "
            "[conradsson2013]. Check mood and support with family and a clinician before "
            "acting on these scores.",
            "zh-CN": f"记录显示存在严重认知障碍：服务对象自评的结果（{listed}）可能不可靠；"
            "研究发现 GDS-15 仅在 MMSE 10 分及以上时可用 [conradsson2013]。"
            "据此采取行动前，请与家属和医务人员核实其情绪与支持状况。",
        },
    )


def _unscreened(scale_id: str, items: list[str]) -> Notice:
    listed = ", ".join(items)
    return Notice(
        code="safety_item_unanswered",
        scale=scale_id,
        text={
            "en": f"{scale_id} item {listed} (self-harm) was not answered: suicide risk was not "
            "screened. Ask it before the plan is used.",
            "zh-CN": f"{scale_id} 第 {listed} 题（自伤）未作答：未完成自杀风险筛查，"
            "请在使用本计划前补问。",
        },
    )


def _unscored(scale_id: str, items: list[str]) -> Notice:
    listed = ", ".join(items)
    return Notice(
        code="scale_not_scored",
        scale=scale_id,
        text={
            "en": f"{scale_id}: items {listed} unanswered, so no total (no published rule for "
            "missing items); rules on its total read it as not assessed.",
            "zh-CN": f"{scale_id}：第 {listed} 题未作答，因无公开的缺失处理规则，不计总分；"
            "相关规则视为未评估。",
        },
    )
