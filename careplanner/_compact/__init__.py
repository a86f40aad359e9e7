"""The compact result: catalogue texts by template id, and their resolution back to words.

`result_json` writes a result in full or compact; `texts` lists the catalogue's templates by
id; `resolve_texts` turns a compact result back into the full result's data. docs/api.md
describes the format; ``careplanner schema compact-result`` gives its JSON Schema.
"""

from careplanner._compact._resolve import resolve_texts, texts
from careplanner._compact._write import (
    COMPACT_FORMAT,
    DETAILS,
    Detail,
    check_detail,
    compact_json,
    result_json,
)

__all__ = [
    "COMPACT_FORMAT",
    "DETAILS",
    "Detail",
    "check_detail",
    "compact_json",
    "resolve_texts",
    "result_json",
    "texts",
]
