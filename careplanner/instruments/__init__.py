"""Standard scales, scored exactly as published.

Each scale is a data file in ``scales/`` (items, answers and scores, reverse keying,
subscales, missing-item rule, named and sourced cut-off sets, norms, reliability); one
generic path scores them all. See ``docs/instruments.md``.
"""

from careplanner.instruments._change import crossed_cutoff, reliable_change
from careplanner.instruments._load import get_scale, load_scales
from careplanner.instruments._score import Responses, check_responses, score
from careplanner.instruments.model import (
    AnswerOption,
    AnswerSet,
    Band,
    CutoffSet,
    Item,
    ItemFlag,
    ItemGroup,
    Norm,
    Reliability,
    Scale,
    Subscale,
)
from careplanner.instruments.result import (
    BandChange,
    BandResult,
    FlagHit,
    NormComparison,
    ReliableChange,
    ScaleResult,
    UsedFigure,
)

__all__ = [
    "AnswerOption",
    "AnswerSet",
    "Band",
    "BandChange",
    "BandResult",
    "CutoffSet",
    "FlagHit",
    "Item",
    "ItemFlag",
    "ItemGroup",
    "Norm",
    "NormComparison",
    "Reliability",
    "ReliableChange",
    "Responses",
    "Scale",
    "ScaleResult",
    "Subscale",
    "UsedFigure",
    "check_responses",
    "crossed_cutoff",
    "get_scale",
    "load_scales",
    "reliable_change",
    "score",
]
