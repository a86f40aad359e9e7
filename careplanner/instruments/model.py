"""Scale descriptors: the validated form of one ``scales/<id>.yaml`` file.

A descriptor holds what a published scale says -- items, the answers allowed and their scores,
reverse keying, subscales, the total range, a missing-item rule, named cut-off sets, norms and
reliability figures -- each with its source (cited by key from ``careplanner/sources.yaml``)
and a ``verified`` flag. Cross-field rules (bands partition the range, subscale
items exist, ...) live in `careplanner.instruments._checks`; a file that breaks one is refused
when it is loaded.

Every model is frozen and refuses unknown fields, so a descriptor shared through the cached
catalogue cannot be changed by one caller under another.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from careplanner._content._vocab import Code as Code
from careplanner._content._vocab import Frozen as _Base
from careplanner._content._vocab import Language, Text
from careplanner._sources import Cited
from careplanner._translated import Translated

if TYPE_CHECKING:
    from careplanner.instruments.result import BandResult

#: An item id as the case records it: ``"1"``, ``"5a"``, ``"15"``.
ItemId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}[a-z]?$")]
#: What a score is compared with: ``"total"`` or a subscale id.
Target = Code

TOTAL = "total"


class Frozen(_Base):
    """Base of every descriptor model: the shared base, written out by alias (``zh-CN``)."""

    model_config = ConfigDict(serialize_by_alias=True)


#: Follows an item's English wording shown in Chinese: no published Chinese version was verified.
UNVERIFIED_CHINESE = "（未核实的中文版，显示英文原文）"


class ItemText(Frozen):
    """An item or option wording; the Chinese is given only where the reference gives it."""

    en: str = Field(min_length=1)
    zh_CN: str | None = Field(default=None, alias="zh-CN", min_length=1)

    def words(self) -> dict[Language, str]:
        """The wording by language: in Chinese the published Chinese version where one was
        verified, else the English wording marked as such -- never an improvised translation.

        Examples
        --------
        >>> ItemText(en="Often get bored").words()["zh-CN"]
        'Often get bored（未核实的中文版，显示英文原文）'
        """
        return {"en": self.en, "zh-CN": self.zh_CN or f"{self.en}{UNVERIFIED_CHINESE}"}


class AnswerOption(Frozen):
    """One allowed answer: the code a case records, and the score it carries before keying."""

    code: str = Field(pattern=r"^[a-z0-9]+$")
    score: int = Field(ge=0, le=20)
    label: ItemText


class CountedEntry(Frozen):
    """One entry of a list whose ticked entries are counted (e.g. a source of support)."""

    code: str = Field(pattern=r"^[A-Z]$")
    label: Text


class CountedList(Frozen):
    """The list an item's answer counts; its `id` names the version of the list."""

    id: Code
    source: Cited
    entries: tuple[CountedEntry, ...] = Field(min_length=1)


class AnswerSet(Frozen):
    """A named set of options shared by several items.

    When ``counts`` is set, the answer is the number of entries ticked in that list, so the
    codes must run ``"0"`` .. ``str(len(entries))`` with score equal to the code.
    """

    id: Code
    options: tuple[AnswerOption, ...] = Field(min_length=2)
    counts: CountedList | None = None


class Item(Frozen):
    """One answered item. ``reverse`` keys it as ``min + max - score`` of its answer set."""

    id: ItemId
    text: ItemText | None = Field(None, description="None: wording not verified, not shipped.")
    answers: Code
    reverse: bool = False


class ItemGroup(Frozen):
    """Items printed as sub-items of one question (SSRS item 5); its score is their sum."""

    id: ItemId
    text: ItemText
    items: tuple[ItemId, ...] = Field(min_length=2)


class Subscale(Frozen):
    """A published subscale: the sum of its items (item or group ids)."""

    id: Code
    name: Text
    items: tuple[ItemId, ...] = Field(min_length=1)


