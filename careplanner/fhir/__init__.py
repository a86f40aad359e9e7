"""FHIR R4 both ways: assessments, re-assessments, scales and logic out; answers in.

`fhir_bundle` builds one assessment's needs, scores, plan and support network as a Bundle
(plain JSON data, no FHIR library needed at run time), as a ``collection`` file or a
``transaction`` a FHIR server stores; `fhir_reassessment` adds each goal's outcome and the
closure verdict; `fhir_questionnaires` and `fhir_responses` write the scales and a case's
answers; `import_responses` reads QuestionnaireResponses into a case; `fhir_knowledge` writes
the rule pack and stage catalogue as PlanDefinitions, ActivityDefinitions and a Library.
`fhir_settings` reads an organisation's base URL and identifiers. `check_bundle` checks a
bundle the way ``fhir.resources`` does not: references, code values (``codes.yaml``) and a
transaction's requests. See ``docs/fhir.md``.
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
