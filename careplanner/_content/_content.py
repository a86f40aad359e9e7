"""`Content`: the bundled data, or the bundled data with an organisation's overlay laid over it.

A `Content` holds what the pipeline reads -- the rule pack, the fact catalogue, the scales, the
plan catalogue, the group tables and the organisation's settings -- validated file by file and
then across files, with a stable ``content_hash``. An overlay (a folder, or the same as a
mapping of file name to data) holds
only the files and keys an organisation changes, the way an OpenFisca reform changes a few
parameters of a shared base. The safety floor is out of an overlay's reach.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from careplanner._content._caches import CACHES, Caches
from careplanner._content._checks import cross_file_problems, fact_problems, floor_problems
from careplanner._content._loader import load_bundled, load_file
from careplanner._content._overlay import Change, merge, scrub
from careplanner._content._problems import validate
from careplanner._content._scope import using
from careplanner.errors import DataFileError, Problem
from careplanner.fhir._settings import FhirSettings
from careplanner.instruments import Scale, load_scales
from careplanner.instruments._load import scale_from_data
from careplanner.plan import Catalogue
from careplanner.plan._load import catalogue_from_data, load_catalogue
from careplanner.rules import FactCatalogue, RulePack, default_pack
from careplanner.rules._catalogue import bundled_fact_catalogue
from careplanner.rules._load import pack_from_data

#: The overlay's own file: its id and version (``careplanner content init`` writes it).
MANIFEST = "content.yaml"
#: The organisation's settings file (a ``fhir`` section, as ``--settings`` reads).
SETTINGS = "settings.yaml"
#: Bundled files an overlay may change: overlay path -> (package, file in the package).
_PLAN = ("stages", "objectives", "closure")
_KEYS = {"stages": "stages", "objectives": "needs", "closure": "closure"}
#: The group work's tables an overlay may change (``group/<name>.yaml``).
GROUP_TABLES = (
    "questionnaire", "screening", "composition", "activities", "evaluation", "themes",
    "recruitment",
)  # fmt: skip
#: The fact catalogue: an overlay may reword its entries (their names, types and ranges are
#: what careplanner computes).
FACTS = "rules/facts.yaml"


def _bundled_files() -> dict[str, tuple[str, str]]:
    files = {
        "rules/default.yaml": ("careplanner.rules", "default.yaml"),
        FACTS: ("careplanner.rules", "facts.yaml"),
    }
    files |= {f"plan/{name}.yaml": ("careplanner.plan", f"{name}.yaml") for name in _PLAN}
    files |= {f"group/{name}.yaml": ("careplanner.group", f"{name}.yaml") for name in GROUP_TABLES}
    folder = resources.files("careplanner.instruments").joinpath("scales")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            files[f"instruments/scales/{entry.name}"] = (
                "careplanner.instruments",
                f"scales/{entry.name}",
            )
    return files


@dataclass(frozen=True, eq=False)
class Content:
    """The data one assessment runs on: rule pack, facts, scales, plan catalogue, settings.

    Build one with `careplanner.load_content`. Pass it as ``content=`` to `careplanner.assess`,
    `careplanner.reassess`, `careplanner.what_if`, the renderers and the group functions.

    Attributes
    ----------
    id, version : str
        The overlay's id and version (``careplanner``, the package version, for the base).
    pack : RulePack
        The rule pack (an overlay that changes it, or the fact catalogue whose wording its
        findings quote, gives it the overlay's id and version).
    facts : careplanner.rules.FactCatalogue
        Every fact a rule may read: name, type, range, producer and wording.
    scales : Mapping of str to Scale
        Every scale by id.
    catalogue : careplanner.plan.Catalogue
        Stages, interventions, objectives and closure rules.
    fhir : careplanner.fhir.FhirSettings
        The organisation's FHIR code-system base URL and identifiers.
    group_data : Mapping of str to object
        The group work's tables the overlay changes (``group/screening.yaml``, ...), as
        checked data; `careplanner.group` reads the others from the package.
    changes : tuple of Change
        What the overlay changes against the bundled base (empty for the base).
    content_hash : str
        ``sha256:<hex>`` of every file's data after the overlay: the same content, the same hash.
    overlay : Mapping, optional
        The overlay as given (None for the base). A content pickles as its overlay and hash,
        so a batch ships it to its workers, and each worker rebuilds it once and checks it.
    """

    id: str
    version: str
    pack: RulePack
    facts: FactCatalogue
    scales: Mapping[str, Scale]
    catalogue: Catalogue
    fhir: FhirSettings
    group_data: Mapping[str, object] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    content_hash: str = field(default="")
    overlay: Mapping[str, object] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    def __repr__(self) -> str:
        return f"Content({self.name!r}, {self.content_hash[:19]!r})"

    @property
    def caches(self) -> Caches:
        """The caches the engine and planner keep for every content in this process: each
        bounded, with eviction, keyed by what its entries are built from (a pack's content
        hash, the compiled rules, a catalogue's index); ``content.caches.reset()`` empties
        them and ``content.caches.sizes()`` says how full they are.

        Examples
        --------
        >>> load_content().caches.sizes()["rules.compiled"][1]
        8
        """
        return CACHES

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickle as the overlay and the hash: a worker rebuilds the content once, checked."""
        overlay = None if self.overlay is None else dict(self.overlay)
        return restore, (overlay, self.content_hash)


#: Contents rebuilt in this process from a pickle, by hash (a batch ships one to each worker).
_RESTORED: dict[str, Content] = {}
_MAX_RESTORED = 8


def restore(overlay: Mapping[str, object] | None, content_hash: str) -> Content:
    """The content a pickled `Content` stood for; refused if it no longer hashes the same."""
    content = _RESTORED.get(content_hash)
    if content is None:
        content = load_content(overlay=overlay) if overlay is not None else base_content()
        if content.content_hash != content_hash:
            raise DataFileError(
                "content", f"rebuilt as {content.content_hash}, not the {content_hash} sent"
            )
        if len(_RESTORED) >= _MAX_RESTORED:
            _RESTORED.pop(next(iter(_RESTORED)))
        _RESTORED[content_hash] = content
    return content


def load_content(
    overlay_dir: str | Path | None = None, *, overlay: Mapping[str, object] | None = None
) -> Content:
    """Return the bundled content, or the bundled content with an overlay laid over it.

    Parameters
    ----------
    overlay_dir : str or Path, optional
        A folder of YAML files laid out as in the package (``rules/default.yaml``,
        ``plan/stages.yaml``, ``instruments/scales/gds15.yaml``, ``settings.yaml``), each
        holding only what changes, and ``content.yaml`` with the overlay's ``id`` and
        ``version``.
    overlay : mapping, optional
        The same as a mapping of file name to parsed data (for a service that applies an
        overlay per request); not together with `overlay_dir`.

    Returns
    -------
    Content

    Raises
    ------
    DataFileError
        A file cannot be read, is not one an overlay may hold, breaks its model, touches the
        safety floor, or disagrees with another file (the message names both files).

    Examples
    --------
    >>> load_content().pack.name
    'careplanner-default@1.0.0'
    >>> changed = load_content(overlay={
    ...     "content.yaml": {"id": "our-agency", "version": "1.0.0"},
    ...     "plan/stages.yaml": {"stages": [{"id": "grief", "name": {"en": "Loss"}}]},
    ... })
    >>> print(*changed.changes)  # doctest: +ELLIPSIS
    plan/stages.yaml: stages[id=grief].name.en: 'Grief and meaning: ...' -> 'Loss'
    >>> changed.pack is load_content().pack  # the rules are not changed: the same pack
    True
    """
    if overlay_dir is not None and overlay is not None:
        raise DataFileError("overlay", "give a folder or a mapping, not both")
    if overlay_dir is not None:
        overlay = _read_folder(Path(overlay_dir))
    if overlay is None:
        return base_content()
    return _overlaid(copy.deepcopy(dict(overlay)))


@cache
def base_content() -> Content:
    """The bundled content: the very objects the pipeline uses without ``content=``."""
    data = {name: _bundled_data(name) for name in _bundled_files()}
    data[SETTINGS] = _base_settings()
    return Content(
        id="careplanner",
        version="base",
        pack=default_pack(),
        facts=bundled_fact_catalogue(),
        scales=load_scales(),
        catalogue=load_catalogue(),
        fhir=FhirSettings(),
        content_hash=_hash(data),
    )


def _read_folder(folder: Path) -> dict[str, object]:
    if not folder.is_dir():
        raise DataFileError(str(folder), "is not a folder")
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            found[name] = load_file(path) if name.endswith((".yaml", ".yml", ".json")) else None
    return found


def _overlaid(overlay: dict[str, object]) -> Content:
    given = copy.deepcopy(overlay)
    manifest = _manifest(overlay.pop(MANIFEST, None))
    bundled = _bundled_files()
    allowed = sorted([*bundled, SETTINGS])
    unknown = sorted(name for name in overlay if name not in allowed)
    if unknown:
        problems = [Problem("", f"an overlay may hold only {allowed}") for _ in unknown[:1]]
        raise DataFileError(unknown[0], problems)
    changes: list[Change] = []
    data: dict[str, object] = {}
    for name in bundled:
        base = _bundled_data(name)
        data[name] = merge(name, base, overlay[name], changes) if name in overlay else base
    data[SETTINGS] = merge(SETTINGS, _base_settings(), overlay.get(SETTINGS, {}), changes)
    floor = floor_problems(changes) or fact_problems(changes)
    if floor:
        raise DataFileError(floor[0][0], [p for _, p in floor])
    content = _build(manifest, _without_removed_stages(data, changes), tuple(changes))
    return dataclasses.replace(content, overlay=MappingProxyType(given))


def _without_removed_stages(data: dict[str, object], changes: list[Change]) -> dict[str, object]:
    """Drop the interventions of each removed stage, and every mention of them, everywhere."""
    removed = {
        c.path.removeprefix("stages[id=").removesuffix("]")
        for c in changes
        if c.removed and c.file == "plan/stages.yaml" and c.path.startswith("stages[")
    }
    stages = data["plan/stages.yaml"]
    if not removed or not isinstance(stages, dict):
        return data
    gone = frozenset(
        str(i["id"]) for i in stages.get("interventions", []) if i.get("stage") in removed
    ) | frozenset(removed)
    return {
        name: scrub(value, gone) if _plan_or_pack(name) else value for name, value in data.items()
    }


def _plan_or_pack(name: str) -> bool:
    return name == "rules/default.yaml" or name.startswith("plan/")


def _manifest(data: object) -> tuple[str, str]:
    if not isinstance(data, dict) or not {"id", "version"} <= set(data):
        raise DataFileError(MANIFEST, [Problem("", "needs the overlay's 'id' and 'version'")])
    return str(data["id"]), str(data["version"])


def _build(
    manifest: tuple[str, str], data: dict[str, object], changes: tuple[Change, ...]
) -> Content:
    """Validate every file the overlay touched; reuse the bundled objects for the rest."""
    content_id, version = manifest
    base = base_content()
    touched = {name for name, value in data.items() if value != _bundled_data(name)}
    pack, facts = base.pack, base.facts
    if FACTS in touched:
        facts = validate(FactCatalogue, data[FACTS], FACTS)
    if touched & {"rules/default.yaml", FACTS}:
        pack_data = data["rules/default.yaml"]
        if isinstance(pack_data, dict):  # a changed pack names the overlay that changed it
            data["rules/default.yaml"] = {**pack_data, "id": content_id, "version": version}
        pack = pack_from_data(data["rules/default.yaml"], "rules/default.yaml")
    scales = dict(base.scales)
    for name in sorted(n for n in touched if n.startswith("instruments/scales/")):
        scale = scale_from_data(data[name], name)
        scales[scale.id] = scale
    catalogue = base.catalogue
    if any(n.startswith("plan/") for n in touched):
        plan = {_KEYS[n]: data[f"plan/{n}.yaml"] for n in _PLAN}
        catalogue = catalogue_from_data(plan, ", ".join(f"plan/{n}.yaml" for n in _PLAN))
    settings = data[SETTINGS]
    fhir_data = settings.get("fhir", {}) if isinstance(settings, dict) else {}
    fhir = validate(FhirSettings, fhir_data, SETTINGS)
    problems = cross_file_problems(data, pack, scales, catalogue)
    if problems:
        raise DataFileError(problems[0][0], [p for _, p in problems])
    group = {name: data[name] for name in sorted(touched) if name.startswith("group/")}
    content = Content(
        id=content_id,
        version=version,
        pack=pack,
        facts=facts,
        scales=MappingProxyType(dict(sorted(scales.items()))),
        catalogue=catalogue,
        fhir=fhir,
        group_data=MappingProxyType(group),
        changes=changes,
        content_hash=_hash(data),
    )
    if group or "rules/default.yaml" in touched:
        _check_group(content)
    return content


def _check_group(content: Content) -> None:
    """Read every group table on `content`: each checks the questions, facts and needs it names
    against the others and the rule pack, so a change in one file is checked against the rest."""
    from careplanner import group  # the group work's tables: only when an overlay reaches them
    from careplanner.group._outcome import evaluation_spec

    try:
        with using(content):
            group.load_questionnaire()
            group.load_screening(pack=content.pack)  # read afresh, checked against this pack
            group.load_composition(pack=content.pack)
            group.load_activities(pack=content.pack)
            group.load_themes()
            group.load_recruitment()
            evaluation_spec()
    except DataFileError as exc:  # name the table as the overlay lays it out, and the pack
        source = exc.source if exc.source.startswith("group/") else f"group/{exc.source}"
        against = "checked against rules/default.yaml and the other group tables"
        raise DataFileError(
            source, [Problem(p.location, f"{p.message} ({against})") for p in exc.problems]
        ) from None


@cache
def _bundled_data(name: str) -> object:
    """A bundled file's parsed data, parsed once: shared, so never changed in place (`merge`
    and `scrub` build new containers along what they change)."""
    if name == SETTINGS:
        return _base_settings()
    return load_bundled(*_bundled_files()[name])


def _base_settings() -> dict[str, object]:
    return {"fhir": FhirSettings().model_dump(mode="json")}


def _hash(data: Mapping[str, object]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
