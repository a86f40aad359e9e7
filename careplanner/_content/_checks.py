"""Checks across files: what no single file's model can see, and the safety floor's reach.

Each problem comes with the file it is reported against; its message names the other file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from careplanner._content._loader import load_bundled
from careplanner._content._overlay import Change
from careplanner._content._problems import validate
from careplanner.errors import Problem
from careplanner.instruments import Scale
from careplanner.rules import RulePack
from careplanner.rules._catalogue import bundled_fact_catalogue as fact_catalogue
from careplanner.rules._floor import FLOOR, FLOOR_NEEDS

if TYPE_CHECKING:
    from careplanner.plan import Catalogue

Located = tuple[str, Problem]
PACK = "rules/default.yaml"
FACTS = "rules/facts.yaml"
STAGES = "plan/stages.yaml"
OBJECTIVES = "plan/objectives.yaml"
SCREENING = "group/screening.yaml"
#: The screening rule that sends a resident with a safety need to crisis care, not a group.
SAFETY_SCREEN = "safety_first"
#: What an overlay may change in an entry of the fact catalogue: its wording.
_FACT_WORDING = ("label", "description")
#: What an overlay may not change in the scales the floor reads.
_FLOOR_SCALE_KEYS = ("items", "total", "item_flags", "answer_sets", "scoring")


class _Link(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: str
    op: str
    scale: str
    cutoff_set: str
    band: str


class _ObjectiveLink(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    need: str
    objective: str
    threshold: str
    op: str


class _Links(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int
    source: str
    links: tuple[_Link, ...]
    objectives: tuple[_ObjectiveLink, ...]


@cache
def _cutoffs() -> _Links:
    source = "careplanner/_content/cutoffs.yaml"
    return validate(_Links, load_bundled("careplanner._content", "cutoffs.yaml"), source)


def links() -> tuple[_Link, ...]:
    """The cut-offs stated in two files (``_content/cutoffs.yaml``)."""
    return _cutoffs().links


def objective_links() -> tuple[_ObjectiveLink, ...]:
    """The plan objectives that restate a cut-off (``_content/cutoffs.yaml``)."""
    return _cutoffs().objectives


def objective_target(op: str, value: float) -> float:
    """The target of "total <= target" that clears exactly a need flagged "total `op` value"."""
    return value if op == "gt" else value - 1


def _scale_file(scale: str) -> str:
    return f"instruments/scales/{scale}.yaml"


@cache
def _protected() -> tuple[tuple[str, str], ...]:
    """(file, path) pairs the safety floor depends on; an overlay may change none of them."""
    pack = load_bundled("careplanner.rules", "default.yaml")
    stages = load_bundled("careplanner.plan", "stages.yaml")
    assert isinstance(pack, dict) and isinstance(stages, dict)
    found = [(PACK, f"needs.{need}") for need in FLOOR_NEEDS]
    for need in FLOOR_NEEDS:
        found += [(PACK, f"thresholds.{t}") for t in _thresholds(pack["needs"].get(need, {}))]
    crisis = {s["id"] for s in stages["stages"] if s.get("phase") == "crisis"}
    found += [(STAGES, f"stages[id={s}]") for s in sorted(crisis)]
    found += [
        (STAGES, f"interventions[id={i['id']}]")
        for i in stages["interventions"]
        if i.get("stage") in crisis
    ]
    scales = sorted({signal.fact.split(".")[0] for signal in FLOOR} - {"obs"})
    found += [(_scale_file(s), key) for s in scales for key in _FLOOR_SCALE_KEYS]
    found += [(FACTS, f"facts[name={fact}]") for fact in sorted({s.fact for s in FLOOR})]
    found.append((SCREENING, f"rules[id={SAFETY_SCREEN}]"))  # a safety need goes to crisis care
    return tuple(found)


def _mappings(node: object) -> Iterator[dict[str, object]]:
    """Every mapping in parsed data, outermost first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)


def _thresholds(node: object) -> Iterator[str]:
    """The names of the thresholds the conditions in `node` compare with."""
    for _, name in _leaves(node):
        yield name


