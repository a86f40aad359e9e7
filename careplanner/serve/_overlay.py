"""Thresholds a trainer edits in the workbench: a changed copy of the rule pack, never the file.

The installed rule pack is not touched: an edit builds a new `RulePack` in memory for one
request, with the named thresholds at their new values, and is dropped with the answer. A
threshold read by a rule of a safety need (``safety: true``) is locked: the safety floor
(`careplanner.rules` raises its needs whatever the pack says) and the rules around it are not
content a page may change. An edited threshold is no longer the published one, so its basis
becomes ``convention`` and its citation says it was edited, with the value it replaced.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from careplanner.errors import UnknownCodeError
from careplanner.rules import RulePack, default_pack

EDITED_CITE = "edited in the workbench (was {was:g}); not a published cut-off"
#: Decimals an edited value keeps: the rules engine misreads numbers written with an exponent.
DECIMALS = 4


class ThresholdInfo(BaseModel):
    """One threshold as the workbench shows it: its value, basis, citation, and whether locked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    value: float
    basis: str
    cite: str
    locked: bool
    needs: list[str]


def locked_thresholds(pack: RulePack) -> frozenset[str]:
    """The thresholds read by a rule of a safety need: never editable.

    Examples
    --------
    >>> "phq9_item9_any" in locked_thresholds(default_pack())
    True
    >>> "ucla3_lonely" in locked_thresholds(default_pack())
    False
    """
    return frozenset(
        condition.threshold
        for need in pack.needs.values()
        if need.safety
        for rule in need.rules
        for condition in (*rule.all, *rule.any)
        if condition.threshold is not None
    )


def threshold_infos(pack: RulePack | None = None) -> list[ThresholdInfo]:
    """Every threshold of `pack` (the bundled one by default), with the needs that read it."""
    pack = pack or default_pack()
    locked = locked_thresholds(pack)
    readers: dict[str, list[str]] = {name: [] for name in pack.thresholds}
    for need_id, need in pack.needs.items():
        for rule in need.rules:
            for condition in (*rule.all, *rule.any):
                named = condition.threshold
                if named is not None and need_id not in readers[named]:
                    readers[named].append(need_id)
    return [
        ThresholdInfo(
            id=name,
            value=float(threshold.cut),
            basis=threshold.basis,
            cite=threshold.cite,
            locked=name in locked,
            needs=readers[name],
        )
        for name, threshold in pack.thresholds.items()
    ]


def overlay_pack(values: Mapping[str, float], pack: RulePack | None = None) -> RulePack:
    """A copy of `pack` (the bundled one by default) with the thresholds in `values` changed.

    Raises
    ------
    UnknownCodeError
        A name that is no threshold of the pack, or one that is locked (a safety need reads it).

    Examples
    --------
    >>> edited = overlay_pack({"ucla3_lonely": 5})
    >>> edited.thresholds["ucla3_lonely"].cut, edited.thresholds["ucla3_lonely"].basis
    (5, 'convention')
    >>> default_pack().thresholds["ucla3_lonely"].cut
    6
    """
    pack = pack or default_pack()
    if not values:
        return pack
    locked = locked_thresholds(pack)
    editable = sorted(name for name in pack.thresholds if name not in locked)
    data = pack.model_dump(mode="json", by_alias=True, exclude_none=True)
    for name, value in values.items():
        if name not in editable:
            raise UnknownCodeError("thresholds", name, editable)
        was = pack.thresholds[name].cut
        data["thresholds"][name] = {
            "value": round(value, DECIMALS),
            "basis": "convention",
            "cite": EDITED_CITE.format(was=was),
            "source": pack.thresholds[name].source,
        }
    return RulePack.model_validate(data)
