"""FHIR R4 export: one assessment's needs, scores, plan and support network as a Bundle.

`fhir_bundle` builds plain JSON data (no FHIR library needed at run time); `check_bundle`
checks a bundle the way ``fhir.resources`` does not: every reference resolves inside it and
every code value is one careplanner accepts (``codes.yaml``). See ``docs/fhir.md``.
"""

from careplanner.errors import FhirExportError
from careplanner.fhir._bundle import fhir_bundle
from careplanner.fhir._check import check_bundle
from careplanner.fhir._import import ResponseImport, import_responses
from careplanner.fhir._knowledge import fhir_knowledge
from careplanner.fhir._questionnaire import fhir_questionnaires, fhir_responses
from careplanner.fhir._reassessment import fhir_reassessment
from careplanner.fhir._settings import FhirSettings, OrganisationId, fhir_settings

__all__ = [
    "FhirExportError",
    "FhirSettings",
    "OrganisationId",
    "ResponseImport",
    "check_bundle",
    "fhir_bundle",
    "fhir_knowledge",
    "fhir_questionnaires",
    "fhir_reassessment",
    "fhir_responses",
    "fhir_settings",
    "import_responses",
]
