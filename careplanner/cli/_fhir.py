"""``careplanner fhir ...``: export, re-assessment, questionnaires, responses, import, logic.

``careplanner fhir CASE -o FILE`` (before subcommands existed) still works as
``careplanner fhir export CASE -o FILE`` and says on standard error that it is deprecated.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.core import Context
from typer.core import TyperGroup

from careplanner.cli._common import (
    AtOption,
    CaseArgument,
    ContentOption,
    FormatOption,
    IdentityOption,
    LangOption,
    OutPath,
    OutputFormat,
    app,
    emit,
    epilog,
    is_stdout,
    parse_at,
    print_json,
    read_case,
    run,
    speak,
)
from careplanner.errors import FhirExportError

if TYPE_CHECKING:
    from careplanner.fhir import FhirSettings
    from careplanner.models import AssessmentKind

_MAX_BYTES = 20 * 1024 * 1024


class _FhirGroup(TyperGroup):
    """Reads ``fhir CASE ...`` (no subcommand) as the deprecated ``fhir export CASE ...``."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            typer.echo(
                "careplanner: warning: 'careplanner fhir CASE' is deprecated; "
                "use 'careplanner fhir export CASE'",
                err=True,
            )
            args = ["export", *args]
        return super().parse_args(ctx, args)


fhir_app = typer.Typer(
    cls=_FhirGroup,
    help="FHIR R4: export a case, its questionnaires and logic; import answers.",
    epilog=epilog("fhir"),
    no_args_is_help=True,
)
app.add_typer(fhir_app, name="fhir")


class BundleKind(StrEnum):
    collection = "collection"
    transaction = "transaction"


BundleOption = Annotated[
    BundleKind,
    typer.Option("--bundle", help="collection (a file) or transaction (what a server stores)."),
]
SettingsOption = Annotated[
    Path | None,
    typer.Option("--settings", help="The organisation's settings file (a 'fhir' section)."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="Base URL of careplanner's codes; overrides --settings."),
]


