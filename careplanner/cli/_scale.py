"""Commands for many cases: synth (a synthetic population) and batch (assess a file of cases)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplanner.cli._common import (
    ContentOption,
    Detail,
    FormatOption,
    OutPath,
    OutputFormat,
    app,
    epilog,
    is_stdout,
    print_json,
    run,
    wrote,
)
from careplanner.errors import CareplannerError, UnknownCodeError

if TYPE_CHECKING:
    from careplanner.batch import BatchSummary


@app.command(epilog=epilog("synth"))
def synth(
    count: Annotated[int, typer.Argument(min=1, help="How many cases.")],
    out: OutPath,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same cases.")] = 0,
    cohort: Annotated[
        str | None, typer.Option("--cohort", help="Only one cohort of the population model.")
    ] = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
) -> None:
    """Write N synthetic cases as JSON Lines (prevalence sourced in docs/scale.md)."""

    def body() -> None:
        from careplanner.synth import generate_cases, write_jsonl

        cases = generate_cases(count, seed, cohort=cohort)
        if is_stdout(out):
            write_jsonl(cases, sys.stdout)
            return
        written = write_jsonl(cases, out)
        if output is OutputFormat.json:
            print_json({"output": str(out), "cases": written})
        else:
            typer.echo(f"wrote {written} cases to {out}", err=True)

    run(body, content)


@app.command(epilog=epilog("batch"))
def batch(
    src: Annotated[Path, typer.Argument(help="Cases as JSON Lines, one case a line.")],
    out: OutPath,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Refused lines go here; OUT with .errors.jsonl if not set (needed with -o -).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes to use.")] = 2,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", help="Run on Dask: 'local' for a local cluster, or a scheduler address."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Go on with a stopped batch: keep the output files, add the rest."
        ),
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table",
            help="Also write a caseload table here: CSV, one row per client (needs, severities,"
            " scores, bands, safety, first stages), UTF-8 with a BOM for spreadsheets.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.text,
    content: ContentOption = None,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            help="Each result line in full, or compact (catalogue texts by template id; "
            "'careplanner texts' lists them).",
        ),
    ] = Detail.full,
) -> None:
    """Assess every case of a JSON Lines file; results, refused lines and a summary."""

    def body() -> int:
        if resume and str(out) == "-":
            raise CareplannerError(
                "--resume continues the files a stopped batch wrote; standard output ('-o -')"
                " cannot be continued: give a file"
            )
        if not src.is_file():
            raise UnknownCodeError("input", str(src), ["an existing JSON Lines file"])
        if is_stdout(out) and errors is None:
            raise typer.BadParameter(
                "-o - needs --errors FILE for the refused lines", param_hint="'-o'"
            )
        refused = errors or out.with_suffix(".errors.jsonl")
        progress = output is OutputFormat.text and sys.stderr.isatty()
        if not is_stdout(out):
            summary = _run(src, out, refused, workers, dask, progress, resume, content, detail)
            _table(out, table)
        else:  # results to standard output once the batch is done; the summary to stderr
            with tempfile.TemporaryDirectory() as folder:
                results = Path(folder) / "results.jsonl"
                summary = _run(
                    src, results, refused, workers, dask, progress, False, content, detail
                )
                _table(results, table)
                with results.open("rb") as written:
                    shutil.copyfileobj(written, sys.stdout.buffer)
                sys.stdout.flush()
        _report(summary, out, refused, output)
        return 0 if summary.failed == 0 else 1

    run(body)


def _run(
    src: Path,
    out: Path,
    refused: Path,
    workers: int,
    dask: str | None,
    progress: bool,
    resume: bool = False,
    folder: Path | None = None,
    detail: Detail = Detail.full,
) -> BatchSummary:
    from careplanner import load_content
    from careplanner.batch import run_batch, run_batch_dask

    content = load_content(folder) if folder is not None else None
    if dask is None:
        return run_batch(
            src,
            out,
            refused,
            workers=workers,
            progress=progress,
            resume=resume,
            content=content,
            detail=detail.value,
        )
    scheduler = None if dask == "local" else dask
    return run_batch_dask(
        src,
        out,
        refused,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        resume=resume,
        content=content,
        detail=detail.value,
    )


def _table(results: Path, table: Path | None) -> None:
    if table is not None:
        from careplanner.batch import write_table

        write_table(results, table)


def _report(summary: BatchSummary, out: Path, refused: Path, output: OutputFormat) -> None:
    err = is_stdout(out)  # standard output carries the results
    if output is OutputFormat.json:
        typer.echo(summary.model_dump_json(indent=2), err=err)
        return
    if not err:
        wrote(out)
    lines = [f"{summary.records} records: {summary.ok} assessed, {summary.failed} refused"]
    if summary.failed:
        kinds = ", ".join(f"{kind} {n}" for kind, n in summary.errors.items())
        lines.append(f"refused lines ({kinds}) are in {refused}")
    if summary.safety_signals:
        lines.append(
            f"{summary.safety_signals} refused lines show a safety signal: "
            'see the records with "safety_signal": true first'
        )
    lines += [f"  need {need:<28} {n}" for need, n in summary.needs.items()]
    lines += [f"  stage {stage:<27} {n}" for stage, n in summary.stages.items()]
    for line in lines:
        typer.echo(line, err=err)