def _within(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def floor_problems(changes: tuple[Change, ...] | list[Change]) -> list[Located]:
    """Every change that reaches what the safety floor depends on."""
    protected = _protected()
    return [
        (
            change.file,
            Problem(change.path, "is on the safety floor; no overlay may change it"),
        )
        for change in changes
        if any(change.file == f and _within(change.path, p) for f, p in protected)
    ]


def fact_problems(changes: tuple[Change, ...] | list[Change]) -> list[Located]:
    """Every change to the fact catalogue beyond an entry's wording.

    Which facts exist, their types, ranges and producers are what careplanner computes (a
    scale's range is its own file's); an overlay may reword a fact, not make or unmake one.

    Examples
    --------
    >>> fact_problems([Change(FACTS, "facts[name=ssrs.total].max", 66, 70)])[0][1].message
    "may not change: an overlay may change only a fact's ['label', 'description']"
    >>> fact_problems([Change(FACTS, "facts[name=ssrs.total].label.en", "a", "b")])
    []
    """
    return [
        (
            FACTS,
            Problem(
                change.path,
                f"may not change: an overlay may change only a fact's {list(_FACT_WORDING)}",
            ),
        )
        for change in changes
        if change.file == FACTS and not _rewords(change.path)
    ]


def _rewords(path: str) -> bool:
    entry, _, rest = path.partition("].")
    return entry.startswith("facts[name=") and rest.split(".")[0] in _FACT_WORDING


def cross_file_problems(
    data: Mapping[str, object], pack: RulePack, scales: Mapping[str, Scale], catalogue: Catalogue
) -> list[Located]:
    """What breaks between files: shared cut-offs, objective targets, threshold ranges, scale
    facts."""
    return [
        *_shared_cutoffs(pack, scales),
        *_objective_targets(pack, catalogue),
        *_threshold_ranges(data.get(PACK), pack, scales),
        *_fact_ranges(scales),
    ]


def _value(pack: RulePack, name: str) -> float | None:
    threshold = pack.thresholds.get(name)
    return None if threshold is None else threshold.value


def _shared_cutoffs(pack: RulePack, scales: Mapping[str, Scale]) -> Iterator[Located]:
    for link in links():
        value, scale = _value(pack, link.threshold), scales.get(link.scale)
        if value is None or scale is None:
            continue
        sets = {c.id: c for c in scale.cutoff_sets}
        bands = {b.id: b for b in sets[link.cutoff_set].bands} if link.cutoff_set in sets else {}
        band = bands.get(link.band)
        where = f"{_scale_file(link.scale)} cutoff_sets[id={link.cutoff_set}]"
        if band is None:
            yield (
                PACK,
                Problem(
                    f"thresholds.{link.threshold}",
                    f"{where} has no band {link.band!r} to agree with",
                ),
            )
            continue
        expected = band.min if link.op == "ge" else band.min - 1
        if value != expected:
            yield (
                PACK,
                Problem(
                    f"thresholds.{link.threshold}",
                    f"{value:g} disagrees with {where}.bands[id={link.band}] starting at "
                    f"{band.min} (the same cut-off needs {expected} here)",
                ),
            )


def _objective_targets(pack: RulePack, catalogue: Catalogue) -> Iterator[Located]:
    """An objective "total <= target" clears exactly the need its threshold flags."""
    for link in _cutoffs().objectives:
        value, need = _value(pack, link.threshold), catalogue.index.needs.get(link.need)
        found = [t for t in need.objectives if t.id == link.objective] if need else []
        if value is None or not found:
            continue
        expected = objective_target(link.op, value)
        if found[0].when.value != expected:
            yield (
                OBJECTIVES,
                Problem(
                    f"needs[id={link.need}].objectives[id={link.objective}].when.value",
                    f"{found[0].when.value} disagrees with {PACK} thresholds.{link.threshold} "
                    f"{value:g} (the objective that clears its need needs {expected:g} here; "
                    "change its text too)",
                ),
            )


def _threshold_ranges(
    raw: object, pack: RulePack, scales: Mapping[str, Scale]
) -> Iterator[Located]:
    for fact, name in sorted(set(_leaves(raw))):
        scale = scales.get(fact.split(".")[0])
        value = _value(pack, name)
        if scale is None or not fact.endswith(".total") or value is None:
            continue
        low, high = scale.total.min, scale.total.max
        if not low <= value <= high:
            yield (
                PACK,
                Problem(
                    f"thresholds.{name}",
                    f"{value:g} is outside {low}..{high}, the range of {fact} in "
                    f"{_scale_file(scale.id)}",
                ),
            )


def _leaves(node: object) -> Iterator[tuple[str, str]]:
    """(fact, threshold name) of every condition in `node` that compares with a threshold.

    A condition names its threshold as its ``value`` (or, in today's spelling, ``threshold``).
    """
    for mapping in _mappings(node):
        fact, threshold = mapping.get("fact"), mapping.get("threshold", mapping.get("value"))
        if isinstance(fact, str) and isinstance(threshold, str):
            yield fact, threshold


def _fact_ranges(scales: Mapping[str, Scale]) -> Iterator[Located]:
    for spec in fact_catalogue().facts:
        scale = scales.get(spec.name.split(".")[0])
        if scale is None or not spec.name.endswith(".total"):
            continue
        if (spec.min, spec.max) != (scale.total.min, scale.total.max):
            yield (
                _scale_file(scale.id),
                Problem(
                    "total",
                    f"{scale.total.min}..{scale.total.max} disagrees with {spec.name} "
                    f"{spec.min}..{spec.max} in rules/facts.yaml (what the rules may read)",
                ),
            )
