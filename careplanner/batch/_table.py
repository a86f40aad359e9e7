"""A caseload table from a batch's results: one row per client, to open in a spreadsheet.

The table is written from the results file once the batch is done, one line at a time, so its
memory does not grow with the caseload. It is CSV by the standard library's `csv` module, in
UTF-8 with a byte-order mark: without the mark spreadsheet programs read Chinese as another
encoding. Its columns are fixed by the rule pack and the scale catalogue, not by the cases, so
the tables of two batches line up:

- ``line``, ``client``, ``date``, ``kind``: the input line and the assessment it speaks of;
- ``safety``: ``yes`` when a safety need is flagged (it then leads the plan), else ``no``;
- ``needs``: how many needs are flagged;
- one column per need of the pack, holding its severity where it is flagged;
- per scale, its total and the band of the total (``<scale>`` and ``<scale> band``);
- ``first stages``: the ids of the plan's first three stages, in order.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from careplanner.errors import CareplannerError
from careplanner.instruments import load_scales
from careplanner.rules import default_pack

#: Stages named in the ``first stages`` column.
FIRST_STAGES = 3
_CASE_COLUMNS = ("line", "client", "date", "kind", "safety", "needs")


def table_header(needs: Sequence[str], scales: Sequence[str]) -> list[str]:
    """The column names of a table over `needs` and `scales`, in order.

    Examples
    --------
    >>> table_header(["loneliness"], ["ucla3"])[5:]
    ['needs', 'loneliness', 'ucla3', 'ucla3 band', 'first stages']
    """
    scale_columns = [column for s in scales for column in (s, f"{s} band")]
    return [*_CASE_COLUMNS, *needs, *scale_columns, "first stages"]


def table_row(result: dict[str, Any], needs: Sequence[str], scales: Sequence[str]) -> list[str]:
    """One client's row: `result` is a batch result line as parsed JSON."""
    flagged = {need["id"]: need for need in result["findings"]["needs"]}
    row = [
        str(result.get("line", "")),
        result["client"]["id"],
        result["assessment"]["date"],
        result["assessment"]["kind"],
        "yes" if any(need["safety"] for need in flagged.values()) else "no",
        str(len(flagged)),
    ]
    row += [flagged[need]["severity"] if need in flagged else "" for need in needs]
    for scale_id in scales:
        scale = result["scales"].get(scale_id)
        total = "" if scale is None or scale["total"] is None else str(scale["total"])
        band = (scale or {}).get("bands", {}).get("total")
        row += [total, band["band"] if band else ""]
    stages = [stage["id"] for stage in result["plan"]["stages"][:FIRST_STAGES]]
    return [*row, " > ".join(stages)]


def write_table(results: Path, table: Path) -> int:
    """Write the caseload table of a batch's results file; return the rows written.

    Raises
    ------
    CareplannerError
        The table cannot be written.
    """
    needs = list(default_pack().needs)
    scales = sorted(load_scales())
    try:
        with table.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table_header(needs, scales))
            rows = 0
            for result in _results(results):
                writer.writerow(table_row(result, needs, scales))
                rows += 1
    except OSError as exc:
        raise CareplannerError(f"cannot write the table {table} ({exc.strerror})") from None
    return rows


def _results(results: Path) -> Iterator[dict[str, Any]]:
    with results.open("rb") as lines:
        for line in lines:
            yield json.loads(line)