def _write(out: Path, data: object, output: OutputFormat) -> None:
    emit(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


@fhir_app.command("export", epilog=epilog("fhir export"))
def export(
    case: CaseArgument,
    out: OutPath,
    at: AtOption = "latest",
    bundle: BundleOption = BundleKind.collection,
    show_identity: IdentityOption = False,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Export an assessment as a FHIR R4 Bundle (JSON), pseudonymised by default."""

    def body() -> None:
        from careplanner.assess import assess
        from careplanner.fhir import fhir_bundle, fhir_settings

        loaded, chosen = read_case(case, lang), fhir_settings(settings, base=base_url)
        result = assess(loaded, parse_at(at))
        data = fhir_bundle(
            loaded,
            result,
            pseudonymise=not show_identity,
            bundle=bundle.value,
            settings=chosen,
            lang=lang,
        )
        _write(out, data, output)

    run(body, content)


@fhir_app.command("reassessment", epilog=epilog("fhir reassessment"))
def reassessment(
    case: CaseArgument,
    out: OutPath,
    before: Annotated[str, typer.Option("--before", help="The assessment compared with.")] = (
        "intake"
    ),
    after: Annotated[str, typer.Option("--after", help="The later assessment.")] = "latest",
    bundle: BundleOption = BundleKind.collection,
    show_identity: IdentityOption = False,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    lang: LangOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Export a re-assessment: the intake's goals with their outcome, and the closure verdict."""

    def body() -> None:
        from careplanner.assess import reassess
        from careplanner.fhir import fhir_reassessment, fhir_settings

        loaded, chosen = read_case(case, lang), fhir_settings(settings, base=base_url)
        done = reassess(loaded, parse_at(before), parse_at(after))
        data = fhir_reassessment(
            loaded,
            done,
            bundle=bundle.value,
            pseudonymise=not show_identity,
            settings=chosen,
            lang=lang,
        )
        _write(out, data, output)

    run(body, content)


@fhir_app.command("questionnaires", epilog=epilog("fhir questionnaires"))
def questionnaires(
    out: OutPath,
    lang: LangOption = None,
    bundle: BundleOption = BundleKind.collection,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Write a FHIR Questionnaire for every bundled scale."""

    def body() -> None:
        from careplanner.fhir import fhir_questionnaires, fhir_settings

        speak(lang)
        chosen = fhir_settings(settings, base=base_url)
        data = fhir_questionnaires(bundle=bundle.value, lang=lang or "zh-CN", settings=chosen)
        _write(out, data, output)

    run(body, content)


@fhir_app.command("responses", epilog=epilog("fhir responses"))
def responses(
    case: CaseArgument,
    out: OutPath,
    at: AtOption = "latest",
    bundle: BundleOption = BundleKind.collection,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Write an assessment's scale answers as FHIR QuestionnaireResponses."""

    def body() -> None:
        from careplanner._load import load_case
        from careplanner.fhir import fhir_responses, fhir_settings

        chosen = fhir_settings(settings, base=base_url)
        data = fhir_responses(load_case(case), parse_at(at), bundle=bundle.value, settings=chosen)
        _write(out, data, output)

    run(body, content)


@fhir_app.command("logic", epilog=epilog("fhir logic"))
def logic(
    out: OutPath,
    bundle: BundleOption = BundleKind.collection,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Write the rule pack and stage catalogue as PlanDefinitions, ActivityDefinitions, Library."""

    def body() -> None:
        from careplanner.fhir import fhir_knowledge, fhir_settings

        chosen = fhir_settings(settings, base=base_url)
        _write(out, fhir_knowledge(bundle=bundle.value, settings=chosen), output)

    run(body, content)


@fhir_app.command("import", epilog=epilog("fhir import"))
def import_command(
    source: Annotated[Path, typer.Argument(help="A JSON Bundle or QuestionnaireResponse.")],
    out: OutPath,
    into: Annotated[
        str | None,
        typer.Option("--into", help="A case to add the answers to (file or example:ID)."),
    ] = None,
    age: Annotated[int | None, typer.Option("--age", help="Without --into: the age.")] = None,
    living: Annotated[
        str | None,
        typer.Option("--living-arrangement", help="Without --into: the living arrangement."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="Kind of each new assessment: intake, review, ...")
    ] = "review",
    worker: Annotated[
        str | None, typer.Option("--worker", help="Worker id where a response names none.")
    ] = None,
    settings: SettingsOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Read scale answers from QuestionnaireResponses into a case file (.json or .yaml)."""

    def body() -> None:
        import yaml

        from careplanner._load import load_case
        from careplanner.fhir import fhir_settings, import_responses
        from careplanner.fhir._files import read_mapping

        chosen: FhirSettings = fhir_settings(settings, base=base_url)
        client = {k: v for k, v in (("age", age), ("living_arrangement", living)) if v is not None}
        done = import_responses(
            read_mapping(source, "FHIR file", _MAX_BYTES),
            case=load_case(into) if into is not None else None,
            client=client,
            kind=_kind(kind),
            worker=worker,
            settings=chosen,
        )
        data = done.case.model_dump(mode="json", exclude_none=True)
        text = (
            json.dumps(data, ensure_ascii=False, indent=2)
            if out.suffix.lower() == ".json" or is_stdout(out)
            else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        )
        if is_stdout(out):
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
        _report(out, done.unmapped, output)

    run(body, content)


def _kind(text: str) -> AssessmentKind:
    kinds: tuple[AssessmentKind, ...] = ("intake", "review", "closure", "follow_up")
    for kind in kinds:
        if kind == text:
            return kind
    raise FhirExportError(f"'--kind' must be one of {list(kinds)}, got {text!r}")


def _report(out: Path, unmapped: tuple[str, ...], output: OutputFormat) -> None:
    if output is OutputFormat.json and not is_stdout(out):
        print_json({"output": str(out), "unmapped": list(unmapped)})
        return
    for problem in unmapped:
        typer.echo(f"careplanner: unmapped: {problem}", err=True)
    if not is_stdout(out):
        typer.echo(f"wrote {out} ({len(unmapped)} unmapped answers)", err=True)
