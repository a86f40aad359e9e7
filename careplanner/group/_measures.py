"""The group's own outcome measures: self-esteem, belonging and satisfaction.

The group seed study reports gains in self-awareness and self-esteem, social integration
and belonging. careplanner's casework scales do not measure these, so the group package ships
its own descriptors in ``measures/<id>.yaml`` -- each a `careplanner.instruments.Scale`, scored
by the one scoring path (`careplanner.instruments.score`) and compared by the code of a
casework re-assessment (cut-off crossing and the reliable change index). Each
file adds what the group needs: what it measures, and for a scale whose forms order items
differently (the Rosenberg scale in its original and Chinese orders) the content of each
item, so that reverse keying follows the content, never the item number.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType

from pydantic import Field, model_validator

from careplanner.errors import UnknownCodeError
from careplanner.group._data import read_model
from careplanner.group._types import Code, Frozen, Text
from careplanner.instruments import Scale, get_scale, load_scales, score

#: Answers to one measure: item id -> answer code.
MeasureAnswers = Mapping[str, int | str]


class MeasureInfo(Frozen):
    """What the group adds to a scale descriptor: what it measures and its items' content."""

    about: Text
    content: dict[str, Code] = Field(default_factory=dict)
    reverse_content: tuple[Code, ...] = ()


class GroupMeasure(Frozen):
    """One ``measures/<id>.yaml`` file: the group's facts about it and the descriptor."""

    measure: MeasureInfo
    scale: Scale

    @model_validator(mode="after")
    def _keyed_by_content(self) -> GroupMeasure:
        content = self.measure.content
        if not content:
            return self
        if set(content) != set(self.scale.item_ids):
            raise ValueError("measure.content must name the content of every item, no more")
        unknown = set(self.measure.reverse_content) - set(content.values())
        if unknown:
            raise ValueError(f"measure.reverse_content: {sorted(unknown)} is no item's content")
        for item in self.scale.items:
            if item.reverse != (content[item.id] in self.measure.reverse_content):
                raise ValueError(
                    f"scale.items.{item.id}: reverse must be "
                    f"{not item.reverse} for content {content[item.id]!r}"
                )
        return self


@cache
def load_measures() -> Mapping[str, GroupMeasure]:
    """The bundled group measures by id, read once.

    Raises
    ------
    GroupDataError
        A file breaks the model, or its scale id is not its file name.

    Examples
    --------
    >>> sorted(load_measures())
    ['rses', 'rses_zh', 'satisfaction', 'sobi_p']
    >>> load_measures()["rses_zh"].scale.item("3").reverse
    True
    """
    folder = resources.files("careplanner.group") / "measures"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            measure = read_model(GroupMeasure, f"measures/{entry.name}")
            if f"{measure.scale.id}.yaml" != entry.name:
                raise UnknownCodeError(
                    f"measures/{entry.name}: scale.id",
                    measure.scale.id,
                    [entry.name.removesuffix(".yaml")],
                )
            found[measure.scale.id] = measure
    return MappingProxyType(found)


def scale_of(scale_id: str) -> Scale:
    """The descriptor of a group measure or of a bundled casework scale.

    Raises
    ------
    UnknownCodeError
        Neither has this id; the message lists both.
    """
    measures = load_measures()
    if scale_id in measures:
        return measures[scale_id].scale
    if scale_id not in load_scales():
        raise UnknownCodeError("scale", scale_id, [*measures, *load_scales()])
    return get_scale(scale_id)


def measure_totals(answers: Mapping[str, MeasureAnswers], where: str) -> dict[str, int]:
    """Score a resident's answers to the group measures: ``{measure id: total}``.

    Raises
    ------
    UnknownCodeError
        An unknown measure (the field is ``<where>.measures``), or an answer outside the
        measure's options (the field names the measure and the item).
    ScoringError
        An item is unanswered (no published rule allows a partial total).

    Examples
    --------
    >>> measure_totals({"rses_zh": {str(i): "a" for i in range(1, 11)}}, "r01")
    {'rses_zh': 25}
    """
    measures = load_measures()
    totals = {}
    for measure_id, given in answers.items():
        if measure_id not in measures:
            raise UnknownCodeError(f"{where}.measures", measure_id, measures)
        total = score(measures[measure_id].scale, given).total
        assert total is not None  # a full score (partial=False) always has a total
        totals[measure_id] = total
    return totals


class Satisfaction(Frozen):
    """Members' satisfaction at the end: a group figure, never a verdict on a member."""

    measure: str
    n: int
    not_answered: int
    mean: float | None
    lowest: int | None
    highest: int | None
    min: int
    max: int


def satisfaction_summary(measure_id: str, totals: Sequence[int | None]) -> Satisfaction:
    """The members' satisfaction totals (None: not answered) as one group figure.

    Examples
    --------
    >>> s = satisfaction_summary("satisfaction", [18, 16, None])
    >>> (s.n, s.not_answered, s.mean, s.min, s.max)
    (2, 1, 17.0, 5, 20)
    """
    scale = scale_of(measure_id)
    given = [t for t in totals if t is not None]
    return Satisfaction(
        measure=scale.id,
        n=len(given),
        not_answered=len(totals) - len(given),
        mean=statistics.fmean(given) if given else None,
        lowest=min(given, default=None),
        highest=max(given, default=None),
        min=scale.total.min,
        max=scale.total.max,
    )
