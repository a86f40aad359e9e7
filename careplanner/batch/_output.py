"""Write a batch's results and errors in input order, and count what it found."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import TracebackType

from pydantic import BaseModel, ConfigDict

from careplanner.batch._core import ChunkOutcome, Tally
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


class Output:
    """Result and error files, written chunk by chunk in input order; line numbers from 1."""

    def __init__(self, results: Path, errors: Path) -> None:
        self.lines = 0
        self.tally = Tally()
        self.kinds: Counter[str] = Counter()
        self.safety_signals = 0
        try:
            self._results = open(results, "wb")  # noqa: SIM115
            self._errors = open(errors, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise CareplannerError(f"{exc.filename}: cannot write ({exc.strerror})") from None

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._results.close()
        self._errors.close()

    def add(self, outcome: ChunkOutcome) -> None:
        """Write one chunk's results and errors; chunks must come in input order."""
        self._results.writelines(line + b"\n" for line in outcome.results)
        for position, error in outcome.errors:
            record: dict[str, object] = {
                "line": self.lines + position + 1,
                "error": error.kind,
                "message": error.message,
            }
            if error.problems:
                record["problems"] = list(error.problems)
            if error.safety_signal:
                record["safety_signal"] = True
                self.safety_signals += 1
            self._errors.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.kinds[error.kind] += 1
        self.lines += outcome.lines
        self.tally.merge(outcome.tally)

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
