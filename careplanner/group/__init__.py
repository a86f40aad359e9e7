"""Group work: needs survey, screening, composition, programme, group network and evaluation.

A mutual-support ("spiritual comfort") group for older people living alone, after the seed
study: survey the residents' needs and expectations, record outreach and coded interviews,
screen who joins (a safety need always goes to crisis referral and casework first), form
groups, plan sessions through the stages of group development, record and adjust them, and
evaluate emotional, social and cognitive change (self-esteem and belonging included),
satisfaction, retention and the worker's coded notes. Domain content is data:
``questionnaire.yaml``, ``screening.yaml``, ``composition.yaml``, ``activities.yaml``,
``evaluation.yaml``, ``themes.yaml``, ``recruitment.yaml``, ``measures/``. See
``docs/group.md``.
"""

from typing import Any

from careplanner._renamed import renamed
from careplanner.errors import GroupDataError, GroupError
from careplanner.group._activities import ActivityCatalogue, load_activities
from careplanner.group._compose import Composition, Group, TermValue, Waiting, compose, group_count
from careplanner.group._evaluation_html import evaluation_html
from careplanner.group._html import survey_html, work_html
from careplanner.group._log import (
    ProgrammeAdjustment,
    SessionLog,
    append_entry,
    load_session_log,
    load_sessions,
    replay,
)
from careplanner.group._measures import GroupMeasure, Satisfaction, load_measures
from careplanner.group._network import (
    GroupNetworkChange,
    GroupNetworkMeasures,
    compare_group_networks,
    group_network,
    measure_group,
)
from careplanner.group._notes import Codebook, Interview, MemberNote, ThemeCount, load_themes
from careplanner.group._outcome import (
    EvaluationSpec,
    GroupEvaluation,
    MemberEvaluation,
    ScaleSummary,
    evaluate_group,
    load_evaluation_spec,
)
from careplanner.group._profile import NeedFlag, ResidentProfile, profile_residents
from careplanner.group._programme import (
    EmergedNeed,
    GroupSessionRecord,
    MemberNeeds,
    PlannedSession,
    Programme,
    ProgrammeChange,
    SessionChange,
    plan_programme,
)
from careplanner.group._questionnaire import Questionnaire, load_questionnaire, survey_facts
from careplanner.group._recruitment import (
    Approached,
    Funnel,
    Leaving,
    Outreach,
    RecruitmentSpec,
    load_recruitment,
)
from careplanner.group._residents import (
    Resident,
    load_outreach,
    load_residents,
    residents_from_data,
)
from careplanner.group._resources import (
    Register,
    ResourceGap,
    ResourcePlan,
    load_register,
    match_resources,
)
from careplanner.group._retention import Attendance, Retention
from careplanner.group._screening import (
    Screening,
    ScreeningDecision,
    ScreeningEvidence,
    ScreeningRules,
    load_screening,
    screen,
)
from careplanner.group._sessions import adjust_programme, record_group_session
from careplanner.group._spec import CompositionSpec, GroupSize, load_composition
from careplanner.group._survey import SurveySummary, summarise_survey
from careplanner.group._text import (
    evaluation_text,
    programme_text,
    record_text,
    survey_text,
    work_text,
)
from careplanner.group._work import GroupWork, plan_groups

__all__ = [
    "ActivityCatalogue",
    "Approached",
    "Attendance",
    "Codebook",
    "Composition",
    "CompositionSpec",
    "EmergedNeed",
    "EvaluationSpec",
    "Funnel",
    "Group",
    "GroupDataError",
    "GroupError",
    "GroupEvaluation",
    "GroupMeasure",
    "GroupNetworkChange",
    "GroupNetworkMeasures",
    "GroupSessionRecord",
    "GroupSize",
    "GroupWork",
    "Interview",
    "Leaving",
    "MemberEvaluation",
    "MemberNeeds",
    "MemberNote",
    "NeedFlag",
    "Outreach",
    "PlannedSession",
    "Programme",
    "ProgrammeAdjustment",
    "ProgrammeChange",
    "Questionnaire",
    "RecruitmentSpec",
    "Register",
    "Resident",
    "ResidentProfile",
    "ResourceGap",
    "ResourcePlan",
    "Retention",
    "Satisfaction",
    "ScaleSummary",
    "Screening",
    "ScreeningDecision",
    "ScreeningEvidence",
    "ScreeningRules",
    "SessionChange",
    "SessionLog",
    "SurveySummary",
    "TermValue",
    "ThemeCount",
    "Waiting",
    "adjust_programme",
    "append_entry",
    "compare_group_networks",
    "compose",
    "evaluate_group",
    "evaluation_html",
    "evaluation_text",
    "group_count",
    "group_network",
    "load_activities",
    "load_composition",
    "load_evaluation_spec",
    "load_measures",
    "load_outreach",
    "load_questionnaire",
    "load_recruitment",
    "load_register",
    "load_residents",
    "load_screening",
    "load_session_log",
    "load_sessions",
    "load_themes",
    "match_resources",
    "measure_group",
    "plan_groups",
    "plan_programme",
    "profile_residents",
    "programme_text",
    "record_group_session",
    "record_text",
    "replay",
    "residents_from_data",
    "screen",
    "summarise_survey",
    "survey_facts",
    "survey_html",
    "survey_text",
    "work_html",
    "work_text",
]

#: Old names kept working, with a DeprecationWarning, for one minor release (docs/api.md).
_RENAMED = {
    "Adjustment": "ProgrammeAdjustment",
    "Evidence": "ScreeningEvidence",
    "SessionRecord": "GroupSessionRecord",
    "record_session": "record_group_session",
}


def __getattr__(name: str) -> Any:
    return renamed(__name__, name, _RENAMED, globals())
