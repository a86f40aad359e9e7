"""What every resource builder shares: the case and result, stable ids, codings, bilingual text.

Entries are addressed by ``urn:uuid:`` URLs derived with `uuid.uuid5` from the client's
pseudonymous id and a key naming the resource (``patient``, ``contact/<id>``,
``assessment/<index>/need/<id>``, ...), so the same case and result give the same bundle.

A text is written in the client's language; where the element is a string or code, the other
language rides along in the R4 ``translation`` extension
(http://hl7.org/fhir/StructureDefinition/translation, lang + content).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from careplanner._content._vocab import LANGUAGES
from careplanner._plural import plural
from careplanner.assess import AssessmentResult
from careplanner.fhir._settings import FhirSettings, active_settings
from careplanner.fhir._tables import CodeEntry, codes
from careplanner.models import Assessment, Case, Language

#: A FHIR JSON object as built here.
Json = dict[str, Any]
#: A text by language; one language may be missing (rule statements), never both.
Words = Mapping[Language, str]

#: Keys of resources that belong to the case, not to one assessment.
_CASE_KINDS = frozenset({"patient", "contact"})


@dataclass(frozen=True)
class Writer:
    """Writes resources in one language under one organisation's base URL."""

    settings: FhirSettings
    lang: Language

    def resource(self, resource_type: str, **elements: Any) -> Json:
        """A resource of `resource_type` in the writer's language."""
        return {"resourceType": resource_type, "language": self.lang, **elements}

    def text(self, target: Json, field: str, words: Words) -> Json:
        """Set `field` of `target` to `words` in the writer's language, with a translation."""
        first = words.get(self.lang)
        other = next((lang for lang in LANGUAGES if lang != self.lang), self.lang)
        if first is None:
            first, other = words[other], self.lang
        target[field] = first
        if words.get(other) and words[other] != first:
            target[f"_{field}"] = {"extension": [_translation(other, words[other])]}
        return target

    def concept(self, codings: list[Json], words: Words | None = None) -> Json:
        """A CodeableConcept of `codings`, with `words` as its text."""
        concept: Json = {"coding": codings} if codings else {}
        return self.text(concept, "text", words) if words else concept

    def local(self, system: str, code: str, words: Words) -> Json:
        """A coding of careplanner's code system `system`, displayed in both languages."""
        return self.text({"system": self.settings.local(system), "code": code}, "display", words)

    def identifier(self, system: str, value: str) -> Json:
        """An identifier of careplanner's identifier system `system`."""
        return {"system": self.settings.identifier(system), "value": value}


@dataclass(frozen=True)
class Context(Writer):
    """One export: the case, the result of one of its assessments, and the identity switch.

    Build it with `context`, which writes in the client's language.
    """

    case: Case
    result: AssessmentResult
    pseudonymise: bool

    @property
    def assessment(self) -> Assessment:
        """The assessment the result speaks of."""
        return self.case.assessments[self.result.assessment.index]

    @property
    def date(self) -> str:
        """The assessment date, ``YYYY-MM-DD``."""
        return self.result.assessment.date.isoformat()

    def url(self, kind: str, *parts: str) -> str:
        """The ``urn:uuid:`` of the resource `kind` `parts` (e.g. ``url("need", "loneliness")``)."""
        key = "/".join((kind, *parts))
        if kind not in _CASE_KINDS:
            key = f"assessment/{self.result.assessment.index}/{key}"
        return stable_url(self.settings, f"{self.case.client.id}:{key}")

    def ref(self, kind: str, *parts: str) -> Json:
        """A reference to the resource `kind` `parts`."""
        return {"reference": self.url(kind, *parts)}


def context(
    case: Case,
    result: AssessmentResult,
    pseudonymise: bool,
    settings: FhirSettings | None,
    lang: Language | None = None,
) -> Context:
    """The context of one export, in `lang` (the client's language when None)."""
    chosen = settings or active_settings()
    return Context(chosen, lang or case.client.language, case, result, pseudonymise)


def stable_url(settings: FhirSettings, key: str) -> str:
    """The ``urn:uuid:`` of `key`: a UUID 5 in a namespace derived from the base URL."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, settings.base)
    return f"urn:uuid:{uuid.uuid5(namespace, key)}"


def coding(entry: CodeEntry) -> Json:
    """The coding of a code-table entry (a standard code: its display is not translated)."""
    out: Json = {"system": codes().systems[entry.system], "code": entry.code}
    if entry.display:
        out["display"] = entry.display
    return out


def fill(template: Mapping[Language, str], **fields: object) -> dict[Language, str]:
    """Fill a bilingual template; a field given as words is picked in each language."""
    return {
        lang: plural(text, fields).format(**{k: _pick(v, lang) for k, v in fields.items()})
        for lang, text in template.items()
    }


def _pick(value: object, lang: Language) -> object:
    if isinstance(value, Mapping):
        return value.get(lang) or next(iter(value.values()))
    return value


def _translation(lang: Language, content: str) -> Json:
    return {
        "url": codes().extensions["translation"],
        "extension": [
            {"url": "lang", "valueCode": lang},
            {"url": "content", "valueString": content},
        ],
    }
