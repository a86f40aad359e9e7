"""Hand-made residents for the group tests: profiles, strategies and an independent objective.

`objective` restates the composition objective of docs/group.md from scratch, without the
package's bit sets or search, so that tests can check the package against it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from hypothesis import strategies as st

from careplanner.group import ResidentProfile
from careplanner.group._profile import NeedFlag

if TYPE_CHECKING:
    from careplanner.group._spec import CompositionSpec

GROUP_NEEDS = ("loneliness", "social_isolation", "depressive_symptoms", "digital_exclusion")
SAFETY_NEEDS = ("suicide_risk", "severe_depression", "abuse_or_neglect")
LANGUAGES = ("putonghua", "cantonese", "english")
TIMES = ("weekday_morning", "weekday_afternoon")
MOBILITY = ("independent", "walks_with_aid", "needs_escort", "housebound")
WILLING = ("yes", "maybe", "no")
RANK = {"low": 1, "moderate": 2, "high": 3}
#: Survey answers of a willing, independent resident who speaks Putonghua.
SURVEY = {
    "willing": "yes",
    "activities": [],
    "times": ["weekday_morning"],
    "mobility": "independent",
    "languages": ["putonghua"],
}


def profile(
    rid: str,
    *,
    needs: Sequence[str] = ("loneliness",),
    safety: Sequence[str] = (),
    languages: Sequence[str] = ("putonghua",),
    times: Sequence[str] = ("weekday_morning",),
    mobility: str = "independent",
    willing: str = "yes",
    informal: int = 2,
    lives_alone: bool = True,
    knows: Sequence[str] = (),
    community: str = "c1",
    severity: str = "moderate",
    facts: dict[str, Any] | None = None,
) -> ResidentProfile:
    """A resident profile as `profile_residents` would build it, without a case."""
    flags = [NeedFlag(id=n, severity="high", safety=True) for n in safety]
    flags += [NeedFlag(id=n, severity=severity, safety=False) for n in needs]  # type: ignore[arg-type]
    survey = {
        "willing": (willing,),
        "languages": tuple(languages),
        "times": tuple(times),
        "mobility": (mobility,),
        "activities": ("chatting",),
    }
    base: dict[str, Any] = {
        "profile.lives_alone": lives_alone,
        "net.informal_size": informal,
        "obs.severe_cognitive_impairment": False,
        "needs.safety": bool(safety),
        "needs.count": len(flags),
        **{f"need.{f.id}": RANK[f.severity] for f in flags},
    }
    for question, codes in (("willing", WILLING), ("mobility", MOBILITY)):
        chosen = survey[question][0]
        base |= {f"survey.{question}.{c}": c == chosen for c in codes}
    base |= {f"survey.languages.{c}": c in languages for c in LANGUAGES}
    base |= {f"survey.times.{c}": c in times for c in TIMES}
    return ResidentProfile(
        id=rid,
        community=community,
        language="zh-CN",
        facts={**base, **(facts or {})},
        needs=tuple(flags),
        survey=survey,
        knows=tuple(knows),
    )


@st.composite
def profiles(draw: st.DrawFn, min_size: int = 0, max_size: int = 12) -> list[ResidentProfile]:
    """Residents with random needs, answers and acquaintances (ids r0, r1, ...)."""
    n = draw(st.integers(min_size, max_size))
    ids = [f"r{i}" for i in range(n)]
    out = []
    for rid in ids:
        out.append(
            profile(
                rid,
                needs=draw(st.lists(st.sampled_from(GROUP_NEEDS), unique=True, max_size=3)),
                safety=draw(st.lists(st.sampled_from(SAFETY_NEEDS), unique=True, max_size=1)),
                languages=draw(
                    st.lists(st.sampled_from(LANGUAGES), unique=True, min_size=1, max_size=2)
                ),
                times=draw(st.lists(st.sampled_from(TIMES), unique=True, min_size=1, max_size=2)),
                mobility=draw(st.sampled_from(MOBILITY)),
                willing=draw(st.sampled_from(WILLING)),
                informal=draw(st.integers(0, 3)),
                lives_alone=draw(st.booleans()),
                knows=draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) if ids else (),
                community=draw(st.sampled_from(("c1", "c2"))),
                facts={"obs.severe_cognitive_impairment": draw(st.booleans())},
            )
        )
    return out


def objective(
    groups: Sequence[Sequence[ResidentProfile]],
    spec: CompositionSpec,
    group_needs: dict[str, set[str]],
) -> int:
    """The objective of docs/group.md, term by term, written out plainly."""
    k = len(groups)
    everyone = [p for g in groups for p in g]
    total = 0
    for term in spec.terms:
        if term.kind == "spread":
            fair = math.ceil(sum(term.when.matched(p.facts) is not None for p in everyone) / k)
        for g in groups:
            ids = {p.id for p in g}
            if term.kind == "shared_need":
                value = sum(
                    not any(group_needs[p.id] & group_needs[o.id] for o in g if o.id != p.id)
                    for p in g
                )
            elif term.kind == "common_option":
                counts = Counter(c for p in g for c in p.survey.get(term.question, ()))
                value = len(g) - max(counts.values(), default=0)
            elif term.kind == "spread":
                value = max(0, sum(term.when.matched(p.facts) is not None for p in g) - fair)
            else:
                value = sum(max(0, len(_knows(p, g) & ids) - term.allowed) for p in g)
            total += term.weight * value
    return total


def _knows(person: ResidentProfile, group: Sequence[ResidentProfile]) -> set[str]:
    """Who `person` knows in `group`, either side reporting the tie."""
    return {o.id for o in group if o.id in person.knows or person.id in o.knows} - {person.id}


def bundled(name: str) -> dict[str, Any]:
    """A fresh copy of a bundled group data file, as parsed YAML."""
    data = yaml.safe_load((resources.files("careplanner.group") / name).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def written(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    """`data` written as YAML to ``tmp_path / name``."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
