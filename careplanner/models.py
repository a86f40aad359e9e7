"""The case model: what a case system holds about one older client.

A case is written by hand (JSON or YAML) or filled by another system from its records. Every
field is typed; closed sets are `Literal`; unknown fields are refused; a value that was not
asked about is `None`, never guessed. Cross-field checks (a tie to an unknown person, a
co-resident contact while "living alone", a living child after the loss of an only child)
are reported with the field that breaks them.

Person-bearing models set ``hide_input_in_errors``: a validation message never echoes a
name or a free-text note. `careplanner.load_case` turns pydantic's errors into
`CaseValidationError` with every problem listed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from careplanner._checks import CLIENT, case_problems
from careplanner._content._vocab import Language as Language
from careplanner.errors import Problem

Sex = Literal["female", "male", "other", "unknown"]
LivingArrangement = Literal[
    "alone", "with_spouse", "with_spouse_and_others", "with_children", "with_others", "institution"
]
EconomicSituation = Literal["comfortable", "adequate", "strained", "hardship"]
HealthRating = Literal["good", "fair", "poor"]
LossCause = Literal["illness", "accident", "disaster", "suicide", "other", "unknown"]
AssessmentKind = Literal["intake", "review", "closure", "follow_up"]
Relation = Literal[
    "spouse",
    "child",
    "sibling",
    "other_kin",
    "friend",
    "neighbour",
    "colleague",
    "community_staff",
    "social_worker",
    "volunteer",
    "health_worker",
    "organisation",
    "group",
    "online_contact",
    "other",
]
SupportType = Literal["emotional", "practical", "informational", "companionship", "financial"]
Distance = Literal["household", "nearby", "same_city", "far"]
TieStatus = Literal["active", "dormant", "possible"]
MaritalStatus = Literal["married", "widowed", "divorced", "never_married"]
#: Who died, as the client would say it; ``child`` covers a son or a daughter.
DeceasedRelation = Literal[
    "spouse", "child", "sibling", "parent", "grandchild", "other_kin", "friend", "other"
]
CareCondition = Literal[
    "dementia", "stroke", "frailty", "cancer", "mental_illness", "physical_disability", "other"
]
AbuseType = Literal["financial", "physical", "psychological", "sexual", "neglect", "self_neglect"]
#: Who raised the concern of abuse or neglect.
Reporter = Literal[
    "client",
    "family",
    "neighbour",
    "friend",
    "worker",
    "health_worker",
    "police",
    "anonymous",
    "other",
]

#: Relations counted as kin in network measures.
KIN_RELATIONS: frozenset[str] = frozenset({"spouse", "child", "sibling", "other_kin"})
#: Relations that are formal (paid or organisational) support.
FORMAL_RELATIONS: frozenset[str] = frozenset(
    {"community_staff", "social_worker", "health_worker", "organisation"}
)

#: A pseudonymous identifier: letters, digits, ``_ . -``; never a name.
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
#: A short free text (a hobby, a condition); kept short so a case stays a case.
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
#: A longer free text (notes, a reflection).
LongText = Annotated[str, StringConstraints(max_length=5000)]
#: One answer to a scale item: an int score code or a string option code (e.g. "yes"); never
#: a bool (``true`` is not a score) -- docs/case-model.md gives each scale's answer form.
Answer = Annotated[int, Strict()] | Annotated[str, Strict()] | None


def _date_only(value: object) -> object:
    """A date is written ``YYYY-MM-DD`` (or given as a date): no number, no time of day."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A calendar date: ``YYYY-MM-DD`` text or a `datetime.date`; not a number or a datetime.
Date = Annotated[dt.date, BeforeValidator(_date_only)]


class InconsistentCase(ValueError):
    """Raised inside validation with every cross-field problem; `load_case` unpacks it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class Model(BaseModel):
    """Base of every case model: immutable, strict about unknown fields, silent about inputs.

    Names, free text and conditions are left out of ``repr`` and ``str`` (``repr=False``):
    reprs end up in logs and in crash reports that capture local variables.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


#: Case format versions this release reads; version 2 adds the fields marked "(version 2)".
SCHEMA_VERSIONS = (1, 2)
#: The version `careplanner schema case` publishes and `careplanner migrate` writes.
SCHEMA_VERSION: Literal[2] = 2