class ScoreRange(Frozen):
    """An inclusive score range."""

    min: int
    max: int


class Band(Frozen):
    """One band of a cut-off set: an inclusive score range with a label."""

    id: Code
    min: int
    max: int
    label: Text


class CutoffSet(Frozen, Translated):
    """A named, sourced way of cutting a score into bands.

    ``kind: convention`` marks a split in use without a validating source; such a set is never
    ``verified`` and never the default.
    """

    id: Code
    label: Text
    kind: Literal["published", "convention"]
    verified: bool
    source: Cited
    note: Cited | None = None
    applies_to: tuple[Target, ...] = (TOTAL,)
    bands: tuple[Band, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _convention_is_unverified(self) -> CutoffSet:
        if self.kind == "convention" and self.verified:
            raise ValueError(f"cutoff set {self.id!r}: a convention cannot be verified")
        return self


class NormStat(Frozen):
    """Mean and standard deviation of one score in a reference sample."""

    target: Target
    mean: float
    sd: float = Field(gt=0)


class Norm(Frozen, Translated):
    """A published reference sample for norm-referenced comparison (z-scores)."""

    id: Code
    population: str
    n: int | None = Field(None, ge=1, description="None: sample size not stated in the source.")
    source: Cited
    verified: bool
    stats: tuple[NormStat, ...] = Field(min_length=1)


class Reliability(Frozen, Translated):
    """A published reliability coefficient, used by the reliable change index."""

    id: Code
    value: float = Field(ge=0, lt=1)
    type: Literal["alpha", "retest", "split_half", "unspecified"]
    target: Target = TOTAL
    population: str
    n: int | None = Field(None, ge=1)
    source: Cited
    verified: bool
    note: Cited | None = None


class ItemFlag(Frozen):
    """A rule raised by single items whatever the total, e.g. PHQ-9 item 9 (self-harm)."""

    id: Code
    kind: Literal["safety", "observation"]
    label: Text
    items: tuple[ItemId, ...] = Field(min_length=1)
    min_score: int = Field(ge=1, description="The flag is raised when an item scores this or more.")
    rule: str
    source: Cited
    verified: bool


class MissingPolicy(Frozen):
    """What to do when an item is unanswered. Only ``refuse`` has a basis in the reference."""

    rule: Literal["refuse"]
    basis: str


class Scale(Frozen, Translated):
    """A standard scale as published, read from ``scales/<id>.yaml``.

    Attributes
    ----------
    higher_is : {"better", "worse"}
        What a higher total means; gives the direction of a reliable change.
    scoring_verified : bool
        False when the response format or keying could not be confirmed (SGABS): every
        result and change from this scale is then provisional.
    unverified : tuple of str
        Plain statements of what the reference could not confirm for this scale.
    """

    id: Code
    version: int = Field(ge=1)
    name: Text
    source: Cited
    time_frame: Text | None = None
    higher_is: Literal["better", "worse"]
    scoring_verified: bool
    response_convention: str
    answer_sets: tuple[AnswerSet, ...] = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)
    groups: tuple[ItemGroup, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    total: ScoreRange
    missing_items: MissingPolicy
    cutoff_sets: tuple[CutoffSet, ...] = ()
    default_cutoff_set: Code | None = None
    norms: tuple[Norm, ...] = ()
    default_norm: Code | None = None
    reliability: tuple[Reliability, ...] = ()
    default_reliability: Code | None = None
    item_flags: tuple[ItemFlag, ...] = ()
    unverified: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        from careplanner.instruments._checks import scale_problems

        problems = scale_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Descriptors are frozen, so what is derived from them is computed once per scale: scoring
    # reads these for every item of every administration.
    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        """Item ids in form order."""
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> Item:
        """Return the item with this id; `KeyError` if there is none."""
        return self.items_by_id[item_id]

    @cached_property
    def items_by_id(self) -> Mapping[str, Item]:
        """Every item by its id."""
        return MappingProxyType({i.id: i for i in self.items})

    def answer_scores(self, item_id: str) -> Mapping[str, int]:
        """Map each allowed answer code of an item to its keyed score."""
        return self.keyed_scores[item_id]

    @cached_property
    def keyed_scores(self) -> Mapping[str, Mapping[str, int]]:
        """Item id -> answer code -> keyed score, for every item."""
        sets = {s.id: s.options for s in self.answer_sets}
        keyed: dict[str, Mapping[str, int]] = {}
        for item in self.items:
            options = sets[item.answers]
            low, high = min(o.score for o in options), max(o.score for o in options)
            scores = {o.code: low + high - o.score if item.reverse else o.score for o in options}
            keyed[item.id] = MappingProxyType(scores)
        return MappingProxyType(keyed)

    @cached_property
    def answer_lookup(self) -> Mapping[str, Mapping[str | int, int]]:
        """`keyed_scores` with every digit code also keyed by its number (``2`` as ``"2"``).

        A case may record a digit code as a number; one lookup then serves both. Look up only
        exact `str` or `int` answers: ``True`` and ``2.0`` hash like ``1`` and ``2``.
        """
        return MappingProxyType(
            {
                item_id: MappingProxyType({**scores, **_numbered(scores)})
                for item_id, scores in self.keyed_scores.items()
            }
        )

    @cached_property
    def answer_pairs(self) -> frozenset[tuple[str, str | int | None]]:
        """Every (item id, answer) that `answer_lookup` scores, and (item id, None) for each item.

        Answers that pydantic has validated as exact `int`, `str` or None (never ``True``, which
        equals ``1``) are all allowed when their ``items()`` are a subset of these.
        """
        return frozenset(
            (item_id, answer)
            for item_id, allowed in self.answer_lookup.items()
            for answer in (*allowed, None)
        )

    @cached_property
    def safety_item_ids(self) -> tuple[str, ...]:
        """The items of the safety flags, in flag order: each answered one is a rule fact."""
        return tuple(i for flag in self.item_flags if flag.kind == "safety" for i in flag.items)

    def members(self, target: str) -> tuple[str, ...]:
        """Item ids summed into a target: ``"total"``, a subscale id or a group id."""
        return self.member_ids[target]

    @cached_property
    def member_ids(self) -> Mapping[str, tuple[str, ...]]:
        """``"total"``, subscale and group ids -> the item ids summed into each."""
        groups = {g.id: g.items for g in self.groups}
        subscales = {
            s.id: tuple(i for member in s.items for i in groups.get(member, (member,)))
            for s in self.subscales
        }
        return MappingProxyType({TOTAL: self.item_ids, **subscales, **groups})

    @cached_property
    def band_results(self) -> Mapping[str, Mapping[str, Mapping[int, BandResult]]]:
        """Cut-off set id -> target -> score -> its band, for every score a target can take.

        Results are frozen, so every administration shares these instead of building its own.
        """
        from careplanner.instruments._score import band_table  # it imports this module

        return MappingProxyType(
            {
                c.id: MappingProxyType({t: band_table(c, t) for t in c.applies_to})
                for c in self.cutoff_sets
            }
        )

    def range_of(self, target: str) -> ScoreRange:
        """The lowest and highest score a target can take, from its items' answers."""
        scores = [self.answer_scores(i).values() for i in self.members(target)]
        return ScoreRange(min=sum(min(s) for s in scores), max=sum(max(s) for s in scores))

    def targets(self) -> tuple[str, ...]:
        """``"total"`` followed by the subscale ids."""
        return (TOTAL, *(s.id for s in self.subscales))


def _numbered(scores: Mapping[str, int]) -> dict[str | int, int]:
    """The digit codes among ``scores`` by their number: those an `int` answer writes as text."""
    return {int(c): v for c, v in scores.items() if c.isdecimal() and str(int(c)) == c}
