"""Whether a document careplanner must refuse still shows a safety signal.

A case that cannot be validated gets no result, so no safety box: its error then says "safety
signal present" (never which, nor any content), so that the worker looks at it first. The
signals are those of the safety floor (`careplanner.rules.SAFETY_FLOOR`), read as leniently as
the broken document allows: each assessment's observations, and its scales scored where they
can be, else the raw answers of the safety items.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from careplanner.errors import CareplannerError
from careplanner.facts import scale_facts
from careplanner.instruments import score
from careplanner.rules._floor import signals

#: A yes/no observation of the floor set to true, as JSON or YAML writes it.
_TEXT_SIGNAL = re.compile(
    rb"""["']?(?:suicidal_ideation|self_harm|abuse_reported|neglect_reported)["']?\s*:\s*"""
    rb"""(?:true|True|TRUE|yes|Yes|on)\b"""
)


def document_signal(data: object) -> bool:
    """Whether any assessment of a parsed, possibly invalid, case shows a floor signal.

    Examples
    --------
    >>> document_signal({"assessments": [{"observations": {"self_harm": True}, "date": 0}]})
    True
    >>> document_signal({"assessments": [{"scales": {"phq9": {"9": "0"}}}]})
    False
    """
    assessments = data.get("assessments") if isinstance(data, dict) else None
    if not isinstance(assessments, list):
        return False
    return any(signals(_raw_facts(a)) for a in assessments if isinstance(a, dict))


def text_signal(raw: bytes) -> bool:
    """Whether an unparseable document sets a floor observation to true (a text search)."""
    return _TEXT_SIGNAL.search(raw) is not None


def _raw_facts(assessment: Mapping[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    observed = assessment.get("observations")
    if isinstance(observed, dict):
        facts.update({f"obs.{key}": value for key, value in observed.items()})
    scales = assessment.get("scales")
    if isinstance(scales, dict):
        for scale_id, answers in scales.items():
            if isinstance(answers, dict):
                facts.update(_scale_facts(str(scale_id), answers))
    return facts


def _scale_facts(scale_id: str, answers: Mapping[Any, Any]) -> dict[str, Any]:
    responses = {str(item): value for item, value in answers.items()}
    try:
        return dict(scale_facts({scale_id: score(scale_id, responses, partial=True)}))
    except (CareplannerError, ValueError, TypeError, KeyError):
        pass
    item9 = responses.get("9") if scale_id == "phq9" else None
    if isinstance(item9, str) and item9.isascii() and item9.isdigit():  # not "²"
        item9 = int(item9)
    return {"phq9.item9": item9} if type(item9) is int else {}