class ChildLoss(Model):
    """The loss of a child, with the facts the 失独 (shidu) definition needs.

    A family is 失独 when its only child has died and there is no other living, adopted or new
    child (the descriptive definition; see docs/case-model.md and [yin2018]). Eligibility for
    the state's special assistance additionally asks the mother to be aged 49 or over; it is
    reported separately.
    """

    only_child: bool = Field(description="The child who died was the client's only child.")
    year: int = Field(ge=1930, le=2100, strict=True, description="Year of the death.")
    month: int | None = Field(
        default=None, ge=1, le=12, strict=True, description="Month of the death."
    )
    cause: LossCause = "unknown"
    other_living_children: int = Field(default=0, ge=0, le=20, strict=True)
    adopted_or_new_child: bool = False

    @property
    def is_shidu(self) -> bool:
        """Whether this loss makes the family 失独: only child died, no child now."""
        return self.only_child and self.other_living_children == 0 and not self.adopted_or_new_child


class Bereavement(Model):
    """A death that matters to the client (version 2): who, when, how.

    A loss of a child recorded here and in `ChildLoss` is the same loss; `ChildLoss` keeps
    the facts the 失独 definition needs. A deceased person may also be a contact
    (``contact``, with no tie at later dates), so the ecomap can draw them in the genogram
    convention.
    """

    relation: DeceasedRelation
    year: int = Field(ge=1900, le=2100, description="Year of the death.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month of the death.")
    cause: LossCause = "unknown"
    contact: Identifier | None = Field(None, description="The deceased as a contact, if drawn.")
    label: dict[Language, ShortText] = Field(
        default_factory=dict, description="How the client names them, e.g. {'en': 'son'}."
    )


class CaringRole(Model):
    """Who cares for whom (version 2): the client as carer, or the client cared for.

    ``carer`` and ``recipient`` are ``"client"`` or a contact id; exactly one of them is the
    client.
    """

    carer: Identifier
    recipient: Identifier
    hours_per_week: float | None = Field(None, ge=0, le=168)
    condition: CareCondition | None = Field(
        None, description="The care recipient's main condition."
    )
    since_year: int | None = Field(None, ge=1900, le=2100)
    sole_carer: bool | None = Field(None, description="No one else shares the care.")

    @property
    def client_cares(self) -> bool:
        """Whether the client is the carer in this role."""
        return self.carer == CLIENT


class AbuseConcern(Model):
    """One concern of abuse or neglect (version 2), without any narrative.

    ``suspected`` is the contact id of the person suspected, when known; ``self_neglect``
    has none.
    """

    type: AbuseType
    suspected: Identifier | None = None
    suspected_relation: Relation | None = Field(
        None, description="The suspected person's relation when they are not a contact."
    )
    lives_with_client: bool | None = None
    reported_by: Reporter | None = None
    date: dt.date | None = None


class Spouse(Model):
    """The client's spouse or partner as the client's own record describes them."""

    health: HealthRating
    conditions: tuple[ShortText, ...] = Field((), repr=False)
    needs_care: bool = Field(False, description="The spouse depends on the client for daily care.")


class Client(Model):
    """The client's profile."""

    id: Identifier = Field(description="Pseudonymous id used in every output.")
    name: ShortText | None = Field(None, repr=False, description="Shown only with --show-identity.")
    age: int = Field(ge=0, le=120, strict=True)
    sex: Sex
    living_arrangement: LivingArrangement
    language: Language = "zh-CN"
    economic_situation: EconomicSituation | None = None
    health_conditions: tuple[ShortText, ...] = Field((), repr=False)
    former_occupation: ShortText | None = Field(None, repr=False)
    spouse: Spouse | None = Field(None, repr=False)
    child_loss: ChildLoss | None = None
    marital_status: MaritalStatus | None = Field(None, description="(version 2)")
    bereavements: tuple[Bereavement, ...] = Field((), description="(version 2)")
    caring: tuple[CaringRole, ...] = Field((), description="(version 2) Who cares for whom.")

    @property
    def is_shidu(self) -> bool:
        """Whether the client is a 失独 parent (see `ChildLoss.is_shidu`)."""
        return self.child_loss is not None and self.child_loss.is_shidu

    @property
    def shidu_assistance_eligible(self) -> bool:
        """失独 and aged 49 or over: the age criterion of the special-assistance scheme."""
        return self.is_shidu and self.age >= 49

    @property
    def has_spouse(self) -> bool:
        """Whether the client has a living spouse or partner (a marital status says so too)."""
        return self.spouse is not None and self.marital_status in (None, "married")

    @property
    def is_bereaved_parent(self) -> bool:
        """Whether a child of the client has died (recorded as a child loss or bereavement)."""
        return self.child_loss is not None or any(b.relation == "child" for b in self.bereavements)

    @model_validator(mode="after")
    def _spouse_matches_living_arrangement(self) -> Client:
        if "spouse" in self.living_arrangement and self.spouse is None:
            raise ValueError(
                f"living_arrangement {self.living_arrangement!r} needs a 'spouse' entry"
            )
        if self.spouse is not None and self.marital_status not in (None, "married"):
            raise ValueError(
                f"a 'spouse' entry contradicts marital_status {self.marital_status!r}; "
                "allowed with a spouse: 'married'"
            )
        return self


