"""Write a batch's results and errors in input order, resume a stopped one, count what it found.

Records are written one by one in input order: a result line is the result's JSON with the
input line number as its first key (``{"line": 7, ...}``), an error line is
``{"line": 8, "error": kind, "message": ...}``. The error file is flushed after every record,
and the results file before every error record, so at any moment -- a kill included -- the
files hold every record up to the last complete line of either file. `Output` with
``resume=True`` trusts exactly that: it cuts a partial last line, reads where the files end
and counts what they hold, and the batch goes on from the next input line.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pydantic import BaseModel, ConfigDict

from careplanner.batch._core import ChunkOutcome, RecordError, Tally
from careplanner.errors import CareplannerError


class BatchSummary(BaseModel):
    """What a batch did: records read, assessed and refused, and what the assessed ones showed.

    Attributes
    ----------
    records : int
        Lines read; always ``ok + failed``.
    ok, failed : int
        Lines assessed, and lines written to the error file instead.
    errors : dict of str to int
        Refused lines by kind: ``empty``, ``too_large``, ``not_utf8``, ``not_json``,
        ``invalid_case``, ``evaluation_failed``, ``internal_error``.
    safety_signals : int
        Refused lines that still show a safety signal (their error records say
        ``"safety_signal": true``): look at these first.
    needs : dict of str to int
        Cases in which each need was flagged.
    severities : dict of str to int
        Flagged needs at each severity (a case with two high needs counts two).
    stages : dict of str to int
        Cases whose plan has each stage.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    records: int
    ok: int
    failed: int
    errors: dict[str, int]
    safety_signals: int = 0
    needs: dict[str, int]
    severities: dict[str, int]
    stages: dict[str, int]


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items()))


def check_paths(src: Path, out: Path, errors: Path) -> None:
    """Refuse an output that is the input or the other output: opening it would empty it."""
    named = {"input": src, "results": out, "errors": errors}
    seen: dict[str, str] = {}
    for role, path in named.items():
        key = _identity(path)
        if key in seen:
            raise CareplannerError(
                f"{path}: the {role} file is also the {seen[key]} file; give each its own path"
            )
        seen[key] = role


def _identity(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return str(path.resolve())
    return f"{status.st_dev}:{status.st_ino}"


class Output:
    """Result and error files, written record by record in input order; line numbers from 1.

    Parameters
    ----------
    results, errors : Path
        The two files.
    resume : bool
        Keep what the files hold (up to their last complete line) and append after it;
        `done` is then the last input line they cover.
    """

    def __init__(self, results: Path, errors: Path, *, resume: bool = False) -> None:
        self.lines = 0
        self.done = 0
        self.tally = Tally()
        self.kinds: Counter[str] = Counter()
        self.safety_signals = 0
        mode = "ab" if resume else "wb"
        try:
            if resume:
                self.done = max(self._recover_results(results), self._recover_errors(errors))
            self._results = open(results, mode)  # noqa: SIM115
            self._errors = open(errors, mode)  # noqa: SIM115
        except OSError as exc:
            raise CareplannerError(f"{exc.filename}: cannot write ({exc.strerror})") from None

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._results.close()
        self._errors.close()

    def skip(self, lines: int) -> None:
        """Count `lines` input lines that were not sent because the files already hold them."""
        self.lines += lines

    def add(self, outcome: ChunkOutcome) -> None:
        """Write one chunk's records in line order; chunks must come in input order.

        Records of lines the files already hold (`done`) are left out.
        """
        errors = dict(outcome.errors)
        results = dict(outcome.results)
        straddles = self.lines < self.done < self.lines + outcome.lines
        for position in sorted(results.keys() | errors.keys()):
            line = self.lines + position + 1
            if line <= self.done:
                continue
            if position in errors:
                self._error(line, errors[position])
            else:
                self._results.write(b'{"line":%d,' % line + results[position][1:] + b"\n")
                if straddles:  # the chunk's tally also counts records already in the file
                    self._count(json.loads(results[position]))
        if self.lines >= self.done:
            self.tally.merge(outcome.tally)
        self.lines += outcome.lines

    def _error(self, line: int, error: RecordError) -> None:
        record: dict[str, object] = {"line": line, "error": error.kind, "message": error.message}
        if error.problems:
            record["problems"] = list(error.problems)
        if error.safety_signal:
            record["safety_signal"] = True
            self.safety_signals += 1
        self._results.flush()  # every result before this error is on disk first
        self._errors.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
        self._errors.flush()
        self.kinds[error.kind] += 1

    def summary(self) -> BatchSummary:
        """The counts so far."""
        failed = sum(self.kinds.values())
        return BatchSummary(
            records=self.lines,
            ok=self.lines - failed,
            failed=failed,
            errors=_sorted(self.kinds),
            safety_signals=self.safety_signals,
            needs=_sorted(self.tally.needs),
            severities=_sorted(self.tally.severities),
            stages=_sorted(self.tally.stages),
        )

    def _recover_results(self, path: Path) -> int:
        last = 0
        try:
            for record in _complete_records(path):
                self._count(record)
                last = int(record["line"])
        except (KeyError, TypeError, ValueError):
            raise CareplannerError(_not_ours(path)) from None
        return last

    def _count(self, record: Any) -> None:
        """Count one result read back as JSON, as `Tally.add` counts results."""
        needs = {n["id"]: n["severity"] for n in record["findings"]["needs"]}
        self.tally.needs.update(needs.keys())
        self.tally.severities.update(needs.values())
        self.tally.stages.update({stage["id"] for stage in record["plan"]["stages"]})

    def _recover_errors(self, path: Path) -> int:
        last = 0
        try:
            for record in _complete_records(path):
                self.kinds[str(record["error"])] += 1
                self.safety_signals += bool(record.get("safety_signal"))
                last = int(record["line"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise CareplannerError(_not_ours(path)) from None
        return last


def _not_ours(path: Path) -> str:
    return f"{path}: not a file a batch wrote; cannot resume from it"


def _complete_records(path: Path) -> Iterator[Any]:
    """The records of a file this module wrote, after cutting a partial last line."""
    if not path.exists():
        return
    with open(path, "r+b") as stream:
        _cut_partial_line(stream)
        stream.seek(0)
        yield from map(json.loads, stream)


def _cut_partial_line(stream: IO[bytes]) -> None:
    size = stream.seek(0, os.SEEK_END)
    block = 64 * 1024
    end = size
    while end > 0:
        start = max(0, end - block)
        stream.seek(start)
        found = stream.read(end - start).rfind(b"\n")
        if found >= 0:
            stream.truncate(start + found + 1)
            return
        end = start
    stream.truncate(0)
