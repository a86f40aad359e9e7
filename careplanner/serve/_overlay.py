"""Thresholds a trainer edits in the workbench: an overlay of the service's content, never a file.

The installed files are not touched: an edit is an overlay (`careplanner.load_content`) laid
over the content the service runs on, with the named thresholds at their new values, so it is
validated across files and held to the safety floor like any organisation's overlay. A
threshold read by a rule of a safety need (``safety: true``) is locked: the safety floor
(`careplanner.rules` raises its needs whatever the pack says) and the rules around it are not
content a page may change. An edited threshold is no longer the published one, so its basis
becomes ``convention`` and its citation says it was edited, with the value it replaced. A
cut-off a scale file states too (``_content/cutoffs.yaml``, e.g. the GDS-15 "> 5") moves in
both files, so the scale's bands say what the rules say. The edited pack is named after the
pack it changed, with ``-edited``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from careplanner._content._checks import links, objective_links, objective_target
from careplanner._content._content import MANIFEST, Content, load_content
from careplanner._content._loader import load_bundled
from careplanner._content._overlay import merge
from careplanner._content._vocab import Language
from careplanner.errors import UnknownCodeError
from careplanner.rules import RulePack, active_pack

#: The overlay file of the rule pack, and the fields an edited threshold keeps.
PACK_FILE = "rules/default.yaml"
_KEPT = ("value", "basis", "cite", "source")

EDITED_CITE = "edited in the workbench (was {was:g}); not a published cut-off"
#: The objective that clears a need whose cut-off was edited, in each language.
EDITED_OBJECTIVE: dict[Language, str] = {
    "en": "{label} of {target:g} or less at closure (cut-off edited in the workbench).",
    "zh-CN": "结案时{label}不超过 {target:g} 分（界值已在工作台中修改）。",
}
OBJECTIVES_FILE = "plan/objectives.yaml"
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
    >>> from careplanner.rules import default_pack
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
    """Every threshold of `pack` (the running content's by default), with its readers."""
    pack = pack or active_pack()
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


def edited_content(values: Mapping[str, float], base: Content | None = None) -> Content:
    """`base` (the bundled content by default) with the thresholds in `values` changed.

    Raises
    ------
    UnknownCodeError
        A name that is no threshold of the pack, or one that is locked (a safety need reads it).
    DataFileError
        The edit breaks the content (a value outside the scale's range, a cut-off another
        file states differently), naming both files.

    Examples
    --------
    >>> edited = edited_content({"ucla3_lonely": 5})
    >>> edited.pack.thresholds["ucla3_lonely"].cut, edited.pack.thresholds["ucla3_lonely"].basis
    (5, 'convention')
    >>> edited.pack.name, load_content().pack.thresholds["ucla3_lonely"].cut
    ('careplanner-default-edited@1.0.0', 6)
    """
    base = base or load_content()
    if not values:
        return base
    locked = locked_thresholds(base.pack)
    editable = sorted(name for name in base.pack.thresholds if name not in locked)
    for name in values:
        if name not in editable:
            raise UnknownCodeError("thresholds", name, editable)
    edits = tuple(sorted((name, float(round(v, DECIMALS))) for name, v in values.items()))
    return _edited(base, edits)


@lru_cache(maxsize=16)
def _edited(base: Content, values: tuple[tuple[str, float], ...]) -> Content:
    """The edit as an overlay over `base`'s own; the workbench sends the same edit often."""
    overlay = dict(base.overlay or {})
    rules = dict(_mapping(overlay.get(PACK_FILE)))
    thresholds = dict(_mapping(rules.get("thresholds")))
    bundled = _mapping(_mapping(load_bundled("careplanner.rules", "default.yaml"))["thresholds"])
    for name, value in values:
        was = base.pack.thresholds[name]
        dropped = {key: {"remove": True} for key in _mapping(bundled.get(name)) if key not in _KEPT}
        thresholds[name] = {
            "value": value,
            "basis": "convention",
            "cite": EDITED_CITE.format(was=was.cut),
            "source": was.source,
            **dropped,
        }
        for file, bands in _linked_bands(base, name, value):
            overlay[file] = merge(file, overlay.get(file, {}), bands, [])
        objectives = _linked_objectives(base, name, value)
        if objectives is not None:
            file = OBJECTIVES_FILE
            overlay[file] = merge(file, overlay.get(file, {}), objectives, [])
    overlay[PACK_FILE] = {**rules, "thresholds": thresholds}
    overlay[MANIFEST] = {"id": f"{base.pack.id}-edited", "version": base.pack.version}
    return load_content(overlay=overlay)


def _linked_bands(base: Content, name: str, value: float) -> list[tuple[str, dict[str, object]]]:
    """The scale bands that state threshold `name` too, moved to `value`, as overlay files."""
    moved: list[tuple[str, dict[str, object]]] = []
    for link in links():
        scale = base.scales.get(link.scale)
        sets = {c.id: c for c in scale.cutoff_sets} if scale is not None else {}
        if link.threshold != name or link.cutoff_set not in sets or not float(value).is_integer():
            continue
        bands = [b.id for b in sets[link.cutoff_set].bands]
        start = int(value) + (1 if link.op == "gt" else 0)
        edges: list[dict[str, object]] = [{"id": link.band, "min": start}]
        if bands.index(link.band) > 0:
            edges.insert(0, {"id": bands[bands.index(link.band) - 1], "max": start - 1})
        change: dict[str, object] = {"cutoff_sets": [{"id": link.cutoff_set, "bands": edges}]}
        moved.append((f"instruments/scales/{link.scale}.yaml", change))
    return moved


def _linked_objectives(base: Content, name: str, value: float) -> dict[str, object] | None:
    """The plan objectives that clear the need of threshold `name`, moved with it."""
    labels = {spec.name: spec.label for spec in base.facts.facts}
    needs: dict[str, list[dict[str, object]]] = {}
    for link in objective_links():
        need = base.catalogue.index.needs.get(link.need)
        found = [t for t in need.objectives if t.id == link.objective] if need else []
        if link.threshold != name or not found:
            continue
        fact, target = found[0].when.fact, objective_target(link.op, value)
        label = labels.get(fact, {"en": fact, "zh-CN": fact})
        text = {
            lang: form.format(label=label[lang], target=target)
            for lang, form in EDITED_OBJECTIVE.items()
        }
        when = {"fact": fact, "op": "le", "value": target}
        needs.setdefault(link.need, []).append({"id": link.objective, "when": when, "text": text})
    if not needs:
        return None
    return {"needs": [{"id": need, "objectives": moved} for need, moved in needs.items()]}


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}