class Observations(Model):
    """What the worker observed or heard in interviews. ``None`` means not asked."""

    outings_per_week: int | None = Field(
        None,
        ge=0,
        le=50,
        strict=True,
        description="Outings a week beyond necessary errands (shopping, clinic).",
    )
    errand_outings_per_week: int | None = Field(
        None, ge=0, le=50, description="(version 2) Outings a week for errands only."
    )
    declines_groups: bool | None = Field(
        None, description="(version 2) The client has said they do not want group activities."
    )
    refuses_to_leave_home: bool | None = None
    fear_of_infection: bool | None = None
    fear_of_going_out: bool | None = None
    self_blame: bool | None = None
    feels_useless: bool | None = None
    feels_abandoned: bool | None = Field(None, description="'Society has abandoned me.'")
    hopelessness: bool | None = None
    depends_on_spouse_for_everything: bool | None = None
    depends_on: Identifier | None = Field(
        None, description="(version 2) The contact the client relies on for nearly everything."
    )
    uses_messaging_app: bool | None = None
    hobbies_abandoned: bool | None = None
    former_hobbies: tuple[ShortText, ...] = Field((), repr=False)
    suicidal_ideation: bool | None = None
    self_harm: bool | None = None
    abuse_reported: bool | None = None
    neglect_reported: bool | None = None
    self_neglect_reported: bool | None = Field(None, description="(version 2)")
    abuse: tuple[AbuseConcern, ...] = Field(
        (), description="(version 2) Each concern of abuse or neglect, by type."
    )
    feels_safe_at_home: bool | None = Field(
        None, description="(version 2) Asked: the client says they feel safe at home."
    )
    intense_grief: bool | None = Field(
        None, description="Intense yearning for or preoccupation with the deceased most days."
    )
    grief_yearning: bool | None = Field(None, description="(version 2) Longs for the deceased.")
    grief_meaninglessness: bool | None = Field(
        None, description="(version 2) Feels life has no meaning since the death."
    )
    grief_avoidance: bool | None = Field(
        None, description="(version 2) Avoids reminders that the person is dead."
    )
    grief_anniversary_distress: bool | None = Field(
        None, description="(version 2) Distress around anniversaries, birthdays or festivals."
    )
    grief_functional_impairment: bool | None = Field(
        None,
        description="(version 2) Grief markedly impairs daily life, social life or work "
        "(PG-13-R item 13).",
    )
    caregiver_strain: bool | None = Field(
        None, description="Client strained by caring for someone (the spouse in version 1)."
    )
    severe_cognitive_impairment: bool | None = None
    notes: LongText | None = Field(None, repr=False)


class Contact(Model):
    """A person, group or service in the client's life (a node of the support network)."""

    id: Identifier
    name: ShortText | None = Field(None, repr=False, description="Shown only with --show-identity.")
    relation: Relation
    distance: Distance = "same_city"
    deceased: bool = Field(False, description="(version 2) Drawn as deceased on the ecomap.")
    label: dict[Language, ShortText] = Field(
        default_factory=dict,
        repr=False,
        description="Display label per language, e.g. {'en': 'sister'}.",
    )

    @property
    def is_kin(self) -> bool:
        return self.relation in KIN_RELATIONS

    @property
    def is_formal(self) -> bool:
        return self.relation in FORMAL_RELATIONS


class SupportTie(Model):
    """The client's tie to one contact at the date of an assessment."""

    contact: Identifier
    status: TieStatus = "active"
    contacts_per_month: float = Field(
        ge=0, le=100, strict=True, allow_inf_nan=False, description="Contacts a month, any channel."
    )
    closeness: int = Field(
        ge=1, le=5, strict=True, description="1 distant ... 5 closest (client's rating)."
    )
    support_given: tuple[SupportType, ...] = Field(
        (), description="Support the contact gives the client."
    )
    support_received: tuple[SupportType, ...] = Field(
        (), description="Support the client gives the contact."
    )
    stressful: bool = False
    could_give: tuple[SupportType, ...] = Field(
        (), description="(version 2) Support the contact could give if the tie were revived."
    )


class ContactLink(Model):
    """A tie between two of the client's contacts (who knows whom)."""

    between: tuple[Identifier, Identifier]
    closeness: int = Field(3, ge=1, le=5, strict=True)


