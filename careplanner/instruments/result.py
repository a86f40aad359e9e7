"""What scoring returns: a scale result, its bands, norm comparison, flags and changes.

Every result names where its figures came from -- the cut-off set, norm or reliability id,
its source and whether the reference verified it -- so a report can say "convention" or
"provisional" next to a number instead of presenting it as validated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from careplanner._content._vocab import Text
from careplanner.instruments.model import Frozen

#: Direction of a reliable change, read with the scale's ``higher_is``.
Direction = Literal["improved", "deteriorated", "no_reliable_change"]


class BandResult(Frozen):
    """The band a score falls in, and the cut-off set that defines it."""

    cutoff_set: str
    target: str
    band: str
    label: Text
    min: int
    max: int
    kind: Literal["published", "convention"]
    verified: bool
    source: str


class NormComparison(Frozen):
    """z-scores against one published reference sample: ``z = (score - mean) / sd``."""

    norm: str
    population: str
    n: int | None
    source: str
    verified: bool
    z: Mapping[str, float]


class FlagHit(Frozen):
    """An item flag that fired, with the items that raised it."""

    flag: str
    kind: Literal["safety", "observation"]
    label: Text
    items: tuple[str, ...]


class ScaleResult(Frozen):
    """One scored administration of a scale.

    Attributes
    ----------
    total : int or None
        None only when ``partial=True`` scoring left items unanswered.
    subscales, group_scores : Mapping of str to int
        The complete ones only (all of them unless ``partial=True`` left items unanswered).
    item_scores : Mapping of str to int
        Keyed score of every answered item, in form order.
    missing_items : tuple of str
        Unanswered items (always empty unless ``partial=True``).
    bands : Mapping of str to BandResult
        Keyed by target (``"total"`` and/or the subscales the chosen cut-off set applies to);
        empty when no set was named and the scale has no default.
    norm : NormComparison or None
        z-scores against the named or default norm; None when the scale has none.
    flags : tuple of FlagHit
        Item flags that fired.
    safety_items : tuple of str
        The items of the safety flags that fired (e.g. ``("9",)`` for PHQ-9 item 9 above 0),
        stored flat so that rule facts and reports need not search ``flags``.
    """

    scale_id: str
    version: int
    scoring_verified: bool
    total: int | None
    subscales: Mapping[str, int]
    group_scores: Mapping[str, int]
    item_scores: Mapping[str, int]
    missing_items: tuple[str, ...]
    bands: Mapping[str, BandResult]
    norm: NormComparison | None
    flags: tuple[FlagHit, ...]
    safety_items: tuple[str, ...]


class UsedFigure(Frozen):
    """A reliability or SD that went into a reliable change, and where it came from.

    ``origin`` is the descriptor entry id, or ``"caller"`` when the caller supplied the value;
    ``verified`` is None for a caller's value, which the reference cannot vouch for.
    """

    value: float
    origin: str
    source: str
    verified: bool | None


class ReliableChange(Frozen):
    """A Jacobson-Truax reliable change index between two totals of one scale."""

    scale_id: str
    before: int
    after: int
    change: int
    reliability: UsedFigure
    sd: UsedFigure
    se: float
    s_diff: float
    rci: float
    reliable: bool
    direction: Direction
    provisional: bool
    method: str


class BandChange(Frozen):
    """The bands of two scores under one cut-off set, and whether a cut-off lies between."""

    before: BandResult
    after: BandResult
    crossed: bool
