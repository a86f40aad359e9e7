"""Record a delivered session or a plan adjustment in a case file, as the plan API allows.

The entry is checked twice before the file is touched: the case with the entry must validate
(every problem located, e.g. ``sessions[7].minutes``), and the plan the entry belongs to must
take it (`careplanner.plan.record_session`, `careplanner.plan.adjust_plan`: a stage the plan
does not have, a stage whose planned sessions are all recorded, a need already in the plan are
refused with the field and the allowed values). A YAML file gets the entry as text after the
list's last item, keeping its comments, key order and layout; a JSON file is written again
with its key order. Either is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from careplanner._append import entry_text, inserted, write_atomically
from careplanner._content._loader import decode, read_limited
from careplanner._delivery import owner
from careplanner._load import EXAMPLE_PREFIX, MAX_CASE_BYTES, case_from_data, parse_document
from careplanner.assess import AssessmentResult, assess
from careplanner.errors import CaseFileError
from careplanner.models import Case
from careplanner.plan import adjust_plan, record_session
from careplanner.plan._delivered import as_adjustment

Section = Literal["sessions", "adjustments"]


def add_to_case(path: Path, section: Section, entry: Mapping[str, object]) -> AssessmentResult:
    """Add a session or an adjustment to the case file at `path`; return the plan with it.

    Parameters
    ----------
    path : Path
        A YAML or JSON case file (not an example, not standard input).
    section : {"sessions", "adjustments"}
    entry : mapping
        The new entry as the case model writes it (dates as `datetime.date`).

    Returns
    -------
    AssessmentResult
        The assessment the entry belongs to, with the entry recorded on its plan.

    Raises
    ------
    CaseFileError
        The file cannot be read or written, or is not a file.
    CaseValidationError
        The case with the entry is not valid; the file is left unchanged.
    UnknownCodeError, PlanError
        The plan does not take the entry; the file is left unchanged.
    """
    name = str(path)
    if name == "-" or name.startswith(EXAMPLE_PREFIX):
        raise CaseFileError(name, "only a case file can be written; copy the case to a file")
    text = decode(read_limited(name, MAX_CASE_BYTES, CaseFileError), name, CaseFileError)
    before = case_from_data(parse_document(text, name), name)
    updated = _with_entry(text, section, entry, name)
    after = case_from_data(parse_document(updated, name), name)
    index = _check(before, after, section)
    write_atomically(path, updated)
    return assess(after, index)


def _with_entry(text: str, section: Section, entry: Mapping[str, object], name: str) -> str:
    if name.endswith(".json") or text.lstrip()[:1] == "{":
        data = json.loads(text)
        data[section] = [*data.get(section, []), dict(entry)]
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_date) + "\n"
    return inserted(text, section, entry_text(entry, block=True), name)


def _json_date(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _check(before: Case, after: Case, section: Section) -> int:
    """Refuse what the plan API refuses; return the assessment the new entry belongs to."""
    if section == "sessions":
        record = after.sessions[-1]
        index = owner(before, record.date)
        record_session(assess(before, index).plan, record)
        return index
    change = after.adjustments[-1]
    index = owner(before, change.date)
    adjust_plan(assess(before, index).plan, as_adjustment(change), on=change.date)
    return index
