"""fhir_settings: an organisation's base URL and identifiers, without editing installed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careplanner.fhir import FhirExportError, check_bundle, fhir_bundle, fhir_settings

from .fhir_cases import built, resources, text

ORG_BASE = "https://fhir.example-org.cn/careplanner"
SETTINGS = """\
careplanner_other_section: {kept: for other parts}
fhir:
  base: https://fhir.example-org.cn/careplanner
  client_system: https://records.example-org.cn/id/client
  organisation:
    system: https://records.example-org.cn/id/org
    value: SW-0042
    display: Example Social Work Service Centre
"""


def _export(settings_base: str | None = None, path: Path | None = None) -> dict[str, object]:
    case, result, _ = built("living-alone-crisis")
    return fhir_bundle(case, result, settings=fhir_settings(path, base=settings_base))


def test_fhir_settings_default_is_the_bundled_placeholder() -> None:
    assert fhir_settings().base == "https://careplanner.example/fhir"
    assert _export() == built("living-alone-crisis").bundle


def test_fhir_bundle_puts_every_local_system_and_id_under_the_given_base() -> None:
    bundle = _export(ORG_BASE)
    dumped = text(bundle)
    assert "careplanner.example" not in dumped
    assert f"{ORG_BASE}/CodeSystem/need" in dumped
    assert resources(bundle, "Patient")[0]["identifier"][0]["system"] == f"{ORG_BASE}/id/client"
    assert check_bundle(bundle, settings=fhir_settings(base=ORG_BASE)) == []


def test_fhir_bundle_entry_uuids_depend_on_the_base() -> None:
    default_urls = [e["fullUrl"] for e in built("living-alone-crisis").bundle["entry"]]
    org_urls = [e["fullUrl"] for e in _export(ORG_BASE)["entry"]]
    assert len(org_urls) == len(default_urls)
    assert not set(org_urls) & set(default_urls)


def test_check_bundle_refuses_local_codes_of_another_base() -> None:
    problems = check_bundle(_export(ORG_BASE))
    assert any(f"code system '{ORG_BASE}/CodeSystem/need'" in p for p in problems)


def test_fhir_settings_file_sets_base_client_system_and_organisation(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(SETTINGS, encoding="utf-8")
    bundle = _export(path=path)
    patient = resources(bundle, "Patient")[0]
    organisation = {
        "identifier": {"system": "https://records.example-org.cn/id/org", "value": "SW-0042"},
        "display": "Example Social Work Service Centre",
    }
    assert patient["identifier"][0]["system"] == "https://records.example-org.cn/id/client"
    assert patient["managingOrganization"] == organisation
    worker = resources(bundle, "Provenance")[0]["agent"][1]
    assert worker["onBehalfOf"] == organisation
    assert check_bundle(bundle, settings=fhir_settings(path)) == []


def test_fhir_settings_argument_overrides_the_files_base(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"fhir": {"base": ORG_BASE}}), encoding="utf-8")
    assert fhir_settings(path, base="https://other.example.org/fhir").base == (
        "https://other.example.org/fhir"
    )


@pytest.mark.parametrize(
    "base",
    [
        "careplanner.example/fhir",
        "ftp://careplanner.example/fhir",
        "https://careplanner.example/fhir/",
        "https://careplanner.example/fhir?x=1",
        "https://",
    ],
)
def test_fhir_settings_refuse_a_base_that_is_no_plain_url(base: str) -> None:
    with pytest.raises(FhirExportError, match=r"fhir\.base: must be an absolute http\(s\) URL"):
        fhir_settings(base=base)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("- a list\n", "must hold a mapping"),
        ("other: 1\n", "needs a 'fhir' section"),
        ("fhir: {base: https://a.example.org, colour: red}\n", "fhir.colour: Extra inputs"),
        ("fhir: {organisation: {system: https://a.example.org}}\n", "fhir.organisation.value"),
    ],
)
def test_fhir_settings_file_errors_name_the_setting(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FhirExportError) as info:
        fhir_settings(path)
    assert expected in str(info.value)


def test_fhir_settings_missing_file_is_a_careplanner_error(tmp_path: Path) -> None:
    with pytest.raises(FhirExportError, match=r"absent\.yaml: no such file"):
        fhir_settings(tmp_path / "absent.yaml")