class Assessment(Model):
    """One dated assessment: scale answers, observations and the support network at that date."""

    date: Date
    kind: AssessmentKind
    worker: Identifier = Field(description="Pseudonymous id of the worker who assessed.")
    scales: dict[Identifier, dict[str, Answer]] = Field(
        default_factory=dict,
        description="Scale id -> item id -> answer, as the scale's descriptor defines them.",
    )
    observations: Observations = Observations()
    ties: tuple[SupportTie, ...] = ()
    links: tuple[ContactLink, ...] = ()

    @field_validator("scales", mode="before")
    @classmethod
    def _item_ids_as_text(cls, value: object, info: ValidationInfo) -> object:
        # YAML reads `9: 0` with an int key; item ids are text ("9", "5a"). JSON keys are
        # always text, so a case read from JSON is passed on as it is, unlooked at.
        if info.mode == "json":
            return value
        if isinstance(value, dict) and not all(
            type(k) is str for items in value.values() if isinstance(items, dict) for k in items
        ):
            return {
                scale: {str(k): v for k, v in items.items()} if isinstance(items, dict) else items
                for scale, items in value.items()
            }
        return value


class SessionRecord(Model):
    """One casework session as delivered.

    Attributes
    ----------
    date : datetime.date
    stage : str
        The plan stage the session belongs to (e.g. ``beliefs``).
    interventions : tuple of str
        Interventions of that stage worked on in the session.
    done : str
        What was done.
    observations, reflection : str, optional
        What the worker observed, and the worker's reflection afterwards.
    ending_discussed : bool
        The end of the working relationship was discussed in this session.
    minutes : int, optional
        How long the session lasted.
    """

    date: Date
    stage: Identifier
    interventions: tuple[Identifier, ...] = ()
    done: LongText = Field(repr=False)
    observations: LongText | None = Field(None, repr=False)
    reflection: LongText | None = Field(None, repr=False)
    ending_discussed: bool = False
    minutes: int | None = Field(None, ge=1, le=600, strict=True)
    worker: Identifier | None = Field(
        None, description="(version 2) Pseudonymous id of the worker who recorded the session."
    )


#: Days between sessions, 1..90.
CadenceDays = Annotated[int, Strict(), Field(ge=1, le=90)]


class CaseSchedule(Model):
    """When the plan's sessions fall due (version 2), where the catalogue's cadence does not fit.

    Attributes
    ----------
    start : datetime.date, optional
        The date the plan's first session falls due; the assessment's date by default.
    cadence_days : dict of str to int
        Stage id -> days after the session before it that a session of the stage falls due;
        a stage not named keeps the catalogue's cadence.
    """

    start: Date | None = None
    cadence_days: dict[Identifier, CadenceDays] = Field(default_factory=dict)


class AddSessionsRecord(Model):
    """A worker added sessions to a stage of the plan (version 2)."""

    kind: Literal["add_sessions"] = "add_sessions"
    date: Date
    worker: Identifier = Field(description="Pseudonymous id of the worker who made the change.")
    stage: Identifier
    count: int = Field(1, ge=1, le=10, strict=True)
    reason: LongText | None = Field(None, repr=False)


class AddNeedRecord(Model):
    """A need emerged during the work and a worker added it to the plan (version 2)."""

    kind: Literal["add_need"] = "add_need"
    date: Date
    worker: Identifier = Field(description="Pseudonymous id of the worker who made the change.")
    need: Identifier
    severity: Literal["low", "moderate", "high"]
    reason: LongText | None = Field(None, repr=False)


#: One change a worker made to a case's plan, as the case file records it.
AdjustmentRecord = Annotated[AddSessionsRecord | AddNeedRecord, Field(discriminator="kind")]


class Case(Model):
    """Everything careplanner needs about one client."""

    schema_version: Literal[1, 2] = Field(
        SCHEMA_VERSION, description="Case format version; a file without it is read as the newest."
    )
    title: dict[Language, ShortText] = Field(
        default_factory=dict, description="A non-identifying title per language."
    )
    client: Client
    contacts: tuple[Contact, ...] = ()
    assessments: tuple[Assessment, ...] = Field(min_length=1)
    sessions: tuple[SessionRecord, ...] = Field(
        (), description="Sessions delivered so far, in date order."
    )
    adjustments: tuple[AdjustmentRecord, ...] = Field(
        (), description="(version 2) Changes a worker made to the plan, in date order."
    )
    schedule: CaseSchedule | None = Field(
        None, description="(version 2) The plan's start date and cadences, if not the defaults."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        problems = case_problems(self)
        if problems:
            raise InconsistentCase(problems)
        return self

    @property
    def intake(self) -> Assessment:
        """The earliest assessment."""
        return self.assessments[0]

    @property
    def latest(self) -> Assessment:
        """The most recent assessment."""
        return self.assessments[-1]
